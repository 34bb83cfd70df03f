"""A console that answers the GET of a backup never configured with 404 and Palette's v1Error
(BackupNotConfigured), as real Palette does: palette_system_info reads both backups as not
configured, and palette_backup validates and saves the first config, then changes nothing."""

from __future__ import annotations

from lab_tasks import LOGIN, backup_task, connection_for
from palette_simulator.backup import BACKUP_FTP, BACKUP_S3


def answered(console):
    """The request log as (call, status)."""
    return [(f"{entry['method']} {entry['path']}", entry["status"]) for entry in console.log]


def test_system_info_reads_both_backups_as_not_configured(lab_factory, ansible_playbook):
    lab = lab_factory(unconfigured_backup="not_found")
    info_task = {
        "name": "Read the backups",
        "palette.selfhosted.palette_system_info": {"settings": ["backup_s3", "backup_ftp"]},
    }
    run = ansible_playbook([info_task], connection_for(lab))
    assert run.rc == 0, run.stdout
    assert run.results["r0"]["backup_s3"]["configured"] is False
    assert run.results["r0"]["backup_ftp"]["configured"] is False
    assert answered(lab.console) == [(LOGIN, 200), (f"GET {BACKUP_S3.path}", 404), (f"GET {BACKUP_FTP.path}", 404)]


def test_the_first_backup_config_is_validated_and_saved_then_unchanged(lab_factory, ansible_playbook):
    lab = lab_factory(backup_targets=True, unconfigured_backup="not_found")
    first = ansible_playbook([backup_task(lab, "s3")], connection_for(lab))
    assert first.rc == 0, first.stdout
    assert (first.results["r0"]["changed"], first.results["r0"]["validated"]) == (True, True)
    assert answered(lab.console) == [
        (LOGIN, 200),
        (f"GET {BACKUP_S3.path}", 404),
        (f"POST {BACKUP_S3.route}", 204),
        (f"PUT {BACKUP_S3.path}", 204),
        (f"GET {BACKUP_S3.path}", 200),
    ]

    lab.console.log.clear()
    second = ansible_playbook([backup_task(lab, "s3")], connection_for(lab))
    assert second.rc == 0, second.stdout
    assert second.results["r0"]["changed"] is False
    assert answered(lab.console) == [(LOGIN, 200), (f"GET {BACKUP_S3.path}", 200)]
