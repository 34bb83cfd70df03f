"""palette_system_info against the lab: what the setting modules stored, read back with one login
and one GET per setting, with no secret in its output (the run's secret scan)."""

from __future__ import annotations

from lab_tasks import (
    LOGIN,
    LOGIN_BANNER_OPTIONS,
    connection_for,
    login_banner_task,
    reverse_proxy_task,
    smtp_task,
)
from palette_simulator.console import SCHEMAS


def test_system_info_returns_what_was_set(lab, ansible_playbook):
    configure = ansible_playbook([smtp_task(lab), login_banner_task(), reverse_proxy_task()], connection_for(lab))
    assert configure.rc == 0, configure.stdout

    lab.console.log.clear()
    info_task = {"name": "Read everything", "palette.selfhosted.palette_system_info": {}}
    run = ansible_playbook([info_task], connection_for(lab))
    assert run.rc == 0, run.stdout
    system = run.results["r0"]
    assert lab.console.calls() == [
        LOGIN,
        "GET /v1/system/users/me",
        *(f"GET {schema.path}" for schema in SCHEMAS),
        "GET /v1/system/activation",
        "GET /v1/activations/system",
        "GET /v1/registries/oci/summary",
        "GET /v1/system/features",
        "GET /v1/system/admins",
        "GET /v1/tenants",
    ]
    assert system["changed"] is False
    assert system["smtp"]["server"] == lab.smtp.host
    assert system["smtp"]["password_set"] is True
    assert {key: system["login_banner"][key] for key in LOGIN_BANNER_OPTIONS} == LOGIN_BANNER_OPTIONS
    assert system["reverse_proxy"]["server"] == "proxy.example.com"
    assert system["reverse_proxy"]["client_key_set"] is True
    assert "client_key" not in system["reverse_proxy"]
    assert system["classification_banner"] == {"config": None, "configured": False}
    assert system["session_timeout"] == {"expiry_minutes": 15, "configured": True}
    assert system["backup_s3"]["configured"] is False
    assert system["backup_ftp"]["password_set"] is False
    assert system["tenants"] == []
    # The installer's root admin, which has no role and, on this console, no email address.
    assert system["system_accounts"] == [{"email": None, "first_name": None, "last_name": None, "role": None}]
    assert system["system_address"]["address"] == "127.0.0.1"
    assert system["feature_flags"] == [
        {"key": "AwsSecretPartition", "enabled": False},
        {"key": "LxdMaas", "enabled": False},
    ]
    assert system["activation"]["state"] == "Pending"
    assert system["activation"]["expires_at"]
    assert system["admin"] == {"username": "admin", "email": None, "email_verified": False}
