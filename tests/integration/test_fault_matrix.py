"""Every fault at every call of a run (login, GET, validate, PUT) against the simulator:
either retried and recovered, or a clear failure that leaves the stored config as it was.
Connection-level faults after login are in tests/unit/plugins/modules/test_palette_smtp.py."""

from __future__ import annotations

import pytest

from lab_tasks import GET, LOGIN, PUT, VALIDATE, connection_for, smtp_task
from palette_simulator.faults import Fault
from palette_simulator.net import free_port
from reliability_record import record

CALLS = {
    name: tuple(call.split(" ", 1))
    for name, call in {"login": LOGIN, "GET": GET, "validate": VALIDATE, "PUT": PUT}.items()
}
OLD = {"smtpServer": "old.example.com", "smtpPort": 25, "fromEmailId": "old@example.com"}
RECOVERS = None


def _token_rejected(call, method, path):
    """At login, the credentials were refused; after it, the token expired and one fresh login renews it."""
    return "rejected the system console credentials (401)" if call == "login" else RECOVERS


# fault -> (Fault options, connection overrides, expected failure fragment or RECOVERS)
FAULTS = {
    "HTTP 500": ({"status": 500}, {}, lambda call, method, path: f"answered 500 to {method} {path}"),
    "HTTP 502": ({"status": 502}, {}, RECOVERS),
    "HTTP 503": ({"status": 503}, {}, RECOVERS),
    "HTTP 504": ({"status": 504}, {}, RECOVERS),
    "HTTP 429, Retry-After: 1": ({"status": 429, "retry_after": 1}, {}, RECOVERS),
    "malformed JSON": ({"malformed": True}, {}, lambda call, method, path: "not a JSON object"),
    "HTTP 401 (token expired)": ({"status": 401}, {}, _token_rejected),
    "HTTP 403": ({"status": 403}, {}, lambda call, method, path: f"may not {method} {path}"),
    "HTTP 404": ({"status": 404}, {}, lambda call, method, path: f"answered 404 for {method} {path}"),
    "time-out (3 s answer, timeout 1)": (
        {"delay": 3},
        {"timeout": 1},
        lambda call, method, path: "got no answer within 1 seconds (time-out)",
    ),
    "connection dropped": ({"drop": True}, {}, RECOVERS),
}


@pytest.mark.parametrize("call", list(CALLS))
@pytest.mark.parametrize("fault", list(FAULTS))
def test_fault(lab, ansible_playbook, fault, call):
    method, path = CALLS[call]
    options, overrides, expected = FAULTS[fault]
    lab.console.seed("smtp", OLD)
    lab.console.inject(Fault(path=path, method=method, **options))
    run = ansible_playbook([smtp_task(lab)], connection_for(lab, **overrides))
    tries = len(lab.console.calls(method, path))
    stored = lab.console.stored["smtp"]
    result = run.results["r0"]

    outcome = expected(call, method, path) if callable(expected) else expected
    if outcome is RECOVERS:
        assert run.rc == 0, result.get("msg")
        assert result["changed"] is True
        assert stored["smtpServer"] == lab.smtp.host
        tries -= call == "GET"  # the read-back GET after the write is not a retry
        assert tries == 2
        record("faults", [fault, call], outcome="recovers", tries=tries)
        return

    fragment = outcome
    assert run.rc != 0
    assert fragment in result["msg"]
    if fault.startswith("time-out") and call == "PUT":
        # Palette may finish a write the client stopped waiting for: the whole spec, never part of it.
        assert stored in (OLD, {**stored, "smtpServer": lab.smtp.host}), "a half-written config"
        saved = "old or the whole new one"
    else:
        assert stored == OLD
        saved = "unchanged"
    record("faults", [fault, call], outcome="fails", message=fragment, stored=saved, tries=tries)


def test_connection_refused_at_login(lab, ansible_playbook):
    connection = {"host": f"http://127.0.0.1:{free_port()}", "auth_username": "admin", "auth_password": "secret-1"}
    run = ansible_playbook([smtp_task(lab)], {**connection, "retries": 2})
    message = run.results["r0"]["msg"]
    assert "Connection refused" in message
    assert "tried 3 time(s)" in message
    record("faults", ["connection refused", "login"], outcome="fails", message="Cannot connect to", tries=3)


def test_name_resolution_failure_at_login(lab, ansible_playbook):
    connection = {"host": "palette.invalid", "auth_username": "admin", "auth_password": "secret-1", "retries": 1}
    run = ansible_playbook([smtp_task(lab)], connection)
    message = run.results["r0"]["msg"]
    assert "Cannot connect to https://palette.invalid" in message
    assert "tried 2 time(s)" in message
    record("faults", ["name resolution failure", "login"], outcome="fails", message="Cannot connect to", tries=2)


def test_tls_verification_failure_at_login(lab_factory, ansible_playbook):
    lab = lab_factory(https=True)
    connection = connection_for(lab)
    del connection["ca_path"]
    run = ansible_playbook([smtp_task(lab)], connection)
    assert "CERTIFICATE_VERIFY_FAILED" in run.results["r0"]["msg"]
    assert lab.console.log == []
    record("faults", ["TLS verification failure", "login"], outcome="fails", message="TLS connection", tries=1)


def test_retries_are_bounded_in_count(lab, ansible_playbook):
    lab.console.seed("smtp", OLD)
    lab.console.inject(Fault(path=GET.split(" ")[1], method="GET", status=503, count=100))
    run = ansible_playbook([smtp_task(lab)], connection_for(lab, retries=2))
    assert "Gave up after 3 tries" in run.results["r0"]["msg"]
    assert lab.console.calls("GET") == [GET] * 3
    assert lab.console.stored["smtp"] == OLD
    times = [entry["at"] for entry in lab.console.log if entry["method"] == "GET"]
    waits = [round(later - earlier) for earlier, later in zip(times, times[1:])]
    assert waits == [1, 2]
    record("retry_bounds", "503 on every GET, retries=2 (against the simulator, waits measured)", tries=3, waits=waits)


def test_retry_after_is_waited_for(lab, ansible_playbook):
    method, path = CALLS["validate"]
    lab.console.inject(Fault(path=path, method=method, status=429, retry_after=2))
    run = ansible_playbook([smtp_task(lab)], connection_for(lab))
    assert run.rc == 0, run.stdout
    validations = [entry for entry in lab.console.log if entry["path"] == path]
    assert [entry["status"] for entry in validations] == [429, 204]
    assert validations[1]["at"] - validations[0]["at"] >= 2.0
