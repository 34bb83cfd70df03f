# Copyright (c) palette.selfhosted contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Database backups of the system console, to S3 (v1SystemBackupS3ConfigSpec) or FTP
(v1SystemBackupFtpConfigSpec): two settings under their own paths, sharing the schedule.

FOR INTERNAL COLLECTION USE ONLY: no compatibility promise outside palette.selfhosted.
Palette validates the storage part alone (v1SystemS3Spec, v1SystemFtpSpec) for read and write
access before the module saves it.
"""

from __future__ import annotations

from ansible_collections.palette.selfhosted.plugins.module_utils._engine import Field, Setting, SettingChoice
from ansible_collections.palette.selfhosted.plugins.module_utils._validators import (
    control_character_problems,
    port_problems,
    range_problems,
    server_problems,
)

# Backups are written and, on restore, read: validate both.
_VALIDATE_QUERY = "?permission=readwrite"
_LONGEST_INTERVAL = _LONGEST_RETENTION = 10000

SCHEDULE = (
    Field("hour_of_day", "backupSpec.hourOfTheDay", type="int", required=True, keeps_zero=True),
    Field("interval", "backupSpec.interval", type="int", required=True),
    Field("retention_period", "backupSpec.retentionPeriod", type="int", required=True),
)


def _schedule_problems(params):
    return (
        range_problems("hour_of_day", params.get("hour_of_day"), 0, 23)
        + range_problems("interval", params.get("interval"), 1, _LONGEST_INTERVAL)
        + range_problems("retention_period", params.get("retention_period"), 1, _LONGEST_RETENTION)
    )


def _s3_problems(params):
    problems = _schedule_problems(params)
    for option in ("bucket", "region", "access_key"):
        if not (params.get(option) or "").strip():
            problems.append(f"{option} must not be empty.")
    if params.get("bucket") and "/" in params["bucket"]:
        problems.append("bucket is a bucket name, without slashes: give the path inside it as folder.")
    return problems


def _ftp_server_problems(value):
    """A host name or IP address, optionally with :port (FTP servers often listen elsewhere than 21)."""
    host, colon, port = (value or "").strip().rpartition(":")
    if not colon or "]" in port or host.count(":") or not port.isdigit():
        return server_problems("server", value)
    return server_problems("server", host) + port_problems("the port of server", int(port))


def _ftp_problems(params):
    problems = _schedule_problems(params) + _ftp_server_problems(params.get("server"))
    problems += control_character_problems("username", params.get("username"))
    if bool(params.get("username")) != bool(params.get("password")):
        problems.append("username and password go together: give both, or neither for anonymous FTP.")
    return problems


BACKUP_S3 = Setting(
    name="backup_s3",
    title="S3 backup config",
    path="/v1/system/config/database/backup/s3",
    validate_path="/v1/system/config/s3/validate" + _VALIDATE_QUERY,
    validate_method="POST",
    validate_part="s3",
    fields=(
        *SCHEDULE,
        Field("bucket", "s3.bucket", required=True, strip=True),
        Field("region", "s3.region", required=True, strip=True),
        Field("folder", "s3.folder", strip=True),
        Field("access_key", "s3.accessKey", required=True, strip=True),
        Field("secret_key", "s3.secretKey", required=True, secret=True),
    ),
    check=_s3_problems,
)

BACKUP_FTP = Setting(
    name="backup_ftp",
    title="FTP backup config",
    path="/v1/system/config/database/backup/ftp",
    validate_path="/v1/system/config/ftp/validate" + _VALIDATE_QUERY,
    validate_method="POST",
    validate_part="ftp",
    fields=(
        *SCHEDULE,
        Field("server", "ftp.server", required=True, strip=True),
        Field("directory", "ftp.dir", strip=True),
        Field("username", "ftp.username"),
        Field("password", "ftp.password", secret=True),
    ),
    check=_ftp_problems,
)

# The module's storage option: which setting it applies.
STORAGES = {"s3": BACKUP_S3, "ftp": BACKUP_FTP}
BACKUP = SettingChoice("backup", "storage", STORAGES)
