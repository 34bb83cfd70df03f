"""Anonymous SMTP works, warns the way the Palette UI does, and clears stored credentials."""

from __future__ import annotations

from lab_tasks import connection_for, info_task, smtp_task


def test_anonymous_config_warns_and_clears_credentials(lab_factory, ansible_playbook):
    lab = lab_factory(anonymous_smtp=True)
    lab.console.seed(
        "smtp",
        {
            "smtpServer": "old.example.com",
            "smtpPort": 587,
            "fromEmailId": "palette@example.com",
            "userName": "old-user",
            "password": "old-Password-1",
        },
    )
    run = ansible_playbook([smtp_task(lab), info_task()], connection_for(lab))
    assert run.rc == 0, run.stdout
    assert "[WARNING]: The SMTP config is anonymous" in run.shown
    assert "Palette recommends authenticated SMTP" in run.shown
    assert run.results["r0"]["changed"] is True
    assert run.results["r1"]["anonymous"] is True
    assert run.results["r1"]["password_set"] is False
    assert lab.console.stored["smtp"]["userName"] == ""
    assert lab.console.stored["smtp"]["password"] == ""
    assert "old-Password-1" not in run.all_output


def test_authenticated_config_does_not_warn(lab, ansible_playbook):
    # Without -v: the verbose result itself holds the key "anonymous".
    run = ansible_playbook([smtp_task(lab)], connection_for(lab), verbosity=0)
    assert run.rc == 0, run.stdout
    assert "anonymous" not in run.shown.lower()
