"""The simulator's system OCI registries, AWS STS accounts and cloud provider credentials, driven over
HTTP against a console in this process (and, for validation, the lab's real OCI registry and moto)."""

from __future__ import annotations

import os
import time

import pytest
import requests
import trustme

from palette_simulator.backup_targets import S3Server
from palette_simulator.console import Console
from palette_simulator.faults import Fault
from palette_simulator.oci_registry import BINARY, OciRegistry

REGISTRIES = "/v1/registries/oci"
STS, GOV_STS = "/v1/system/config/aws/sts/account", "/v1/system/config/awsgov/sts/account"
OCI_USER, OCI_PASSWORD = "palette-packs", "Unit-Oci-Pass-4"
STS_ACCOUNT = {"accessKey": "AKIAUNIT000000000001", "secretKey": "Unit-Sts-Secret-1", "accountId": "123456789012"}


class Api:
    """A signed-in client of one console."""

    def __init__(self, console):
        self.console = console
        self.session = requests.Session()
        reply = self.session.post(
            f"{console.base_url}/v1/auth/syslogin", json={"username": "admin", "password": "admin"}
        )
        self.session.headers["Authorization"] = reply.json()["Authorization"]

    def __call__(self, method, path, body=None, **query):
        return self.session.request(method, f"{self.console.base_url}{path}", json=body, params=query, timeout=10)


@pytest.fixture(scope="module")
def served():
    # One server for the module: stopping one waits for its accept loop's half-second poll.
    console = Console()
    console.serve()
    yield console
    console.shutdown()


@pytest.fixture
def console(served):
    """The module's console, as new: no state, the default settings."""
    settings, endpoint = dict(served.settings), served.s3_endpoint
    served.reset()
    yield served
    served.configure(**settings)
    served.s3_endpoint = endpoint


@pytest.fixture
def api(console):
    return Api(console)


def basic(name="packs", **spec):
    auth = {"type": "basic", "username": OCI_USER, "password": OCI_PASSWORD}
    return {"metadata": {"name": name}, "spec": {"endpoint": "https://127.0.0.1:1", "auth": auth, **spec}}


def ecr(name="images", **spec):
    credentials = {"accessKey": "AKIAUNIT000000000002", "secretKey": "Unit-Ecr-Secret-3", "credentialType": "secret"}
    endpoint = "123456789012.dkr.ecr.eu-west-1.amazonaws.com"
    return {
        "metadata": {"name": name},
        "spec": {
            "endpoint": endpoint,
            "isPrivate": True,
            "defaultRegion": "eu-west-1",
            "credentials": credentials,
            **spec,
        },
    }


def create(api, kind, body, **query):
    reply = api("POST", f"{REGISTRIES}/{kind}", body, **query)
    assert reply.status_code == 201, reply.text
    return reply.json()["uid"]


def code(reply):
    return reply.status_code, reply.json()["code"]


def settled(api, path, timeout=10.0):
    """The sync status once it is no longer InProgress."""
    deadline = time.monotonic() + timeout
    while True:
        status = api("GET", f"{path}/sync/status").json()
        if status["status"] != "InProgress" or time.monotonic() > deadline:
            return status
        time.sleep(0.05)


# The summary ---------------------------------------------------------------


