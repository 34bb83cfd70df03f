"""The admin as a resource kind, driven directly (palette_system_admin's tests run it end to end):
its sign-in (the desired password, else the initial one, never more than two refused logins), the
password change, the email address, its checks and its section of the console document."""

from __future__ import annotations

import pytest

from ansible_collections.palette.selfhosted.plugins.module_utils import _system_admin, _transport
from ansible_collections.palette.selfhosted.plugins.module_utils._resource import Failed, Run, run_one
from ansible_collections.palette.selfhosted.plugins.module_utils._system_admin import SYSTEM_ADMIN
from ansible_collections.palette.selfhosted.plugins.module_utils._transport import PaletteClient
from fake_palette import (
    CHANGE_PASSWORD_PATH,
    CONSOLE_PASSWORD,
    EMAIL_PATH,
    INSTALL_PASSWORD,
    LOGIN,
    LOGIN_PATH,
    ME_PATH,
    TOKEN,
    me,
)

ME, CHANGE, EMAIL = f"GET {ME_PATH}", f"PATCH {CHANGE_PASSWORD_PATH}", f"PATCH {EMAIL_PATH}"
FIRST_RUN = {"initial_password": INSTALL_PASSWORD, "auth_password_refused": False, "email": None}


def a_run(palette, token=None, **options):
    """A run as the module makes it for the admin: not logged in (the kind signs in itself) unless
    given a token."""
    client = PaletteClient(palette.base_url, token=token, retries=0)
    return Run(client, username="admin", password=CONSOLE_PASSWORD, **options)


def logins(palette):
    return [body["password"] for body in palette.sent("POST", LOGIN_PATH)]


class TestSignIn:
    def test_the_desired_password_signs_in_with_one_login(self, palette):
        palette.has_admin(CONSOLE_PASSWORD)
        run = a_run(palette)
        plan = SYSTEM_ADMIN.plan(run, FIRST_RUN)
        assert palette.calls == [LOGIN, ME]
        assert logins(palette) == [CONSOLE_PASSWORD]
        assert run.client.token == TOKEN
        assert (plan.changed, plan.changes) == (False, ())
        assert plan.result == {
            "changed": False,
            "password_changed": False,
            "email_changed": False,
            "admin": {"username": "admin", "email": None, "email_verified": False},
        }
        assert SYSTEM_ADMIN.apply(run, plan) == plan.result
        assert palette.calls == [LOGIN, ME]

    def test_refused_then_the_initial_one_changes_the_password_and_proves_it(self, palette):
        palette.has_admin(INSTALL_PASSWORD)
        result = run_one(SYSTEM_ADMIN, a_run(palette, diff=True), FIRST_RUN)
        assert palette.calls == [LOGIN, LOGIN, ME, CHANGE, LOGIN]
        assert logins(palette) == [CONSOLE_PASSWORD, INSTALL_PASSWORD, CONSOLE_PASSWORD]
        assert palette.sent("PATCH", CHANGE_PASSWORD_PATH) == [
            {"currentPassword": INSTALL_PASSWORD, "newPassword": CONSOLE_PASSWORD}
        ]
        assert result == {
            "changed": True,
            "password_changed": True,
            "email_changed": False,
            "admin": {"username": "admin", "email": None, "email_verified": False},
            "diff": {
                "before": {"password": "(initial_password)", "email": None},
                "after": {"password": "(auth_password)", "email": None},
            },
        }

    def test_the_password_changes_in_plan_since_the_console_serves_nothing_else_before(self, palette):
        palette.has_admin(INSTALL_PASSWORD)
        plan = SYSTEM_ADMIN.plan(a_run(palette), FIRST_RUN)
        assert palette.calls == [LOGIN, LOGIN, ME, CHANGE, LOGIN]
        assert plan.changes == ("password",)
        assert plan.validatable is False

    def test_both_refused_fails_after_exactly_two_logins(self, palette):
        palette.has_admin("Some-Other-Password-1")
        with pytest.raises(_transport.PaletteApiError) as caught:
            SYSTEM_ADMIN.plan(a_run(palette), FIRST_RUN)
        assert palette.calls == [LOGIN, LOGIN]
        assert logins(palette) == [CONSOLE_PASSWORD, INSTALL_PASSWORD]
        assert str(caught.value) == (
            f"Palette at {palette.base_url} refused both auth_password and initial_password for admin; "
            "no further login was tried (five refused logins lock the account for 15 minutes)."
        )
        assert (caught.value.kind, caught.value.status) == (_transport.CREDENTIALS_REJECTED, 401)

    def test_check_mode_changes_nothing(self, palette):
        palette.has_admin(INSTALL_PASSWORD)
        params = {**FIRST_RUN, "email": "ops@example.com"}
        result = run_one(SYSTEM_ADMIN, a_run(palette, check_mode=True), params)
        assert palette.calls == [LOGIN, LOGIN, ME]
        assert palette.sent("PATCH", CHANGE_PASSWORD_PATH) == palette.sent("PATCH", EMAIL_PATH) == []
        assert (result["changed"], result["password_changed"], result["email_changed"]) == (True, True, True)
        assert result["admin"] == {"username": "admin", "email": "ops@example.com", "email_verified": False}


