"""palette_cloud_credentials end to end through its main(): the AWS, Azure and GCP credentials, each a
setting of its own that is read and written only when given, secrets never shown. The group's rules are
tested in module_utils/test_group.py, the descriptors' in _settings/test_cloud_credentials.py."""

from __future__ import annotations

import json

import pytest
import yaml

from ansible_collections.palette.selfhosted.plugins.module_utils._settings.cloud_credentials import (
    AWS_ACCOUNT,
    AZURE_ACCOUNT,
    CLOUD_CREDENTIALS,
    GCP_ACCOUNT,
)
from ansible_collections.palette.selfhosted.plugins.modules import palette_cloud_credentials
from fake_palette import CONNECTION, LOGIN, fixture, get, put

MEMBERS = {"aws": AWS_ACCOUNT, "azure": AZURE_ACCOUNT, "gcp": GCP_ACCOUNT}
DATA = {option: fixture(setting.name) for option, setting in MEMBERS.items()}
PARAMS = {option: data["params"] for option, data in DATA.items()}
PUBLIC = {option: data["public"] for option, data in DATA.items()}
KEY = PARAMS["gcp"]["json"]
# Every secret, and the longest line of the GCP private key (what a leak of it would show).
SECRETS = (
    PARAMS["aws"]["secret_key"],
    PARAMS["azure"]["client_secret"],
    KEY["private_key_id"],
    max(KEY["private_key"].splitlines(), key=len),
    DATA["gcp"]["payload"]["spec"]["json"],
)
MASKED = {
    "aws": {"spec": {**DATA["aws"]["payload"]["spec"], "secretKey": "********"}},
    "azure": {"spec": {**DATA["azure"]["payload"]["spec"], "clientSecret": "********"}},
    "gcp": {"spec": {"json": "********"}},
}


def args(**members):
    return {**CONNECTION, **members}


def all_three():
    return args(**PARAMS)


def assert_no_secret_in(stdout):
    for secret in SECRETS:
        assert secret not in stdout


def test_all_three_on_a_new_console_are_written_once_each_and_read_back(palette, run_module):
    palette.accepts_login()
    for option, setting in MEMBERS.items():
        palette.stores(setting, {}, then=MASKED[option])
    result = run_module(palette_cloud_credentials, all_three(), diff=True)
    assert result["changed"] is True
    assert result["cloud_credentials"] == PUBLIC
    assert palette.calls == [
        LOGIN,
        *(get(setting) for setting in MEMBERS.values()),
        *(call for setting in MEMBERS.values() for call in (put(setting), get(setting))),
    ]
    for option, setting in MEMBERS.items():
        assert palette.sent("PUT", setting.path) == [DATA[option]["payload"]]
    assert_no_secret_in(run_module.stdout)


def test_the_diff_is_keyed_by_member_with_the_secrets_masked(palette, run_module):
    palette.accepts_login()
    for option, setting in MEMBERS.items():
        palette.stores(setting, {}, then=MASKED[option])
    diff = run_module(palette_cloud_credentials, all_three(), diff=True)["diff"]
    assert list(diff["after"]) == ["aws", "azure", "gcp"]
    assert diff["after"]["aws"] == {"access_key": PARAMS["aws"]["access_key"], "secret_key": "********"}
    assert diff["after"]["azure"]["client_secret"] == "********"
    assert diff["after"]["gcp"] == {"json": "********"}
    assert diff["before"]["gcp"] == {"json": None}
    assert_no_secret_in(run_module.stdout)


def test_a_second_run_with_plain_read_back_is_no_change(palette, run_module):
    palette.accepts_login()
    for option, setting in MEMBERS.items():
        palette.stores(setting, DATA[option]["payload"])
    result = run_module(palette_cloud_credentials, all_three(), diff=True)
    assert result["changed"] is False
    assert "diff" not in result
    assert result["cloud_credentials"] == PUBLIC
    assert palette.calls == [LOGIN, *(get(setting) for setting in MEMBERS.values())]
    # Read back in clear, the secrets are removed from all output all the same.
    assert_no_secret_in(run_module.stdout)


def test_a_key_file_read_back_in_another_order_and_spacing_is_no_change(palette, run_module):
    stored = {"spec": {"json": json.dumps(dict(reversed(KEY.items())), indent=2)}}
    palette.accepts_login().stores(GCP_ACCOUNT, stored)
    result = run_module(palette_cloud_credentials, args(gcp=PARAMS["gcp"]))
    assert result["changed"] is False
    assert palette.calls == [LOGIN, get(GCP_ACCOUNT)]