def test_the_summary_pages_over_every_registry_tenants_ones_included(console, api):
    seeded = [
        console.seed_registry("basic", f"tenant-{index:03d}", {"endpoint": "https://t.example"}) for index in range(119)
    ]
    mine = create(api, "ecr", ecr())
    pages, token = [], None
    while True:
        reply = api("GET", f"{REGISTRIES}/summary", **({"continue": token} if token else {}))
        assert reply.status_code == 200
        pages.append(reply.json()["items"])
        token = reply.json()["listmeta"]["continue"]
        assert reply.json()["listmeta"]["count"] == 120
        if not token:
            break
    assert [len(page) for page in pages] == [50, 50, 20]
    items = [item for page in pages for item in page]
    assert [item["metadata"]["uid"] for item in items] == [*seeded, mine]
    assert items[0]["spec"] == {
        "endpoint": "https://t.example",
        "providerType": "helm",
        "registryType": "basic",
        "scope": "tenant",
        "containsSpectroManifest": False,
    }
    assert items[-1]["spec"]["registryType"] == "ecr"
    assert items[-1]["spec"]["scope"] == "system"
    assert items[-1]["spec"]["isPrivate"] is True
    assert items[-1]["status"]["sync"] == {"isSyncSupported": False, "status": ""}
    assert api("GET", f"{REGISTRIES}/summary", limit="7").json()["listmeta"]["limit"] == 7
    assert code(api("GET", f"{REGISTRIES}/summary", **{"continue": "made-up"})) == (400, "InvalidRequest")


# Create, read, update, delete ------------------------------------------------


def test_a_name_is_taken_whatever_the_kind_or_scope(console, api):
    create(api, "basic", basic("packs"))
    console.seed_registry("ecr", "tenant-images", {"endpoint": "e", "isPrivate": False})
    assert code(api("POST", f"{REGISTRIES}/basic", basic("packs"))) == (409, "RegistryAlreadyExists")
    assert code(api("POST", f"{REGISTRIES}/ecr", ecr("packs"))) == (409, "RegistryAlreadyExists")
    assert code(api("POST", f"{REGISTRIES}/basic", basic("tenant-images"))) == (409, "RegistryAlreadyExists")
    assert len(console.registries) == 2


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (basic(extra=1), "unknown field spec.extra"),
        (basic(isSyncSupported="yes"), "field spec.isSyncSupported must be of type bool"),
        ({**basic(), "status": {}}, "unknown field status"),
        (basic(endpoint=""), "required and missing: spec.endpoint"),
        ({"metadata": {"name": "x"}, "spec": {"endpoint": "e"}}, "required and missing: spec.auth"),
        ({"spec": basic()["spec"]}, "required and missing: metadata.name"),
        (basic(scope="tenant"), "spec.scope must be one of '', 'system'"),
        (basic(providerType="oci"), "spec.providerType must be one of"),
        (basic(auth={"type": "password"}), "spec.auth.type must be one of"),
        (basic(auth={"tls": {"enabled": "true"}}), "field spec.auth.tls.enabled must be of type bool"),
    ],
)
def test_a_create_palette_would_refuse_is_a_400(console, api, body, message):
    reply = api("POST", f"{REGISTRIES}/basic", body)
    assert code(reply) == (400, "InvalidRequest")
    assert message in reply.json()["message"]
    assert console.registries == {}


def test_ecr_needs_endpoint_and_is_private(api):
    reply = api("POST", f"{REGISTRIES}/ecr", {"metadata": {"name": "x"}, "spec": {"endpoint": "e"}})
    assert code(reply) == (400, "InvalidRequest")
    assert "spec.isPrivate" in reply.json()["message"]
    bad = ecr(credentials={"credentialType": "pod-identity"})
    assert code(api("POST", f"{REGISTRIES}/ecr", bad)) == (400, "InvalidRequest")


def test_secrets_read_back_masked_whatever_the_consoles_secret_readback(console, api):
    console.configure(secret_readback="plain")
    uid = create(api, "basic", basic(auth={"type": "token", "token": "Unit-Token-7", "password": ""}))
    spec = api("GET", f"{REGISTRIES}/{uid}/basic").json()["spec"]
    assert spec["auth"] == {"type": "token", "token": "********"}
    assert spec["scope"] == "system"

    uid = create(api, "ecr", ecr())
    document = api("GET", f"{REGISTRIES}/{uid}/ecr").json()
    assert document["spec"]["credentials"]["secretKey"] == "********"
    assert document["spec"]["credentials"]["accessKey"] == "AKIAUNIT000000000002"
    assert document["metadata"] == {"uid": uid, "name": "images"}
    assert document["status"]["syncStatus"] == {"isSyncSupported": False, "status": ""}


