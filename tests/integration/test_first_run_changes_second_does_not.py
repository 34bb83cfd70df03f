"""Idempotence against the simulator: a setting is written once, then left alone, in each way
Palette might read a secret back."""

from __future__ import annotations

import pytest

from lab_tasks import (
    CLASSIFICATION_BANNER_CONFIG,
    GET,
    LOGIN,
    LOGIN_BANNER_OPTIONS,
    PUT,
    VALIDATE,
    classification_banner_task,
    connection_for,
    login_banner_task,
    reverse_proxy_task,
    session_timeout_task,
    smtp_task,
)
from palette_simulator.console import SCHEMAS
from palette_simulator.lab import SMTP_PASSWORD, SMTP_USER


@pytest.mark.parametrize("readback", ["plain", "masked", "empty", "absent"])
def test_first_run_validates_then_writes_once_and_second_run_changes_nothing(lab_factory, ansible_playbook, readback):
    lab = lab_factory(secret_readback=readback)
    console = lab.console

    first = ansible_playbook([smtp_task(lab)], connection_for(lab))
    assert first.rc == 0, first.stdout
    assert first.results["r0"]["changed"] is True
    assert first.results["r0"]["validated"] is True
    assert console.calls() == [LOGIN, GET, VALIDATE, PUT, GET]
    # The validation really opened an SMTP session and authenticated.
    assert lab.smtp.log.logins == [(SMTP_USER, True)]
    assert console.stored["smtp"]["password"] == SMTP_PASSWORD
    assert console.stored["smtp"]["smtpPort"] == lab.smtp.port

    console.log.clear()
    second = ansible_playbook([smtp_task(lab)], connection_for(lab))
    assert second.rc == 0, second.stdout
    assert second.results["r0"]["changed"] is False
    assert console.calls() == [LOGIN, GET]
    assert console.stored["smtp"]["password"] == SMTP_PASSWORD, "a masked placeholder was written back"


SETTINGS_WITHOUT_SECRETS = {
    # name: (task, Palette's value on a fresh console, the value the task stores, the module's return)
    "session_timeout": (
        session_timeout_task(120),
        {"expiryTimeMinutes": 15},
        {"expiryTimeMinutes": 120},
        {"expiry_minutes": 120},
    ),
    "login_banner": (
        login_banner_task(),
        {"isEnabled": False, "title": "", "Message": ""},
        {"isEnabled": True, "title": "Authorised use only", "Message": "Monitored.\nBe brief."},
        LOGIN_BANNER_OPTIONS,
    ),
    "classification_banner": (
        classification_banner_task(),
        {},
        {"config": '{"backgroundColor":"#007a33","enabled":true,"text":"UNCLASSIFIED"}'},
        {"config": CLASSIFICATION_BANNER_CONFIG},
    ),
}


@pytest.mark.parametrize("readback", ["plain", "masked", "empty", "absent"])
def test_a_secret_without_validation_is_written_once_and_kept(lab_factory, ansible_playbook, readback):
    """palette_reverse_proxy and its client key, however Palette reads the key back."""
    lab = lab_factory(secret_readback=readback)
    console = lab.console
    get, put = "GET /v1/system/config/reverseproxy", "PUT /v1/system/config/reverseproxy"
    task = reverse_proxy_task()
    key = task["palette.selfhosted.palette_reverse_proxy"]["client_key"]

    first = ansible_playbook([task], connection_for(lab), diff=True)
    assert first.rc == 0, first.stdout
    assert first.results["r0"]["changed"] is True
    assert "client_key" not in first.results["r0"]["reverse_proxy"]
    assert console.calls() == [LOGIN, get, put, get]
    assert console.stored["reverse_proxy"]["clientKey"] == key

    console.log.clear()
    second = ansible_playbook([task], connection_for(lab))
    assert second.results["r0"]["changed"] is False
    assert console.calls() == [LOGIN, get]
    assert console.stored["reverse_proxy"]["clientKey"] == key, "a masked placeholder was written back"


@pytest.mark.parametrize("name", SETTINGS_WITHOUT_SECRETS)
def test_a_setting_without_secrets_or_validation_is_written_once(lab, ansible_playbook, name):
    task, fresh, stored, returned = SETTINGS_WITHOUT_SECRETS[name]
    path = next(schema.path for schema in SCHEMAS if schema.name == name)
    get, put = f"GET {path}", f"PUT {path}"
    console = lab.console
    assert console.stored[name] == fresh

    first = ansible_playbook([task], connection_for(lab))
    assert first.rc == 0, first.stdout
    assert first.results["r0"]["changed"] is True
    assert first.results["r0"][name] == returned
    assert console.calls() == [LOGIN, get, put, get]
    assert console.stored[name] == stored

    console.log.clear()
    second = ansible_playbook([task], connection_for(lab))
    assert second.results["r0"]["changed"] is False
    assert console.calls() == [LOGIN, get]


def test_a_json_document_palette_formats_otherwise_is_no_change(lab, ansible_playbook):
    """The classification banner's document, stored with other key order and spacing."""
    console = lab.console
    console.seed(
        "classification_banner",
        {"config": '{ "text": "UNCLASSIFIED",\n "backgroundColor": "#007a33", "enabled": true }'},
    )
    run = ansible_playbook([classification_banner_task()], connection_for(lab))
    assert run.rc == 0, run.stdout
    assert run.results["r0"]["changed"] is False
    assert run.results["r0"]["classification_banner"] == {"config": CLASSIFICATION_BANNER_CONFIG}
    assert [call for call in console.calls() if call.startswith("PUT")] == []
