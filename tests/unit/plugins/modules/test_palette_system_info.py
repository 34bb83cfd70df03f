"""palette_system_info end to end through its main(): every registered setting in one run, with one
login and one read each, and no secret in what it returns."""

from __future__ import annotations

import re

from ansible_collections.palette.selfhosted.plugins.module_utils._module import system_info_parts
from ansible_collections.palette.selfhosted.plugins.module_utils._settings.feature_flag import FEATURE_FLAG
from ansible_collections.palette.selfhosted.plugins.module_utils._settings.registry import CONSOLE, SETTINGS
from ansible_collections.palette.selfhosted.plugins.module_utils._settings.system_account import SYSTEM_ACCOUNT
from ansible_collections.palette.selfhosted.plugins.module_utils._settings.system_registry import BASIC, SYSTEM_REGISTRY
from ansible_collections.palette.selfhosted.plugins.module_utils._settings.tenant import TENANT
from ansible_collections.palette.selfhosted.plugins.modules import palette_system_info
from fake_palette import (
    ACTIVATION_PATH,
    ACTIVATIONS_SYSTEM_PATH,
    CONNECTION,
    LOGIN,
    activation_state,
    fixture,
    get,
    warning_texts,
)

DATA = {setting.name: fixture(setting.name) for setting in SETTINGS}
CHOICES = re.search(r"choices: \[(.*?)\]", palette_system_info.DOCUMENTATION, re.DOTALL).group(1)
DOCUMENTED = [name.strip() for name in CHOICES.split(",")]


TENANT_DATA = fixture("tenant")
ACCOUNT_DATA = fixture("system_account")
REGISTRY_DATA = fixture("system_registry")
REGISTRY_ITEM = BASIC.path.format(uid=REGISTRY_DATA["listed"]["metadata"]["uid"])
FLAGS = fixture("feature_flag")["listed"]
ADMIN = {"metadata": {"name": "admin"}, "spec": {"emailId": "ops@example.com"}, "status": {"isEmailVerified": True}}
ACTIVATED_AT = "2025-06-01T09:30:00.000Z"


def serve_all(palette):
    palette.accepts_login()
    for setting in SETTINGS:
        palette.stores(setting, DATA[setting.name]["payload"])
    palette.has_activation(activation_state("Active", activated_at=ACTIVATED_AT))
    palette.lists_next(SYSTEM_REGISTRY, [REGISTRY_DATA["tenant_listed"], REGISTRY_DATA["listed"]])
    palette.api.get(palette.url(REGISTRY_ITEM), json=REGISTRY_DATA["stored"])
    palette.lists(FEATURE_FLAG, FLAGS)
    palette.lists(SYSTEM_ACCOUNT, [ACCOUNT_DATA["root"], ACCOUNT_DATA["listed"]])
    palette.lists(TENANT, [TENANT_DATA["listed"]])
    palette.api.get(palette.url("/v1/system/users/me"), json=ADMIN)


def test_every_setting_with_one_login_and_one_read_each(palette, run_module):
    serve_all(palette)
    result = run_module(palette_system_info, CONNECTION)
    assert result["changed"] is False
    assert palette.calls == [
        LOGIN,
        "GET /v1/system/users/me",
        *(get(setting) for setting in SETTINGS),
        f"GET {ACTIVATION_PATH}",
        f"GET {ACTIVATIONS_SYSTEM_PATH}",
        f"GET {SYSTEM_REGISTRY.list_path}",
        f"GET {REGISTRY_ITEM}",
        f"GET {FEATURE_FLAG.list_path}",
        f"GET {SYSTEM_ACCOUNT.list_path}",
        f"GET {TENANT.list_path}",
    ]
    # The system registry alone (the tenant's is not the console's), without its password.
    (registry,) = result["system_registries"]
    assert registry["name"] == "harbor-packs"
    assert registry["password_set"] is True
    assert "password" not in registry
    assert result["admin"] == {"username": "admin", "email": "ops@example.com", "email_verified": True}
    assert result["tenants"] == [{"name": "platform", "org_email": "platform@example.com", "active": True}]
    assert result["system_accounts"] == [
        {"email": "admin@example.com", "first_name": None, "last_name": None, "role": None},
        ACCOUNT_DATA["params"],
    ]
    assert result["activation"] == {"state": "Active", "activated_at": ACTIVATED_AT, "expires_at": None}
    assert result["feature_flags"] == [
        {"key": "AwsSecretPartition", "enabled": False},
        {"key": "LxdMaas", "enabled": False},
    ]
    for setting in SETTINGS:
        returned = result[setting.name]
        assert returned["configured"] is True
        public = {key: value for key, value in returned.items() if key != "configured" and not key.endswith("_set")}
        assert public == DATA[setting.name]["public"]
        assert all(returned[f"{secret.option}_set"] for secret in setting.secrets)


def test_no_secret_is_returned(palette, run_module):
    serve_all(palette)
    run_module(palette_system_info, CONNECTION)
    for setting in SETTINGS:
        for secret in setting.secrets:
            value = DATA[setting.name]["params"][secret.option]
            # A key file (GCP's) is secret as a whole: none of its values may show.
            for text in value.values() if isinstance(value, dict) else (value,):
                assert max(text.splitlines(), key=len) not in run_module.stdout


