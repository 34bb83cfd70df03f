"""System-level OCI registries (System Console > Administration > Registries, the docs page Add
System-Level Registry): the pack and Helm registries every tenant sees, basic (v1BasicOciRegistry)
or Amazon ECR (v1EcrRegistry).

Documented: the registries, their fields and that their secrets read back masked (the Terraform
provider, ociEcrSecretKeyForRead), that validation must pass before the UI saves one, and that a
pack sync runs in the background. Inferred from the spec (the docs show UI steps only): the calls,
the tenant registry API called with the system token, whose registries get scope system:
GET /v1/registries/oci/summary (paged like the tenants, paging.py), POST /v1/registries/oci/{basic,ecr}
(?skipPackSync, 201 {uid}), GET/PUT/DELETE /v1/registries/oci/{uid}/{basic,ecr}, POST
/v1/registries/oci/{basic,ecr}/validate (the spec alone, 204 + AuditUid), POST
/v1/registries/oci/{uid}/{basic,ecr}/sync (202) and GET …/sync/status (v1RegistrySyncStatus).
Inferred too: the error codes; a name is unique across kinds and scopes; a PUT keeps the name and
replaces the spec as sent (a mask sent back is stored as the secret); synchronization, once on,
cannot be turned off (as Terraform's one-way is_synchronization).

Validating a basic registry signs in to it for real (oci_registry.probe); ECR is asked, through the
lab's moto server (the console's s3_endpoint), for an authorization token with the given keys. A sync
is InProgress for the console's ``registry_sync_seconds``, then probes the registry as validation
does (an ECR sync succeeds: the simulator pulls nothing) and ends Completed or Failed.
"""

from __future__ import annotations

import copy
import re
import secrets
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone

from palette_simulator.activation import stamp
from palette_simulator.oci_registry import RegistryRefused, probe
from palette_simulator.replies import answer, error
from palette_simulator.schema import Rejected, SettingSchema, flatten, nest

SUMMARY_PATH = "/v1/registries/oci/summary"
CREATE_PATH = re.compile(r"^/v1/registries/oci/(?P<kind>basic|ecr)$")
ITEM_PATH = re.compile(r"^/v1/registries/oci/(?P<uid>[^/]+)/(?P<kind>basic|ecr)$")
SYNC_PATH = re.compile(r"^/v1/registries/oci/(?P<uid>[^/]+)/(?P<kind>basic|ecr)/sync$")
SYNC_STATUS_PATH = re.compile(r"^/v1/registries/oci/(?P<uid>[^/]+)/(?P<kind>basic|ecr)/sync/status$")
SYSTEM = "system"
IN_PROGRESS, COMPLETED, FAILED = "InProgress", "Completed", "Failed"
VALIDATION_FAILED = "RegistryValidationFailed"
MASK = "********"
DEFAULT_SYNC_SECONDS = 0.3
# strconv.ParseBool, which Go's generated server parses a boolean query parameter with.
TRUE, FALSE = ("1", "t", "T", "TRUE", "true", "True"), ("", "0", "f", "F", "FALSE", "false", "False")

# v1ObjectMeta's fields a client sends: a uid read back is taken, and the path's is the one that counts.
METADATA = {"name": str, "uid": str}
TLS = {"ca": str, "certificate": str, "key": str, "enabled": bool, "insecureSkipVerify": bool}
COMMON = {
    "endpoint": str,
    "baseContentPath": str,
    "providerType": str,
    "isSyncSupported": bool,
    "containsSpectroManifest": bool,
    "scope": str,
}
PROVIDER_TYPES = ("helm", "zarf", "pack")
# A spec sent with another scope asks for a registry the system token does not make.
SCOPES = ("", SYSTEM)


@dataclass(frozen=True)
class RegistryKind(SettingSchema):
    """A kind of registry, described as a setting is: name, its segment of the paths (basic, ecr);
    path, its create call; fields, the body (metadata and spec); secrets, the body's fields read back
    masked; always_shown, those read back even when empty (x-omitempty: false); validate, the check
    of the validate call. required: the spec's fields a body must give; choices: spec field (dotted)
    -> the values it may take; defaults: what the spec holds unless sent; sync_probe(spec, console):
    what a sync checks, raising Rejected with its cause."""

    required: tuple = ()
    choices: dict = field(default_factory=dict)
    defaults: dict = field(default_factory=dict)
    sync_probe: object = None


