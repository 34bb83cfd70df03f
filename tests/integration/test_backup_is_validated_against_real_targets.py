"""palette_backup against the lab's real FTP server and local S3: Palette's validation writes to
the target and reads it back before anything is saved, a target that refuses leaves the stored
config as it was, and a second run changes nothing."""

from __future__ import annotations

import pytest

from lab_tasks import LOGIN, backup_task, connection_for
from palette_simulator.backup import BACKUP_FTP, BACKUP_S3

SCHEMAS = {"s3": BACKUP_S3, "ftp": BACKUP_FTP}


@pytest.fixture
def lab(lab_factory):
    return lab_factory(backup_targets=True)


@pytest.mark.parametrize("storage", ["s3", "ftp"])
def test_a_validated_config_is_saved_once(lab, ansible_playbook, storage):
    schema = SCHEMAS[storage]
    first = ansible_playbook([backup_task(lab, storage)], connection_for(lab), diff=True)
    assert first.rc == 0, first.stdout
    result = first.results["r0"]
    assert result["changed"] is True
    assert result["validated"] is True
    assert result[f"backup_{storage}"]["hour_of_day"] == 0
    assert lab.console.calls() == [
        LOGIN,
        f"GET {schema.path}",
        f"POST {schema.route}",
        f"PUT {schema.path}",
        f"GET {schema.path}",
    ]
    assert lab.console.stored[schema.name]["backupSpec"] == {"hourOfTheDay": 0, "interval": 1, "retentionPeriod": 7}

    lab.console.log.clear()
    second = ansible_playbook([backup_task(lab, storage)], connection_for(lab))
    assert second.rc == 0, second.stdout
    assert second.results["r0"]["changed"] is False
    assert lab.console.calls() == [LOGIN, f"GET {schema.path}"]


def test_ftp_validation_logs_in_to_the_ftp_server(lab, ansible_playbook):
    run = ansible_playbook([backup_task(lab, "ftp")], connection_for(lab))
    assert run.rc == 0, run.stdout
    assert lab.ftp.logins == [(lab.describe()["ftp_username"], True)]
    assert list(lab.ftp.home.iterdir()) == []  # the probe file was written, read and removed


@pytest.mark.parametrize(
    ("storage", "overrides", "cause"),
    [
        ("ftp", {"password": "Wrong-Ftp-Pass-4"}, "530 Authentication failed."),
        ("ftp", {"directory": "/no/such/dir"}, "550 No such file or directory."),
        ("s3", {"bucket": "no-such-bucket"}, "NoSuchBucket"),
    ],
)
def test_a_target_that_refuses_fails_the_task_and_saves_nothing(lab, ansible_playbook, storage, overrides, cause):
    schema = SCHEMAS[storage]
    saved = ansible_playbook([backup_task(lab, storage)], connection_for(lab))
    assert saved.rc == 0, saved.stdout
    before = lab.console.stored[schema.name]

    lab.console.log.clear()
    run = ansible_playbook([backup_task(lab, storage, **overrides)], connection_for(lab))
    assert run.rc != 0
    result = run.results["r0"]
    assert cause in result["msg"]
    assert result["error"]["status"] == 400
    assert f"PUT {schema.path}" not in lab.console.calls()
    assert lab.console.stored[schema.name] == before
