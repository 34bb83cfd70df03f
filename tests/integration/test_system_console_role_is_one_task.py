"""The palette_system_console role is one palette_system_config task: a new console is configured
from its install password with no failed or rescued task, the module's result is registered as
palette_system_console_result, a section whose variables are left out is left alone, bad variables
fail before any call, and the task hides its result (it carries every secret) but not its warnings
or Palette's errors."""

from __future__ import annotations

import pytest
from ansible.release import __version__ as ansible_core_version

from lab_tasks import LOGIN, LOGIN_BANNER_OPTIONS, TENANT_ADMIN
from palette_simulator.lab import CONSOLE_PASSWORD, SMTP_PASSWORD

ROLE = "palette.selfhosted.palette_system_console"
TASK = f"{ROLE} : Configure the system console in one task"
RESULT = "palette_system_console_result"
CENSORED = "the output has been hidden due to the fact that 'no_log: true' was specified"
LOGIN_PATH = "/v1/auth/syslogin"
SHOWS_NO_LOG_WARNINGS_AND_ERRORS = tuple(map(int, ansible_core_version.split(".")[:2])) >= (2, 19)


def role_vars(lab, **overrides):
    """The role's variables for every section, pointed at the lab (the backup at its FTP server)."""
    described = lab.describe()
    smtp = {"server": described["smtp_server"], "from_email": "palette@example.com"}
    smtp["port"] = described["smtp_port"]
    if described["smtp_username"]:
        smtp.update(username=described["smtp_username"], password=described["smtp_password"])
    variables = {
        "palette_host": described["palette_host"],
        "palette_ca_path": described["palette_ca_path"],
        "palette_auth_password": described["palette_auth_password"],
        "palette_initial_password": described["palette_initial_password"],
        "palette_retries": 1,
        "palette_system_console_smtp": smtp,
        "palette_system_console_admin_email": "palette-admins@example.com",
        "palette_system_console_session_timeout_minutes": 240,
        "palette_system_console_login_banner": LOGIN_BANNER_OPTIONS,
        "palette_system_console_classification_banner": {"enabled": True, "text": "UNCLASSIFIED"},
        "palette_system_console_reverse_proxy": {"server": "proxy.example.com", "port": 8443},
        "palette_system_console_tenants": [{"name": "platform", **TENANT_ADMIN, "active": True}],
    }
    if lab.backup_targets:
        variables["palette_system_console_backup"] = {
            "storage": "ftp",
            "hour_of_day": 0,
            "interval": 1,
            "retention_period": 30,
            "server": described["ftp_server"],
            "username": described["ftp_username"],
            "password": described["ftp_password"],
        }
    variables.update(overrides)
    return {key: value for key, value in variables.items() if value is not None}


def role_task(variables):
    return {"name": "Role", "ansible.builtin.include_role": {"name": ROLE}, "vars": variables}


def logins(console):
    return [entry["status"] for entry in console.log if entry["path"] == LOGIN_PATH]


def test_a_new_console_is_configured_by_one_task_with_no_failed_or_rescued_task(lab_factory, ansible_playbook):
    fresh = lab_factory(fresh_console=True, backup_targets=True)
    first = ansible_playbook([role_task(role_vars(fresh))], {}, keep=[RESULT])
    assert first.rc == 0, first.stdout
    for outcome in ("failed=0", "rescued=0", "ignored=0"):
        assert outcome in first.stdout
    assert first.stdout.count(f"TASK [{ROLE} : ") == 2, "the argument spec's check, then the one task"
    assert CENSORED in first.task(TASK)
    assert logins(fresh.console) == [401, 200, 200], "one refused login, the install password, the new one"
    assert fresh.console.admins["admin"].password == CONSOLE_PASSWORD
    result = first.results[RESULT]
    assert result["changed"] is True
    assert result["changed_sections"] == [
        "smtp",
        "admin",
        "session_timeout",
        "login_banner",
        "classification_banner",
        "reverse_proxy",
        "backup",
        "tenants",
    ]
    assert result["validated_sections"] == ["smtp", "backup"]
    assert fresh.console.stored["smtp"]["smtpPort"] == fresh.smtp.port
    assert {message["Delivered-To"] for message in fresh.smtp.log.messages} == {
        "palette-admins@example.com",
        "platform-lead@example.com",
    }

    fresh.console.log.clear()
    second = ansible_playbook([role_task(role_vars(fresh))], {}, keep=[RESULT])
    assert second.rc == 0, second.stdout
    assert second.results[RESULT]["changed"] is False
    assert second.results[RESULT]["changed_sections"] == []
    assert logins(fresh.console) == [200]
    assert [call for call in fresh.console.calls() if not call.startswith("GET ") and call != LOGIN] == []


