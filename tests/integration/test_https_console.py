"""A console with a private CA: trusted through ca_path, or verification turned off."""

from __future__ import annotations

import pytest

from lab_tasks import connection_for, smtp_task


@pytest.fixture
def https_lab(lab_factory):
    return lab_factory(https=True)


def test_ca_path_verifies_the_console(https_lab, ansible_playbook):
    run = ansible_playbook([smtp_task(https_lab)], connection_for(https_lab))
    assert run.rc == 0, run.stdout
    assert run.results["r0"]["changed"] is True
    assert https_lab.console.base_url.startswith("https://")


def test_validate_certs_false_skips_verification(https_lab, ansible_playbook):
    connection = connection_for(https_lab, validate_certs=False)
    del connection["ca_path"]
    run = ansible_playbook([smtp_task(https_lab)], connection)
    assert run.rc == 0, run.stdout


def test_untrusted_certificate_fails_with_a_hint(https_lab, ansible_playbook):
    connection = connection_for(https_lab)
    del connection["ca_path"]
    run = ansible_playbook([smtp_task(https_lab)], connection)
    assert run.rc != 0
    message = run.results["r0"]["msg"]
    assert "TLS connection to https://127.0.0.1" in message
    assert "CERTIFICATE_VERIFY_FAILED" in message
    assert "ca_path" in message
    assert https_lab.console.calls() == []


def test_ca_path_from_the_environment(https_lab, ansible_playbook):
    connection = connection_for(https_lab)
    ca_path = connection.pop("ca_path")
    run = ansible_playbook([smtp_task(https_lab)], connection, extra_env={"PALETTE_CA_PATH": ca_path})
    assert run.rc == 0, run.stdout
