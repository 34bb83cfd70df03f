"""palette_backup end to end through its main(): storage chooses the setting, Palette validates the
storage part alone before a write, and each storage's secret is never shown. The engine's rules
(every read-back mode of a secret) are tested in module_utils."""

from __future__ import annotations

import pytest

from ansible_collections.palette.selfhosted.plugins.module_utils._settings.backup import BACKUP_FTP, BACKUP_S3
from ansible_collections.palette.selfhosted.plugins.modules import palette_backup
from fake_palette import AUDIT_UID, CONNECTION, LOGIN, fixture, get, put, validate

STORAGES = {
    "s3": (BACKUP_S3, fixture("backup_s3"), "secret_key", "s3"),
    "ftp": (BACKUP_FTP, fixture("backup_ftp"), "password", "ftp"),
}


@pytest.fixture(params=sorted(STORAGES))
def storage(request):
    return STORAGES[request.param]


def args(data, **changes):
    return {**CONNECTION, **data["params"], **changes}


def test_a_change_is_validated_written_once_read_back_and_the_secret_never_shown(palette, run_module, storage):
    setting, data, secret, part = storage
    palette.accepts_login().stores(setting, data["default_payload"], then=data["payload"])
    result = run_module(palette_backup, args(data), diff=True)
    assert result["changed"] is True
    assert result["validated"] is True
    assert result["audit_uid"] == AUDIT_UID
    assert result[setting.name] == data["public"]
    assert result["diff"]["after"][secret] == "********"
    assert palette.calls == [LOGIN, get(setting), validate(setting), put(setting), get(setting)]
    assert validate(setting).endswith("/validate?permission=readwrite")
    assert palette.sent("POST", setting.validate_path) == [data["payload"][part]]
    assert palette.sent("PUT", setting.path) == [data["payload"]]
    assert data["params"][secret] not in run_module.stdout


def test_the_same_config_is_no_change(palette, run_module, storage):
    setting, data, _secret, _part = storage
    palette.accepts_login().stores(setting, data["payload"])
    result = run_module(palette_backup, args(data))
    assert result["changed"] is False
    assert result["validated"] is False
    assert palette.calls == [LOGIN, get(setting)]


def test_midnight_is_an_hour_not_an_unset_one(palette, run_module):
    setting, data, _secret, _part = STORAGES["s3"]
    assert data["params"]["hour_of_day"] == 0
    palette.accepts_login().stores(setting, data["payload"])
    assert run_module(palette_backup, args(data))["changed"] is False


def test_a_masked_secret_goes_only_with_another_change(palette, run_module, storage):
    setting, data, secret, part = storage
    stored = {**data["payload"], part: {**data["payload"][part], setting.secrets[0].api.split(".")[1]: "********"}}
    palette.accepts_login().stores(setting, stored)
    assert run_module(palette_backup, args(data))["changed"] is False
    always = run_module(palette_backup, args(data, **{f"update_{secret}": "always"}), check_mode=True)
    assert always["changed"] is True
    assert palette.calls[-1] == validate(setting)


def test_a_failed_validation_saves_nothing(palette, run_module, storage):
    setting, data, secret, _part = storage
    palette.accepts_login().stores(setting, data["default_payload"])
    v1_error = {"code": "BackupLocationInvalid", "message": "access denied", "details": {}, "ref": ""}
    palette.answer("POST", setting.validate_path, status=400, json=v1_error, headers={"AuditUid": "audit-9"})
    result = run_module(palette_backup, args(data))
    assert result["failed"] is True
    assert "access denied" in result["msg"]
    assert result["error"]["code"] == "BackupLocationInvalid"
    assert palette.calls == [LOGIN, get(setting), validate(setting)]
    assert data["params"][secret] not in run_module.stdout


@pytest.mark.parametrize(
    ("storage_name", "changes", "problem"),
    [
        ("s3", {"server": "ftp.example.com"}, "Invalid options: server does not apply to storage: s3."),
        ("ftp", {"bucket": "example", "folder": "x"}, "bucket does not apply to storage: ftp."),
        ("s3", {"hour_of_day": 25}, "hour_of_day must be between 0 and 23, got 25."),
    ],
)
def test_options_that_do_not_fit_fail_before_any_call(palette, run_module, storage_name, changes, problem):
    _setting, data, _secret, _part = STORAGES[storage_name]
    result = run_module(palette_backup, args(data, **changes))
    assert result["failed"] is True
    assert problem in result["msg"]
    assert palette.calls == []


@pytest.mark.parametrize(("storage_name", "missing"), [("s3", "bucket"), ("s3", "secret_key"), ("ftp", "server")])
def test_what_a_storage_requires_is_required(palette, run_module, storage_name, missing):
    _setting, data, _secret, _part = STORAGES[storage_name]
    params = args(data)
    del params[missing]
    result = run_module(palette_backup, params)
    assert result["failed"] is True
    assert f"storage is {storage_name} but all of the following are missing: {missing}" in result["msg"]
    assert palette.calls == []


def test_the_schedule_is_required_whatever_the_storage(palette, run_module):
    params = args(STORAGES["ftp"][1])
    del params["interval"]
    result = run_module(palette_backup, params)
    assert result["msg"] == "missing required arguments: interval"
