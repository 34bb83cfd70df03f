"""The console document (ConsoleDocument), driven directly on CONSOLE and on small documents of real
descriptors: its checks named section.option, one sign-in, every section planned against the console
as the sections before it leave it, every validation before the first write, writes in the console's
order, what a failure says was applied, check mode on a console still on its install password, and
describe() with its Vault placeholders; CachedReads."""

from __future__ import annotations

import pytest

from ansible_collections.palette.selfhosted.plugins.module_utils._document import (
    UNREAD_WARNING,
    CachedReads,
    ConsoleDocument,
)
from ansible_collections.palette.selfhosted.plugins.module_utils._engine import Field, Setting
from ansible_collections.palette.selfhosted.plugins.module_utils._resource import Failed, Run, run_one
from ansible_collections.palette.selfhosted.plugins.module_utils._settings.backup import BACKUP, BACKUP_FTP
from ansible_collections.palette.selfhosted.plugins.module_utils._settings.login_banner import LOGIN_BANNER
from ansible_collections.palette.selfhosted.plugins.module_utils._settings.registry import CONSOLE
from ansible_collections.palette.selfhosted.plugins.module_utils._settings.session_timeout import SESSION_TIMEOUT
from ansible_collections.palette.selfhosted.plugins.module_utils._settings.smtp import SMTP
from ansible_collections.palette.selfhosted.plugins.module_utils._settings.tenant import (
    NO_SMTP_WARNING,
    TENANT,
    TENANTS,
)
from ansible_collections.palette.selfhosted.plugins.module_utils._system_admin import SYSTEM_ADMIN
from ansible_collections.palette.selfhosted.plugins.module_utils._transport import PaletteApiError, PaletteClient
from fake_palette import (
    CHANGE_PASSWORD_PATH,
    CONNECTION,
    CONSOLE_PASSWORD,
    EMAIL_PATH,
    INSTALL_PASSWORD,
    LOGIN,
    LOGIN_PATH,
    ME_PATH,
    TOKEN,
    fixture,
    get,
    me,
    put,
    validate,
)

SMTP_DATA, TIMEOUT_DATA, BANNER_DATA = fixture("smtp"), fixture("session_timeout"), fixture("login_banner")
FTP_DATA, TENANT_DATA = fixture("backup_ftp"), fixture("tenant")
ME, CHANGE, EMAIL = f"GET {ME_PATH}", f"PATCH {CHANGE_PASSWORD_PATH}", f"PATCH {EMAIL_PATH}"
LIST_TENANTS = f"GET {TENANT.list_path}"
NEW_TIMEOUT = {"expiry_minutes": 60}
NEW_ADDRESS = "ops@example.com"
# The connection options as the module hands them over, beside the sections.
CONNECTION_OPTIONS = {**CONNECTION, "auth_token": None}
# A small document of real descriptors, in the console's order, without the admin.
SETTINGS_ONLY = ConsoleDocument((SMTP, SESSION_TIMEOUT, LOGIN_BANNER, TENANTS))
# The same with the admin, for describe().
SMALL = ConsoleDocument((SMTP, SYSTEM_ADMIN, SESSION_TIMEOUT, LOGIN_BANNER, TENANTS))


def section(kind, **given):
    """A dict section as AnsibleModule hands it over: every option, its default or None."""
    options = kind.section_spec()["options"]
    return {**{name: spec.get("default") for name, spec in options.items()}, **given}


def tenant(**given):
    """One item of the tenants section, every option filled in as AnsibleModule does."""
    options = TENANT.argument_spec()
    return {**{name: spec.get("default") for name, spec in options.items()}, **TENANT_DATA["params"], **given}


def admin(**given):
    return section(SYSTEM_ADMIN, **given)


def params(document=CONSOLE, **sections):
    """The document's module parameters: the connection, every section (None: left out), then the given ones."""
    return {**CONNECTION_OPTIONS, **{kind.name: None for kind in document.sections}, **sections}


def a_run(palette, check_mode=False, diff=False, token=None):
    """A run as palette_system_config makes it: not signed in (the document signs in itself)."""
    client = PaletteClient(palette.base_url, token=token, retries=0)
    return Run(client, check_mode, diff, "admin", CONSOLE_PASSWORD)