class TestEmail:
    PARAMS = {**FIRST_RUN, "email": "ops@example.com"}

    def test_a_new_address_is_set_and_read_back(self, palette):
        palette.has_admin(CONSOLE_PASSWORD, reads=(me("old@example.com", True), me("ops@example.com")))
        run = a_run(palette, diff=True)
        plan = SYSTEM_ADMIN.plan(run, self.PARAMS)
        assert (plan.changes, plan.state) == (("email",), "ops@example.com")
        result = SYSTEM_ADMIN.apply(run, plan)
        assert palette.calls == [LOGIN, ME, EMAIL, ME]
        assert palette.sent("PATCH", EMAIL_PATH) == [
            {"email": "ops@example.com", "password": CONSOLE_PASSWORD, "insecureVerify": False}
        ]
        assert result == {
            "changed": True,
            "password_changed": False,
            "email_changed": True,
            "admin": {"username": "admin", "email": "ops@example.com", "email_verified": False},
            "diff": {
                "before": {"password": "(auth_password)", "email": "old@example.com"},
                "after": {"password": "(auth_password)", "email": "ops@example.com"},
            },
        }
        assert plan.result["admin"]["email"] == "old@example.com", "apply leaves the plan as it was"

    def test_the_address_it_has_is_no_change(self, palette):
        palette.has_admin(CONSOLE_PASSWORD, reads=(me("ops@example.com", True),))
        result = run_one(SYSTEM_ADMIN, a_run(palette), self.PARAMS)
        assert (result["changed"], result["admin"]["email_verified"]) == (False, True)
        assert palette.calls == [LOGIN, ME]

    def test_an_address_palette_did_not_keep_fails_as_changed(self, palette):
        palette.has_admin(CONSOLE_PASSWORD, reads=(me("old@example.com"), me("old@example.com")))
        with pytest.raises(Failed) as caught:
            run_one(SYSTEM_ADMIN, a_run(palette), self.PARAMS)
        assert caught.value.sentence == (
            "Palette accepted the admin's new email address but reads back 'old@example.com'."
        )
        assert caught.value.result == {"changed": True}
        assert caught.value.error is None
        assert palette.calls == [LOGIN, ME, EMAIL, ME]


class TestDescribe:
    def test_the_admins_address(self, palette):
        palette.has_admin(CONSOLE_PASSWORD, reads=(me("ops@example.com", True),))
        assert SYSTEM_ADMIN.describe(a_run(palette, token=TOKEN)) == ({"email": "ops@example.com"}, ())
        assert palette.calls == [ME]

    def test_without_an_address_there_is_nothing_to_describe(self, palette):
        palette.has_admin(CONSOLE_PASSWORD)
        assert SYSTEM_ADMIN.describe(a_run(palette, token=TOKEN)) == (None, ())

    def test_palette_system_info_shows_the_signed_in_admin(self, palette):
        palette.has_admin(CONSOLE_PASSWORD, reads=(me("ops@example.com", True),))
        client = PaletteClient(palette.base_url, token=TOKEN, retries=0)
        assert _system_admin.describe(client) == {
            "username": "admin",
            "email": "ops@example.com",
            "email_verified": True,
        }


PARAMS = {
    "auth_password": CONSOLE_PASSWORD,
    "auth_token": None,
    "initial_password": None,
    "auth_password_refused": False,
    "email": None,
}


@pytest.mark.parametrize(
    ("given", "problems"),
    [
        ({}, []),
        ({"initial_password": INSTALL_PASSWORD, "email": "ops@example.com"}, []),
        (
            {"email": "ops.example.com"},
            ["email 'ops.example.com' is not an email address (expected name@domain)."],
        ),
        (
            {"auth_password": None},
            ["palette_system_admin needs auth_password: the password the admin is to have."],
        ),
        (
            {"initial_password": CONSOLE_PASSWORD},
            ["initial_password must differ from auth_password, the password the admin is to have."],
        ),
        (
            {"initial_password": INSTALL_PASSWORD, "auth_token": TOKEN},
            ["initial_password needs a login with it, not auth_token: leave out auth_token."],
        ),
        (
            {"auth_password_refused": True},
            ["auth_password_refused needs initial_password, the password to log in with instead."],
        ),
        (
            {"auth_password": "", "auth_password_refused": True},
            [
                "palette_system_admin needs auth_password: the password the admin is to have.",
                "auth_password_refused needs initial_password, the password to log in with instead.",
            ],
        ),
    ],
    ids=[
        "fine",
        "fine with both",
        "email",
        "no auth_password",
        "the same password",
        "a token",
        "refused without initial",
        "every problem",
    ],
)
def test_check(given, problems):
    assert SYSTEM_ADMIN.check({**PARAMS, **given}) == problems


def test_check_takes_a_section_without_the_connections_own_options():
    """In the console document a section has only the kind's options (auth_password comes from the
    connection): a missing one is no crash."""
    assert SYSTEM_ADMIN.check({"auth_password": CONSOLE_PASSWORD, "email": "ops@example.com"}) == []


def test_its_section_has_no_auth_password_refused():
    section = SYSTEM_ADMIN.section_spec()
    assert section["type"] == "dict"
    assert section["options"] == {"initial_password": {"type": "str", "no_log": True}, "email": {"type": "str"}}
    assert "auth_password_refused" in SYSTEM_ADMIN.argument_spec(), "the module keeps it"
