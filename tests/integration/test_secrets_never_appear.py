"""No password or token in stdout, stderr or the Ansible log, even at -vvvv."""

from __future__ import annotations

from lab_tasks import connection_for, info_task, role_task, smtp_task
from palette_simulator.lab import CONSOLE_PASSWORD, SMTP_PASSWORD


def test_no_secret_at_vvvv_in_changing_unchanged_and_failing_runs(lab_factory, ansible_playbook):
    lab = lab_factory(secret_readback="plain")
    tasks = [
        smtp_task(lab),
        smtp_task(lab),
        info_task(),
        {**smtp_task(lab, password="Wrong-Smtp-Pass-8", port=lab.smtp.port), "ignore_errors": True},
    ]
    runs = [
        ansible_playbook(tasks, connection_for(lab), verbosity=4, diff=True),
        ansible_playbook(tasks, connection_for(lab), verbosity=4, check=True, diff=True),
        ansible_playbook([smtp_task(lab)], connection_for(lab, auth_password="Wrong-Console-9"), verbosity=4),
        ansible_playbook([role_task(lab), role_task(lab, palette_smtp_password="Wrong-Smtp-Pass-8")], {}, verbosity=4),
    ]
    first = runs[0]
    assert first.results["r0"]["changed"] is True
    assert first.results["r1"]["changed"] is False
    assert first.results["r3"]["failed"] is True
    assert len(first.log) > 1000, "the Ansible log was not written"
    secrets = [SMTP_PASSWORD, CONSOLE_PASSWORD, "Wrong-Smtp-Pass-8", "Wrong-Console-9", *lab.console.issued_tokens]
    assert len(lab.console.issued_tokens) >= 8
    for run in runs:
        for secret in secrets:
            assert secret not in run.all_output