def explain(exc):
    return str(exc)


def logins(palette):
    return [body["password"] for body in palette.sent("POST", LOGIN_PATH)]


def writes(palette):
    return [call for call in palette.calls if not call.startswith("GET ") and call != LOGIN]


# A throwaway setting whose check records what it was given and says something naming no option.
SEEN = []
NOTE = Setting(
    name="note",
    title="note",
    path="/v1/system/note",
    fields=(Field("text", "text"),),
    check=lambda given: SEEN.append(dict(given)) or ["Give a text, or leave the section out."],
)


class TestCheck:
    def test_an_option_of_a_section_is_named_section_dot_option(self):
        smtp = section(SMTP, **{**SMTP_DATA["params"], "port": 70000})
        assert CONSOLE.check(params(smtp=smtp)) == ["smtp.port must be between 1 and 65535, got 70000."]

    def test_an_option_of_a_list_item_is_named_with_its_index(self):
        tenants = [tenant(name="good"), tenant(name="bad", admin_email="not-an-address")]
        assert CONSOLE.check(params(tenants=tenants)) == [
            "tenants[1].admin_email 'not-an-address' is not an email address (expected name@domain)."
        ]

    def test_a_sentence_about_the_whole_list_follows_its_name(self):
        tenants = [tenant(), tenant()]
        assert CONSOLE.check(params(tenants=tenants)) == [
            "tenants lists 'platform' more than once: give each tenant once."
        ]

    def test_a_sentence_that_names_no_option_comes_after_section_colon(self):
        document = ConsoleDocument((NOTE,))
        assert document.check(params(document, note={"text": None})) == ["note: Give a text, or leave the section out."]

    def test_sentences_of_several_sections_come_together_in_the_console_order(self):
        problems = CONSOLE.check(
            params(
                tenants=[tenant(org_email="nope")],
                session_timeout=section(SESSION_TIMEOUT, expiry_minutes=5),
                smtp=section(SMTP, **{**SMTP_DATA["params"], "port": 0}),
            )
        )
        assert [problem.split(" ", 1)[0] for problem in problems] == [
            "smtp.port",
            "session_timeout.expiry_minutes",
            "tenants[0].org_email",
        ]

    def test_a_left_out_section_is_not_checked(self):
        document = ConsoleDocument((NOTE, SESSION_TIMEOUT))
        SEEN.clear()
        assert document.check(params(document, session_timeout=section(SESSION_TIMEOUT, expiry_minutes=60))) == []
        assert SEEN == []

    def test_the_admin_section_is_checked_with_the_connection_options(self):
        # The admin's password is the connection's auth_password, which the section does not repeat.
        same = params(admin=admin(initial_password=CONSOLE_PASSWORD))
        assert CONSOLE.check(same) == [
            "admin.initial_password must differ from auth_password, the password the admin is to have."
        ]
        assert CONSOLE.check(params(admin=admin(initial_password=INSTALL_PASSWORD))) == []
        with_token = params(admin=admin(initial_password=INSTALL_PASSWORD), auth_token="a-token")
        assert CONSOLE.check(with_token) == [
            "admin.initial_password needs a login with it, not auth_token: leave out auth_token."
        ]

    def test_any_other_section_is_checked_with_its_own_options_only(self):
        document = ConsoleDocument((NOTE, SYSTEM_ADMIN))
        SEEN.clear()
        document.check(params(document, note={"text": "hello"}, admin=admin(initial_password=INSTALL_PASSWORD)))
        assert SEEN == [{"text": "hello"}]

    def test_warnings_name_their_section(self):
        smtp = section(SMTP, **SMTP_DATA["anonymous_params"])
        assert CONSOLE.warnings(params(smtp=smtp)) == [
            "smtp: The SMTP config is anonymous (no username and password). Anonymous SMTP introduces "
            "additional security risks; Palette recommends authenticated SMTP whenever possible."
        ]