def _document(registry, sync):
    """v1BasicOciRegistry or v1EcrRegistry: Go omitempty, the secrets masked when set."""
    kind = KINDS[registry["kind"]]
    flat = flatten({"metadata": registry["metadata"], "spec": {**registry["spec"], "scope": registry["scope"]}})
    for secret in kind.secrets:
        if flat.get(secret):
            flat[secret] = MASK
    return {**nest(_shown(flat, kind.always_shown)), "status": {"syncStatus": _sync_status(registry, sync)}}


def _summary(registry, sync):
    """v1OciRegistry, the summary's item."""
    spec = {key: registry["spec"].get(key) for key in ("endpoint", "providerType", "isPrivate", "defaultRegion")}
    spec.update(
        registryType=registry["kind"],
        scope=registry["scope"],
        containsSpectroManifest=registry["spec"].get("containsSpectroManifest", False),
    )
    return {
        "metadata": registry["metadata"],
        "spec": _shown(spec, ("containsSpectroManifest",)),
        "status": {"sync": _sync_status(registry, sync)},
    }


def _syncs(registry):
    return bool(registry["spec"].get("isSyncSupported"))


def _sync_status(registry, sync):
    """v1RegistrySyncStatus, from the registry's last sync (None: none has run)."""
    if not _syncs(registry):
        return {"isSyncSupported": False, "status": ""}
    return {"isSyncSupported": True, **(sync or {"status": "", "message": ""})}


def _shown(flat, always_shown):
    return {key: value for key, value in flat.items() if value not in ("", 0, False, None) or key in always_shown}


def _now():
    return stamp(datetime.now(timezone.utc))


# Checks --------------------------------------------------------------------


def spec_problem(kind, spec, prefix=""):
    """What a spec lacks or holds that Palette refuses, beyond its fields' types; None when fine."""
    missing = [f"{prefix}{key}" for key in kind.required if spec.get(key) in (None, "")]
    if missing:
        return f"required and missing: {', '.join(missing)}"
    flat = flatten(spec)
    for key, allowed in kind.choices.items():
        if flat.get(key) is not None and flat[key] not in allowed:
            return f"{prefix}{key} must be one of {', '.join(repr(value) for value in allowed)}"
    return None


def probe_basic(spec, console):
    """Sign in to the registry as the spec says; Rejected with the cause when it refuses (the probe's
    message never holds the password or token)."""
    auth = spec.get("auth") or {}
    tls = auth.get("tls") or {}
    credentials = {
        "basic": {"username": auth.get("username"), "password": auth.get("password")},
        "token": {"token": auth.get("token")},
    }.get(auth.get("type"), {})
    try:
        probe(
            spec["endpoint"],
            **credentials,
            ca_pem=tls.get("ca") or None,
            insecure=bool(tls.get("insecureSkipVerify")),
            timeout=console.validation_timeout,
        )
    except RegistryRefused as refused:
        raise Rejected(VALIDATION_FAILED, str(refused)) from None


def probe_ecr(spec, console):
    """Ask ECR (the lab's moto server) for an authorization token with the spec's keys."""
    # Imported here: only ECR validation needs boto3, and it is slow to import.
    import boto3
    from botocore.config import Config
    from botocore.exceptions import BotoCoreError, ClientError

    if not console.s3_endpoint:
        raise Rejected(VALIDATION_FAILED, "no ECR endpoint is reachable from this console")
    credentials = spec.get("credentials") or {}
    region = spec.get("defaultRegion") or None
    try:
        client = boto3.client(
            "ecr",
            endpoint_url=console.s3_endpoint,
            region_name=region,
            aws_access_key_id=credentials.get("accessKey", ""),
            aws_secret_access_key=credentials.get("secretKey", ""),
            config=Config(
                connect_timeout=console.validation_timeout,
                read_timeout=console.validation_timeout,
                retries={"max_attempts": 1},
            ),
        )
        client.get_authorization_token()
    # The secret key only signs the request, and never travels: no error of AWS's can quote it.
    except ClientError as exc:
        cause = exc.response.get("Error", {})
        raise Rejected(VALIDATION_FAILED, f"ecr {region}: {cause.get('Code')}: {cause.get('Message')}") from None
    except BotoCoreError as exc:
        raise Rejected(VALIDATION_FAILED, f"ecr {region or ''}: {exc}") from None


def _validated(name, check):
    """The validate hook of the kind ``name``: its spec checked, then the registry probed (``check``)."""

    def validate(spec, console):
        problem = spec_problem(KINDS[name], spec)
        if problem:
            raise Rejected("InvalidRequest", problem)
        check(spec, console)

    return validate


def _nothing_to_pull(_spec, _console):
    """An ECR sync: the simulator cannot reach AWS, and pulls nothing."""