def test_only_the_settings_asked_for(palette, run_module):
    serve_all(palette)
    result = run_module(palette_system_info, {**CONNECTION, "settings": ["login_banner"]})
    assert "login_banner" in result
    assert "smtp" not in result
    assert palette.calls == [LOGIN, get(next(s for s in SETTINGS if s.name == "login_banner"))]


def test_the_documented_choices_are_what_the_registry_gives():
    assert sorted(system_info_parts(CONSOLE, SETTINGS)) == sorted(DOCUMENTED)


def test_the_console_document_in_the_shape_palette_system_config_takes(palette, run_module):
    serve_all(palette)
    result = run_module(palette_system_info, CONNECTION)
    config = result["config"]
    assert list(config) == [
        "smtp",
        "admin",
        "system_address",
        "activation",
        "session_timeout",
        "login_banner",
        "classification_banner",
        "reverse_proxy",
        "cloud_credentials",
        "aws_sts_accounts",
        "system_registries",
        "feature_flags",
        "backup",
        "system_accounts",
        "tenants",
    ]
    assert config["smtp"] == {key: value for key, value in DATA["smtp"]["params"].items() if key != "password"}
    assert config["admin"] == {"email": "ops@example.com"}
    # The key is never returned: an active console's section is its key, left out.
    assert config["activation"] == {}
    assert "activation.activation_key" in result["config_left_out"]
    assert result["config_placeholders"]["activation"] == {"activation_key": "{{ vault_activation_activation_key }}"}
    # Both backups are stored: the document holds the first, as palette_backup takes it.
    assert config["backup"]["storage"] == "s3"
    assert config["tenants"] == [{"name": "platform", "org_email": "platform@example.com", "active": True}]
    assert config["system_address"] == {
        key: value for key, value in DATA["system_address"]["params"].items() if key != "private_key"
    }
    assert "system_address.private_key" in result["config_left_out"]
    # The root admin, which the admin section manages, has no role to give: it is not in the section.
    assert config["system_accounts"] == [ACCOUNT_DATA["params"]]
    assert "smtp.password" in result["config_left_out"]
    assert "backup.secret_key" in result["config_left_out"]
    assert "tenants[0].admin_email" in result["config_left_out"]
    assert config["system_registries"] == [
        {
            "name": "harbor-packs",
            "type": "basic",
            "endpoint": "https://harbor.example.com",
            "base_content_path": "spectro-packs",
            "username": "palette-robot",
        }
    ]
    assert "system_registries[0].password" in result["config_left_out"]
    assert set(config["cloud_credentials"]) == {"aws", "azure", "gcp"}
    assert "cloud_credentials.gcp.json" in result["config_left_out"]
    assert set(config["aws_sts_accounts"]) == {"aws", "aws_gov"}
    placeholders = result["config_placeholders"]
    assert placeholders["smtp"]["password"] == "{{ vault_smtp_password }}"
    assert placeholders["tenants"][0]["admin_email"] == "{{ vault_tenants_0_admin_email }}"
    assert "password" not in config["smtp"]


def test_an_unknown_setting_fails_before_any_call(palette, run_module):
    result = run_module(palette_system_info, {**CONNECTION, "settings": ["smtp", "admins"]})
    assert result["failed"] is True
    assert "admins" in result["msg"]
    assert palette.calls == []


def test_a_console_without_the_feature_flag_api_reads_none_with_a_warning(palette, run_module):
    palette.accepts_login()
    palette.api.get(palette.url(FEATURE_FLAG.list_path), status=404, json={"code": "NotFound", "message": "not found"})
    result = run_module(palette_system_info, {**CONNECTION, "settings": ["feature_flags"]})
    assert result["changed"] is False
    assert result["feature_flags"] is None
    (warning,) = warning_texts(result)
    assert "answered 404 to GET /v1/system/features (not found): this console does not offer the API" in warning


def test_the_console_document_leaves_out_the_feature_flags_a_console_does_not_offer(palette, run_module):
    serve_all(palette)
    palette.api.replace("GET", palette.url(FEATURE_FLAG.list_path), status=405, json={})
    result = run_module(palette_system_info, {**CONNECTION, "settings": ["config"]})
    assert result["changed"] is False
    assert "feature_flags" not in result["config"]
    assert "tenants" in result["config"]


def test_a_console_without_the_activation_api_reads_none_with_a_warning(palette, run_module):
    palette.accepts_login()
    palette.api.get(palette.url(ACTIVATION_PATH), status=405, json={"code": "MethodNotAllowed", "message": "no"})
    result = run_module(palette_system_info, {**CONNECTION, "settings": ["activation"]})
    assert result["changed"] is False
    assert result["activation"] is None
    (warning,) = warning_texts(result)
    assert f"answered 405 to GET {ACTIVATION_PATH} (no): this console does not offer the activation API" in warning


def test_the_console_document_leaves_out_the_activation_a_console_does_not_offer(palette, run_module):
    serve_all(palette)
    palette.api.replace("GET", palette.url(ACTIVATION_PATH), status=404, body="")
    result = run_module(palette_system_info, {**CONNECTION, "settings": ["config"]})
    assert result["changed"] is False
    assert "activation" not in result["config"]
    assert "activation.activation_key" not in result["config_left_out"]