class TestPlan:
    def test_a_left_out_section_is_neither_read_nor_written(self, palette):
        # Only the session timeout answers: a call about any other section would fail the test.
        palette.accepts_login().stores(SESSION_TIMEOUT, TIMEOUT_DATA["default_payload"], then=TIMEOUT_DATA["payload"])
        given = params(session_timeout=section(SESSION_TIMEOUT, **TIMEOUT_DATA["params"]))
        result = run_one(CONSOLE, a_run(palette), given)
        assert palette.calls == [LOGIN, get(SESSION_TIMEOUT), put(SESSION_TIMEOUT), get(SESSION_TIMEOUT)]
        assert result["changed_sections"] == ["session_timeout"]
        assert list(result["sections"]) == ["session_timeout"]

    def test_an_unchanged_document_is_one_login_then_one_read_per_section(self, palette):
        palette.accepts_login()
        palette.stores(SMTP, SMTP_DATA["payload"]).stores(SESSION_TIMEOUT, TIMEOUT_DATA["payload"])
        palette.stores(LOGIN_BANNER, BANNER_DATA["payload"]).lists(TENANT, [TENANT_DATA["listed"]])
        given = params(
            smtp=section(SMTP, **SMTP_DATA["params"]),
            session_timeout=section(SESSION_TIMEOUT, **TIMEOUT_DATA["params"]),
            login_banner=section(LOGIN_BANNER, **BANNER_DATA["params"]),
            tenants=[tenant()],
        )
        result = run_one(CONSOLE, a_run(palette, diff=True), given)
        assert palette.calls == [LOGIN, get(SMTP), get(SESSION_TIMEOUT), get(LOGIN_BANNER), LIST_TENANTS]
        assert result["changed"] is False
        assert result["changed_sections"] == result["validated_sections"] == result["applied_sections"] == []
        assert "diff" not in result
        assert list(result["sections"]) == ["smtp", "session_timeout", "login_banner", "tenants"]

    def test_a_client_with_a_token_is_not_signed_in_again(self, palette):
        palette.stores(SESSION_TIMEOUT, TIMEOUT_DATA["payload"])
        given = params(session_timeout=section(SESSION_TIMEOUT, **TIMEOUT_DATA["params"]))
        result = run_one(CONSOLE, a_run(palette, token=TOKEN), given)
        assert palette.calls == [get(SESSION_TIMEOUT)]
        assert result["changed"] is False

    def test_the_admin_is_planned_first_and_applied_in_the_console_order(self, palette):
        palette.has_admin(CONSOLE_PASSWORD, reads=(me(), me(NEW_ADDRESS)))
        palette.stores(SMTP, SMTP_DATA["older"], then=SMTP_DATA["payload"])
        palette.stores(SESSION_TIMEOUT, TIMEOUT_DATA["payload"])
        given = params(
            smtp=section(SMTP, **SMTP_DATA["params"]),
            admin=admin(email=NEW_ADDRESS),
            session_timeout=section(SESSION_TIMEOUT, **TIMEOUT_DATA["params"]),
        )
        result = run_one(CONSOLE, a_run(palette), given)
        # Planned: the admin signs in and is read before any setting. Applied: SMTP before the admin's
        # address, whose verification email goes through it.
        assert palette.calls == [
            LOGIN,
            ME,
            get(SMTP),
            get(SESSION_TIMEOUT),
            validate(SMTP),
            put(SMTP),
            get(SMTP),
            EMAIL,
            ME,
        ]
        assert logins(palette) == [CONSOLE_PASSWORD]
        assert result["changed_sections"] == result["applied_sections"] == ["smtp", "admin"]
        assert result["validated_sections"] == ["smtp"]
        assert list(result["sections"]) == ["smtp", "admin", "session_timeout"]
        assert result["sections"]["admin"]["admin"]["email"] == NEW_ADDRESS
        assert result["sections"]["smtp"]["validated"] is True

    def test_the_install_password_is_changed_through_the_admin_section_before_anything_is_read(self, palette):
        palette.has_admin(INSTALL_PASSWORD)
        palette.stores(SESSION_TIMEOUT, TIMEOUT_DATA["payload"])
        given = params(
            admin=admin(initial_password=INSTALL_PASSWORD),
            session_timeout=section(SESSION_TIMEOUT, **TIMEOUT_DATA["params"]),
        )
        result = run_one(CONSOLE, a_run(palette), given)
        assert palette.calls == [LOGIN, LOGIN, ME, CHANGE, LOGIN, get(SESSION_TIMEOUT)]
        assert logins(palette) == [CONSOLE_PASSWORD, INSTALL_PASSWORD, CONSOLE_PASSWORD]
        assert result["changed"] is True
        assert result["changed_sections"] == ["admin"]
        assert "warnings" not in result

    def test_a_tenant_created_with_smtp_set_in_the_same_document_gets_no_smtp_warning(self, palette):
        palette.accepts_login().stores(SMTP, {}).lists(TENANT, [])
        given = params(smtp=section(SMTP, **SMTP_DATA["params"]), tenants=[tenant()])
        plan = CONSOLE.plan(a_run(palette, check_mode=True), given)
        assert plan.changes == ("smtp", "tenants")
        assert not any("SMTP is not configured" in warning for warning in plan.result.get("warnings", ()))
        # The tenant's look at SMTP is answered by the plan of the smtp section, not by Palette.
        assert palette.calls == [LOGIN, get(SMTP), LIST_TENANTS]

    def test_a_tenant_created_without_smtp_on_the_console_or_in_the_document_gets_the_warning(self, palette):
        palette.accepts_login().stores(SMTP, {}).lists(TENANT, [])
        plan = CONSOLE.plan(a_run(palette, check_mode=True), params(tenants=[tenant()]))
        assert plan.changes == ("tenants",)
        assert plan.result["warnings"] == [NO_SMTP_WARNING.format(admin_email=TENANT_DATA["params"]["admin_email"])]
        assert palette.calls == [LOGIN, LIST_TENANTS, get(SMTP)]
        assert "warnings" not in plan.result["sections"]["tenants"]

    def test_an_unchanged_smtp_section_leaves_the_console_read_as_it_is(self, palette):
        # An smtp section that changes nothing says nothing of what the console has: it is read.
        palette.accepts_login().stores(SMTP, SMTP_DATA["payload"]).lists(TENANT, [])
        given = params(smtp=section(SMTP, **SMTP_DATA["params"]), tenants=[tenant()])
        plan = CONSOLE.plan(a_run(palette, check_mode=True), given)
        assert plan.changes == ("tenants",)
        assert "warnings" not in plan.result
        assert palette.calls == [LOGIN, get(SMTP), LIST_TENANTS, get(SMTP)]