BASIC = RegistryKind(
    name="basic",
    definition="v1BasicOciRegistry",
    path="/v1/registries/oci/basic",
    fields={
        "metadata": METADATA,
        "spec": {
            **COMMON,
            "basePath": str,
            "auth": {"type": str, "username": str, "password": str, "token": str, "tls": TLS},
        },
    },
    secrets=("spec.auth.password", "spec.auth.token"),
    always_shown=("spec.containsSpectroManifest", "spec.auth.tls.enabled", "spec.auth.tls.insecureSkipVerify"),
    validate_path="/v1/registries/oci/basic/validate",
    validate_method="POST",
    validate_part="spec",
    validate=_validated("basic", probe_basic),
    required=("endpoint", "auth"),
    choices={"auth.type": ("noAuth", "basic", "token"), "providerType": PROVIDER_TYPES, "scope": SCOPES},
    defaults={"providerType": "helm", "containsSpectroManifest": False},
    sync_probe=probe_basic,
)

ECR = RegistryKind(
    name="ecr",
    definition="v1EcrRegistry",
    path="/v1/registries/oci/ecr",
    fields={
        "metadata": METADATA,
        "spec": {
            **COMMON,
            "isPrivate": bool,
            "defaultRegion": str,
            "tls": TLS,
            "credentials": {
                "accessKey": str,
                "secretKey": str,
                "credentialType": str,
                "sts": {"arn": str, "externalId": str},
                "partition": str,
            },
        },
    },
    secrets=("spec.credentials.secretKey",),
    always_shown=("spec.containsSpectroManifest", "spec.tls.enabled", "spec.tls.insecureSkipVerify"),
    validate_path="/v1/registries/oci/ecr/validate",
    validate_method="POST",
    validate_part="spec",
    validate=_validated("ecr", probe_ecr),
    required=("endpoint", "isPrivate"),
    choices={
        "credentials.credentialType": ("secret", "sts"),
        "credentials.partition": ("aws", "aws-us-gov", "aws-iso", "aws-iso-b"),
        "providerType": PROVIDER_TYPES,
        "scope": SCOPES,
    },
    defaults={"providerType": "helm", "containsSpectroManifest": False},
    sync_probe=_nothing_to_pull,
)

KINDS = {kind.name: kind for kind in (BASIC, ECR)}


# Routes --------------------------------------------------------------------


def lists(console):
    """The lists the console pages: path -> handler(query parameters) of its GET."""
    return {SUMMARY_PATH: lambda query: console.pager.page(SUMMARY_PATH, _summaries(console), query)}


def routes(console):
    """(method, path pattern, handler(body, admin, **path parameters)) for the console."""
    return [
        ("GET", ITEM_PATH, lambda body, _admin, uid, kind: _read(console, uid, kind)),
        ("PUT", ITEM_PATH, lambda body, _admin, uid, kind: _update(console, uid, kind, body)),
        ("DELETE", ITEM_PATH, lambda body, _admin, uid, kind: _delete(console, uid, kind)),
        ("POST", SYNC_PATH, lambda body, _admin, uid, kind: _sync_now(console, uid, kind)),
        ("GET", SYNC_STATUS_PATH, lambda body, _admin, uid, kind: _sync_status_of(console, uid, kind)),
    ]


def query_routes(console):
    """(method, path pattern, handler(body, admin, query parameters, **path parameters)) for the console."""
    return [("POST", CREATE_PATH, lambda body, _admin, query, kind: _create(console, KINDS[kind], body, query))]


def seed(console, kind, name, spec, scope):
    """Store a registry directly, as another scope's admin would have made it; returns its uid."""
    registry = _new(KINDS[kind], name, spec, scope)
    with console._lock:
        console.registries[registry["metadata"]["uid"]] = registry
    return registry["metadata"]["uid"]


# Handlers ------------------------------------------------------------------


def _new(kind, name, spec, scope):
    """A registry as the console keeps it: {kind, metadata, spec, scope}."""
    return {
        "kind": kind.name,
        "metadata": {"uid": secrets.token_hex(12), "name": name},
        "spec": _kept(kind, spec),
        "scope": scope,
    }


def _kept(kind, spec):
    """The spec as Palette keeps it: the spec's defaults for what is not sent; the scope is the registry's."""
    return {**kind.defaults, **{key: value for key, value in copy.deepcopy(spec).items() if key != "scope"}}


def _summaries(console):
    with console._lock:
        return [_summary(registry, console.registry_syncs.get(uid)) for uid, registry in console.registries.items()]


