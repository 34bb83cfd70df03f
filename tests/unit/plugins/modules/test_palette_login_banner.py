"""palette_login_banner end to end through its main(); the engine's rules are tested in module_utils."""

from __future__ import annotations

from ansible_collections.palette.selfhosted.plugins.module_utils._settings.login_banner import LOGIN_BANNER
from ansible_collections.palette.selfhosted.plugins.modules import palette_login_banner
from fake_palette import CONNECTION, LOGIN, fixture, get, put

DATA = fixture("login_banner")
ARGS = {**CONNECTION, **DATA["params"]}
GET, PUT = get(LOGIN_BANNER), put(LOGIN_BANNER)


def serve(palette, stored, then=None):
    return palette.accepts_login().stores(LOGIN_BANNER, stored, then)


def test_a_change_is_written_once_and_read_back(palette, run_module):
    serve(palette, DATA["default_payload"], then=DATA["payload"])
    result = run_module(palette_login_banner, ARGS, diff=True)
    assert result["changed"] is True
    assert result["login_banner"] == DATA["public"]
    assert result["diff"]["before"] == {"enabled": False, "title": None, "text": None}
    assert result["diff"]["after"] == DATA["public"]
    assert palette.calls == [LOGIN, GET, PUT, GET]
    assert palette.sent("PUT", LOGIN_BANNER.path) == [DATA["payload"]]


def test_unchanged_only_reads(palette, run_module):
    serve(palette, DATA["payload"])
    assert run_module(palette_login_banner, ARGS)["changed"] is False
    assert palette.calls == [LOGIN, GET]


def test_disabling_clears_the_text_left_out(palette, run_module):
    serve(palette, DATA["payload"], then=DATA["default_payload"])
    result = run_module(palette_login_banner, {**CONNECTION, "enabled": False})
    assert result["changed"] is True
    assert palette.sent("PUT", LOGIN_BANNER.path) == [DATA["default_payload"]]


def test_check_mode_never_writes(palette, run_module):
    serve(palette, DATA["default_payload"])
    result = run_module(palette_login_banner, ARGS, check_mode=True)
    assert (result["changed"], result["login_banner"]) == (True, DATA["public"])
    assert palette.calls == [LOGIN, GET]


def test_enabled_without_text_fails_before_any_call(palette, run_module):
    result = run_module(palette_login_banner, {**CONNECTION, "enabled": True, "title": "T"})
    assert result["failed"] is True
    assert result["msg"] == "Invalid options: text must not be empty when enabled is true."
    assert palette.calls == []
