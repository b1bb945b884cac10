import logging

import pytest

import chainweb
from chainweb.test import override_settings


@pytest.fixture
def restore_logging():
    logger = logging.getLogger("chainweb")
    saved = (logger.handlers[:], logger.level, logger.propagate)
    yield
    logger.handlers[:], logger.level, logger.propagate = saved


@pytest.mark.usefixtures("restore_logging")
@pytest.mark.parametrize(
    ("debug", "expected"),
    [
        pytest.param(False, ["ERROR chainweb.request: broken"], id="DEBUG off: errors only"),
        pytest.param(
            True,
            ["WARNING chainweb.request: not found", "ERROR chainweb.request: broken"],
            id="DEBUG on: warnings too",
        ),
    ],
)
def test_default_logging_sends_chainweb_records_to_stderr(capsys, debug, expected):
    with override_settings(DEBUG=debug):
        chainweb.setup()
        logger = logging.getLogger("chainweb.request")
        logger.warning("not found")
        logger.error("broken")
    lines = [line.split("] ", 1)[1] for line in capsys.readouterr().err.splitlines()]
    assert lines == expected


@pytest.mark.usefixtures("restore_logging")
def test_settings_logging_is_applied_on_top(capsys):
    custom = {
        "version": 1,
        "disable_existing_loggers": False,
        "loggers": {"chainweb.request": {"level": "CRITICAL"}},
    }
    with override_settings(LOGGING=custom):
        chainweb.setup()
        logging.getLogger("chainweb.request").error("hidden")
        logging.getLogger("chainweb.other").error("shown")
    err = capsys.readouterr().err
    assert "hidden" not in err
    assert "ERROR chainweb.other: shown" in err


@pytest.mark.usefixtures("restore_logging")
def test_logging_config_none_leaves_logging_alone():
    logger = logging.getLogger("chainweb")
    before = logger.handlers[:]
    with override_settings(LOGGING_CONFIG=None):
        chainweb.setup()
    assert logger.handlers == before
