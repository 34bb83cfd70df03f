"""The lab's OCI registry is a real one (Debian's docker-registry): probe, which makes Palette's check
of a registry, gets through with the lab's password and CA; a wrong password, a token, a client
without the lab's CA and a closed port are refused in a Go client's words that never hold the
secret; and the registry's own log shows what reached it."""

from __future__ import annotations

import re
import socket
from pathlib import Path

import pytest

from palette_simulator import oci_registry
from palette_simulator.lab import LAB_SECRETS, OCI_PASSWORD, OCI_USER
from palette_simulator.net import free_port
from palette_simulator.oci_registry import NOT_INSTALLED, RegistryRefused, RegistryRequest, probe

WRONG_PASSWORD = "Wrong-Oci-Pass-2"
TOKEN = "Lab-Oci-Token-6"


@pytest.fixture
def lab(lab_factory):
    return lab_factory(oci_registry=True)


def lab_ca(lab):
    return Path(lab.describe()["oci_registry_ca_file"]).read_text()


def refusal(**probe_options):
    with pytest.raises(RegistryRefused) as refused:
        probe(**probe_options)
    return str(refused.value)


def test_the_lab_password_and_ca_get_through_and_the_log_shows_it(capfd, lab):
    facts = lab.describe()
    endpoint = facts["oci_registry_endpoint"]
    assert re.fullmatch(r"https://127\.0\.0\.1:\d+", endpoint)
    assert (facts["oci_registry_username"], facts["oci_registry_password"]) == (OCI_USER, OCI_PASSWORD)
    assert OCI_PASSWORD in LAB_SECRETS
    assert lab_ca(lab) == lab.oci_registry.ca_pem

    assert probe(endpoint, OCI_USER, OCI_PASSWORD, ca_pem=lab_ca(lab)) is None
    # Without a scheme, as a user may type it: https.
    assert probe(endpoint.split("://", 1)[1], OCI_USER, OCI_PASSWORD, ca_pem=lab_ca(lab)) is None
    assert lab.oci_registry.received() == [RegistryRequest("GET", "/v2/", 200, OCI_USER)] * 2
    assert lab.oci_registry.logins() == [(OCI_USER, True)] * 2
    # The registry writes to its log file alone, never to the tests' output.
    assert lab.oci_registry.log_file.read_text()
    captured = capfd.readouterr()
    assert "registry" not in captured.out + captured.err


def test_a_wrong_password_is_refused_with_401_and_not_shown(lab):
    endpoint = lab.oci_registry.endpoint
    message = refusal(endpoint=endpoint, username=OCI_USER, password=WRONG_PASSWORD, ca_pem=lab_ca(lab))
    assert message == f'Get "{endpoint}/v2/": 401 Unauthorized: authentication required'
    assert WRONG_PASSWORD not in message
    assert lab.oci_registry.logins() == [(OCI_USER, False)]
    assert lab.oci_registry.received() == [RegistryRequest("GET", "/v2/", 401, OCI_USER)]


def test_a_bearer_token_is_no_basic_login(lab):
    endpoint = lab.oci_registry.endpoint
    message = refusal(endpoint=endpoint, token=TOKEN, ca_pem=lab_ca(lab))
    assert message == f'Get "{endpoint}/v2/": 401 Unauthorized: authentication required'
    assert TOKEN not in message
    assert lab.oci_registry.received() == [RegistryRequest("GET", "/v2/", 401, None)]
    assert lab.oci_registry.logins() == []


def test_without_the_lab_ca_the_certificate_is_of_an_unknown_authority(lab):
    endpoint = lab.oci_registry.endpoint
    message = refusal(endpoint=endpoint, username=OCI_USER, password=OCI_PASSWORD)
    assert message == f'Get "{endpoint}/v2/": x509: certificate signed by unknown authority'
    assert OCI_PASSWORD not in message
    # The handshake reached the registry and failed there; no request got to its API.
    assert lab.oci_registry.tls_failures()
    assert lab.oci_registry.received() == []

    # A CA text without a certificate in it trusts nothing, as with Go's AppendCertsFromPEM.
    garbled = refusal(endpoint=endpoint, username=OCI_USER, password=OCI_PASSWORD, ca_pem="not a certificate")
    assert garbled == message
    # Skipping verification gets through.
    assert probe(endpoint, OCI_USER, OCI_PASSWORD, insecure=True) is None
    assert lab.oci_registry.logins() == [(OCI_USER, True)]


def test_a_stopped_registry_refuses_the_connection(lab):
    endpoint = lab.oci_registry.endpoint
    lab.oci_registry.stop()
    port = lab.oci_registry.port
    message = refusal(endpoint=endpoint, username=OCI_USER, password=OCI_PASSWORD, ca_pem=lab_ca(lab))
    assert message == f'Get "{endpoint}/v2/": dial tcp 127.0.0.1:{port}: connect: connection refused'


def test_a_port_taken_before_the_registry_binds_it_is_given_up_for_another(lab_factory, monkeypatch):
    taken = socket.create_server(("127.0.0.1", 0))
    ports = iter([taken.getsockname()[1]])
    monkeypatch.setattr(oci_registry, "free_port", lambda host: next(ports, None) or free_port(host))
    with taken:
        lab = lab_factory(oci_registry=True)
        assert lab.oci_registry.port != taken.getsockname()[1]
        assert probe(lab.oci_registry.endpoint, OCI_USER, OCI_PASSWORD, ca_pem=lab_ca(lab)) is None


def test_a_registry_that_cannot_start_names_the_cause(lab_factory, monkeypatch, tmp_path):
    monkeypatch.setattr(oci_registry, "BINARY", str(tmp_path / "no-such-registry"))
    with pytest.raises(RuntimeError, match=re.escape(NOT_INSTALLED)):
        lab_factory(oci_registry=True)

    # A binary that exits at once: the sentence names the registry's log.
    monkeypatch.setattr(oci_registry, "BINARY", "/bin/false")
    with pytest.raises(RuntimeError, match=r"exited with status 1: see .*/oci-registry/registry\.log$"):
        lab_factory(oci_registry=True)