class TestValidate:
    def test_every_validation_comes_before_the_first_write(self, palette):
        palette.accepts_login()
        palette.stores(SMTP, SMTP_DATA["older"], then=SMTP_DATA["payload"])
        palette.stores(SESSION_TIMEOUT, TIMEOUT_DATA["default_payload"], then=TIMEOUT_DATA["payload"])
        palette.stores(BACKUP_FTP, {}, then=FTP_DATA["payload"])
        given = params(
            smtp=section(SMTP, **SMTP_DATA["params"]),
            session_timeout=section(SESSION_TIMEOUT, **TIMEOUT_DATA["params"]),
            backup=section(BACKUP, **FTP_DATA["params"]),
        )
        result = run_one(CONSOLE, a_run(palette), given)
        calls = palette.calls
        assert calls == [
            LOGIN,
            get(SMTP),
            get(SESSION_TIMEOUT),
            get(BACKUP_FTP),
            validate(SMTP),
            validate(BACKUP_FTP),
            put(SMTP),
            get(SMTP),
            put(SESSION_TIMEOUT),
            get(SESSION_TIMEOUT),
            put(BACKUP_FTP),
            get(BACKUP_FTP),
        ]
        last_validation = max(calls.index(validate(SMTP)), calls.index(validate(BACKUP_FTP)))
        first_write = min(calls.index(put(setting)) for setting in (SMTP, SESSION_TIMEOUT, BACKUP_FTP))
        assert last_validation < first_write
        assert result["validated_sections"] == ["smtp", "backup"]
        assert result["applied_sections"] == ["smtp", "session_timeout", "backup"]

    def test_a_failed_validation_writes_nothing(self, palette):
        palette.accepts_login()
        palette.stores(SMTP, SMTP_DATA["older"]).stores(SESSION_TIMEOUT, TIMEOUT_DATA["default_payload"])
        palette.answer(
            "PUT", SMTP.validate_path, status=400, json={"code": "SmtpAuthFailed", "message": "535 auth failed"}
        )
        given = params(
            smtp=section(SMTP, **SMTP_DATA["params"]),
            session_timeout=section(SESSION_TIMEOUT, **TIMEOUT_DATA["params"]),
        )
        with pytest.raises(Failed) as caught:
            run_one(CONSOLE, a_run(palette), given)
        assert palette.calls == [LOGIN, get(SMTP), get(SESSION_TIMEOUT), validate(SMTP)]
        failed = caught.value
        assert failed.message(explain).startswith("Palette did not validate the smtp section, so nothing was written: ")
        assert "535 auth failed" in failed.message(explain)
        assert isinstance(failed.error, PaletteApiError)
        assert failed.result["changed"] is False
        assert failed.result["applied_sections"] == []
        assert failed.result["not_applied_sections"] == ["smtp", "session_timeout"]
        assert failed.result["validated_sections"] == []

    def test_a_failed_second_validation_writes_nothing_either(self, palette):
        palette.accepts_login()
        palette.stores(SMTP, SMTP_DATA["older"]).stores(BACKUP_FTP, {})
        palette.answer("POST", BACKUP_FTP.validate_path, status=400, json={"code": "FtpFailed", "message": "no"})
        given = params(smtp=section(SMTP, **SMTP_DATA["params"]), backup=section(BACKUP, **FTP_DATA["params"]))
        with pytest.raises(Failed) as caught:
            run_one(CONSOLE, a_run(palette), given)
        assert palette.calls == [LOGIN, get(SMTP), get(BACKUP_FTP), validate(SMTP), validate(BACKUP_FTP)]
        assert str(caught.value) == "Palette did not validate the backup section, so nothing was written:"
        assert caught.value.result["validated_sections"] == ["smtp"]
        assert caught.value.result["applied_sections"] == []
        assert caught.value.result["not_applied_sections"] == ["smtp", "backup"]
        assert caught.value.result["changed"] is False

    def test_a_failed_validation_after_the_password_change_says_the_console_changed(self, palette):
        palette.has_admin(INSTALL_PASSWORD).stores(SMTP, {})
        palette.answer("PUT", SMTP.validate_path, status=400, json={"code": "SmtpConnectFailed", "message": "no"})
        given = params(smtp=section(SMTP, **SMTP_DATA["params"]), admin=admin(initial_password=INSTALL_PASSWORD))
        with pytest.raises(Failed) as caught:
            run_one(CONSOLE, a_run(palette), given)
        assert writes(palette) == [CHANGE, validate(SMTP)]
        assert caught.value.result["changed"] is True
        assert caught.value.result["applied_sections"] == []
        assert caught.value.result["not_applied_sections"] == ["smtp", "admin"]

    def test_a_failed_validation_in_a_document_without_an_admin_kind_fails_the_same_way(self, palette):
        palette.accepts_login().stores(SMTP, SMTP_DATA["older"])
        palette.answer("PUT", SMTP.validate_path, status=400, json={"code": "SmtpAuthFailed", "message": "no"})
        given = params(SETTINGS_ONLY, smtp=section(SMTP, **SMTP_DATA["params"]))
        with pytest.raises(Failed) as caught:
            run_one(SETTINGS_ONLY, a_run(palette), given)
        assert writes(palette) == [validate(SMTP)]
        assert caught.value.result["changed"] is False
        assert caught.value.result["applied_sections"] == []
        assert caught.value.result["not_applied_sections"] == ["smtp"]


