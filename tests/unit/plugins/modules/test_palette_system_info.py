"""palette_system_info end to end through its main(): every registered setting in one run, with one
login and one read each, and no secret in what it returns."""

from __future__ import annotations

import re

from ansible_collections.palette.selfhosted.plugins.module_utils._module import system_info_parts
from ansible_collections.palette.selfhosted.plugins.module_utils._settings.registry import CONSOLE, SETTINGS
from ansible_collections.palette.selfhosted.plugins.module_utils._settings.tenant import TENANT
from ansible_collections.palette.selfhosted.plugins.modules import palette_system_info
from fake_palette import CONNECTION, LOGIN, fixture, get

DATA = {setting.name: fixture(setting.name) for setting in SETTINGS}
CHOICES = re.search(r"choices: \[(.*?)\]", palette_system_info.DOCUMENTATION, re.DOTALL).group(1)
DOCUMENTED = [name.strip() for name in CHOICES.split(",")]


TENANT_DATA = fixture("tenant")
ADMIN = {"metadata": {"name": "admin"}, "spec": {"emailId": "ops@example.com"}, "status": {"isEmailVerified": True}}


def serve_all(palette):
    palette.accepts_login()
    for setting in SETTINGS:
        palette.stores(setting, DATA[setting.name]["payload"])
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
        f"GET {TENANT.list_path}",
    ]
    assert result["admin"] == {"username": "admin", "email": "ops@example.com", "email_verified": True}
    assert result["tenants"] == [{"name": "platform", "org_email": "platform@example.com", "active": True}]
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
            assert max(value.splitlines(), key=len) not in run_module.stdout


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
        "session_timeout",
        "login_banner",
        "classification_banner",
        "reverse_proxy",
        "backup",
        "tenants",
    ]
    assert config["smtp"] == {key: value for key, value in DATA["smtp"]["params"].items() if key != "password"}
    assert config["admin"] == {"email": "ops@example.com"}
    # Both backups are stored: the document holds the first, as palette_backup takes it.
    assert config["backup"]["storage"] == "s3"
    assert config["tenants"] == [{"name": "platform", "org_email": "platform@example.com", "active": True}]
    assert "smtp.password" in result["config_left_out"]
    assert "backup.secret_key" in result["config_left_out"]
    assert "tenants[0].admin_email" in result["config_left_out"]
    placeholders = result["config_placeholders"]
    assert placeholders["smtp"]["password"] == "{{ vault_smtp_password }}"
    assert placeholders["tenants"][0]["admin_email"] == "{{ vault_tenants_0_admin_email }}"
    assert "password" not in config["smtp"]


def test_an_unknown_setting_fails_before_any_call(palette, run_module):
    result = run_module(palette_system_info, {**CONNECTION, "settings": ["smtp", "admins"]})
    assert result["failed"] is True
    assert "admins" in result["msg"]
    assert palette.calls == []
