"""palette_tenant against the lab: a new tenant's admin gets the invitation through the SMTP
settings the play stored, delivered to the lab's real SMTP server; a console without SMTP gets the
tenant and a warning instead; a second run changes nothing and sends nothing."""

from __future__ import annotations

from lab_tasks import LOGIN, TENANT_ADMIN, connection_for, smtp_task, tenant_task


def test_the_invitation_reaches_the_admin_through_the_stored_smtp(lab, ansible_playbook):
    run = ansible_playbook([smtp_task(lab), tenant_task()], connection_for(lab))
    assert run.rc == 0, run.stdout
    tenant = run.results["r1"]
    assert tenant["changed"] is True
    assert tenant["tenant"]["active"] is True
    (invitation,) = lab.smtp.log.messages
    assert invitation["Delivered-To"] == TENANT_ADMIN["admin_email"]
    assert invitation["From"] == "palette@example.com"
    assert "platform" in invitation["Subject"]
    assert "Hello Ada Lovelace" in invitation.get_content()
    (stored,) = lab.console.tenants.values()
    assert stored["status"]["isActive"] is True

    lab.console.log.clear()
    again = ansible_playbook([tenant_task()], connection_for(lab))
    assert again.rc == 0, again.stdout
    assert again.results["r0"]["changed"] is False
    assert lab.console.calls() == [LOGIN, "GET /v1/tenants"]
    assert len(lab.smtp.log.messages) == 1


def test_without_smtp_the_tenant_is_created_and_the_task_warns(lab, ansible_playbook):
    run = ansible_playbook([tenant_task()], connection_for(lab))
    assert run.rc == 0, run.stdout
    assert run.results["r0"]["changed"] is True
    assert "SMTP is not configured on this console, so Palette cannot email the invitation" in run.shown
    assert lab.smtp.log.messages == []
    assert len(lab.console.tenants) == 1


def test_a_change_palette_cannot_make_fails_and_absent_removes(lab, ansible_playbook):
    created = ansible_playbook([smtp_task(lab), tenant_task(org_email="platform@example.com")], connection_for(lab))
    assert created.rc == 0, created.stdout

    refused = ansible_playbook([tenant_task(org_email="team@example.com")], connection_for(lab))
    assert refused.rc != 0
    assert "Palette cannot change org_email" in refused.results["r0"]["msg"]

    removed = ansible_playbook(
        [{"name": "Remove", "palette.selfhosted.palette_tenant": {"name": "platform", "state": "absent"}}],
        connection_for(lab),
    )
    assert removed.rc == 0, removed.stdout
    assert removed.results["r0"]["changed"] is True
    assert lab.console.tenants == {}