class TestApply:
    def given_three_changes(self, palette):
        palette.accepts_login()
        palette.stores(SMTP, SMTP_DATA["older"], then=SMTP_DATA["payload"])
        palette.stores(SESSION_TIMEOUT, TIMEOUT_DATA["default_payload"])
        palette.stores(LOGIN_BANNER, BANNER_DATA["default_payload"])
        return params(
            smtp=section(SMTP, **SMTP_DATA["params"]),
            session_timeout=section(SESSION_TIMEOUT, **TIMEOUT_DATA["params"]),
            login_banner=section(LOGIN_BANNER, **BANNER_DATA["params"]),
        )

    def test_a_failed_write_names_what_was_applied_and_what_was_not(self, palette):
        given = self.given_three_changes(palette)
        palette.answer("PUT", SESSION_TIMEOUT.path, status=500, json={"code": "Internal", "message": "boom"})
        with pytest.raises(Failed) as caught:
            run_one(CONSOLE, a_run(palette), given)
        failed = caught.value
        message = failed.message(str)
        assert message.startswith("Applied smtp; session_timeout failed")
        assert message.startswith(
            "Applied smtp; session_timeout failed, and login_banner not applied either. "
            "A second run applies what is left once the cause is fixed: "
        )
        assert "boom" in message
        assert failed.result["changed"] is True
        assert failed.result["applied_sections"] == ["smtp"]
        assert failed.result["not_applied_sections"] == ["session_timeout", "login_banner"]
        assert writes(palette) == [validate(SMTP), put(SMTP), put(SESSION_TIMEOUT)]
        assert isinstance(failed.error, PaletteApiError)

    def test_a_failed_first_write_applied_nothing(self, palette):
        given = self.given_three_changes(palette)
        palette.answer("PUT", SMTP.path, status=500, json={"code": "Internal", "message": "boom"})
        with pytest.raises(Failed) as caught:
            run_one(CONSOLE, a_run(palette), given)
        assert str(caught.value).startswith(
            "Nothing was applied; smtp failed, and session_timeout, login_banner not applied either."
        )
        assert caught.value.result["changed"] is False
        assert caught.value.result["applied_sections"] == []
        assert caught.value.result["not_applied_sections"] == ["smtp", "session_timeout", "login_banner"]

    def test_a_failed_write_after_the_password_change_says_the_console_changed(self, palette):
        # The admin's plan changed the install password before any section was written: the console
        # changed, whichever write fails next (as a failed validation says too).
        palette.has_admin(INSTALL_PASSWORD).stores(SMTP, {})
        palette.answer("PUT", SMTP.path, status=500, json={"code": "Internal", "message": "boom"})
        given = params(smtp=section(SMTP, **SMTP_DATA["params"]), admin=admin(initial_password=INSTALL_PASSWORD))
        with pytest.raises(Failed) as caught:
            run_one(CONSOLE, a_run(palette), given)
        assert writes(palette) == [CHANGE, validate(SMTP), put(SMTP)]
        assert caught.value.result["not_applied_sections"] == ["smtp", "admin"]
        assert caught.value.result["changed"] is True

    def test_check_mode_writes_nothing_and_gives_one_diff_keyed_by_section(self, palette):
        given = self.given_three_changes(palette)
        result = run_one(CONSOLE, a_run(palette, check_mode=True, diff=True), given)
        # Validation saves nothing, so check mode runs it too.
        assert palette.calls == [LOGIN, get(SMTP), get(SESSION_TIMEOUT), get(LOGIN_BANNER), validate(SMTP)]
        assert result["changed"] is True
        assert result["changed_sections"] == ["smtp", "session_timeout", "login_banner"]
        assert result["applied_sections"] == []
        assert set(result["diff"]) == {"before", "after"}
        assert list(result["diff"]["before"]) == list(result["diff"]["after"]) == result["changed_sections"]
        assert result["diff"]["before"]["session_timeout"] == {"expiry_minutes": 15}
        assert result["diff"]["after"]["session_timeout"] == {"expiry_minutes": 120}
        assert result["diff"]["before"]["smtp"]["server"] == "old.example.com"
        assert result["diff"]["after"]["smtp"]["password"] == "********"
        assert all("diff" not in part for part in result["sections"].values())
        assert SMTP_DATA["params"]["password"] not in repr(result)

    def test_without_diff_there_is_no_diff(self, palette):
        given = self.given_three_changes(palette)
        result = run_one(CONSOLE, a_run(palette, check_mode=True), given)
        assert "diff" not in result
        assert result["changed"] is True


