"""Idempotence against the simulator, in each way Palette might read the password back."""

from __future__ import annotations

import pytest

from lab_tasks import connection_for, smtp_task
from palette_simulator.lab import SMTP_PASSWORD, SMTP_USER

LOGIN = "POST /v1/auth/syslogin"
GET = "GET /v1/system/config/smtp"
VALIDATE = "PUT /v1/system/config/smtp/validate"
PUT = "PUT /v1/system/config/smtp"


@pytest.mark.parametrize("readback", ["plain", "masked", "absent"])
def test_first_run_validates_then_writes_once_and_second_run_changes_nothing(lab_factory, ansible_playbook, readback):
    lab = lab_factory(password_readback=readback)
    simulator = lab.simulator

    first = ansible_playbook([smtp_task(lab)], connection_for(lab))
    assert first.rc == 0, first.stdout
    assert first.results["r0"]["changed"] is True
    assert first.results["r0"]["validated"] is True
    assert simulator.calls() == [LOGIN, GET, VALIDATE, PUT, GET]
    # The validation really opened an SMTP session and authenticated.
    assert lab.smtp.log.logins == [(SMTP_USER, True)]
    assert simulator.stored["password"] == SMTP_PASSWORD
    assert simulator.stored["smtpPort"] == lab.smtp.port

    simulator.log.clear()
    second = ansible_playbook([smtp_task(lab)], connection_for(lab))
    assert second.rc == 0, second.stdout
    assert second.results["r0"]["changed"] is False
    assert simulator.calls() == [LOGIN, GET]
    assert simulator.stored["password"] == SMTP_PASSWORD, "a masked placeholder was written back"
