"""Idempotence against the simulator: a setting is written once, then left alone, in each way
Palette might read a secret back."""

from __future__ import annotations

import pytest

from lab_tasks import GET, LOGIN, PUT, VALIDATE, connection_for, session_timeout_task, smtp_task
from palette_simulator.lab import SMTP_PASSWORD, SMTP_USER
from palette_simulator.session_timeout import SESSION_TIMEOUT


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


def test_a_setting_without_secrets_or_validation_is_written_once(lab, ansible_playbook):
    """palette_session_timeout: a fresh console reads back Palette's default of 15 minutes."""
    get, put = f"GET {SESSION_TIMEOUT.path}", f"PUT {SESSION_TIMEOUT.path}"
    console = lab.console
    assert console.stored["session_timeout"] == {"expiryTimeMinutes": 15}

    first = ansible_playbook([session_timeout_task(120)], connection_for(lab))
    assert first.rc == 0, first.stdout
    assert first.results["r0"]["changed"] is True
    assert first.results["r0"]["session_timeout"] == {"expiry_minutes": 120}
    assert console.calls() == [LOGIN, get, put, get]
    assert console.stored["session_timeout"] == {"expiryTimeMinutes": 120}

    console.log.clear()
    second = ansible_playbook([session_timeout_task(120)], connection_for(lab))
    assert second.results["r0"]["changed"] is False
    assert console.calls() == [LOGIN, get]