def test_a_mask_sent_back_is_stored_as_the_secret(console, api):
    uid = create(api, "basic", basic())
    read = api("GET", f"{REGISTRIES}/{uid}/basic").json()
    assert (
        api("PUT", f"{REGISTRIES}/{uid}/basic", {"metadata": read["metadata"], "spec": read["spec"]}).status_code == 204
    )
    assert console.registries[uid]["spec"]["auth"]["password"] == "********"


def test_a_uid_of_the_other_kind_or_of_none_is_not_found(api):
    uid = create(api, "basic", basic())
    for method, path in (
        ("GET", f"{REGISTRIES}/{uid}/ecr"),
        ("PUT", f"{REGISTRIES}/{uid}/ecr"),
        ("DELETE", f"{REGISTRIES}/{uid}/ecr"),
        ("GET", f"{REGISTRIES}/{uid}/ecr/sync/status"),
        ("POST", f"{REGISTRIES}/{uid}/ecr/sync"),
        ("GET", f"{REGISTRIES}/no-such-uid/basic"),
    ):
        body = ecr() if method == "PUT" else None
        assert code(api(method, path, body)) == (404, "ResourceNotFound"), (method, path)
    assert api("DELETE", f"{REGISTRIES}/{uid}/basic").status_code == 204
    assert code(api("GET", f"{REGISTRIES}/{uid}/basic")) == (404, "ResourceNotFound")


def test_a_put_keeps_the_name_and_cannot_turn_synchronization_off(console, api):
    uid = create(api, "ecr", ecr(isSyncSupported=True))
    item = f"{REGISTRIES}/{uid}/ecr"
    assert code(api("PUT", item, ecr("renamed", isSyncSupported=True))) == (400, "InvalidRequest")
    assert code(api("PUT", item, ecr())) == (400, "RegistrySyncCannotBeDisabled")
    assert console.registries[uid]["spec"]["isSyncSupported"] is True

    uid = create(api, "ecr", ecr("off"))
    assert api("PUT", f"{REGISTRIES}/{uid}/ecr", ecr("off", isSyncSupported=True)).status_code == 204
    assert code(api("POST", f"{REGISTRIES}/{create(api, 'basic', basic())}/basic/sync")) == (
        400,
        "RegistrySyncNotSupported",
    )


def test_a_sync_is_in_progress_then_completed(console, api):
    console.configure(registry_sync_seconds=0.2)
    uid = create(api, "ecr", ecr(isSyncSupported=True))
    item = f"{REGISTRIES}/{uid}/ecr"
    status = api("GET", f"{item}/sync/status").json()
    assert status["status"] == "InProgress"
    assert "lastSyncedTime" not in status
    done = settled(api, item)
    assert done["status"] == "Completed"
    assert done["message"] == ""
    assert done["lastSyncedTime"] >= done["lastRunTime"]
    assert api("GET", item).json()["status"]["syncStatus"] == done

    assert api("POST", f"{item}/sync").status_code == 202
    again = api("GET", f"{item}/sync/status").json()
    assert again["status"] == "InProgress"
    assert again["lastSyncedTime"] == done["lastSyncedTime"]


def test_skip_pack_sync_leaves_the_sync_for_later(api):
    uid = create(api, "ecr", ecr(isSyncSupported=True), skipPackSync="true")
    assert api("GET", f"{REGISTRIES}/{uid}/ecr/sync/status").json() == {
        "isSyncSupported": True,
        "status": "",
        "message": "",
    }
    reply = api("POST", f"{REGISTRIES}/ecr", ecr("other"), skipPackSync="maybe")
    assert code(reply) == (400, "InvalidRequest")


