"""palette_activation against the lab, whose consoles are Pending on a 30-day trial and take the lab's
key once: the first run activates (changed), the next sends no key; a key Palette refuses fails with
Palette's message and leaves the console Pending; check mode sends nothing and warns of a trial that
ends within seven days; the activation is a section of palette_system_config and a part of
palette_system_info. Every run is at -vvvv and scanned for the key (SECRET_OPTIONS, LAB_SECRETS)."""

from __future__ import annotations

from lab_tasks import LOGIN, config_task, connection_for
from palette_simulator.lab import ACTIVATION_KEY

ACTIVATE = "POST /v1/system/activate"
READS = ["GET /v1/system/activation", "GET /v1/activations/system"]
# A key the lab never issued (scanned for too: the task gives it as activation_key).
UNKNOWN_KEY = "Not-A-Lab-Activation-Key-9"


def activation_task(key=ACTIVATION_KEY):
    return {"name": "Activation", "palette.selfhosted.palette_activation": {"activation_key": key}}


def test_a_pending_console_is_activated_once_and_then_sent_no_key(lab, ansible_playbook):
    assert lab.console.activation.state == "Pending"
    first = ansible_playbook([activation_task()], connection_for(lab), diff=True)
    assert first.rc == 0, first.stdout
    result = first.results["r0"]
    assert result["changed"] is True
    assert result["activation"]["state"] == "Active"
    assert result["activation"]["activated_at"]
    assert result["diff"] == {"before": {"state": "Pending"}, "after": {"state": "Active"}}
    assert lab.console.calls() == [LOGIN, *READS, ACTIVATE, *READS]
    assert lab.console.activation.state == "Active"
    assert "[WARNING]" not in first.shown

    lab.console.log.clear()
    second = ansible_playbook([activation_task()], connection_for(lab))
    assert second.rc == 0, second.stdout
    assert second.results["r0"]["changed"] is False
    assert lab.console.calls() == [LOGIN, *READS]
    assert ACTIVATE not in lab.console.calls()


def test_a_refused_key_fails_with_palettes_message_and_leaves_the_console_pending(lab, ansible_playbook):
    run = ansible_playbook([activation_task(UNKNOWN_KEY)], connection_for(lab))
    assert run.rc != 0
    result = run.results["r0"]
    assert result["msg"].startswith("Palette refused the activation key, so the console stays Pending: ")
    assert "the activation key is not valid for this installation (code InvalidActivationKey)" in result["msg"]
    assert (result["error"]["status"], result["error"]["code"]) == (400, "InvalidActivationKey")
    assert result["activation"]["state"] == "Pending"
    assert lab.console.activation.state == "Pending"
    assert lab.console.calls().count(ACTIVATE) == 1


def test_check_mode_sends_nothing_and_warns_of_a_trial_that_ends_soon(lab, ansible_playbook):
    lab.console.activation.end_trial_in(3.5)
    run = ansible_playbook([activation_task()], connection_for(lab), check=True, diff=True)
    assert run.rc == 0, run.stdout
    assert run.results["r0"]["changed"] is True
    assert run.results["r0"]["diff"]["after"] == {"state": "Active"}
    assert ACTIVATE not in lab.console.calls()
    assert lab.console.activation.state == "Pending"
    assert "[WARNING]: The console is not activated (Pending) and its trial ends at" in run.shown
    assert "in 3 days: then Palette blocks day-2 operations until it is activated." in run.shown

    # Thirty days left is no warning.
    lab.console.activation.end_trial_in(30)
    quiet = ansible_playbook([activation_task()], connection_for(lab), check=True, verbosity=0)
    assert quiet.rc == 0, quiet.stdout
    assert "[WARNING]" not in quiet.shown


def test_activation_is_a_section_of_the_console_document_and_a_part_of_system_info(lab, ansible_playbook):
    document = {"activation": {"activation_key": ACTIVATION_KEY}, "session_timeout": {"expiry_minutes": 60}}
    drift = ansible_playbook([config_task(document)], connection_for(lab), check=True, diff=True)
    assert drift.rc == 0, drift.stdout
    assert drift.results["r0"]["changed_sections"] == ["activation", "session_timeout"]
    assert drift.results["r0"]["diff"]["before"]["activation"] == {"state": "Pending"}
    assert ACTIVATE not in lab.console.calls()

    applied = ansible_playbook([config_task(document)], connection_for(lab))
    assert applied.rc == 0, applied.stdout
    assert applied.results["r0"]["applied_sections"] == ["activation", "session_timeout"]
    assert applied.results["r0"]["sections"]["activation"]["activation"]["state"] == "Active"
    assert lab.console.calls().count(ACTIVATE) == 1

    lab.console.log.clear()
    info = {"name": "Read", "palette.selfhosted.palette_system_info": {"settings": ["activation", "config"]}}
    again = ansible_playbook([config_task(document), info], connection_for(lab))
    assert again.rc == 0, again.stdout
    assert again.results["r0"]["changed"] is False
    assert ACTIVATE not in lab.console.calls()
    read = again.results["r1"]
    assert read["activation"]["state"] == "Active"
    assert read["activation"]["expires_at"] is None
    assert read["config"]["activation"] == {}
    assert "activation.activation_key" in read["config_left_out"]
    assert read["config_placeholders"]["activation"] == {"activation_key": "{{ vault_activation_activation_key }}"}
