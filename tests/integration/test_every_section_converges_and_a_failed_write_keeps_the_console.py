"""Every section of the console document, applied alone by palette_system_config against the lab:
check mode writes nothing; a write that Palette answers with a 500 fails the task and leaves the
console as it was; the first real run applies it; the second changes nothing and writes nothing.
The sections come from the collection's registry, so a new section without an entry here fails.
docs/reliability.md shows the outcome of each."""

from __future__ import annotations

import copy
import json

import pytest
import trustme

from ansible_collections.palette.selfhosted.plugins.module_utils._settings.registry import CONSOLE
from lab_tasks import (
    CLASSIFICATION_BANNER_CONFIG,
    CLOUD_CREDENTIALS,
    LOGIN_BANNER_OPTIONS,
    STS_ACCOUNT,
    TENANT_ADMIN,
    backup_task,
    config_task,
    connection_for,
    registry_task,
    reverse_proxy_task,
    smtp_task,
)
from palette_simulator.faults import WRITE, Fault
from reliability_record import record


def options_of(task):
    return next(value for key, value in task.items() if key.startswith("palette.selfhosted."))


def system_address(lab, ca):
    issued = ca.issue_cert("palette.lab.test", "127.0.0.1", "localhost")
    return {
        "address": "palette.lab.test",
        "certificate": issued.cert_chain_pems[0].bytes().decode(),
        "private_key": issued.private_key_pem.bytes().decode(),
        "ca_certificate": ca.cert_pem.bytes().decode(),
    }


# section -> (what the lab needs, the section's value for a lab, the sections applied before it)
SECTIONS = {
    "smtp": ({}, lambda lab, ca: options_of(smtp_task(lab)), ()),
    "admin": ({}, lambda lab, ca: {"email": "palette-admins@example.com"}, ("smtp",)),
    "system_address": ({}, system_address, ()),
    "activation": ({}, lambda lab, ca: {"activation_key": lab.describe()["palette_activation_key"]}, ()),
    "session_timeout": ({}, lambda lab, ca: {"expiry_minutes": 120}, ()),
    "login_banner": ({}, lambda lab, ca: LOGIN_BANNER_OPTIONS, ()),
    "classification_banner": ({}, lambda lab, ca: {"config": CLASSIFICATION_BANNER_CONFIG}, ()),
    "reverse_proxy": ({}, lambda lab, ca: options_of(reverse_proxy_task()), ()),
    "cloud_credentials": ({}, lambda lab, ca: CLOUD_CREDENTIALS, ()),
    "aws_sts_accounts": ({}, lambda lab, ca: {"aws": STS_ACCOUNT, "aws_gov": STS_ACCOUNT}, ()),
    "system_registries": ({"oci_registry": True}, lambda lab, ca: [options_of(registry_task(lab))], ()),
    "feature_flags": ({}, lambda lab, ca: [{"key": "LxdMaas", "enabled": True}], ()),
    "backup": ({"backup_targets": True}, lambda lab, ca: options_of(backup_task(lab, "ftp")), ()),
    "system_accounts": (
        {},
        lambda lab, ca: [
            {"email": "oncall@example.com", "first_name": "Ada", "last_name": "Lovelace", "role": "operations_admin"}
        ],
        ("smtp",),
    ),
    "tenants": ({}, lambda lab, ca: [{"name": "platform", **TENANT_ADMIN, "active": True}], ("smtp",)),
}


def test_every_section_of_the_console_is_here():
    assert list(SECTIONS) == [kind.name for kind in CONSOLE.sections]


def console_state(console):
    """What the console holds, for comparing before and after a failed run."""
    return json.dumps(
        {
            "stored": console.stored,
            "tenants": console.tenants,
            "registries": console.registries,
            "flags": {key: flag["spec"]["isAllowed"] for key, flag in console.feature_flags.items()},
            "admins": sorted((admin.email, admin.admin_type, admin.first_name) for admin in console.admins.values()),
            "activation": (console.activation.state, sorted(console.activation.used)),
        },
        sort_keys=True,
        default=str,
    )


def writes(console):
    return [
        call
        for call in console.calls()
        if not call.startswith("GET") and "syslogin" not in call and not call.endswith("/validate")
    ]


@pytest.mark.parametrize("section", list(SECTIONS))
def test_a_section_applies_once_and_a_failed_write_keeps_the_console(section, lab_factory, ansible_playbook, tmp_path):
    lab_options, value_for, before = SECTIONS[section]
    lab = lab_factory(https=True, **lab_options)
    new_ca = trustme.CA()
    # The lab's CA and the new one, so that a run after the certificate changed still verifies the console.
    bundle = tmp_path / "both-cas.pem"
    bundle.write_bytes(lab.palette_ca_file.read_bytes() + new_ca.cert_pem.bytes())
    connection = connection_for(lab, ca_path=str(bundle))
    prepared = {"smtp": options_of(smtp_task(lab))}
    if before:
        assert ansible_playbook([config_task({name: prepared[name] for name in before})], connection).rc == 0
    document = {section: value_for(lab, new_ca)}
    task = config_task(document)

    lab.console.log.clear()
    checked = ansible_playbook([copy.deepcopy(task)], connection, check=True, diff=True)
    assert checked.rc == 0, checked.stdout
    assert checked.results["r0"]["changed_sections"] == [section]
    assert writes(lab.console) == []

    state = console_state(lab.console)
    lab.console.inject(Fault(WRITE, status=500))
    failed = ansible_playbook([copy.deepcopy(task)], connection)
    assert failed.rc != 0
    assert "answered 500" in failed.results["r0"]["msg"]
    assert console_state(lab.console) == state

    applied = ansible_playbook([copy.deepcopy(task)], connection)
    assert applied.rc == 0, applied.stdout
    assert applied.results["r0"]["changed_sections"] == [section]
    assert console_state(lab.console) != state

    lab.console.log.clear()
    again = ansible_playbook([copy.deepcopy(task)], connection)
    assert again.rc == 0, again.stdout
    assert again.results["r0"]["changed"] is False
    assert writes(lab.console) == []
    order = list(SECTIONS).index(section)
    record("sections", section, order=order, check_writes_nothing=True, failed_write_keeps_console=True, converges=True)