class TestConsoleOnItsInstallPassword:
    def test_check_mode_plans_against_a_new_console_and_validates_nothing(self, palette):
        palette.has_admin(INSTALL_PASSWORD)
        given = params(
            smtp=section(SMTP, **SMTP_DATA["params"]),
            admin=admin(initial_password=INSTALL_PASSWORD, email=NEW_ADDRESS),
            session_timeout=section(SESSION_TIMEOUT, **TIMEOUT_DATA["params"]),
            tenants=[tenant()],
        )
        run = a_run(palette, check_mode=True, diff=True)
        plan = CONSOLE.plan(run, given)
        assert plan.validatable is False
        assert all(not section_plan.validatable for _kind, section_plan in plan.state)
        CONSOLE.validate(run, plan)
        result = CONSOLE.apply(run, plan)
        # The console shows nothing until the password changes: only the logins and users/me are sent.
        assert palette.calls == [LOGIN, LOGIN, ME]
        assert logins(palette) == [CONSOLE_PASSWORD, INSTALL_PASSWORD]
        assert result["warnings"] == [UNREAD_WARNING]
        assert result["validated_sections"] == []
        assert result["changed_sections"] == ["smtp", "admin", "session_timeout", "tenants"]
        assert result["applied_sections"] == []
        # Planned against a console as the installer leaves it.
        assert result["diff"]["before"]["smtp"]["server"] is None
        assert result["diff"]["before"]["session_timeout"] == {"expiry_minutes": None}
        assert result["diff"]["before"]["tenants"] == {"platform": {}}
        assert result["diff"]["after"]["tenants"] == {"platform": TENANT_DATA["params"]}
        assert result["sections"]["smtp"]["validated"] is False

    def test_run_one_in_check_mode_sends_only_logins_and_users_me(self, palette):
        palette.has_admin(INSTALL_PASSWORD)
        given = params(
            smtp=section(SMTP, **SMTP_DATA["params"]),
            admin=admin(initial_password=INSTALL_PASSWORD),
            backup=section(BACKUP, **FTP_DATA["params"]),
        )
        result = run_one(CONSOLE, a_run(palette, check_mode=True), given)
        assert palette.calls == [LOGIN, LOGIN, ME]
        assert result["warnings"] == [UNREAD_WARNING]
        assert result["changed_sections"] == ["smtp", "admin", "backup"]

    def test_check_mode_on_a_console_with_its_password_reads_it(self, palette):
        palette.has_admin(CONSOLE_PASSWORD).stores(SESSION_TIMEOUT, TIMEOUT_DATA["payload"])
        given = params(
            admin=admin(initial_password=INSTALL_PASSWORD),
            session_timeout=section(SESSION_TIMEOUT, **TIMEOUT_DATA["params"]),
        )
        result = run_one(CONSOLE, a_run(palette, check_mode=True), given)
        assert palette.calls == [LOGIN, ME, get(SESSION_TIMEOUT)]
        assert "warnings" not in result
        assert result["changed"] is False


