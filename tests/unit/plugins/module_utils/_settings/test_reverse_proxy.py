"""What only the reverse proxy has: its address, ports and PEM content, checked before any call."""

from __future__ import annotations

import pytest

from ansible_collections.palette.selfhosted.plugins.module_utils._settings.reverse_proxy import REVERSE_PROXY
from fake_palette import fixture

PARAMS = fixture("reverse_proxy")["params"]
KEY = PARAMS["client_key"]


def test_accepted():
    assert REVERSE_PROXY.check(PARAMS) == []


def test_without_certificates():
    assert REVERSE_PROXY.check({"server": "10.0.0.5", "port": 8080, "protocol": "http"}) == []


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"server": "https://proxy.example.com"}, "must be a host name or IP address, without scheme or path."),
        ({"port": 0}, "port must be between 1 and 65535, got 0."),
        ({"vhost_port": 70000}, "vhost_port must be between 1 and 65535, got 70000."),
        ({"ca_cert": "/etc/pki/ca.pem"}, "ca_cert must be PEM text: one or more -----BEGIN CERTIFICATE----- blocks"),
        ({"ca_cert": KEY}, "ca_cert has a block of type EC PRIVATE KEY where CERTIFICATE blocks are expected."),
        (
            {"client_key": PARAMS["client_cert"]},
            "client_key has a block of type CERTIFICATE where PRIVATE KEY blocks are expected.",
        ),
        ({"client_cert": PARAMS["ca_cert"] + "\ntrailing words"}, "client_cert must be PEM text"),
        (
            {"ca_cert": "-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----"},
            "ca_cert has a CERTIFICATE block whose content is not base64.",
        ),
        ({"client_key": None}, "client_cert and client_key go together: give both or neither."),
    ],
)
def test_rejected(change, problem):
    problems = REVERSE_PROXY.check({**PARAMS, **change})
    assert len(problems) == 1
    assert problems[0].startswith(problem) or problem in problems[0]


def test_a_bad_key_is_never_quoted():
    broken = KEY.replace("-----END EC PRIVATE KEY-----", "")
    (problem,) = REVERSE_PROXY.check({**PARAMS, "client_key": broken})
    assert problem.startswith("client_key must be PEM text")
    assert KEY.splitlines()[1] not in problem
