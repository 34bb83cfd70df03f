"""The role's module task is no_log (its arguments carry the passwords), yet the user still learns
what matters: the changed status, the warnings and Palette's reason for a rejected config."""

from __future__ import annotations

from ansible.release import __version__ as ansible_core_version

from lab_tasks import VALIDATE, role_task
from palette_simulator.lab import SMTP_PASSWORD

CENSORED = "the output has been hidden due to the fact that 'no_log: true' was specified"
LOGIN_TASK = "Log in to the Palette system console"
SMTP_TASK = "Configure SMTP on the Palette system console"
# ansible-core 2.19 shows a no_log task's warnings and error message; earlier versions hide them,
# and the role README sends their users to palette_smtp_result.
SHOWS_NO_LOG_WARNINGS_AND_ERRORS = tuple(map(int, ansible_core_version.split(".")[:2])) >= (2, 19)


def test_result_and_diff_are_hidden_but_the_warning_is_kept(lab_factory, ansible_playbook):
    lab = lab_factory(anonymous_smtp=True)
    run = ansible_playbook([role_task(lab)], {}, diff=True, keep=["palette_smtp_result"])
    assert run.rc == 0, run.stdout
    assert "changed: [localhost]" in run.task(SMTP_TASK)
    assert CENSORED in run.task(SMTP_TASK)
    assert "--- before" not in run.shown
    role_result = run.results["palette_smtp_result"]
    assert role_result["changed"] is True
    assert role_result["smtp"]["anonymous"] is True
    assert [warning for warning in role_result["warnings"] if "SMTP config is anonymous" in warning]
    assert ("[WARNING]: The SMTP config is anonymous" in run.shown) is SHOWS_NO_LOG_WARNINGS_AND_ERRORS


def test_a_rejected_config_keeps_palettes_reason(lab, ansible_playbook):
    run = ansible_playbook(
        [role_task(lab, palette_smtp_password="Wrong-Smtp-Pass-8")], {}, keep=["palette_smtp_result"]
    )
    assert run.rc != 0
    assert CENSORED in run.task(SMTP_TASK)
    role_result = run.results["palette_smtp_result"]
    assert f"answered 400 to {VALIDATE}" in role_result["msg"]
    assert role_result["error"]["code"] == "SmtpAuthFailed"
    assert (role_result["msg"] in run.shown) is SHOWS_NO_LOG_WARNINGS_AND_ERRORS
    assert lab.console.stored["smtp"] == {}


def test_no_log_false_shows_the_diff_with_the_password_masked(lab, ansible_playbook):
    run = ansible_playbook([role_task(lab, palette_smtp_no_log=False)], {}, diff=True)
    assert run.rc == 0, run.stdout
    assert CENSORED not in run.task(SMTP_TASK)
    assert CENSORED in run.task(LOGIN_TASK), "palette_token hides the token whatever the role says"
    assert "--- before" in run.stdout
    assert '+    "password": "********"' in run.stdout
    assert SMTP_PASSWORD not in run.all_output
