"""Palette lists at most 50 objects a call and names the next page in listmeta.continue: on a
console with 120 tenants, palette_tenant finds the one on the third page instead of creating it
again, and palette_system_info returns every tenant."""

from __future__ import annotations

from lab_tasks import connection_for, tenant_task

TENANTS = [f"tenant-{number:03d}" for number in range(120)]
ON_PAGE_3 = TENANTS[110]
LIST = "GET /v1/tenants"


def seed_tenants(console):
    """The tenants, active, as the console stores those it created."""
    for number, name in enumerate(TENANTS):
        uid = f"seeded{number:03d}"
        console.tenants[uid] = {
            "metadata": {"uid": uid, "name": name},
            "spec": {"orgName": name, "orgEmailId": "", "authType": "password"},
            "status": {"isActive": True, "toBeDeleted": False},
        }


def test_a_tenant_on_the_third_page_is_found_not_created_again(lab, ansible_playbook):
    seed_tenants(lab.console)
    run = ansible_playbook([tenant_task(ON_PAGE_3)], connection_for(lab))
    assert run.rc == 0, run.stdout
    assert run.results["r0"]["changed"] is False
    assert "POST /v1/tenants" not in lab.console.calls()
    assert lab.console.calls().count(LIST) == 3
    assert len(lab.console.tenants) == len(TENANTS)


def test_system_info_returns_every_tenant(lab, ansible_playbook):
    seed_tenants(lab.console)
    info_task = {"name": "Read the tenants", "palette.selfhosted.palette_system_info": {"settings": ["tenants"]}}
    run = ansible_playbook([info_task], connection_for(lab))
    assert run.rc == 0, run.stdout
    assert [tenant["name"] for tenant in run.results["r0"]["tenants"]] == TENANTS
    assert lab.console.calls().count(LIST) == 3
