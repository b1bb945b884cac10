import pytest

from chainweb.core import checks
from chainweb.core.checks import CheckRegistry, Error, Info, Tags, Warning
from chainweb.test import override_settings


@pytest.fixture
def registry():
    return CheckRegistry()


def ids(messages):
    return [message.id for message in messages]


def make_check(*messages):
    def check(**kwargs):
        return list(messages)

    return check


def test_register_as_decorator_with_tags(registry):
    @registry.register(Tags.urls, "custom")
    def check(**kwargs):
        return [Warning("w", id="custom.W001")]

    assert registry.tag_exists("urls")
    assert registry.tag_exists("custom")
    assert not registry.tag_exists("templates")
    assert ids(registry.run_checks()) == ["custom.W001"]


def test_register_called_with_the_check(registry):
    check = make_check(Info("i", id="x.I001"))
    assert registry.register(check, "x") is check
    assert registry.tags_available() == {"x"}
    assert ids(registry.run_checks(tags=["x"])) == ["x.I001"]


def test_register_without_tags(registry):
    registry.register(make_check(Info("i", id="x.I001")))
    assert ids(registry.run_checks()) == ["x.I001"]
    assert ids(registry.run_checks(tags=["x"])) == []


def test_tags_select_checks(registry):
    registry.register(make_check(Info("a", id="a.I001")), "a")
    registry.register(make_check(Info("b", id="b.I001")), "b")
    registry.register(make_check(Info("ab", id="ab.I001")), "a", "b")
    assert ids(registry.run_checks(tags=["a"])) == ["a.I001", "ab.I001"]
    assert ids(registry.run_checks(tags=["b"])) == ["b.I001", "ab.I001"]
    assert ids(registry.run_checks(tags=["a", "b"])) == ["a.I001", "b.I001", "ab.I001"]
    assert ids(registry.run_checks(tags=[])) == []


def test_deploy_checks_run_only_when_asked(registry):
    registry.register(make_check(Info("plain", id="p.I001")), "plain")
    registry.register(make_check(Warning("deploy", id="d.W001")), "deploy", deploy=True)
    assert ids(registry.run_checks()) == ["p.I001"]
    assert ids(registry.run_checks(include_deployment_checks=True)) == ["p.I001", "d.W001"]
    assert not registry.tag_exists("deploy")
    assert registry.tag_exists("deploy", include_deployment_checks=True)
    assert registry.tags_available() == {"plain"}
    assert registry.tags_available(deployment_checks=True) == {"plain", "deploy"}


def test_registering_twice_keeps_one_entry(registry):
    check = make_check(Info("i", id="x.I001"))
    registry.register(check, "x")
    registry.register(check, "x")
    assert ids(registry.run_checks()) == ["x.I001"]


def test_kwargs_are_passed_to_checks(registry):
    seen = {}

    @registry.register()
    def check(**kwargs):
        seen.update(kwargs)
        return []

    registry.run_checks(databases=None)
    assert seen == {"databases": None}


def test_silenced_messages_are_left_out_and_kept_aside(registry):
    registry.register(make_check(Warning("w", id="x.W001"), Error("e", id="x.E002")), "x")
    with override_settings(SILENCED_SYSTEM_CHECKS=["x.W001"]):
        result = registry.run_checks()
    assert ids(result) == ["x.E002"]
    assert ids(result.silenced) == ["x.W001"]
    assert ids(registry.run_checks()) == ["x.W001", "x.E002"]
    assert registry.run_checks().silenced == []


def test_a_raising_check_is_reported_as_an_error(registry):
    @registry.register("x")
    def broken(**kwargs):
        raise ValueError("boom.")

    registry.register(make_check(Info("still runs", id="x.I002")), "x")
    first, second = registry.run_checks()
    assert first.id == "checks.E001"
    assert first.level == checks.ERROR
    assert first.obj.endswith("test_a_raising_check_is_reported_as_an_error.<locals>.broken")
    assert first.msg == "The check raised ValueError: boom."
    assert "Fix the check (or the setting it tripped over)" in first.hint
    assert "broken" in str(first)
    assert second.id == "x.I002"


@pytest.mark.parametrize(
    "returned", [None, "text", [Info("i"), "not a message"]], ids=["None", "str", "mixed"]
)
def test_a_check_returning_something_else_is_reported(registry, returned):
    registry.register(lambda **kwargs: returned, "x")
    [message] = registry.run_checks()
    assert message.id == "checks.E002"
    assert message.msg == f"The check returned {returned!r}, not a list of CheckMessage."
    assert "Make the check return a list of chainweb.core.checks messages" in message.hint


def test_tags_must_be_strings(registry):
    with pytest.raises(TypeError, match=r"Check tags must be strings, not int \(1\)\. Pass"):
        registry.register(1)


def test_module_level_api_is_the_default_registry():
    assert checks.register == checks.registry.register
    assert checks.run_checks == checks.registry.run_checks
    assert checks.tag_exists("urls")
    assert checks.tag_exists("middleware")
    assert checks.tag_exists("templates")
    assert not checks.tag_exists("security")
    assert checks.tag_exists("security", include_deployment_checks=True)


def test_tag_constants():
    assert (Tags.urls, Tags.templates, Tags.security, Tags.middleware) == (
        "urls",
        "templates",
        "security",
        "middleware",
    )
    assert (Tags.sessions, Tags.csrf, Tags.staticfiles) == ("sessions", "csrf", "staticfiles")


def test_default_settings_have_no_issues():
    assert checks.run_checks() == []
