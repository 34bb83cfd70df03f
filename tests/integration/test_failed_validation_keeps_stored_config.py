"""A config Palette cannot validate fails the task with Palette's error and saves nothing."""

from __future__ import annotations

import pytest

from lab_tasks import PUT, connection_for, info_task, smtp_task
from palette_simulator.net import free_port

GOOD = {
    "smtpServer": "smtp.example.com",
    "smtpPort": 587,
    "fromEmailId": "palette@example.com",
    "userName": "palette-mailer",
    "password": "Stored-Pass-5",
}


@pytest.mark.parametrize(
    ("overrides", "cause", "code"),
    [
        ({"password": "Wrong-Pass-0"}, "535 5.7.8 Authentication credentials invalid", "SmtpAuthFailed"),
        ({"port": "closed"}, "Connection refused", "SmtpConnectFailed"),
        ({"server": "localhost", "insecure_skip_tls_verify": False}, None, None),
    ],
    ids=["wrong-smtp-password", "nothing-listening", "control-valid"],
)
def test_failed_validation_fails_with_palettes_error_and_keeps_the_config(
    lab, ansible_playbook, overrides, cause, code
):
    lab.console.seed("smtp", GOOD)
    before = dict(lab.console.stored["smtp"])
    if overrides.get("port") == "closed":
        overrides["port"] = free_port()
    run = ansible_playbook([smtp_task(lab, **overrides), info_task()], connection_for(lab))
    result = run.results["r0"]
    if cause is None:
        # The same lab accepts a valid config: the failures above are the config's, not the lab's.
        assert run.rc == 0, run.stdout
        assert result["changed"] is True
        return
    assert run.rc != 0
    assert result["failed"] is True
    assert cause in result["msg"]
    assert result["error"]["status"] == 400
    assert result["error"]["code"] == code
    assert cause in result["error"]["message"]
    assert result["error"]["audit_uid"]
    assert PUT not in lab.console.calls()
    assert lab.console.stored["smtp"] == before
    assert "Wrong-Pass-0" not in run.all_output


def test_palette_errors_that_echo_the_request_are_scrubbed(lab, ansible_playbook):
    """A server whose error messages repeat the request, passwords included."""
    lab.console.configure(echo_request_in_errors=True)
    run = ansible_playbook([smtp_task(lab, password="Wrong-Pass-0")], connection_for(lab))
    message = run.results["r0"]["msg"]
    assert "(request: {" in message, "the simulator did not echo the request"
    assert '"password": "********"' in message
    assert "Wrong-Pass-0" not in run.all_output
