"""--check --diff: validates, shows the change with the password masked, saves nothing."""

from __future__ import annotations

from lab_tasks import PUT, connection_for, smtp_task
from palette_simulator.lab import SMTP_PASSWORD


def test_check_mode_with_diff_validates_and_saves_nothing(lab, ansible_playbook):
    run = ansible_playbook([smtp_task(lab)], connection_for(lab), check=True, diff=True)
    assert run.rc == 0, run.stdout
    result = run.results["r0"]
    assert result["changed"] is True
    assert result["validated"] is True
    assert result["diff"]["after"]["password"] == "********"
    assert result["diff"]["before"]["server"] is None
    assert '+    "password": "********"' in run.stdout
    assert f'+    "server": "{lab.smtp.host}"' in run.stdout
    assert SMTP_PASSWORD not in run.all_output
    assert lab.console.stored["smtp"] == {}
    assert PUT not in lab.console.calls()


def test_diff_without_check_shows_the_change_once(lab, ansible_playbook):
    lab.console.seed("smtp", {"smtpServer": "old.example.com", "smtpPort": 25, "fromEmailId": "palette@example.com"})
    run = ansible_playbook([smtp_task(lab)], connection_for(lab), diff=True)
    assert run.rc == 0, run.stdout
    assert '-    "server": "old.example.com"' in run.stdout
    assert run.results["r0"]["smtp"]["server"] == lab.smtp.host

    # Without -v, so that only a diff could print the fields.
    again = ansible_playbook([smtp_task(lab)], connection_for(lab), diff=True, verbosity=0)
    assert again.results["r0"]["changed"] is False
    assert '"server"' not in again.stdout.split("TASK [SMTP]")[1].split("TASK")[0]
