"""palette_smtp_info end to end through its main()."""

from __future__ import annotations

import pytest

from ansible_collections.palette.selfhosted.plugins.module_utils._settings.smtp import SMTP
from ansible_collections.palette.selfhosted.plugins.modules import palette_smtp_info
from fake_palette import CONNECTION, CONSOLE_PASSWORD, LOGIN, TOKEN, fixture, get

DATA = fixture("smtp")
SMTP_PASSWORD = DATA["params"]["password"]
# The stored config as Palette returns it when it leaves the password out.
AUTHENTICATED = {key: value for key, value in DATA["payload"].items() if key != "password"}


def serve(palette, stored):
    palette.accepts_login().stores(SMTP, stored)


@pytest.mark.parametrize(
    ("password", "password_set"),
    [(SMTP_PASSWORD, True), ("********", True), (None, False)],
    ids=["plain", "masked", "absent"],
)
def test_authenticated(palette, run_module, password, password_set):
    serve(palette, {**AUTHENTICATED, "password": password} if password else AUTHENTICATED)
    result = run_module(palette_smtp_info, CONNECTION)
    assert result["changed"] is False
    assert result["configured"] is True
    assert result["anonymous"] is False
    assert result["password_set"] is password_set
    assert result["smtp"] == DATA["public"]
    for secret in (SMTP_PASSWORD, CONSOLE_PASSWORD, TOKEN):
        assert secret not in run_module.stdout


def test_never_configured(palette, run_module):
    serve(palette, {})
    result = run_module(palette_smtp_info, CONNECTION)
    assert (result["configured"], result["anonymous"], result["password_set"]) == (False, False, False)
    assert result["smtp"]["server"] is None


def test_anonymous(palette, run_module):
    serve(palette, DATA["anonymous_payload"])
    result = run_module(palette_smtp_info, CONNECTION)
    assert result["anonymous"] is True
    assert result["smtp"]["username"] is None


def test_only_reads_even_in_check_mode(palette, run_module):
    serve(palette, AUTHENTICATED)
    run_module(palette_smtp_info, CONNECTION, check_mode=True)
    assert palette.calls == [LOGIN, get(SMTP)]


def test_api_error(palette, run_module):
    serve(palette, {})
    palette.answer("GET", SMTP.path, status=403, json={"code": "Forbidden", "message": "not a system admin"})
    result = run_module(palette_smtp_info, CONNECTION)
    assert result["failed"] is True
    assert "(403): not a system admin" in result["msg"]
    assert "Use a system admin account." in result["msg"]
    assert result["error"]["code"] == "Forbidden"


def test_bad_host_fails_before_any_call(palette, run_module):
    result = run_module(palette_smtp_info, {**CONNECTION, "host": "https://palette.example.com/api"})
    assert "without a path or query" in result["msg"]
    assert palette.calls == []
