"""palette_system_registry end to end through its main(): found by name among the system registries
only, validated before it is created or changed, its masked password sent only with another change
or update_password: always, its type and synchronization kept, removed, and its pack sync waited for.
The keyed settings' rules are tested in module_utils."""

from __future__ import annotations

import pytest

from ansible_collections.palette.selfhosted.plugins.module_utils._settings import system_registry
from ansible_collections.palette.selfhosted.plugins.module_utils._settings.system_registry import (
    BASIC,
    SYSTEM_REGISTRY,
)
from ansible_collections.palette.selfhosted.plugins.modules import palette_system_registry
from fake_palette import AUDIT_UID, CONNECTION, LOGIN, fixture, warning_texts

DATA = fixture("system_registry")
PARAMS = DATA["params"]
ARGS = {
    **CONNECTION,
    **{
        k: v
        for k, v in PARAMS.items()
        if k in ("name", "type", "endpoint", "base_content_path", "username", "password")
    },
}
LISTED, TENANT_LISTED, STORED = DATA["listed"], DATA["tenant_listed"], DATA["stored"]
UID = LISTED["metadata"]["uid"]
ITEM = BASIC.path.format(uid=UID)
LIST = f"GET {SYSTEM_REGISTRY.list_path}"
VALIDATE, CREATE = f"POST {BASIC.validate_path}", "POST /v1/registries/oci/basic"
VIEW = {
    "name": "harbor-packs",
    "type": "basic",
    "endpoint": "https://harbor.example.com",
    "base_content_path": "spectro-packs",
    "synchronization": True,
    "contains_spectro_manifest": False,
    "provider_type": "pack",
    "authentication": "basic",
    "username": "palette-robot",
    "ca_certificate": None,
    "insecure_skip_verify": False,
}


@pytest.fixture
def registry(palette):
    """A console whose registry list is `listed`, whose one system registry reads `reads` in turn,
    and whose validate, create, update and delete calls succeed."""

    def serve(listed, *reads):
        palette.accepts_login()
        palette.lists_next(SYSTEM_REGISTRY, listed)
        palette.api.post(palette.url(BASIC.validate_path), status=204, headers={"AuditUid": AUDIT_UID})
        palette.api.post(palette.url("/v1/registries/oci/basic"), status=201, json={"uid": UID})
        for body in reads:
            palette.api.get(palette.url(ITEM), json=body)
        palette.api.put(palette.url(ITEM), status=204)
        palette.api.delete(palette.url(ITEM), status=204)
        return palette

    return serve


def test_a_new_registry_is_validated_created_and_read_back(registry, run_module):
    palette = registry([TENANT_LISTED], STORED)
    result = run_module(palette_system_registry, ARGS, diff=True)
    assert result["changed"] is True
    assert result["validated"] is True
    assert result["audit_uid"] == AUDIT_UID
    assert result["system_registry"] == VIEW
    assert result["diff"]["before"] == {}
    assert result["diff"]["after"]["password"] == "********"
    assert palette.calls == [LOGIN, LIST, VALIDATE, CREATE, f"GET {ITEM}"]
    assert palette.sent("POST", "/v1/registries/oci/basic") == [DATA["body"]]
    assert palette.sent("POST", BASIC.validate_path) == [DATA["body"]["spec"]]
    assert "robot-Secret-31" not in repr(result)


def test_a_tenant_registry_of_the_same_name_is_not_the_system_one(registry, run_module):
    palette = registry([TENANT_LISTED, LISTED], STORED)
    result = run_module(palette_system_registry, ARGS)
    assert result["changed"] is False
    assert palette.calls == [LOGIN, LIST, f"GET {ITEM}"]


def test_an_unchanged_registry_leaves_its_masked_password_alone(registry, run_module):
    palette = registry([LISTED], STORED)
    result = run_module(palette_system_registry, ARGS)
    assert result["changed"] is False
    assert result["system_registry"] == VIEW
    assert result["validated"] is False
    assert palette.calls == [LOGIN, LIST, f"GET {ITEM}"]


def test_update_password_always_sends_it_after_validation(registry, run_module):
    palette = registry([LISTED], STORED, STORED)
    result = run_module(palette_system_registry, {**ARGS, "update_password": "always"})
    assert result["changed"] is True
    assert palette.calls == [LOGIN, LIST, f"GET {ITEM}", VALIDATE, f"PUT {ITEM}", f"GET {ITEM}"]
    (sent,) = palette.sent("PUT", ITEM)
    assert sent["spec"]["auth"]["password"] == "robot-Secret-31"


