"""Messages through the real handler, the same for every storage."""

from chainweb.messages import DEBUG, ERROR, INFO, SUCCESS, WARNING
from chainweb.test import override_settings


def texts(response):
    return [item["message"] for item in response.json()]


def test_message_survives_a_redirect(client):
    response = client.get("/add/", {"m": f"{SUCCESS}:Profile saved."})
    assert response.status_code == 302
    assert response.headers["Location"] == "/show/"
    assert client.get("/show/").json() == [
        {
            "message": "Profile saved.",
            "level": SUCCESS,
            "tags": "success",
            "level_tag": "success",
            "extra_tags": "",
        }
    ]


def test_follow_the_redirect(client):
    response = client.get("/add/", {"m": [f"{INFO}:one", f"{ERROR}:two"]}, follow=True)
    assert response.redirect_chain == [("/show/", 302)]
    assert texts(response) == ["one", "two"]


def test_messages_are_shown_once(client):
    client.get("/add/", {"m": f"{INFO}:once"})
    assert texts(client.get("/show/")) == ["once"]
    assert texts(client.get("/show/")) == []


def test_unread_messages_are_kept(client):
    client.get("/add/", {"m": f"{INFO}:kept"})
    assert client.get("/count/").text == "1"
    assert client.get("/count/").text == "1"
    assert texts(client.get("/show/")) == ["kept"]
    assert client.get("/count/").text == "0"


def test_messages_accumulate_until_read(client):
    client.get("/add/", {"m": f"{INFO}:first"})
    client.get("/add/", {"m": f"{INFO}:second"})
    assert texts(client.get("/show/")) == ["first", "second"]


def test_message_added_and_read_in_the_same_request_is_not_kept(client):
    assert texts(client.get("/add-and-show/")) == ["same request"]
    assert texts(client.get("/show/")) == []


def test_message_added_after_reading_is_kept_for_the_next_request(client):
    client.get("/add/", {"m": f"{INFO}:old"})
    assert texts(client.get("/read-then-add/")) == ["old"]
    assert texts(client.get("/show/")) == ["added after reading"]


def test_shortcuts_use_their_levels_and_debug_is_below_the_default_level(client):
    response = client.get("/shortcuts/", follow=True)
    assert [(item["message"], item["level"], item["tags"]) for item in response.json()] == [
        ("info", INFO, "info"),
        ("success", SUCCESS, "success"),
        ("warning", WARNING, "warning"),
        ("error", ERROR, "urgent error"),
    ]


def test_message_level_setting_filters(client):
    with override_settings(MESSAGE_LEVEL=DEBUG):
        response = client.get("/shortcuts/", follow=True)
    assert texts(response) == ["debug", "info", "success", "warning", "error"]
    with override_settings(MESSAGE_LEVEL=WARNING):
        response = client.get("/shortcuts/", follow=True)
    assert texts(response) == ["warning", "error"]


def test_set_level_changes_the_level_for_the_request(client):
    assert client.get("/set-level/", {"level": DEBUG}).json() == {"level": DEBUG}
    assert texts(client.get("/show/")) == ["debug after set_level", "info after set_level"]
    assert client.get("/set-level/", {"level": WARNING}).json() == {"level": WARNING}
    assert texts(client.get("/show/")) == []
    assert client.get("/set-level/", {"level": "default"}).json() == {"level": INFO}
    assert texts(client.get("/show/")) == ["info after set_level"]
    assert client.get("/level/").json() == {"level": INFO}


def test_message_tags_setting_overrides_and_adds_tags(client):
    with override_settings(MESSAGE_TAGS={ERROR: "danger", 35: "notice"}):
        client.get("/add/", {"m": [f"{ERROR}:bad", "35:custom level", f"{INFO}:plain"]})
        shown = client.get("/show/").json()
    assert [(item["level_tag"], item["tags"]) for item in shown] == [
        ("danger", "danger"),
        ("notice", "notice"),
        ("info", "info"),
    ]


def test_level_without_a_tag_has_an_empty_level_tag(client):
    client.get("/add/", {"m": ["35:no tag:extra"]})
    [item] = client.get("/show/").json()
    assert (item["level_tag"], item["tags"], item["extra_tags"]) == ("", "extra", "extra")


def test_extra_tags_come_before_the_level_tag(client):
    client.get("/add/", {"m": f"{WARNING}:careful:sticky bold"})
    [item] = client.get("/show/").json()
    assert item["extra_tags"] == "sticky bold"
    assert item["tags"] == "sticky bold warning"


def test_unicode_and_punctuation_survive(client):
    text = 'Gespeichert ✓ — "quotes", semi;colons, 中文'
    client.get("/add/", {"m": f"{INFO}:{text}"})
    assert texts(client.get("/show/")) == [text]


def test_context_processor(client):
    client.get("/add/", {"m": f"{INFO}:for the template"})
    data = client.get("/context/").json()
    assert [item["message"] for item in data["messages"]] == ["for the template"]
    assert data["levels"] == {
        "DEBUG": DEBUG,
        "INFO": INFO,
        "SUCCESS": SUCCESS,
        "WARNING": WARNING,
        "ERROR": ERROR,
    }
    assert texts(client.get("/show/")) == []