class TestDescribe:
    def configured(self, palette):
        palette.has_admin(CONSOLE_PASSWORD, reads=(me(NEW_ADDRESS, True),))
        palette.stores(SMTP, SMTP_DATA["payload"]).stores(SESSION_TIMEOUT, TIMEOUT_DATA["payload"])
        palette.stores(LOGIN_BANNER, {}).lists(TENANT, [TENANT_DATA["listed"]])

    def test_sections_in_order_and_the_options_left_out(self, palette):
        self.configured(palette)
        config, left_out = SMALL.describe(a_run(palette, token=TOKEN))
        # The login banner is not configured: no section for it.
        assert list(config) == ["smtp", "admin", "session_timeout", "tenants"]
        assert config == {
            "smtp": {key: value for key, value in SMTP_DATA["params"].items() if key != "password"},
            "admin": {"email": NEW_ADDRESS},
            "session_timeout": TIMEOUT_DATA["params"],
            "tenants": [{"name": "platform", "org_email": "platform@example.com", "active": True}],
        }
        assert left_out == (
            "smtp.password",
            "tenants[0].admin_email",
            "tenants[0].admin_first_name",
            "tenants[0].admin_last_name",
        )
        assert palette.calls == [get(SMTP), ME, get(SESSION_TIMEOUT), get(LOGIN_BANNER), LIST_TENANTS]

    def test_an_unconfigured_console_describes_as_nothing(self, palette):
        palette.has_admin(CONSOLE_PASSWORD).stores(SMTP, {}).stores(SESSION_TIMEOUT, {})
        palette.stores(LOGIN_BANNER, {}).lists(TENANT, [])
        assert SMALL.describe(a_run(palette, token=TOKEN)) == ({}, ())

    def test_with_placeholders_refers_each_left_out_option_to_a_vault_variable(self, palette):
        self.configured(palette)
        config, left_out = SMALL.describe(a_run(palette, token=TOKEN))
        before = repr(config)
        filled = ConsoleDocument.with_placeholders(config, left_out)
        assert filled["smtp"]["password"] == "{{ vault_smtp_password }}"
        assert filled["tenants"][0]["admin_email"] == "{{ vault_tenants_0_admin_email }}"
        assert filled["tenants"][0]["admin_first_name"] == "{{ vault_tenants_0_admin_first_name }}"
        assert filled["smtp"]["server"] == "smtp.example.com"
        assert filled["admin"] == {"email": NEW_ADDRESS}
        assert list(filled) == list(config)
        # Its input is left as it was.
        assert repr(config) == before
        assert "password" not in config["smtp"]
        assert "admin_email" not in config["tenants"][0]

    def test_with_placeholders_of_nothing_left_out_is_an_equal_copy(self):
        config = {"session_timeout": {"expiry_minutes": 60}, "tenants": [{"name": "a"}]}
        filled = ConsoleDocument.with_placeholders(config, ())
        assert filled == config
        assert filled["tenants"] is not config["tenants"]
        assert filled["session_timeout"] is not config["session_timeout"]