def test_registries_are_like_every_route_logged_faulted_and_signed_in(console, api):
    anonymous = requests.get(f"{console.base_url}{REGISTRIES}/summary", timeout=10)
    assert code(anonymous) == (401, "Unauthorized")
    console.inject(Fault(f"{REGISTRIES}/basic", method="POST", status=503))
    assert api("POST", f"{REGISTRIES}/basic", basic()).status_code == 503
    create(api, "basic", basic())
    assert code(api("GET", f"{REGISTRIES}/basic")) == (405, "MethodNotAllowed")
    assert console.calls("POST", f"{REGISTRIES}/basic") == [f"POST {REGISTRIES}/basic"] * 2
    assert [entry["status"] for entry in console.log if entry["path"] == f"{REGISTRIES}/basic"] == [503, 201, 405]
    console.reset()
    assert console.registries == {}
    assert console.registry_syncs == {}


# Validation ------------------------------------------------------------------


@pytest.fixture
def registry(tmp_path):
    if not os.access(BINARY, os.X_OK):
        pytest.skip("Debian's docker-registry is not installed")
    with OciRegistry(tmp_path / "registry", OCI_USER, OCI_PASSWORD, trustme.CA()) as registry:
        yield registry


def test_validation_signs_in_to_the_real_registry(api, registry):
    spec = {
        "endpoint": registry.endpoint,
        "auth": {"type": "basic", "username": OCI_USER, "password": OCI_PASSWORD, "tls": {"ca": registry.ca_pem}},
    }
    good = api("POST", f"{REGISTRIES}/basic/validate", spec)
    assert good.status_code == 204
    assert good.headers["AuditUid"]

    wrong = {**spec, "auth": {**spec["auth"], "password": "Wrong-Oci-Pass-2"}}
    reply = api("POST", f"{REGISTRIES}/basic/validate", wrong)
    assert code(reply) == (400, "RegistryValidationFailed")
    assert "401" in reply.json()["message"]
    assert "Wrong-Oci-Pass-2" not in reply.text

    untrusted = {**spec, "auth": {**spec["auth"], "tls": {}}}
    reply = api("POST", f"{REGISTRIES}/basic/validate", untrusted)
    assert code(reply) == (400, "RegistryValidationFailed")
    assert "certificate signed by unknown authority" in reply.json()["message"]
    assert code(api("POST", f"{REGISTRIES}/basic/validate", {"auth": {}})) == (400, "InvalidRequest")
    assert (OCI_USER, True) in registry.logins()


def test_a_basic_sync_signs_in_to_the_registry(console, api, registry):
    console.configure(registry_sync_seconds=0)
    auth = {"type": "basic", "username": OCI_USER, "password": OCI_PASSWORD, "tls": {"ca": registry.ca_pem}}
    uid = create(api, "basic", basic(endpoint=registry.endpoint, auth=auth, isSyncSupported=True))
    assert settled(api, f"{REGISTRIES}/{uid}/basic")["status"] == "Completed"

    # A client that sends the masks back breaks the registry: the next sync cannot sign in.
    read = api("GET", f"{REGISTRIES}/{uid}/basic").json()
    assert (
        api("PUT", f"{REGISTRIES}/{uid}/basic", {"metadata": read["metadata"], "spec": read["spec"]}).status_code == 204
    )
    failed = settled(api, f"{REGISTRIES}/{uid}/basic")
    assert failed["status"] == "Failed"
    assert "401" in failed["message"]


def test_ecr_validation_asks_moto_for_a_token(console, api):
    spec = ecr()["spec"]
    reply = api("POST", f"{REGISTRIES}/ecr/validate", spec)
    assert code(reply) == (400, "RegistryValidationFailed")
    assert reply.json()["message"] == "no ECR endpoint is reachable from this console"

    moto = S3Server("unit-bucket", "eu-west-1").start()
    try:
        console.s3_endpoint = moto.endpoint
        assert api("POST", f"{REGISTRIES}/ecr/validate", spec).status_code == 204
        reply = api("POST", f"{REGISTRIES}/ecr/validate", {**spec, "defaultRegion": ""})
        assert code(reply) == (400, "RegistryValidationFailed")
        assert "You must specify a region" in reply.json()["message"]
        assert "Unit-Ecr-Secret-3" not in reply.text
    finally:
        moto.stop()


