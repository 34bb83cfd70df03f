"""Connection-level faults at the calls after login (GET, validate, PUT).

A real server cannot refuse, fail to resolve or fail TLS for one call of a keep-alive
session, so these cells are produced at the requests layer; the simulator covers
the others (tests/integration/test_fault_matrix.py)."""

from __future__ import annotations

import pytest
import requests

from ansible_collections.palette.selfhosted.plugins.modules import palette_smtp
from palette_mock import ARGS, DESIRED_PAYLOAD, LOGIN_URL, SMTP_URL, TOKEN, VALIDATE_URL
from reliability_record import record

OLD = {"smtpServer": "old.example.com", "smtpPort": 25, "fromEmailId": "old@example.com"}
CALLS = {"GET": ("GET", SMTP_URL), "validate": ("PUT", VALIDATE_URL), "PUT": ("PUT", SMTP_URL)}
FAULTS = {
    "connection refused": (requests.exceptions.ConnectionError("[Errno 111] Connection refused"), None),
    "name resolution failure": (
        requests.exceptions.ConnectionError("Failed to resolve 'palette.example.com' (Name or service not known)"),
        None,
    ),
    "TLS verification failure": (
        requests.exceptions.SSLError("[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed"),
        "TLS connection to https://palette.example.com failed",
    ),
}


@pytest.mark.parametrize("call", list(CALLS))
@pytest.mark.parametrize("fault", list(FAULTS))
def test_connection_fault(api, run_module, no_sleep, fault, call):
    error, expected = FAULTS[fault]
    faulted_method, faulted_url = CALLS[call]
    api.post(LOGIN_URL, json={"Authorization": TOKEN})
    routes = [
        ("GET", SMTP_URL, {"json": OLD}),
        ("PUT", VALIDATE_URL, {"status": 204}),
        ("PUT", SMTP_URL, {"status": 204}),
    ]
    for method, url, answer in routes:
        if (method, url) == (faulted_method, faulted_url):
            api.add(method, url, body=error)
        api.add(method, url, **answer)
    api.add("GET", SMTP_URL, json=DESIRED_PAYLOAD)

    result = run_module(palette_smtp, ARGS)
    sent = [c.request for c in api.calls if (c.request.method, c.request.url) == (faulted_method, faulted_url)]
    saved = [
        c
        for c in api.calls
        if (c.request.method, c.request.url) == ("PUT", SMTP_URL) and isinstance(c.response, requests.Response)
    ]
    read_back = 1 if call == "GET" else 0

    if expected is None:
        assert result["changed"] is True, result.get("msg")
        assert len(sent) == 2 + read_back
        assert no_sleep == [1.0]
        record("faults", [fault, call], outcome="recovers", tries=len(sent) - read_back, source="mock")
        return
    assert result["failed"] is True
    assert expected in result["msg"]
    assert "ca_path" in result["msg"]
    assert len(sent) == 1, "TLS failures are not retried"
    assert saved == [], "nothing may be written after a failure"
    assert "exception" not in result
    record("faults", [fault, call], outcome="fails", message=expected, stored="unchanged", tries=1, source="mock")
