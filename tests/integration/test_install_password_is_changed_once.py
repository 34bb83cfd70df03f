"""palette_system_admin against a console fresh from the installer (admin/admin, which it wants
changed): the first run changes the password and proves it, the next changes nothing, a console
that knows neither password sees two refused logins and no more, and the admin's new address gets
Palette's verification email through the stored SMTP settings."""

from __future__ import annotations

import pytest

from lab_tasks import LOGIN, connection_for, smtp_task
from palette_simulator.lab import CONSOLE_PASSWORD, INSTALL_PASSWORD

ME = "GET /v1/system/users/me"


def admin_task(**options):
    return {"name": "Admin", "palette.selfhosted.palette_system_admin": options}


@pytest.fixture
def fresh(lab_factory):
    return lab_factory(fresh_console=True)


def test_the_install_password_is_changed_then_left_alone(fresh, ansible_playbook):
    refused = ansible_playbook([smtp_task(fresh)], connection_for(fresh, auth_password=INSTALL_PASSWORD))
    assert refused.rc != 0
    assert "IsPasswordReset" in refused.results["r0"]["msg"]

    fresh.console.log.clear()
    first = ansible_playbook([admin_task(initial_password=INSTALL_PASSWORD)], connection_for(fresh))
    assert first.rc == 0, first.stdout
    assert first.results["r0"]["password_changed"] is True
    uid = fresh.console.admins["admin"].uid
    assert fresh.console.calls() == [LOGIN, LOGIN, ME, f"PATCH /v1/system/admins/{uid}/changePassword", LOGIN]
    assert [entry["status"] for entry in fresh.console.log if entry["path"] == "/v1/auth/syslogin"] == [401, 200, 200]
    assert fresh.console.admins["admin"].password == CONSOLE_PASSWORD
    assert fresh.console.admins["admin"].must_change_password is False

    fresh.console.log.clear()
    second = ansible_playbook([admin_task(initial_password=INSTALL_PASSWORD), smtp_task(fresh)], connection_for(fresh))
    assert second.rc == 0, second.stdout
    assert second.results["r0"]["changed"] is False
    assert fresh.console.calls()[:2] == [LOGIN, ME]


def test_two_refused_logins_and_no_more(fresh, ansible_playbook):
    run = ansible_playbook(
        [admin_task(initial_password="Not-The-Install-Password-1")], connection_for(fresh), verbosity=0
    )
    assert run.rc != 0
    assert "no further login was tried" in run.results["r0"]["msg"]
    assert fresh.console.calls() == [LOGIN, LOGIN]
    assert fresh.console.admins["admin"].password == INSTALL_PASSWORD


def test_a_new_address_gets_the_verification_email(lab, ansible_playbook):
    run = ansible_playbook([smtp_task(lab), admin_task(email="ops@example.com")], connection_for(lab))
    assert run.rc == 0, run.stdout
    admin = run.results["r1"]["admin"]
    assert (admin["email"], admin["email_verified"]) == ("ops@example.com", False)
    (verification,) = lab.smtp.log.messages
    assert verification["Delivered-To"] == "ops@example.com"
    assert verification["Subject"] == "Verify your Palette email address"
    assert "/system/verify-email?token=" in verification.get_content()

    again = ansible_playbook([admin_task(email="ops@example.com")], connection_for(lab))
    assert again.results["r0"]["changed"] is False
    assert len(lab.smtp.log.messages) == 1


def test_an_address_without_smtp_fails_with_palettes_reason(lab, ansible_playbook):
    run = ansible_playbook([admin_task(email="ops@example.com")], connection_for(lab))
    assert run.rc != 0
    assert run.results["r0"]["error"]["code"] == "SmtpNotConfigured"
    assert lab.console.admins["admin"].email == ""
