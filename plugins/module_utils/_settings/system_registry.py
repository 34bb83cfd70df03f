# Copyright (c) palette.selfhosted contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""System-level OCI registries, the pack and Helm registries every tenant sees (System Console >
Administration > Registries): a basic one (v1BasicOciRegistry) or an Amazon ECR one
(v1EcrRegistry), keyed by name.

FOR INTERNAL COLLECTION USE ONLY: no compatibility promise outside palette.selfhosted.
Palette validates a registry (it signs in to it) before the console lets one be saved, and so does
the collection. Registry secrets read back masked, so the password, token or secret key is sent
when something else changes, or on every run with update_<secret>: always. A registry that syncs
its packs starts a sync when saved; the task can wait for it.
"""

from __future__ import annotations

import time

from ansible_collections.palette.selfhosted.plugins.module_utils._engine import Field, Setting, SettingChoice, dig
from ansible_collections.palette.selfhosted.plugins.module_utils._keyed_settings import KeyedSetting, KeyedSettingList
from ansible_collections.palette.selfhosted.plugins.module_utils._resource import Failed
from ansible_collections.palette.selfhosted.plugins.module_utils._validators import (
    control_character_problems,
    pem_problems,
)

# NOTES: the paths are INFERRED. Palette documents system registries only as steps in the system
# console (Add System-Level Registry); the calls are the tenant registry API of its spec ("Palette
# APIs - 4.8") used with the system token, whose registries get scope system: list
# GET /v1/registries/oci/summary (v1OciRegistries, spec.registryType basic or ecr, spec.scope; read
# page after page like every list, one call when the console gives no continue token); create POST
# /v1/registries/oci/{basic,ecr} (201 {uid}); GET/PUT/DELETE /v1/registries/oci/{uid}/{basic,ecr};
# validate POST /v1/registries/oci/{basic,ecr}/validate (the spec alone, 204); the sync status
# GET /v1/registries/oci/{uid}/{basic,ecr}/sync/status (v1RegistrySyncStatus). The sync states are
# those the Terraform provider waits on (Completed or Success, Failed or Error).
LIST_PATH = "/v1/registries/oci/summary"
INFERRED = (
    "The collection infers that API from Palette's API spec, since Palette documents system registries only "
    "as steps in the system console: add the registry there (System Console > Administration > Registries)."
)
SYSTEM_SCOPE = "system"
AUTHENTICATIONS = {"none": "noAuth", "basic": "basic", "token": "token"}
DONE, FAILED = ("completed", "success"), ("failed", "error")
# Seconds between two reads of a sync's status: soon at first, since a small registry syncs in seconds.
_FIRST_POLL, _LAST_POLL = 0.5, 5.0

_COMMON = (
    Field("name", "metadata.name", required=True, strip=True),
    Field("endpoint", "spec.endpoint", required=True, strip=True),
    Field("base_content_path", "spec.baseContentPath", strip=True),
    Field("synchronization", "spec.isSyncSupported", type="bool", default=True),
    Field("contains_spectro_manifest", "spec.containsSpectroManifest", type="bool", default=False),
)


def _common_problems(params):
    problems = [
        f"{option} must not be empty." for option in ("name", "endpoint") if not (params.get(option) or "").strip()
    ]
    problems += control_character_problems("endpoint", params.get("endpoint"))
    if params.get("ca_certificate"):
        problems += pem_problems("ca_certificate", params["ca_certificate"], "CERTIFICATE")
    if params.get("provider_type") == "pack" and not params.get("synchronization", True):
        problems.append(
            "provider_type: pack needs synchronization: true; Palette reads packs only from a synced registry."
        )
    return problems


def _basic_problems(params):
    problems = _common_problems(params)
    authentication = params.get("authentication") or "basic"
    needs = {"none": (), "basic": ("username", "password"), "token": ("token",)}[authentication]
    for option in ("username", "password", "token"):
        given = params.get(option) is not None
        if option in needs and not given:
            problems.append(f"{option} is required with authentication: {authentication}.")
        elif given and option not in needs:
            problems.append(f"{option} does not apply to authentication: {authentication}.")
    return problems


def _ecr_problems(params):
    problems = _common_problems(params)
    if params.get("provider_type") == "zarf":
        problems.append("provider_type: zarf is for basic registries only.")
    if params.get("private", True) and not (params.get("access_key") and params.get("secret_key")):
        problems.append("private: true needs access_key and secret_key, with which Palette signs in to ECR.")
    return problems


BASIC = Setting(
    name="basic_registry",
    title="basic system registry",
    path="/v1/registries/oci/{uid}/basic",
    validate_path="/v1/registries/oci/basic/validate",
    validate_method="POST",
    validate_part="spec",
    fields=(
        *_COMMON,
        Field("provider_type", "spec.providerType", default="pack", choices=("pack", "helm", "zarf")),
        Field(
            "authentication",
            "spec.auth.type",
            default="basic",
            choices=tuple(AUTHENTICATIONS),
            api_values=AUTHENTICATIONS,
        ),
        Field("username", "spec.auth.username", strip=True),
        Field("password", "spec.auth.password", secret=True),
        Field("token", "spec.auth.token", secret=True),
        Field("ca_certificate", "spec.auth.tls.ca", strip=True),
        Field("insecure_skip_verify", "spec.auth.tls.insecureSkipVerify", type="bool", default=False),
    ),
    fixed={"spec.scope": SYSTEM_SCOPE, "spec.auth.tls.enabled": True},
    check=_basic_problems,
    inferred=INFERRED,
)

ECR = Setting(
    name="ecr_registry",
    title="ECR system registry",
    path="/v1/registries/oci/{uid}/ecr",
    validate_path="/v1/registries/oci/ecr/validate",
    validate_method="POST",
    validate_part="spec",
    fields=(
        *_COMMON,
        Field("provider_type", "spec.providerType", default="pack", choices=("pack", "helm")),
        Field("private", "spec.isPrivate", type="bool", default=True),
        Field("default_region", "spec.defaultRegion", strip=True),
        Field("access_key", "spec.credentials.accessKey", strip=True),
        Field("secret_key", "spec.credentials.secretKey", secret=True),
        Field("ca_certificate", "spec.tls.ca", strip=True),
        Field("insecure_skip_verify", "spec.tls.insecureSkipVerify", type="bool", default=False),
    ),
    fixed={"spec.scope": SYSTEM_SCOPE, "spec.credentials.credentialType": "secret", "spec.tls.enabled": True},
    check=_ecr_problems,
    inferred=INFERRED,
)

TYPES = SettingChoice("system_registry", "type", {"basic": BASIC, "ecr": ECR})

WAIT_OPTIONS = {
    "wait_for_sync": {"type": "bool", "default": False},
    "sync_timeout": {"type": "int", "default": 600},
}


def _wait_problems(params):
    problems = []
    if params.get("wait_for_sync") and not params.get("synchronization", True):
        problems.append(
            "wait_for_sync needs synchronization: true; a registry that does not sync has nothing to wait for."
        )
    if (params.get("sync_timeout") or 0) < 1:
        problems.append("sync_timeout must be 1 or more seconds.")
    return problems


def await_sync(run, setting, uid, params, written):
    """With wait_for_sync, wait until the registry's pack sync is done (or sync_timeout runs out); the
    facts for the result. After a write, a sync that failed, or one still going when time runs out,
    fails the task with Palette's message; the registry stays saved, and the sync goes on. On a
    registry the task left as it was, only a sync still going is waited for: an earlier one that failed
    is reported as a warning, since nothing this run did started it."""
    if not params.get("wait_for_sync"):
        return {}
    name, timeout = params["name"], params["sync_timeout"]
    path = setting.path.format(uid=uid) + "/sync/status"
    deadline, pause = time.monotonic() + timeout, _FIRST_POLL
    while True:
        status = setting.request(run.client, "GET", path).body or {}
        sync = {
            "status": status.get("status") or None,
            "message": status.get("message") or None,
            "last_synced_time": status.get("lastSyncedTime") or None,
        }
        state = (sync["status"] or "").lower()
        says = f": {sync['message']}" if sync["message"] else ""
        if state in DONE or status.get("isSyncSupported") is False or (not written and not state):
            return {"sync": sync}
        if state in FAILED and not written:
            warning = (
                f"The last pack sync of the system registry {name!r} failed{says}. The task changed nothing, "
                "so no sync started."
            )
            return {"sync": sync, "warnings": [warning]}
        if state in FAILED:
            raise Failed(f"Palette saved the system registry {name!r}, but its pack sync failed{says}.", {"sync": sync})
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise Failed(
                f"Palette saved the system registry {name!r}, but its pack sync was still {sync['status'] or 'pending'}"
                f"{says} when sync_timeout ({timeout} s) ran out. The sync goes on: run the task again to wait "
                "again, or give a longer sync_timeout.",
                {"sync": sync},
            )
        time.sleep(min(pause, remaining))
        pause = min(pause * 2, _LAST_POLL)


SYSTEM_REGISTRY = KeyedSetting(
    name="system_registry",
    title="system registry",
    list_path=LIST_PATH,
    key=_COMMON[0],
    types=TYPES,
    type_at="spec.registryType",
    create_paths={"basic": "/v1/registries/oci/basic", "ecr": "/v1/registries/oci/ecr"},
    listed=lambda item: dig(item, "spec.scope") == SYSTEM_SCOPE,
    one_way={"synchronization": True},
    options=WAIT_OPTIONS,
    check_options=_wait_problems,
    settle=await_sync,
    inferred=INFERRED,
)
SYSTEM_REGISTRIES = KeyedSettingList("system_registries", SYSTEM_REGISTRY)
