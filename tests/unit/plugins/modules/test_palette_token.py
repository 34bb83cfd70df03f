"""palette_token through its main(): the module returns the token; its action plugin, which hides
the result, is proven by the playbook and job tests."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from ansible_collections.palette.selfhosted.plugins.module_utils._settings.session_timeout import SESSION_TIMEOUT
from ansible_collections.palette.selfhosted.plugins.modules import palette_token
from fake_palette import CONNECTION, CONSOLE_PASSWORD, LOGIN, LOGIN_PATH, TOKEN, get


def test_logs_in_once_and_returns_the_token_and_its_expiry(palette, run_module):
    palette.accepts_login().stores(SESSION_TIMEOUT, {"expiryTimeMinutes": 120})
    before = datetime.now(timezone.utc).replace(microsecond=0)
    result = run_module(palette_token, CONNECTION)
    after = datetime.now(timezone.utc)
    assert (result["changed"], result["token"], result["logged_in"], result["expiry_minutes"]) == (
        False,
        TOKEN,
        True,
        120,
    )
    assert (
        before + timedelta(minutes=120)
        <= datetime.fromisoformat(result["expires_at"])
        <= after + timedelta(minutes=120)
    )
    assert palette.calls == [LOGIN, get(SESSION_TIMEOUT)]
    assert CONSOLE_PASSWORD not in run_module.stdout


def test_check_mode_logs_in_too(palette, run_module):
    palette.accepts_login().stores(SESSION_TIMEOUT, {"expiryTimeMinutes": 15})
    assert run_module(palette_token, CONNECTION, check_mode=True)["token"] == TOKEN


@pytest.mark.parametrize("status", [403, 404])
def test_an_unreadable_expiry_is_unknown(palette, run_module, status):
    palette.accepts_login().stores(SESSION_TIMEOUT, {}).answer("GET", SESSION_TIMEOUT.path, status=status)
    result = run_module(palette_token, CONNECTION)
    assert (result["token"], result["expiry_minutes"], result["expires_at"]) == (TOKEN, None, None)


def test_a_given_token_is_returned_without_a_login(palette, run_module):
    result = run_module(palette_token, {"host": CONNECTION["host"], "auth_token": TOKEN})
    assert (result["token"], result["logged_in"], result["expires_at"]) == (TOKEN, False, None)
    assert palette.calls == []


@pytest.mark.parametrize(
    ("answer", "fragment"),
    [
        ({"IsPasswordReset": True}, "still needs its first password change"),
        ({"IsMfa": True}, "multi-factor authentication or passkeys"),
    ],
)
def test_a_login_palette_cannot_complete_fails_with_what_the_console_needs(palette, run_module, answer, fragment):
    palette.api.post(palette.url(LOGIN_PATH), json={"Authorization": TOKEN, **answer})
    result = run_module(palette_token, CONNECTION)
    assert result["failed"] is True
    assert fragment in result["msg"]
    assert TOKEN not in run_module.stdout
    assert palette.calls == [LOGIN]


def test_refused_credentials(palette, run_module):
    palette.api.post(palette.url(LOGIN_PATH), status=401, json={"code": "Unauthorized", "message": "Invalid"})
    result = run_module(palette_token, CONNECTION)
    assert "rejected the system console credentials (401)" in result["msg"]
    assert palette.calls == [LOGIN]
