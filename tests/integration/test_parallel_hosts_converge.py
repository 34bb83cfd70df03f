"""30 inventory hosts configuring one Palette at once (forks 10): all succeed, and the stored
config is the desired one."""

from __future__ import annotations

from lab_tasks import PUT, connection_for, smtp_task
from palette_simulator.lab import SMTP_PASSWORD
from reliability_record import record

HOSTS = 30
FORKS = 10


def test_thirty_hosts_in_parallel(lab, ansible_playbook):
    run = ansible_playbook([smtp_task(lab)], connection_for(lab), hosts=HOSTS, forks=FORKS, verbosity=0)
    assert run.rc == 0, run.stdout[-3000:]
    assert len(run.results) == HOSTS
    assert all(not result["r0"].get("failed") for result in run.results.values())
    changed = sum(result["r0"]["changed"] for result in run.results.values())
    puts = lab.console.calls().count(PUT)
    # Hosts that read before the first write saw a difference; each of them wrote the same whole spec.
    assert 1 <= changed == puts <= HOSTS
    assert lab.console.stored["smtp"] == {
        "smtpServer": lab.smtp.host,
        "smtpPort": lab.smtp.port,
        "fromEmailId": "palette@example.com",
        "userName": "palette-mailer",
        "password": SMTP_PASSWORD,
        "insecureSkipVerifyTls": False,
    }
    record(
        "concurrency",
        "30 hosts, forks 10",
        hosts=HOSTS,
        forks=FORKS,
        failed=0,
        stored_is_desired=True,
        writes_equal_changed_hosts=True,
    )
