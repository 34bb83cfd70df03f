"""palette_system_config: the whole console from its install password in one task (no failed or
rescued task, one refused login), then left alone with one read per section; bad input stops it
before any call; a failed validation before any write; a failed write names what was applied, and a
second run finishes the rest."""

from __future__ import annotations

import pytest

from lab_tasks import LOGIN, config_task, connection_for, console_document
from palette_simulator.faults import Fault
from palette_simulator.lab import CONSOLE_PASSWORD

LOGIN_PATH = "/v1/auth/syslogin"
SECTIONS = [
    "smtp",
    "admin",
    "session_timeout",
    "login_banner",
    "classification_banner",
    "reverse_proxy",
    "feature_flags",
    "backup",
    "tenants",
]
WRITES = ("PUT", "POST", "PATCH", "DELETE")


@pytest.fixture
def fresh(lab_factory):
    return lab_factory(fresh_console=True, backup_targets=True)


def writes(console):
    return [
        call
        for call in console.calls()
        if call.split()[0] in WRITES and not call.endswith(LOGIN_PATH) and "/validate" not in call
    ]


def test_a_new_console_is_configured_in_one_task_then_left_alone(fresh, ansible_playbook):
    console = fresh.console
    first = ansible_playbook([config_task(console_document(fresh))], connection_for(fresh))
    assert first.rc == 0, first.stdout
    result = first.results["r0"]
    assert result["changed_sections"] == SECTIONS
    assert result["validated_sections"] == ["smtp", "backup"]
    recap = first.stdout.rsplit("PLAY RECAP", 1)[1]
    assert "failed=0" in recap
    assert "rescued=0" in recap
    logins = [entry["status"] for entry in console.log if entry["path"] == LOGIN_PATH]
    assert logins == [401, 200, 200], "the install password is tried once, after one refused login"
    assert console.admins["admin"].password == CONSOLE_PASSWORD
    # Every validation comes before the first write of a setting.
    calls = console.calls()
    first_setting_write = min(calls.index(call) for call in writes(console) if "changePassword" not in call)
    assert max(i for i, call in enumerate(calls) if "/validate" in call) < first_setting_write
    # The console's order: SMTP before the admin's address and the tenants, whose email goes through it.
    assert calls.index("PUT /v1/system/config/smtp") < calls.index("PATCH /v1/system/admin/email")
    assert calls.index("PATCH /v1/system/admin/email") < calls.index("POST /v1/tenants")
    # The tenant's invitation goes through the SMTP config written earlier in the run: no warning.
    assert "SMTP is not configured" not in first.shown
    assert {message["To"] for message in fresh.smtp.log.messages} >= {
        "palette-admins@example.com",
        "platform-lead@example.com",
    }

    console.log.clear()
    second = ansible_playbook([config_task(console_document(fresh))], connection_for(fresh))
    assert second.rc == 0, second.stdout
    assert second.results["r0"]["changed"] is False
    assert second.results["r0"]["changed_sections"] == []
    assert writes(console) == []
    assert console.calls().count(LOGIN) == 1
    reads = [call for call in console.calls() if call.startswith("GET ")]
    assert len(reads) == len(set(reads)), "a section was read twice"


def test_with_a_token_there_is_no_login(lab, ansible_playbook):
    first = ansible_playbook([config_task(console_document(lab, admin=None))], connection_for(lab))
    assert first.rc == 0, first.stdout
    lab.console.log.clear()
    token = lab.console.issued_tokens[-1]
    again = ansible_playbook(
        [config_task(console_document(lab, admin=None))],
        connection_for(lab, auth_username=None, auth_password=None, auth_token=token),
    )
    assert again.rc == 0, again.stdout
    assert again.results["r0"]["changed"] is False
    assert LOGIN not in lab.console.calls()


def test_a_bad_option_in_any_section_fails_before_any_call(lab, ansible_playbook):
    document = console_document(lab, admin=None)
    document["smtp"]["port"] = 0
    document["tenants"] = [
        {"name": "platform", "admin_email": "not-an-address", "admin_first_name": "A", "admin_last_name": "L"}
    ]
    run = ansible_playbook([config_task(document)], connection_for(lab), verbosity=0)
    assert run.rc != 0
    message = run.results["r0"]["msg"]
    assert "smtp.port" in message
    assert "tenants[0].admin_email" in message
    assert lab.console.calls() == []


def test_an_unknown_option_names_its_section(lab, ansible_playbook):
    run = ansible_playbook(
        [config_task({"session_timeout": {"expiry_minutes": 60, "expiry": 1}})], connection_for(lab), verbosity=0
    )
    assert run.rc != 0
    assert "session_timeout" in run.results["r0"]["msg"]
    assert "expiry" in run.results["r0"]["msg"]
    assert lab.console.calls() == []


def test_a_failed_validation_writes_nothing(lab, ansible_playbook):
    document = console_document(lab, admin=None)
    document["smtp"]["password"] = "not-the-smtp-password"
    run = ansible_playbook([config_task(document)], connection_for(lab), verbosity=0)
    assert run.rc != 0
    assert "smtp" in run.results["r0"]["msg"]
    assert "nothing was written" in run.results["r0"]["msg"]
    assert run.results["r0"]["error"]["code"]
    assert writes(lab.console) == []


def test_a_failed_write_names_what_was_applied_and_a_second_run_finishes(lab, ansible_playbook):
    console = lab.console
    console.inject(Fault("/v1/system/loginBanner", method="PUT", status=500, count=100))
    document = console_document(lab, admin=None)
    run = ansible_playbook([config_task(document)], connection_for(lab, retries=0), verbosity=0)
    assert run.rc != 0
    result = run.results["r0"]
    assert result["applied_sections"] == ["smtp", "session_timeout"]
    assert result["not_applied_sections"] == [
        "login_banner",
        "classification_banner",
        "reverse_proxy",
        "feature_flags",
        "tenants",
    ]
    assert "Applied smtp, session_timeout; login_banner failed" in result["msg"]
    assert result["changed"] is True

    console.faults.clear()
    console.log.clear()
    rest = ansible_playbook([config_task(document)], connection_for(lab))
    assert rest.rc == 0, rest.stdout
    assert rest.results["r0"]["changed_sections"] == [
        "login_banner",
        "classification_banner",
        "reverse_proxy",
        "feature_flags",
        "tenants",
    ]