def test_the_smtp_port_defaults_to_587(lab, ansible_playbook):
    smtp = role_vars(lab)["palette_system_console_smtp"]
    del smtp["port"]
    only_smtp = {key: value for key, value in role_vars(lab).items() if not key.startswith("palette_system_console_")}
    run = ansible_playbook(
        [role_task({**only_smtp, "palette_system_console_smtp": {**smtp, "validate": False}})], {}, keep=[RESULT]
    )
    assert run.rc == 0, run.stdout
    assert lab.console.stored["smtp"]["smtpPort"] == 587
    assert run.results[RESULT]["validated_sections"] == []


def test_a_section_whose_variables_are_left_out_is_left_alone(lab, ansible_playbook):
    connection = {key: value for key, value in role_vars(lab).items() if not key.startswith("palette_system_console_")}
    del connection["palette_initial_password"]
    run = ansible_playbook(
        [role_task({**connection, "palette_system_console_session_timeout_minutes": 120})], {}, keep=[RESULT]
    )
    assert run.rc == 0, run.stdout
    assert run.results[RESULT]["changed_sections"] == ["session_timeout"]
    assert set(run.results[RESULT]["sections"]) == {"session_timeout"}
    calls = lab.console.calls()
    assert calls.count(LOGIN) == 1
    assert {call.split()[1] for call in calls if call != LOGIN} == {"/v1/system/authTokenSettings"}, calls


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"palette_host": None}, "missing required arguments: palette_host"),
        (
            {"palette_system_console_session_timeout_minutes": "a-day"},
            "'palette_system_console_session_timeout_minutes' is of type",
        ),
        (
            {
                "palette_system_console_backup": {
                    "storage": "tape",
                    "hour_of_day": 0,
                    "interval": 1,
                    "retention_period": 1,
                }
            },
            "value of storage must be one of: s3, ftp, got: tape",
        ),
        (
            {"palette_system_console_tenants": [{"name": "platform", "owner": "ada"}]},
            "palette_system_console_tenants.owner. Supported parameters include",
        ),
    ],
    ids=["no-host", "timeout-not-a-number", "backup-storage", "unknown-tenant-option"],
)
def test_bad_variables_fail_in_the_argument_spec_before_any_call(lab, ansible_playbook, overrides, message):
    run = ansible_playbook([role_task(role_vars(lab, **overrides))], {}, verbosity=4)
    assert run.rc != 0
    assert "Validating arguments against arg spec 'main'" in run.stdout
    assert message in run.stdout
    assert lab.console.log == []
    for secret in (CONSOLE_PASSWORD, SMTP_PASSWORD):
        assert secret not in run.all_output


def test_a_bad_section_fails_in_the_module_before_any_call_naming_the_option(lab, ansible_playbook):
    overrides = {"palette_system_console_reverse_proxy": {"server": "proxy.example.com", "port": 0}}
    run = ansible_playbook([role_task(role_vars(lab, **overrides))], {}, keep=[RESULT])
    assert run.rc != 0
    assert "failed=1" in run.stdout
    assert "rescued=0" in run.stdout
    assert CENSORED in run.task(TASK)
    message = run.results[RESULT]["msg"]
    assert "reverse_proxy.port" in message
    assert (message in run.shown) is SHOWS_NO_LOG_WARNINGS_AND_ERRORS
    assert lab.console.log == []


def test_the_result_is_hidden_but_the_warning_and_palettes_reason_are_not(lab_factory, ansible_playbook):
    anonymous = lab_factory(anonymous_smtp=True)
    run = ansible_playbook([role_task(role_vars(anonymous))], {}, diff=True, keep=[RESULT])
    assert run.rc == 0, run.stdout
    assert "changed: [localhost]" in run.task(TASK)
    assert CENSORED in run.task(TASK)
    assert "--- before" not in run.shown
    warnings = run.results[RESULT]["warnings"]
    assert [warning for warning in warnings if "SMTP config is anonymous" in warning]
    assert ("The SMTP config is anonymous" in run.shown) is SHOWS_NO_LOG_WARNINGS_AND_ERRORS

    lab = lab_factory()
    wrong = role_vars(lab)
    wrong["palette_system_console_smtp"]["password"] = "Wrong-Smtp-Pass-8"
    rejected = ansible_playbook([role_task(wrong)], {}, keep=[RESULT])
    assert rejected.rc != 0
    result = rejected.results[RESULT]
    assert result["error"]["code"] == "SmtpAuthFailed"
    assert "nothing was written" in result["msg"]
    assert (result["msg"] in rejected.shown) is SHOWS_NO_LOG_WARNINGS_AND_ERRORS
    assert lab.console.stored["smtp"] == {}


def test_no_log_false_shows_the_diff_with_the_secrets_masked(lab, ansible_playbook):
    run = ansible_playbook([role_task(role_vars(lab, palette_system_console_no_log=False))], {}, diff=True)
    assert run.rc == 0, run.stdout
    assert CENSORED not in run.task(TASK)
    assert "--- before" in run.stdout
    assert '"password": "********"' in run.stdout
    assert SMTP_PASSWORD not in run.all_output
