"""What only the cloud provider credentials have: Azure's UUIDs, the GCP service account's key file
(a dict the API carries as a JSON string, all of it secret), their {spec: {...}} bodies, and no
validate call, checked before any call or against the fake console."""

from __future__ import annotations

import json

import pytest

from ansible_collections.palette.selfhosted.plugins.module_utils import _engine
from ansible_collections.palette.selfhosted.plugins.module_utils._resource import Run
from ansible_collections.palette.selfhosted.plugins.module_utils._settings.cloud_credentials import (
    AWS_ACCOUNT,
    AZURE_ACCOUNT,
    CLOUD_CREDENTIALS,
    GCP_ACCOUNT,
)
from ansible_collections.palette.selfhosted.plugins.module_utils._transport import PaletteClient
from fake_palette import TOKEN, fixture, get

SETTINGS = (AWS_ACCOUNT, AZURE_ACCOUNT, GCP_ACCOUNT)
DATA = {setting.name: fixture(setting.name) for setting in SETTINGS}
AWS, AZURE, GCP = (DATA[setting.name]["params"] for setting in SETTINGS)
KEY = GCP["json"]


def client(palette, secrets=None):
    return PaletteClient(palette.base_url, token=TOKEN, retries=0, secrets=secrets)


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda setting: setting.name)
def test_accepted(setting):
    assert setting.check(DATA[setting.name]["params"]) == []


def test_the_members_of_the_group():
    assert CLOUD_CREDENTIALS.members == {"aws": AWS_ACCOUNT, "azure": AZURE_ACCOUNT, "gcp": GCP_ACCOUNT}


def test_ids_with_surrounding_white_space_are_stripped():
    params = {**AZURE, "client_id": f"  {AZURE['client_id']}\t"}
    assert AZURE_ACCOUNT.check(params) == []
    assert AZURE_ACCOUNT.desired(params)["client_id"] == AZURE["client_id"]


@pytest.mark.parametrize(
    ("setting", "params", "change", "problem"),
    [
        (AWS_ACCOUNT, AWS, {"access_key": " "}, "access_key must not be empty."),
        (AWS_ACCOUNT, AWS, {"access_key": "AKIA\nEXAMPLE"}, "access_key must not contain control characters"),
        (AWS_ACCOUNT, AWS, {"secret_key": ""}, "secret_key must not be empty."),
        (AZURE_ACCOUNT, AZURE, {"client_id": "palette-images"}, "client_id must be a UUID, as Azure shows it"),
        (AZURE_ACCOUNT, AZURE, {"tenant_id": "contoso.onmicrosoft.com"}, "tenant_id must be a UUID"),
        (AZURE_ACCOUNT, AZURE, {"subscription_id": "6ba7b810-9dad-41d1-80b4"}, "subscription_id must be a UUID"),
        (AZURE_ACCOUNT, AZURE, {"client_secret": ""}, "client_secret must not be empty."),
        (GCP_ACCOUNT, GCP, {"json": {**KEY, "type": "authorized_user"}}, "json must be the key file of a Google"),
        (GCP_ACCOUNT, GCP, {"json": {"type": "service_account"}}, "this one has no client_email, private_key."),
        (
            GCP_ACCOUNT,
            GCP,
            {"json": {k: v for k, v in KEY.items() if k != "private_key"}},
            "this one has no private_key.",
        ),
        (GCP_ACCOUNT, GCP, {"json": {**KEY, "type": "user"}}, "this one's type field names another kind of key."),
        (GCP_ACCOUNT, GCP, {"json": {}}, "this one has no type, client_email, private_key."),
    ],
)
def test_refused_before_any_call(setting, params, change, problem):
    problems = setting.check({**params, **change})
    assert len(problems) == 1
    assert problems[0].startswith(problem) or problems[0].endswith(problem)


def test_every_azure_id_is_named():
    problems = AZURE_ACCOUNT.check({**AZURE, "client_id": "a", "tenant_id": "b", "subscription_id": "c"})
    assert [problem.split(" ", 1)[0] for problem in problems] == ["client_id", "tenant_id", "subscription_id"]


def test_the_secrets_never_appear_in_a_sentence():
    problems = (
        AWS_ACCOUNT.check({**AWS, "access_key": ""})
        + AZURE_ACCOUNT.check({**AZURE, "client_id": "x"})
        + GCP_ACCOUNT.check({"json": {**KEY, "client_email": None}})
    )
    assert len(problems) == 3
    for secret in (AWS["secret_key"], AZURE["client_secret"], KEY["private_key"], KEY["private_key_id"]):
        assert not any(secret in problem for problem in problems)


