"""palette_system_admin end to end through its main(): the first-login password change from the
install password, proven by a login; at most two refused logins; the admin's email address.
Logins are answered by password, as a console with one admin would."""

from __future__ import annotations

import pytest

from ansible_collections.palette.selfhosted.plugins.modules import palette_system_admin
from fake_palette import ADMIN_UID as UID
from fake_palette import CONNECTION, CONSOLE_PASSWORD, INSTALL_PASSWORD, LOGIN, LOGIN_PATH, TOKEN, me

ME = "GET /v1/system/users/me"
CHANGE = f"PATCH /v1/system/admins/{UID}/changePassword"
EMAIL = "PATCH /v1/system/admin/email"


@pytest.fixture
def console(palette):
    """console(password, reads=..., keeps_old_password=False): the fake's console with one admin
    (FakePalette.has_admin)."""
    return palette.has_admin


FIRST_RUN = {**CONNECTION, "initial_password": INSTALL_PASSWORD}


def test_the_install_password_is_changed_and_the_change_proven(console, run_module):
    palette = console(INSTALL_PASSWORD)
    result = run_module(palette_system_admin, FIRST_RUN, diff=True)
    assert (result["changed"], result["password_changed"], result["email_changed"]) == (True, True, False)
    assert palette.calls == [LOGIN, LOGIN, ME, CHANGE, LOGIN]
    assert palette.sent("PATCH", f"/v1/system/admins/{UID}/changePassword") == [
        {"currentPassword": INSTALL_PASSWORD, "newPassword": CONSOLE_PASSWORD}
    ]
    assert palette.sent("POST", LOGIN_PATH)[-1]["password"] == CONSOLE_PASSWORD
    assert CONSOLE_PASSWORD not in run_module.stdout


def test_a_change_that_did_not_take_fails_on_the_proof(console, run_module):
    palette = console(INSTALL_PASSWORD, keeps_old_password=True)
    result = run_module(palette_system_admin, FIRST_RUN)
    assert result["failed"] is True
    assert "rejected the system console credentials" in result["msg"]
    assert palette.calls == [LOGIN, LOGIN, ME, CHANGE, LOGIN]  # the second refused login, and the last


def test_a_console_on_the_desired_password_is_no_change(console, run_module):
    palette = console(CONSOLE_PASSWORD)
    result = run_module(palette_system_admin, FIRST_RUN)
    assert (result["changed"], result["password_changed"]) == (False, False)
    assert palette.calls == [LOGIN, ME]


def test_check_mode_finds_the_change_and_sends_none(console, run_module):
    palette = console(INSTALL_PASSWORD)
    result = run_module(palette_system_admin, FIRST_RUN, check_mode=True, diff=True)
    assert (result["changed"], result["password_changed"]) == (True, True)
    assert result["diff"]["before"]["password"] == "(initial_password)"
    assert result["diff"]["after"]["password"] == "(auth_password)"
    assert palette.calls == [LOGIN, LOGIN, ME]


def test_never_more_than_two_refused_logins(console, run_module):
    palette = console("Some-Other-Password-1")
    result = run_module(palette_system_admin, FIRST_RUN)
    assert result["failed"] is True
    assert "refused both auth_password and initial_password" in result["msg"]
    assert "no further login was tried" in result["msg"]
    assert palette.calls == [LOGIN, LOGIN]


def test_without_initial_password_one_refused_login_fails(console, run_module):
    palette = console(INSTALL_PASSWORD)
    result = run_module(palette_system_admin, CONNECTION)
    assert result["failed"] is True
    assert palette.calls == [LOGIN]


def test_the_install_password_as_auth_password_says_what_to_do(console, run_module):
    palette = console(INSTALL_PASSWORD)
    result = run_module(palette_system_admin, {**CONNECTION, "auth_password": INSTALL_PASSWORD})
    assert result["failed"] is True
    assert "IsPasswordReset" in result["msg"]
    # Ansible masks every "admin" here (the password given is "admin"), the module's name too.
    assert "the password the console has now as initial_password and the new one as auth_password" in result["msg"]
    assert palette.calls == [LOGIN]


def test_a_new_email_is_set_and_read_back(console, run_module):
    palette = console(CONSOLE_PASSWORD, reads=(me("old@example.com", True), me("ops@example.com")))
    result = run_module(palette_system_admin, {**CONNECTION, "email": "ops@example.com"}, diff=True)
    assert result["changed"] is True
    assert result["admin"] == {"username": "admin", "email": "ops@example.com", "email_verified": False}
    assert result["diff"] == {
        "before": {"password": "(auth_password)", "email": "old@example.com"},
        "after": {"password": "(auth_password)", "email": "ops@example.com"},
    }
    assert palette.calls == [LOGIN, ME, EMAIL, ME]
    sent = palette.sent("PATCH", "/v1/system/admin/email")
    assert sent == [{"email": "ops@example.com", "password": CONSOLE_PASSWORD, "insecureVerify": False}]
    assert CONSOLE_PASSWORD not in run_module.stdout


def test_an_email_palette_did_not_keep_fails(console, run_module):
    palette = console(CONSOLE_PASSWORD, reads=(me("old@example.com"), me("old@example.com")))
    result = run_module(palette_system_admin, {**CONNECTION, "email": "ops@example.com"})
    assert result["failed"] is True
    assert result["msg"] == "Palette accepted the admin's new email address but reads back 'old@example.com'."
    assert palette.calls == [LOGIN, ME, EMAIL, ME]


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        ({**CONNECTION, "email": "ops.example.com"}, "email 'ops.example.com' is not an email address"),
        ({**CONNECTION, "initial_password": CONNECTION["auth_password"]}, "initial_password must differ"),
        ({"host": CONNECTION["host"], "auth_token": TOKEN}, "palette_system_admin needs auth_password"),
        ({**FIRST_RUN, "auth_token": TOKEN}, "initial_password needs a login with it, not auth_token"),
        ({**CONNECTION, "auth_password_refused": True}, "auth_password_refused needs initial_password"),
    ],
)
def test_bad_input_fails_before_any_call(palette, run_module, args, problem):
    result = run_module(palette_system_admin, args)
    assert result["failed"] is True
    assert problem in result["msg"]
    assert palette.calls == []


def test_refused_before_it_goes_straight_to_the_initial_password(console, run_module):
    palette = console(INSTALL_PASSWORD)
    result = run_module(palette_system_admin, {**FIRST_RUN, "auth_password_refused": True})
    assert result["password_changed"] is True
    assert palette.calls == [LOGIN, ME, CHANGE, LOGIN]
    assert [body["password"] for body in palette.sent("POST", LOGIN_PATH)] == [INSTALL_PASSWORD, CONSOLE_PASSWORD]


def test_with_a_token_the_email_is_set_without_a_login(console, run_module):
    palette = console(CONSOLE_PASSWORD, reads=(me(), me("ops@example.com")))
    args = {**CONNECTION, "auth_token": TOKEN, "email": "ops@example.com"}
    result = run_module(palette_system_admin, args)
    assert (result["changed"], result["password_changed"]) == (True, False)
    assert palette.calls == [ME, EMAIL, ME]
