"""The role's module task is no_log (its arguments carry the passwords), yet the user still sees
what matters: the warnings, the changed status and Palette's reason for a rejected config."""

from __future__ import annotations

from lab_tasks import role_task
from palette_simulator.lab import SMTP_PASSWORD

CENSORED = "the output has been hidden due to the fact that 'no_log: true' was specified"
KEEP_ROLE_RESULT = {
    "name": "Keep the role's result",
    "ansible.builtin.set_fact": {"role_result": "{{ palette_smtp_result }}"},
}


def test_result_and_diff_are_hidden_but_the_warning_is_shown(lab_factory, ansible_playbook):
    lab = lab_factory(anonymous_smtp=True)
    run = ansible_playbook([role_task(lab), KEEP_ROLE_RESULT], {}, diff=True)
    shown = run.stdout + run.stderr
    assert run.rc == 0, shown
    assert "changed: [localhost]" in shown
    assert "[WARNING]: The SMTP config is anonymous" in shown
    assert "--- before" not in shown
    assert CENSORED in shown
    role_result = run.results["r1"]["ansible_facts"]["role_result"]
    assert role_result["changed"] is True
    assert role_result["smtp"]["anonymous"] is True


def test_a_rejected_config_still_shows_palettes_reason(lab, ansible_playbook):
    run = ansible_playbook([role_task(lab, palette_smtp_password="Wrong-Smtp-Pass-8")], {})
    shown = run.stdout + run.stderr
    assert run.rc != 0
    assert CENSORED in shown
    assert "answered 400 to PUT /v1/system/config/smtp/validate" in shown
    assert "535" in shown
    assert lab.simulator.stored == {}


def test_no_log_false_shows_the_diff_with_the_password_masked(lab, ansible_playbook):
    run = ansible_playbook([role_task(lab, palette_smtp_no_log=False)], {}, diff=True)
    shown = run.stdout + run.stderr
    assert run.rc == 0, shown
    assert CENSORED not in shown
    assert "--- before" in shown
    assert '+    "password": "********"' in shown
    assert SMTP_PASSWORD not in run.all_output