def test_another_endpoint_is_written_with_the_password(registry, run_module):
    moved = {**STORED, "spec": {**STORED["spec"], "endpoint": "https://harbor2.example.com"}}
    palette = registry([LISTED], STORED, moved)
    result = run_module(palette_system_registry, {**ARGS, "endpoint": "https://harbor2.example.com"}, diff=True)
    assert result["changed"] is True
    assert result["diff"]["before"]["endpoint"] == "https://harbor.example.com"
    assert result["system_registry"]["endpoint"] == "https://harbor2.example.com"
    (sent,) = palette.sent("PUT", ITEM)
    assert sent["spec"]["auth"]["password"] == "robot-Secret-31"


def test_check_mode_validates_and_writes_nothing(registry, run_module):
    palette = registry([], STORED)
    result = run_module(palette_system_registry, ARGS, check_mode=True)
    assert result["changed"] is True
    assert palette.calls == [LOGIN, LIST, VALIDATE]


def test_a_failed_validation_saves_nothing(registry, run_module):
    palette = registry([])
    palette.answer(
        "POST",
        BASIC.validate_path,
        status=400,
        json={"code": "RegistryValidationFailed", "message": "401 Unauthorized: authentication required"},
    )
    result = run_module(palette_system_registry, ARGS)
    assert result["failed"] is True
    assert "401 Unauthorized" in result["msg"]
    assert result["error"]["code"] == "RegistryValidationFailed"
    assert palette.calls == [LOGIN, LIST, VALIDATE]


def test_another_type_fails_before_any_write(registry, run_module):
    palette = registry([LISTED])
    args = {k: v for k, v in ARGS.items() if k not in ("username", "password")}
    result = run_module(palette_system_registry, {**args, "type": "ecr", "access_key": "AKIA", "secret_key": "x"})
    assert result["failed"] is True
    assert result["msg"].startswith("The system registry 'harbor-packs' is of type basic, and Palette cannot change it")
    assert palette.calls == [LOGIN, LIST]


def test_synchronization_once_on_stays_on(registry, run_module):
    palette = registry([LISTED], STORED)
    result = run_module(palette_system_registry, {**ARGS, "synchronization": False, "provider_type": "helm"})
    assert result["failed"] is True
    assert "synchronization: true, which Palette cannot undo" in result["msg"]
    assert palette.calls == [LOGIN, LIST, f"GET {ITEM}"]


def test_absent_removes_it_without_type_or_endpoint(registry, run_module):
    palette = registry([LISTED])
    result = run_module(palette_system_registry, {**CONNECTION, "name": "harbor-packs", "state": "absent"})
    assert result["changed"] is True
    assert result["system_registry"] is None
    assert palette.calls == [LOGIN, LIST, f"DELETE {ITEM}"]


def test_absent_and_not_there_is_unchanged(registry, run_module):
    palette = registry([TENANT_LISTED])
    result = run_module(palette_system_registry, {**CONNECTION, "name": "harbor-packs", "state": "absent"})
    assert result["changed"] is False
    assert palette.calls == [LOGIN, LIST]


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"password": None}, "password is required with authentication: basic."),
        ({"token": "robot-Token-77"}, "token does not apply to authentication: basic."),
        ({"authentication": "none"}, "username does not apply to authentication: none."),
        ({"ca_certificate": "not a pem"}, "ca_certificate must be PEM text"),
        ({"synchronization": False}, "provider_type: pack needs synchronization: true"),
        ({"access_key": "AKIA"}, "access_key does not apply to type: basic."),
        (
            {"wait_for_sync": True, "synchronization": False, "provider_type": "helm"},
            "wait_for_sync needs synchronization",
        ),
        ({"sync_timeout": 0}, "sync_timeout must be 1 or more seconds."),
    ],
)
def test_bad_input_fails_before_any_call(palette, run_module, change, problem):
    result = run_module(palette_system_registry, {**ARGS, **change})
    assert result["failed"] is True
    assert problem in result["msg"]
    assert palette.calls == []


def test_wait_for_sync_polls_until_completed(registry, run_module, monkeypatch):
    palette = registry([], STORED)
    status = f"{ITEM}/sync/status"
    for state in ("InProgress", "InProgress", "Completed"):
        palette.api.get(palette.url(status), json={"isSyncSupported": True, "status": state, "lastSyncedTime": "t1"})
    sleeps = []
    monkeypatch.setattr(system_registry.time, "sleep", sleeps.append)
    result = run_module(palette_system_registry, {**ARGS, "wait_for_sync": True})
    assert result["changed"] is True
    assert result["sync"] == {"status": "Completed", "message": None, "last_synced_time": "t1"}
    assert sleeps == [0.5, 1.0]
    assert palette.calls[-4:] == [f"GET {status}"] * 3 + [f"GET {ITEM}"]