class TestCachedReads:
    def test_one_get_per_path(self, palette):
        palette.stores(SESSION_TIMEOUT, TIMEOUT_DATA["payload"]).stores(SMTP, SMTP_DATA["payload"])
        client = CachedReads(PaletteClient(palette.base_url, token=TOKEN, retries=0))
        first = client.request("GET", SESSION_TIMEOUT.path)
        again = client.request("GET", SESSION_TIMEOUT.path)
        smtp = client.request("GET", SMTP.path)
        assert again is first
        assert first.body == TIMEOUT_DATA["payload"]
        assert smtp.body == SMTP_DATA["payload"]
        assert palette.calls == [get(SESSION_TIMEOUT), get(SMTP)]

    def test_writes_pass_through_every_time(self, palette):
        palette.stores(SESSION_TIMEOUT, TIMEOUT_DATA["payload"])
        client = CachedReads(PaletteClient(palette.base_url, token=TOKEN, retries=0))
        client.request("PUT", SESSION_TIMEOUT.path, NEW_TIMEOUT)
        client.request("PUT", SESSION_TIMEOUT.path, NEW_TIMEOUT)
        assert palette.calls == [put(SESSION_TIMEOUT), put(SESSION_TIMEOUT)]
        assert palette.sent("PUT", SESSION_TIMEOUT.path) == [NEW_TIMEOUT, NEW_TIMEOUT]

    def test_the_rest_is_the_client_s(self, palette):
        inner = PaletteClient(palette.base_url, token=TOKEN, retries=0)
        client = CachedReads(inner)
        assert (client.token, client.base_url) == (TOKEN, palette.base_url)
        client.remember_secret("a-secret")
        assert "a-secret" in inner.secrets

    def test_a_document_described_through_it_reads_each_path_once(self, palette):
        # palette_system_info's use: the whole console described, then read again, from one answer a path.
        palette.has_admin(CONSOLE_PASSWORD, reads=(me(NEW_ADDRESS, True),))
        palette.stores(SMTP, SMTP_DATA["payload"]).stores(SESSION_TIMEOUT, TIMEOUT_DATA["payload"])
        palette.stores(LOGIN_BANNER, {}).lists(TENANT, [TENANT_DATA["listed"]])
        run = Run(CachedReads(PaletteClient(palette.base_url, token=TOKEN, retries=0)))
        assert SMALL.describe(run) == SMALL.describe(run)
        assert palette.calls == [get(SMTP), ME, get(SESSION_TIMEOUT), get(LOGIN_BANNER), LIST_TENANTS]