class TestBodies:
    @pytest.mark.parametrize("setting", SETTINGS, ids=lambda setting: setting.name)
    def test_every_field_in_a_spec_object(self, setting):
        body = setting.to_api(setting.desired(DATA[setting.name]["params"]))
        assert body == DATA[setting.name]["payload"]
        assert list(body) == ["spec"]

    def test_the_key_file_goes_as_a_compact_json_string_with_sorted_keys(self):
        sent = GCP_ACCOUNT.to_api(GCP_ACCOUNT.desired(GCP))["spec"]["json"]
        assert isinstance(sent, str)
        assert json.loads(sent) == KEY
        assert sent == json.dumps(KEY, sort_keys=True, separators=(",", ":"))

    def test_a_key_file_read_back_in_another_order_and_spacing_is_no_change(self):
        stored = GCP_ACCOUNT.stored({"spec": {"json": json.dumps(dict(reversed(KEY.items())), indent=4)}})
        assert stored.values["json"] == KEY
        assert GCP_ACCOUNT.changes(GCP_ACCOUNT.desired(GCP), stored, {"json": "on_change"}) == ()

    def test_another_key_file_read_back_in_clear_is_a_change(self):
        stored = GCP_ACCOUNT.stored({"spec": {"json": json.dumps({**KEY, "private_key_id": "rotated"})}})
        assert GCP_ACCOUNT.changes(GCP_ACCOUNT.desired(GCP), stored, {"json": "on_change"}) == ("json",)

    @pytest.mark.parametrize("setting", SETTINGS, ids=lambda setting: setting.name)
    def test_palette_has_no_validate_call_for_them(self, setting):
        assert setting.validate_path is None
        assert "validate" not in setting.argument_spec()

    def test_the_public_views_hold_no_secret(self):
        assert AWS_ACCOUNT.public_view(AWS_ACCOUNT.desired(AWS)) == DATA[AWS_ACCOUNT.name]["public"]
        assert AZURE_ACCOUNT.public_view(AZURE_ACCOUNT.desired(AZURE)) == DATA[AZURE_ACCOUNT.name]["public"]
        assert GCP_ACCOUNT.public_view(GCP_ACCOUNT.desired(GCP)) == {}


class TestAGcpAccountIsOnlyASecret:
    @pytest.mark.parametrize(("json_text", "configured"), [("********", True), ("", False), (None, False)])
    def test_a_stored_key_file_alone_counts_as_configured(self, json_text, configured):
        payload = {} if json_text is None else {"spec": {"json": json_text}}
        assert GCP_ACCOUNT.is_configured(GCP_ACCOUNT.stored(payload)) is configured

    def test_a_masked_key_file_is_sent_only_with_update_json_always(self):
        stored = GCP_ACCOUNT.stored({"spec": {"json": "********"}})
        desired = GCP_ACCOUNT.desired(GCP)
        assert GCP_ACCOUNT.changes(desired, stored, {"json": "on_change"}) == ()
        assert GCP_ACCOUNT.changes(desired, stored, {"json": "always"}) == ("json",)

    @pytest.mark.parametrize("payload", [{}, {"spec": {"json": ""}}], ids=["nothing", "an empty string"])
    def test_on_a_console_that_holds_none_it_is_sent_with_on_change(self, payload):
        stored = GCP_ACCOUNT.stored(payload)
        assert GCP_ACCOUNT.changes(GCP_ACCOUNT.desired(GCP), stored, {"json": "on_change"}) == ("json",)

    def test_described_as_an_empty_section_with_the_key_file_left_out(self, palette):
        palette.stores(GCP_ACCOUNT, {"spec": {"json": "********"}})
        assert GCP_ACCOUNT.describe(Run(client(palette))) == ({}, ("json",))

    def test_info_says_it_is_configured_and_the_key_is_set(self, palette):
        palette.stores(GCP_ACCOUNT, {"spec": {"json": "********"}})
        assert GCP_ACCOUNT.info(Run(client(palette))) == ({}, {"configured": True, "json_set": True})
        assert palette.calls == [get(GCP_ACCOUNT)]

    def test_a_key_file_read_back_in_clear_becomes_the_clients_secrets(self, palette):
        text = DATA[GCP_ACCOUNT.name]["payload"]["spec"]["json"]
        palette.stores(GCP_ACCOUNT, DATA[GCP_ACCOUNT.name]["payload"])
        secrets = set()
        stored = _engine.read(GCP_ACCOUNT, client(palette, secrets))
        assert stored.values["json"] == KEY
        # The text as Palette answered it, and each string of the key file on its own.
        assert text in secrets
        assert {KEY["private_key"], KEY["client_email"], KEY["private_key_id"]} <= secrets
        assert all(isinstance(secret, str) for secret in secrets)
