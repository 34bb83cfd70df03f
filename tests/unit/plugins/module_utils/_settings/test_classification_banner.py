"""What only the classification banner has: one JSON document that Palette carries as a string,
sent compact with sorted keys and compared as data, so that key order and spacing never make a change."""

from __future__ import annotations

import json

import pytest

from ansible_collections.palette.selfhosted.plugins.module_utils._settings.classification_banner import (
    CLASSIFICATION_BANNER,
)
from fake_palette import fixture

DATA = fixture("classification_banner")
PARAMS = DATA["params"]
DOCUMENT = PARAMS["config"]
(CONFIG,) = CLASSIFICATION_BANNER.fields
DESIRED = CLASSIFICATION_BANNER.desired(PARAMS)
CLEARED = CLASSIFICATION_BANNER.desired({"config": {}})


def changes(desired, payload):
    """The options a run would write, for a desired config and what GET answers."""
    return CLASSIFICATION_BANNER.changes(desired, CLASSIFICATION_BANNER.stored(payload), {})


def test_one_required_json_field_and_no_validate_call():
    assert (CONFIG.option, CONFIG.api, CONFIG.type, CONFIG.option_type) == ("config", "config", "json", "dict")
    assert CONFIG.required is True
    assert CONFIG.secret is False
    assert CONFIG.compared is True
    assert CLASSIFICATION_BANNER.validate_path is None


class TestCheck:
    """Palette does not document the document's keys, so the banner has no check of its own: any
    dictionary is taken (a value that is not one is refused by the option's type)."""

    @pytest.mark.parametrize(
        "config",
        [DOCUMENT, {}, {"enabled": False}, {"nested": {"list": [1, "two", None]}, "text": "SECRET//NOFORN"}],
        ids=["the fixture", "empty", "disabled", "any keys"],
    )
    def test_accepted(self, config):
        assert CLASSIFICATION_BANNER.check({"config": config}) == []


class TestToApi:
    def test_the_document_goes_as_a_compact_string_with_sorted_keys(self):
        assert CLASSIFICATION_BANNER.to_api(DESIRED) == DATA["payload"]
        assert CONFIG.to_api(DOCUMENT) == DATA["payload"]["config"]

    def test_the_order_the_task_gives_the_keys_in_does_not_change_what_is_sent(self):
        reordered = dict(reversed(list(DOCUMENT.items())))
        assert list(reordered) != list(DOCUMENT)
        assert CONFIG.to_api(reordered) == CONFIG.to_api(DOCUMENT)

    def test_nested_objects_are_sorted_too_and_lists_keep_their_order(self):
        sent = CONFIG.to_api({"z": [3, 1, 2], "a": {"y": True, "x": None}})
        assert sent == '{"a":{"x":null,"y":true},"z":[3,1,2]}'
        assert json.loads(sent) == {"z": [3, 1, 2], "a": {"y": True, "x": None}}

    def test_an_empty_document_clears_the_stored_one(self):
        assert CLEARED == {"config": None}
        assert CLASSIFICATION_BANNER.to_api(CLEARED) == {"config": ""}


class TestFromApi:
    @pytest.mark.parametrize("stored", ["payload", "stored_as_palette_formats_it"])
    def test_the_stored_string_reads_as_the_document(self, stored):
        assert CONFIG.from_api(DATA[stored]) == DATA["public"]["config"]
        assert CLASSIFICATION_BANNER.stored(DATA[stored]).values == DATA["public"]

    def test_sent_and_read_back_is_the_same_document(self):
        assert CLASSIFICATION_BANNER.stored(CLASSIFICATION_BANNER.to_api(DESIRED)).values == DESIRED

    @pytest.mark.parametrize("text", ["", "   ", "{}", " { }\n"])
    def test_an_empty_string_or_object_is_unset(self, text):
        assert CLASSIFICATION_BANNER.stored({"config": text}).values == {"config": None}

    def test_never_configured(self):
        stored = CLASSIFICATION_BANNER.stored(DATA["default_payload"])
        assert stored.values == {"config": None}
        assert CLASSIFICATION_BANNER.is_configured(stored) is False
        assert CLASSIFICATION_BANNER.is_configured(CLASSIFICATION_BANNER.stored(DATA["payload"])) is True


class TestComparedAsData:
    @pytest.mark.parametrize(
        "text",
        [
            DATA["payload"]["config"],
            DATA["stored_as_palette_formats_it"]["config"],
            json.dumps(dict(reversed(list(DOCUMENT.items()))), indent=4),
            "\t" + json.dumps(DOCUMENT, separators=(" ,\n", " :  ")) + "\n",
        ],
        ids=["as sent", "as Palette formats it", "other key order", "other spacing"],
    )
    def test_key_order_and_spacing_never_make_a_change(self, text):
        assert changes(DESIRED, {"config": text}) == ()

    def test_a_nested_object_in_another_order_is_no_change(self):
        desired = CLASSIFICATION_BANNER.desired({"config": {"a": {"x": 1, "y": [1, 2]}, "b": "c"}})
        assert changes(desired, {"config": '{"b": "c", "a": {"y": [1, 2], "x": 1}}'}) == ()

    @pytest.mark.parametrize(
        "document",
        [
            {**DOCUMENT, "text": "SECRET"},
            {**DOCUMENT, "enabled": False},
            {key: value for key, value in DOCUMENT.items() if key != "textColor"},
            {**DOCUMENT, "fontSize": 12},
        ],
        ids=["a value", "a false value", "a key fewer", "a key more"],
    )
    def test_a_different_document_is_a_change(self, document):
        assert changes(CLASSIFICATION_BANNER.desired({"config": document}), DATA["payload"]) == ("config",)

    def test_a_list_in_another_order_is_a_change(self):
        desired = CLASSIFICATION_BANNER.desired({"config": {"lines": [1, 2]}})
        assert changes(desired, {"config": '{"lines": [2, 1]}'}) == ("config",)

    def test_a_document_where_none_is_stored_is_a_change(self):
        assert changes(DESIRED, DATA["default_payload"]) == ("config",)

    def test_clearing_a_stored_document_is_a_change_and_clearing_none_is_not(self):
        assert changes(CLEARED, DATA["payload"]) == ("config",)
        assert changes(CLEARED, DATA["default_payload"]) == ()
        assert changes(CLEARED, {"config": "{}"}) == ()


@pytest.mark.parametrize(
    "text",
    ["UNCLASSIFIED", "[1, 2]", "[]", '"UNCLASSIFIED"', "42", "true", "null", "{oops", DATA["payload"]["config"][:-1]],
    ids=["a word", "a list", "an empty list", "a JSON string", "a number", "true", "null", "broken", "cut short"],
)
class TestAStoredStringThatIsNoObject:
    def test_is_kept_as_it_is(self, text):
        assert CLASSIFICATION_BANNER.stored({"config": text}).values == {"config": text}

    def test_differs_from_any_desired_document(self, text):
        assert changes(DESIRED, {"config": text}) == ("config",)
        assert changes(CLASSIFICATION_BANNER.desired({"config": {"text": text}}), {"config": text}) == ("config",)

    def test_is_replaced_when_the_task_clears_the_document(self, text):
        assert changes(CLEARED, {"config": text}) == ("config",)