# STS accounts and cloud credentials ------------------------------------------


def test_sts_following_the_docs_post_creates_and_put_modifies(console, api):
    assert api("GET", STS).json() == {}
    assert code(api("PUT", STS, STS_ACCOUNT)) == (404, "ResourceNotFound")
    assert console.stored["aws_sts"] == {}
    assert api("POST", STS, STS_ACCOUNT).status_code == 204
    assert code(api("POST", STS, STS_ACCOUNT)) == (409, "StsAccountAlreadyExists")
    assert api("PUT", STS, {**STS_ACCOUNT, "secretKey": "Unit-Sts-Secret-2"}).status_code == 204
    assert console.stored["aws_sts"]["secretKey"] == "Unit-Sts-Secret-2"
    assert code(api("POST", STS, {"accessKey": 1})) == (400, "InvalidRequest")
    console.configure(secret_readback="masked")
    assert api("GET", STS).json() == {**STS_ACCOUNT, "secretKey": "********"}
    assert console.stored["aws_gov_sts"] == {}


def test_sts_following_the_spec_put_stores_and_only_govcloud_has_post(console, api):
    console.configure(sts_create_method="PUT")
    unrouted = api("PATCH", STS, STS_ACCOUNT)
    reply = api("POST", STS, STS_ACCOUNT)
    assert code(reply) == code(unrouted) == (405, "MethodNotAllowed")
    assert reply.json()["message"] == f"POST not allowed on {STS}"
    anonymous = requests.post(f"{console.base_url}{STS}", json=STS_ACCOUNT, timeout=10)
    assert anonymous.status_code == requests.patch(f"{console.base_url}{STS}", timeout=10).status_code == 405
    assert api("PUT", STS, STS_ACCOUNT).status_code == 204
    assert api("PUT", STS, STS_ACCOUNT).status_code == 204
    assert api("GET", STS).json() == STS_ACCOUNT

    assert api("POST", GOV_STS, STS_ACCOUNT).status_code == 204
    assert code(api("POST", GOV_STS, STS_ACCOUNT)) == (409, "StsAccountAlreadyExists")
    assert api("PUT", GOV_STS, STS_ACCOUNT).status_code == 204
    with pytest.raises(ValueError, match="sts_create_method"):
        console.configure(sts_create_method="PATCH")


@pytest.mark.parametrize(
    ("path", "name", "spec", "secret"),
    [
        ("/v1/system/config/aws/account", "aws_account", {"accessKey": "AKIAUNIT3", "secretKey": "s3"}, "secretKey"),
        (
            "/v1/system/config/azure/account",
            "azure_account",
            {"clientId": "c", "clientSecret": "s4", "tenantId": "t", "subscriptionId": "u"},
            "clientSecret",
        ),
        ("/v1/system/config/gcp/account", "gcp_account", {"json": '{"type": "service_account"}'}, "json"),
    ],
)
def test_cloud_credentials_round_trip(console, api, path, name, spec, secret):
    assert api("GET", path).json() == {}
    assert api("PUT", path, {"spec": spec}).status_code == 204
    assert console.stored[name] == {"spec": spec}
    assert api("GET", path).json() == {"spec": spec}
    console.configure(secret_readback="masked")
    assert api("GET", path).json() == {"spec": {**spec, secret: "********"}}
    assert code(api("PUT", path, {**spec})) == (400, "InvalidRequest")
    assert code(api("POST", path, {"spec": spec})) == (405, "MethodNotAllowed")


def test_the_sync_seconds_are_a_number_of_seconds(console):
    with pytest.raises(ValueError, match="registry_sync_seconds"):
        console.configure(registry_sync_seconds=-1)
