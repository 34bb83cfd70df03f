"""palette_classification_banner end to end through its main(): a JSON document in a string,
compared as data. The engine's rules are tested in module_utils."""

from __future__ import annotations

from ansible_collections.palette.selfhosted.plugins.module_utils._settings.classification_banner import (
    CLASSIFICATION_BANNER,
)
from ansible_collections.palette.selfhosted.plugins.modules import palette_classification_banner
from fake_palette import CONNECTION, LOGIN, fixture, get, put

DATA = fixture("classification_banner")
ARGS = {**CONNECTION, **DATA["params"]}
GET, PUT = get(CLASSIFICATION_BANNER), put(CLASSIFICATION_BANNER)


def serve(palette, stored, then=None):
    return palette.accepts_login().stores(CLASSIFICATION_BANNER, stored, then)


def test_the_document_is_sent_as_a_string_and_read_back(palette, run_module):
    serve(palette, DATA["default_payload"], then=DATA["payload"])
    result = run_module(palette_classification_banner, ARGS, diff=True)
    assert result["changed"] is True
    assert result["classification_banner"] == DATA["public"]
    assert result["diff"] == {"before": {"config": None}, "after": DATA["public"]}
    assert palette.calls == [LOGIN, GET, PUT, GET]
    assert palette.sent("PUT", CLASSIFICATION_BANNER.path) == [DATA["payload"]]


def test_other_key_order_and_spacing_is_no_change(palette, run_module):
    serve(palette, DATA["stored_as_palette_formats_it"])
    result = run_module(palette_classification_banner, ARGS)
    assert result["changed"] is False
    assert result["classification_banner"] == DATA["public"]
    assert palette.calls == [LOGIN, GET]


def test_a_changed_value_is_written(palette, run_module):
    serve(palette, DATA["stored_as_palette_formats_it"], then=DATA["payload"])
    secret = {"config": {**DATA["params"]["config"], "text": "SECRET"}}
    result = run_module(palette_classification_banner, {**CONNECTION, **secret}, check_mode=True, diff=True)
    assert result["changed"] is True
    assert result["diff"]["before"] == DATA["public"]
    assert result["diff"]["after"] == secret
    assert palette.calls == [LOGIN, GET]


def test_an_empty_document_clears_the_stored_one(palette, run_module):
    serve(palette, DATA["payload"], then=DATA["default_payload"])
    assert run_module(palette_classification_banner, {**CONNECTION, "config": {}})["changed"] is True
    assert palette.sent("PUT", CLASSIFICATION_BANNER.path) == [{"config": ""}]


def test_a_config_that_is_no_dictionary_fails_before_any_call(palette, run_module):
    result = run_module(palette_classification_banner, {**CONNECTION, "config": "UNCLASSIFIED"})
    assert result["failed"] is True
    assert "config" in result["msg"]
    assert palette.calls == []