def test_only_the_member_given_is_read_and_written(palette, run_module):
    palette.accepts_login().stores(AZURE_ACCOUNT, {}, then=MASKED["azure"])
    result = run_module(palette_cloud_credentials, args(azure=PARAMS["azure"]))
    assert result["changed"] is True
    assert result["cloud_credentials"] == {"azure": PUBLIC["azure"]}
    assert palette.calls == [LOGIN, get(AZURE_ACCOUNT), put(AZURE_ACCOUNT), get(AZURE_ACCOUNT)]


def test_check_mode_writes_nothing(palette, run_module):
    palette.accepts_login()
    for setting in MEMBERS.values():
        palette.stores(setting, {})
    result = run_module(palette_cloud_credentials, all_three(), check_mode=True, diff=True)
    assert result["changed"] is True
    assert result["cloud_credentials"] == PUBLIC
    assert set(result["diff"]["after"]) == set(MEMBERS)
    assert palette.calls == [LOGIN, *(get(setting) for setting in MEMBERS.values())]
    assert_no_secret_in(run_module.stdout)


@pytest.mark.parametrize(("option", "update"), [("aws", "update_secret_key"), ("gcp", "update_json")])
def test_a_masked_secret_goes_only_with_update_always(palette, run_module, option, update):
    setting = MEMBERS[option]
    palette.accepts_login().stores(setting, MASKED[option], then=MASKED[option])
    assert run_module(palette_cloud_credentials, args(**{option: PARAMS[option]}))["changed"] is False
    rotated = run_module(palette_cloud_credentials, args(**{option: {**PARAMS[option], update: "always"}}))
    assert rotated["changed"] is True
    assert palette.sent("PUT", setting.path) == [DATA[option]["payload"]]


def test_a_failed_write_names_the_members_already_written(palette, run_module):
    palette.accepts_login()
    for option, setting in MEMBERS.items():
        palette.stores(setting, {}, then=MASKED[option])
    palette.answer("PUT", AZURE_ACCOUNT.path, status=400, json={"code": "InvalidRequest", "message": "bad tenant"})
    result = run_module(palette_cloud_credentials, all_three())
    assert result["failed"] is True
    assert result["msg"].startswith("Applied aws; then azure failed: Palette at ")
    assert "bad tenant" in result["msg"]
    assert result["changed"] is True
    assert result["error"]["status"] == 400
    assert put(GCP_ACCOUNT) not in palette.calls
    assert_no_secret_in(run_module.stdout)


@pytest.mark.parametrize(
    ("members", "problem"),
    [
        ({"azure": {**PARAMS["azure"], "tenant_id": "contoso"}}, "Invalid options: azure.tenant_id must be a UUID"),
        ({"gcp": {"json": {"type": "service_account"}}}, "Invalid options: gcp.json must be the key file of a Google"),
        ({"aws": {**PARAMS["aws"], "access_key": " "}}, "Invalid options: aws.access_key must not be empty."),
    ],
)
def test_bad_input_fails_before_any_call(palette, run_module, members, problem):
    result = run_module(palette_cloud_credentials, args(**members))
    assert result["failed"] is True
    assert result["msg"].startswith(problem)
    assert palette.calls == []


def test_no_member_fails_before_any_call(palette, run_module):
    result = run_module(palette_cloud_credentials, args())
    assert result["failed"] is True
    assert "one of the following is required: aws, azure, gcp" in result["msg"]
    assert palette.calls == []


def test_a_member_without_its_secret_fails_before_any_call(palette, run_module):
    result = run_module(palette_cloud_credentials, args(aws={"access_key": PARAMS["aws"]["access_key"]}))
    assert result["failed"] is True
    assert "secret_key" in result["msg"]
    assert palette.calls == []


def test_the_documentation_has_every_option_the_module_takes():
    documented = yaml.safe_load(palette_cloud_credentials.DOCUMENTATION)["options"]
    assert_documented(documented, CLOUD_CREDENTIALS.argument_spec())


def assert_documented(documented, spec):
    """Every option and suboption documented, with its type, required, default and choices."""
    assert set(documented) == set(spec)
    for name, option in spec.items():
        doc = documented[name]
        assert doc["type"] == option["type"], name
        assert doc.get("required", False) == option.get("required", False), name
        assert doc.get("default") == option.get("default"), name
        assert doc.get("choices") == option.get("choices"), name
        if option.get("no_log"):
            assert "Never shown" in " ".join(doc["description"]), name
        if "options" in option:
            assert_documented(doc["suboptions"], option["options"])
