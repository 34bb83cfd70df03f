"""palette_session_timeout end to end through its main(): the wiring of a setting without secrets
or validation. The engine's rules are tested in module_utils."""

from __future__ import annotations

import pytest

from ansible_collections.palette.selfhosted.plugins.module_utils._settings.session_timeout import SESSION_TIMEOUT
from ansible_collections.palette.selfhosted.plugins.modules import palette_session_timeout
from fake_palette import CONNECTION, LOGIN, fixture, get, put

DATA = fixture("session_timeout")
ARGS = {**CONNECTION, **DATA["params"]}
GET, PUT = get(SESSION_TIMEOUT), put(SESSION_TIMEOUT)


def serve(palette, stored, then=None):
    return palette.accepts_login().stores(SESSION_TIMEOUT, stored, then)


def test_a_change_is_written_once_and_read_back(palette, run_module):
    serve(palette, DATA["default_payload"], then=DATA["payload"])
    result = run_module(palette_session_timeout, ARGS, diff=True)
    assert result["changed"] is True
    assert result["session_timeout"] == DATA["public"]
    assert result["diff"] == {"before": {"expiry_minutes": 15}, "after": {"expiry_minutes": 120}}
    assert "validated" not in result
    assert palette.calls == [LOGIN, GET, PUT, GET]
    assert palette.sent("PUT", SESSION_TIMEOUT.path) == [DATA["payload"]]


def test_unchanged_only_reads(palette, run_module):
    serve(palette, DATA["payload"])
    assert run_module(palette_session_timeout, ARGS)["changed"] is False
    assert palette.calls == [LOGIN, GET]


def test_check_mode_never_writes(palette, run_module):
    serve(palette, DATA["default_payload"])
    result = run_module(palette_session_timeout, ARGS, check_mode=True)
    assert (result["changed"], result["session_timeout"]) == (True, DATA["public"])
    assert palette.calls == [LOGIN, GET]


def test_a_value_palette_did_not_keep_fails_naming_it(palette, run_module):
    serve(palette, DATA["default_payload"], then=DATA["default_payload"])
    result = run_module(palette_session_timeout, ARGS)
    assert result["failed"] is True
    assert result["msg"] == (
        "Palette saved the session timeout but did not keep expiry_minutes (sent 120, reads back 15)."
    )


@pytest.mark.parametrize(("expiry_minutes", "fragment"), [(14, "got 14"), (1441, "got 1441"), ("soon", "int")])
def test_out_of_range_fails_before_any_call(palette, run_module, expiry_minutes, fragment):
    result = run_module(palette_session_timeout, {**CONNECTION, "expiry_minutes": expiry_minutes})
    assert result["failed"] is True
    assert fragment in result["msg"]
    assert palette.calls == []
