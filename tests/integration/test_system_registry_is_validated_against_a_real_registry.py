"""palette_system_registry against the lab's real OCI registry (Debian's docker-registry, with basic
auth and TLS from the lab's CA): Palette's validation signs in to it before anything is saved; a
wrong password, an unknown CA and an unreachable endpoint each fail the task and leave the stored
registries as they were; a second run changes nothing; the pack sync is waited for within its time
limit; and the registries are read across pages, those of tenants left alone."""

from __future__ import annotations

import json

import pytest

from lab_tasks import LOGIN, connection_for, registry_task
from palette_simulator.net import free_port

LIST = "GET /v1/registries/oci/summary"
VALIDATE, CREATE = "POST /v1/registries/oci/basic/validate", "POST /v1/registries/oci/basic"


@pytest.fixture
def lab(lab_factory):
    return lab_factory(oci_registry=True)


def stored(console):
    """The console's registries, for comparing before and after a failed run."""
    return json.dumps(console.registries, sort_keys=True, default=str)


def item(lab):
    (uid,) = lab.console.registries
    return f"/v1/registries/oci/{uid}/basic"


def test_a_registry_palette_signs_in_to_is_saved_once(lab, ansible_playbook):
    first = ansible_playbook([registry_task(lab)], connection_for(lab), diff=True)
    assert first.rc == 0, first.stdout
    result = first.results["r0"]
    assert result["changed"] is True
    assert result["validated"] is True
    assert result["system_registry"]["endpoint"] == lab.describe()["oci_registry_endpoint"]
    assert result["diff"]["after"]["password"] == "********"
    assert lab.console.calls() == [LOGIN, LIST, VALIDATE, CREATE, f"GET {item(lab)}"]
    # The validation, and the sync after the create, signed in to the real registry as the lab's user.
    assert (lab.describe()["oci_registry_username"], True) in lab.oci_registry.logins()

    lab.console.log.clear()
    second = ansible_playbook([registry_task(lab)], connection_for(lab))
    assert second.rc == 0, second.stdout
    assert second.results["r0"]["changed"] is False
    assert lab.console.calls() == [LOGIN, LIST, f"GET {item(lab)}"]


def refusals(lab):
    """(what the task changes, what the failure says), for a registry Palette cannot sign in to."""
    return {
        "wrong_password": ({"password": "Wrong-Oci-Pass-2"}, "401"),
        "unknown_ca": ({"ca_certificate": None}, "certificate signed by unknown authority"),
        "unreachable": ({"endpoint": f"https://127.0.0.1:{free_port()}"}, "connection refused"),
    }


@pytest.mark.parametrize("refusal", ["wrong_password", "unknown_ca", "unreachable"])
def test_a_registry_palette_cannot_sign_in_to_fails_and_saves_nothing(lab, ansible_playbook, refusal):
    change, cause = refusals(lab)[refusal]
    saved = ansible_playbook([registry_task(lab, name="kept-packs")], connection_for(lab))
    assert saved.rc == 0, saved.stdout
    before = stored(lab.console)

    lab.console.log.clear()
    tasks = [registry_task(lab, **change), registry_task(lab, name="kept-packs", update_password="always", **change)]
    run = ansible_playbook([{**task, "ignore_errors": True} for task in tasks], connection_for(lab))
    for name in ("r0", "r1"):
        result = run.results[name]
        assert result["failed"] is True
        assert cause in result["msg"]
        assert result["error"]["code"] == "RegistryValidationFailed"
    assert [call for call in lab.console.calls() if not call.startswith(("GET", "POST /v1/auth"))] == [VALIDATE] * 2
    assert stored(lab.console) == before
    # The refusals came from the registry itself: its log shows the refused sign-in, or the handshake.
    if refusal == "wrong_password":
        assert (lab.describe()["oci_registry_username"], False) in lab.oci_registry.logins()
    if refusal == "unknown_ca":
        assert lab.oci_registry.tls_failures()


def test_the_task_waits_for_the_pack_sync(lab, ansible_playbook):
    run = ansible_playbook([registry_task(lab, wait_for_sync=True)], connection_for(lab))
    assert run.rc == 0, run.stdout
    result = run.results["r0"]
    assert result["sync"]["status"] == "Completed"
    assert f"GET {item(lab)}/sync/status" in lab.console.calls()