def _problem(kind, body):
    """What Palette refuses in a create or update body; None when fine."""
    problem = kind.parse(body)
    if problem:
        return problem
    if not (body.get("metadata") or {}).get("name", "").strip():
        return "required and missing: metadata.name"
    return spec_problem(kind, body.get("spec") or {}, "spec.")


def _find(console, uid, kind):
    """The registry ``uid`` of the kind ``kind`` (called with the lock held); None if there is none."""
    registry = console.registries.get(uid)
    return registry if registry is not None and registry["kind"] == kind else None


def _not_found(uid, kind):
    return error(404, "ResourceNotFound", f"{kind} registry {uid} not found")


def _create(console, kind, body, query):
    problem = _problem(kind, body)
    if problem:
        return error(400, "InvalidRequest", problem)
    skip = query.get("skipPackSync", "")
    if skip not in TRUE + FALSE:
        return error(400, "InvalidRequest", f"skipPackSync must be a boolean, got {skip!r}")
    name = body["metadata"]["name"].strip()
    registry = _new(kind, name, body.get("spec") or {}, SYSTEM)
    uid = registry["metadata"]["uid"]
    with console._lock:
        if any(other["metadata"]["name"] == name for other in console.registries.values()):
            return error(409, "RegistryAlreadyExists", f"a registry named {name} already exists")
        console.registries[uid] = registry
        if _syncs(registry) and skip not in TRUE:
            _start_sync(console, uid)
    return answer(201, {"uid": uid}, {"AuditUid": secrets.token_hex(12)})


def _read(console, uid, kind):
    with console._lock:
        registry = _find(console, uid, kind)
        if registry is None:
            return _not_found(uid, kind)
        return answer(200, _document(registry, console.registry_syncs.get(uid)))


def _update(console, uid, kind, body):
    problem = _problem(KINDS[kind], body)
    if problem:
        return error(400, "InvalidRequest", problem)
    spec = _kept(KINDS[kind], body.get("spec") or {})
    with console._lock:
        registry = _find(console, uid, kind)
        if registry is None:
            return _not_found(uid, kind)
        name = registry["metadata"]["name"]
        if body["metadata"]["name"].strip() != name:
            return error(400, "InvalidRequest", f"metadata.name cannot change: the registry is {name}")
        if _syncs(registry) and not spec.get("isSyncSupported"):
            return error(400, "RegistrySyncCannotBeDisabled", f"synchronization of {name} is on and cannot be disabled")
        registry["spec"] = spec
        if _syncs(registry):
            _start_sync(console, uid)
    return answer(204)


def _delete(console, uid, kind):
    with console._lock:
        if _find(console, uid, kind) is None:
            return _not_found(uid, kind)
        del console.registries[uid]
        console.registry_syncs.pop(uid, None)
    return answer(204)


def _sync_now(console, uid, kind):
    with console._lock:
        registry = _find(console, uid, kind)
        if registry is None:
            return _not_found(uid, kind)
        if not _syncs(registry):
            return error(400, "RegistrySyncNotSupported", f"synchronization of {registry['metadata']['name']} is off")
        _start_sync(console, uid)
    return answer(202)


def _sync_status_of(console, uid, kind):
    with console._lock:
        registry = _find(console, uid, kind)
        if registry is None:
            return _not_found(uid, kind)
        return answer(200, _sync_status(registry, console.registry_syncs.get(uid)))


# Pack sync -----------------------------------------------------------------


def _start_sync(console, uid):
    """Start a sync of the registry as it is now (called with the lock held): InProgress, then, in a
    thread, the outcome of its probe after the console's registry_sync_seconds."""
    registry = console.registries[uid]
    sync = {"status": IN_PROGRESS, "message": "", "lastRunTime": _now()}
    previous = console.registry_syncs.get(uid) or {}
    if "lastSyncedTime" in previous:
        sync["lastSyncedTime"] = previous["lastSyncedTime"]
    console.registry_syncs[uid] = sync
    threading.Thread(
        target=_sync,
        args=(
            console,
            uid,
            sync,
            registry["kind"],
            copy.deepcopy(registry["spec"]),
            console.settings["registry_sync_seconds"],
        ),
        name="palette-simulator-registry-sync",
        daemon=True,
    ).start()


def _sync(console, uid, sync, kind, spec, seconds):
    time.sleep(seconds)
    try:
        KINDS[kind].sync_probe(spec, console)
        outcome = {"status": COMPLETED, "message": "", "lastSyncedTime": _now()}
    except Rejected as failed:
        outcome = {"status": FAILED, "message": failed.message}
    with console._lock:
        # A newer sync, a delete or a reset since has made this outcome moot.
        if console.registry_syncs.get(uid) is sync:
            sync.update(outcome)
