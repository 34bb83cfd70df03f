"""examples/console_drift_report.yml as Automation Controller runs it (ansible-runner, the
collection's credential type injected, at -vvvv): against a console as its document has it, the job
succeeds saying there is no drift; once a setting is changed behind its back, the job fails naming
that section, its diff shows the console's value and the document's, and nothing is written. No job
event holds a secret."""

from __future__ import annotations

import yaml

from conftest import COLLECTION_ROOT, SECRET_OPTIONS, leaks, record_scan, secrets_to_scan_for
from controller import inject, run_job
from lab_tasks import LOGIN, config_task, connection_for, console_document
from palette_simulator.lab import CONSOLE_PASSWORD, CONSOLE_USER

DRIFT_REPORT = COLLECTION_ROOT / "examples" / "console_drift_report.yml"
COMPARE = "Compare the console with its document (check mode, nothing is written)"


def vaulted(document):
    """The document as its vars file keeps it, each secret a vault_ reference, and the vault's variables."""
    kept, vault = {}, {}
    for section, options in document.items():
        if isinstance(options, dict):
            kept[section] = dict(options)
            for option in set(options) & SECRET_OPTIONS:
                vault[f"vault_{section}_{option}"] = options[option]
                kept[section][option] = f"{{{{ vault_{section}_{option} }}}}"
        else:
            kept[section] = options
    return kept, vault


def project_files(document):
    kept, vault = vaulted(document)
    return {"console.yml": yaml.safe_dump({"palette_console": kept}), "vault.yml": yaml.safe_dump(vault)}


def credential(lab):
    described = lab.describe()
    return {
        "host": described["palette_host"],
        "username": CONSOLE_USER,
        "password": CONSOLE_PASSWORD,
        "ca_bundle": lab.palette_ca_file.read_text(),
    }


def task_events(job, task, event):
    return [item for item in job.events if item.get("event") == event and item["event_data"].get("task") == task]


def test_the_drift_report_fails_naming_what_changed_behind_its_back(
    lab_factory, labs, ansible_playbook, installed_collections, tmp_path
):
    lab = lab_factory(https=True)
    document = console_document(lab, admin={"email": "palette-admins@example.com"})
    configured = ansible_playbook([config_task(document)], connection_for(lab))
    assert configured.rc == 0, configured.stdout
    inputs = credential(lab)
    injected = inject(installed_collections, inputs, tmp_path)
    secrets = secrets_to_scan_for([document, inputs], labs)
    # The job has the real secrets, in its vault file: the scans below look for them.
    assert vaulted(document)[1]["vault_smtp_password"] in secrets["a lab password"]

    lab.console.log.clear()
    steady = run_job(
        tmp_path / "steady", DRIFT_REPORT, injected, installed_collections, project_files=project_files(document)
    )
    assert steady.status == "successful", steady.stdout[-3000:]
    assert "No drift" in steady.stdout
    (compared,) = task_events(steady, COMPARE, "runner_on_ok")
    assert compared["event_data"]["res"]["changed_sections"] == []
    assert [call for call in lab.console.calls() if not call.startswith("GET ")] == [LOGIN]
    assert leaks(steady.everything, secrets) == []
    record_scan(4, secrets)

    lab.console.seed("session_timeout", {"expiryTimeMinutes": 60})
    lab.console.log.clear()
    # This time as the guide's job template runs it: job type Check, Show changes on.
    drifted = run_job(
        tmp_path / "drifted",
        DRIFT_REPORT,
        injected,
        installed_collections,
        project_files=project_files(document),
        cmdline="--check --diff",
    )
    assert drifted.status == "failed", drifted.stdout[-3000:]
    (compared,) = task_events(drifted, COMPARE, "runner_on_ok")
    result = compared["event_data"]["res"]
    assert result["changed_sections"] == ["session_timeout"]
    assert result["diff"]["before"] == {"session_timeout": {"expiry_minutes": 60}}
    assert result["diff"]["after"] == {
        "session_timeout": {"expiry_minutes": document["session_timeout"]["expiry_minutes"]}
    }
    (failed,) = [item for item in drifted.events if item.get("event") == "runner_on_failed"]
    assert "drifted from its document" in failed["event_data"]["res"]["msg"]
    assert "session_timeout" in failed["event_data"]["res"]["msg"]
    assert "session_timeout" in " ".join(drifted.stdout.split())
    # Nothing was written: only reads, after the one login.
    assert [call for call in lab.console.calls() if not call.startswith("GET ")] == [LOGIN]
    assert lab.console.stored["session_timeout"] == {"expiryTimeMinutes": 60}
    assert leaks(drifted.everything, secrets) == []
    record_scan(4, secrets)