def test_a_failed_sync_fails_the_task_with_palettes_message(registry, run_module, monkeypatch):
    palette = registry([], STORED)
    palette.api.get(
        palette.url(f"{ITEM}/sync/status"),
        json={"isSyncSupported": True, "status": "Failed", "message": "no such repo"},
    )
    monkeypatch.setattr(system_registry.time, "sleep", lambda _s: None)
    result = run_module(palette_system_registry, {**ARGS, "wait_for_sync": True})
    assert result["failed"] is True
    assert result["changed"] is True
    assert result["msg"] == "Palette saved the system registry 'harbor-packs', but its pack sync failed: no such repo."
    assert result["sync"]["status"] == "Failed"


def test_a_sync_that_outlasts_sync_timeout_says_so(registry, run_module, monkeypatch):
    palette = registry([], STORED)
    palette.api.get(palette.url(f"{ITEM}/sync/status"), json={"isSyncSupported": True, "status": "InProgress"})
    clock = iter(range(0, 1000, 5))
    monkeypatch.setattr(system_registry.time, "monotonic", lambda: next(clock))
    monkeypatch.setattr(system_registry.time, "sleep", lambda _s: None)
    result = run_module(palette_system_registry, {**ARGS, "wait_for_sync": True, "sync_timeout": 12})
    assert result["failed"] is True
    assert "its pack sync was still InProgress when sync_timeout (12 s) ran out. The sync goes on" in result["msg"]


def test_an_unchanged_registry_still_syncing_is_waited_for(registry, run_module, monkeypatch):
    palette = registry([LISTED], STORED)
    palette.api.get(palette.url(f"{ITEM}/sync/status"), json={"isSyncSupported": True, "status": "Completed"})
    monkeypatch.setattr(system_registry.time, "sleep", lambda _s: None)
    result = run_module(palette_system_registry, {**ARGS, "wait_for_sync": True})
    assert result["changed"] is False
    assert result["sync"]["status"] == "Completed"
    assert palette.calls == [LOGIN, LIST, f"GET {ITEM}", f"GET {ITEM}/sync/status"]


def test_check_mode_returns_the_registry_as_it_would_be(registry, run_module):
    registry([LISTED], STORED)
    result = run_module(palette_system_registry, {**ARGS, "endpoint": "https://harbor2.example.com"}, check_mode=True)
    assert result["changed"] is True
    assert result["system_registry"]["endpoint"] == "https://harbor2.example.com"


def test_a_create_answered_without_a_uid_fails_saying_so(registry, run_module):
    palette = registry([])
    palette.api.replace("POST", palette.url("/v1/registries/oci/basic"), status=201, json={})
    result = run_module(palette_system_registry, ARGS)
    assert result["failed"] is True
    assert result["changed"] is True
    assert result["msg"].startswith(
        "Palette created the system registry 'harbor-packs' but did not answer with its uid"
    )


def test_a_read_back_that_fails_after_the_write_still_says_changed(registry, run_module):
    palette = registry([LISTED], STORED)
    palette.api.get(palette.url(ITEM), status=500, json={"code": "Boom", "message": "down"})
    result = run_module(palette_system_registry, {**ARGS, "update_password": "always"})
    assert result["failed"] is True
    assert result["changed"] is True
    assert "answered 500" in result["msg"]


def test_an_unchanged_registry_whose_last_sync_failed_warns_and_waits_for_nothing(registry, run_module, monkeypatch):
    palette = registry([LISTED], STORED)
    palette.api.get(
        palette.url(f"{ITEM}/sync/status"), json={"isSyncSupported": True, "status": "Failed", "message": "x"}
    )
    monkeypatch.setattr(system_registry.time, "sleep", pytest.fail)
    result = run_module(palette_system_registry, {**ARGS, "wait_for_sync": True})
    assert result["changed"] is False
    assert result["sync"]["status"] == "Failed"
    assert warning_texts(result) == [
        "The last pack sync of the system registry 'harbor-packs' failed: x. "
        "The task changed nothing, so no sync started."
    ]


def test_an_unchanged_registry_that_never_synced_waits_for_nothing(registry, run_module, monkeypatch):
    palette = registry([LISTED], STORED)
    palette.api.get(palette.url(f"{ITEM}/sync/status"), json={"isSyncSupported": True, "status": ""})
    monkeypatch.setattr(system_registry.time, "sleep", pytest.fail)
    result = run_module(palette_system_registry, {**ARGS, "wait_for_sync": True})
    assert result["changed"] is False
    assert result["sync"]["status"] is None


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"name": "  "}, "name must not be empty."),
        ({"endpoint": " "}, "endpoint must not be empty."),
        ({"private": False}, "private does not apply to type: basic."),
    ],
)
def test_more_bad_input_fails_before_any_call(palette, run_module, change, problem):
    result = run_module(palette_system_registry, {**ARGS, **change})
    assert result["failed"] is True
    assert problem in result["msg"]
    assert palette.calls == []
