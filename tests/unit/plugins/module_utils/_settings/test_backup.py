"""What only the backup settings have: the schedule's ranges, an S3 bucket name, an FTP server that
may carry a port, and the options each storage requires, checked before any call."""

from __future__ import annotations

import pytest

from ansible_collections.palette.selfhosted.plugins.module_utils._settings.backup import BACKUP_FTP, BACKUP_S3
from fake_palette import fixture

S3 = fixture("backup_s3")["params"]
FTP = fixture("backup_ftp")["params"]


def test_accepted():
    assert BACKUP_S3.check(S3) == []
    assert BACKUP_FTP.check(FTP) == []


@pytest.mark.parametrize("server", ["ftp.example.com", "10.0.0.7", "10.0.0.7:2121", "::1"])
def test_ftp_servers_with_or_without_a_port(server):
    assert BACKUP_FTP.check({**FTP, "server": server}) == []


def test_anonymous_ftp():
    assert BACKUP_FTP.check({**FTP, "username": None, "password": None}) == []


@pytest.mark.parametrize(
    ("setting", "params", "change", "problem"),
    [
        (BACKUP_S3, S3, {"hour_of_day": 24}, "hour_of_day must be between 0 and 23, got 24."),
        (BACKUP_S3, S3, {"interval": 0}, "interval must be between 1 and 10000, got 0."),
        (BACKUP_FTP, FTP, {"retention_period": -1}, "retention_period must be between 1 and 10000, got -1."),
        (BACKUP_S3, S3, {"bucket": "backups/palette"}, "bucket is a bucket name, without slashes"),
        (BACKUP_S3, S3, {"region": "  "}, "region must not be empty."),
        (BACKUP_FTP, FTP, {"server": "ftp://ftp.example.com"}, "must be a host name or IP address, without scheme"),
        (BACKUP_FTP, FTP, {"server": "ftp.example.com:0"}, "the port of server must be between 1 and 65535, got 0."),
        (BACKUP_FTP, FTP, {"password": None}, "username and password go together"),
        (BACKUP_FTP, FTP, {"username": "palette\r\nbackup"}, "username must not contain control characters"),
    ],
)
def test_refused(setting, params, change, problem):
    problems = setting.check({**params, **change})
    assert len(problems) == 1
    assert problems[0].startswith(problem) or problem in problems[0]


def test_the_secrets_never_appear_in_a_sentence():
    problems = BACKUP_FTP.check({**FTP, "username": None}) + BACKUP_S3.check({**S3, "bucket": "a/b", "hour_of_day": -1})
    assert problems
    assert not any(FTP["password"] in problem or S3["secret_key"] in problem for problem in problems)