def test_a_sync_that_outlasts_sync_timeout_fails_with_the_registry_saved(lab, ansible_playbook):
    lab.console.configure(registry_sync_seconds=30)
    run = ansible_playbook([registry_task(lab, wait_for_sync=True, sync_timeout=2)], connection_for(lab))
    assert run.rc != 0
    result = run.results["r0"]
    assert result["changed"] is True
    assert "its pack sync was still InProgress" in result["msg"]
    assert "when sync_timeout (2 s) ran out. The sync goes on" in result["msg"]
    assert len(lab.console.registries) == 1


def test_a_sync_that_fails_fails_the_task_with_palettes_message(lab, ansible_playbook):
    # Saved without validation, with a password the registry refuses: the sync cannot sign in.
    task = registry_task(lab, password="Wrong-Oci-Pass-2", validate=False, wait_for_sync=True)
    run = ansible_playbook([task], connection_for(lab))
    assert run.rc != 0
    result = run.results["r0"]
    assert result["msg"].startswith("Palette saved the system registry 'lab-packs', but its pack sync failed: ")
    assert "401" in result["msg"]
    assert result["sync"]["status"] == "Failed"


def test_registries_are_read_across_pages_and_tenants_ones_are_left_alone(lab, ansible_playbook):
    for index in range(120):
        lab.console.seed_registry("basic", f"tenant-packs-{index:03d}", {"endpoint": "https://tenant.example.com"})
    run = ansible_playbook([registry_task(lab)], connection_for(lab))
    assert run.rc == 0, run.stdout
    assert run.results["r0"]["changed"] is True
    assert lab.console.calls("GET", "/v1/registries/oci/summary") == [LIST] * 3
    assert lab.console.calls("POST", "/v1/registries/oci/basic") == [CREATE]
    system = [entry for entry in lab.console.registries.values() if entry["scope"] == "system"]
    assert [entry["metadata"]["name"] for entry in system] == ["lab-packs"]
    assert len(lab.console.registries) == 121


def ecr_task(lab, **overrides):
    """An ECR registry whose validation the lab's console asks of the lab's local AWS (moto)."""
    described = lab.describe()
    options = {
        "name": "ecr-charts",
        "type": "ecr",
        "endpoint": "123456789012.dkr.ecr.eu-west-1.amazonaws.com",
        "provider_type": "helm",
        "default_region": described["s3_region"],
        "access_key": described["s3_access_key"],
        "secret_key": described["s3_secret_key"],
        **overrides,
    }
    return {"name": "ECR registry", "palette.selfhosted.palette_system_registry": options}


def test_an_ecr_registry_is_validated_through_aws_and_saved_once(lab_factory, ansible_playbook):
    lab = lab_factory(backup_targets=True)
    first = ansible_playbook([ecr_task(lab)], connection_for(lab), diff=True)
    assert first.rc == 0, first.stdout
    result = first.results["r0"]
    assert result["validated"] is True
    assert result["system_registry"]["type"] == "ecr"
    assert result["diff"]["after"]["secret_key"] == "********"
    (uid,) = lab.console.registries
    assert lab.console.calls("POST") == [LOGIN, "POST /v1/registries/oci/ecr/validate", "POST /v1/registries/oci/ecr"]
    assert lab.console.registries[uid]["spec"]["credentials"]["credentialType"] == "secret"

    lab.console.log.clear()
    second = ansible_playbook([ecr_task(lab)], connection_for(lab))
    assert second.rc == 0, second.stdout
    assert second.results["r0"]["changed"] is False
    assert lab.console.calls() == [LOGIN, LIST, f"GET /v1/registries/oci/{uid}/ecr"]


def test_an_ecr_registry_without_a_region_fails_and_saves_nothing(lab_factory, ansible_playbook):
    lab = lab_factory(backup_targets=True)
    run = ansible_playbook([ecr_task(lab, default_region=None)], connection_for(lab))
    assert run.rc != 0
    assert run.results["r0"]["error"]["code"] == "RegistryValidationFailed"
    assert lab.console.registries == {}
