import pytest

from chainweb.core.checks import (
    CRITICAL,
    DEBUG,
    ERROR,
    INFO,
    WARNING,
    CheckMessage,
    Critical,
    Debug,
    Error,
    Info,
    Warning,
)


@pytest.mark.parametrize(
    ("cls", "level", "name"),
    [
        (Debug, DEBUG, "DEBUG"),
        (Info, INFO, "INFO"),
        (Warning, WARNING, "WARNING"),
        (Error, ERROR, "ERROR"),
        (Critical, CRITICAL, "CRITICAL"),
    ],
)
def test_levels(cls, level, name):
    message = cls("text", hint="fix", obj="thing", id="x.W001")
    assert message.level == level
    assert message.level_name == name
    assert message.is_serious() == (level >= ERROR)
    assert str(message) == "thing: (x.W001) text\n\tHINT: fix"


def test_equality_and_repr():
    assert Error("a", id="x.E001") == Error("a", id="x.E001")
    assert Error("a", id="x.E001") != Error("a", id="x.E002")
    assert Error("a") != "a"
    assert repr(Error("a", id="x.E001")) == (
        "<Error: level=40, msg='a', hint=None, obj=None, id='x.E001'>"
    )


def test_plain_message_and_custom_level():
    message = CheckMessage(35, "between")
    assert str(message) == "?: between"
    assert message.level_name == "35"
