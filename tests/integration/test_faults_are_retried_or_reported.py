"""Faults injected into the simulator: retried and recovered, or reported without losing the config."""

from __future__ import annotations

import json
import time

from lab_tasks import connection_for, smtp_task
from palette_simulator.api import Fault

GET = "GET /v1/system/config/smtp"
VALIDATE = "PUT /v1/system/config/smtp/validate"
PUT = "PUT /v1/system/config/smtp"
STORED = {"smtpServer": "old.example.com", "smtpPort": 25, "fromEmailId": "palette@example.com"}


def test_gateway_errors_are_retried_until_palette_answers(lab, ansible_playbook):
    lab.simulator.inject(Fault(path="/v1/system/config/smtp", method="GET", status=503, count=2))
    run = ansible_playbook([smtp_task(lab)], connection_for(lab, retries=3))
    assert run.rc == 0, run.stdout
    assert [entry["status"] for entry in lab.simulator.log if entry["method"] == "GET"][:3] == [503, 503, 200]


def test_retry_after_is_honoured(lab, ansible_playbook):
    lab.simulator.inject(Fault(path="/v1/system/config/smtp/validate", status=429, retry_after=2))
    run = ansible_playbook([smtp_task(lab)], connection_for(lab))
    assert run.rc == 0, run.stdout
    validations = [entry for entry in lab.simulator.log if entry["path"].endswith("/validate")]
    assert [entry["status"] for entry in validations] == [429, 204]
    assert validations[1]["at"] - validations[0]["at"] >= 2.0


def test_retries_give_up_and_nothing_is_written(lab, ansible_playbook):
    lab.simulator.seed(STORED)
    lab.simulator.inject(Fault(path="/v1/system/config/smtp", method="PUT", status=502, count=10))
    run = ansible_playbook([smtp_task(lab)], connection_for(lab, retries=2))
    assert run.rc != 0
    assert "answered 502 to PUT /v1/system/config/smtp" in run.results["r0"]["msg"]
    assert "Gave up after 3 tries" in run.results["r0"]["msg"]
    assert lab.simulator.calls("PUT", "/v1/system/config/smtp") == [PUT] * 3
    assert lab.simulator.stored == STORED


def test_malformed_json_is_reported(lab, ansible_playbook):
    lab.simulator.inject(Fault(path="/v1/system/config/smtp", method="GET", malformed=True))
    run = ansible_playbook([smtp_task(lab)], connection_for(lab))
    assert run.rc != 0
    assert "not a JSON object" in run.results["r0"]["msg"]
    assert "Traceback" not in run.all_output


def test_token_rejected_before_the_write_keeps_the_config(lab, ansible_playbook):
    lab.simulator.seed(STORED)
    lab.simulator.inject(Fault(path="/v1/system/config/smtp", method="PUT", status=401))
    run = ansible_playbook([smtp_task(lab)], connection_for(lab))
    assert run.rc != 0
    assert "rejected the token on PUT /v1/system/config/smtp (401)" in run.results["r0"]["msg"]
    assert json.dumps(lab.simulator.stored, sort_keys=True) == json.dumps(STORED, sort_keys=True)


def test_slow_palette_times_out_with_a_clear_message(lab, ansible_playbook):
    lab.simulator.inject(Fault(path="/v1/system/config/smtp", method="GET", delay=3))
    started = time.monotonic()
    run = ansible_playbook([smtp_task(lab)], connection_for(lab, timeout=1))
    assert run.rc != 0
    assert "got no answer within 1 seconds (time-out)" in run.results["r0"]["msg"]
    assert time.monotonic() - started < 30


def test_dropped_connection_is_retried(lab, ansible_playbook):
    lab.simulator.inject(Fault(path="/v1/system/config/smtp", method="GET", drop=True))
    run = ansible_playbook([smtp_task(lab)], connection_for(lab, retries=2))
    assert run.rc == 0, run.stdout
    assert lab.simulator.calls("GET")[:2] == [GET, GET]
