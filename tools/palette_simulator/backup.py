"""Database backups to S3 (v1SystemBackupS3ConfigSpec) and FTP (v1SystemBackupFtpConfigSpec), and
their validation: Palette writes to the target, reads it back and removes what it wrote
(permission=readwrite), here against real servers on loopback.

Palette does not document its checks or error codes; the messages name the underlying cause the
way its S3 and FTP clients would report it. The S3 endpoint is the console's s3_endpoint (the lab's
moto server): the spec has no endpoint field, and the simulator never talks to AWS.
"""

from __future__ import annotations

import ftplib
import io
import socket

from palette_simulator.schema import Rejected, SettingSchema

PROBE_NAME = "palette-backup-validation"
SCHEDULE_FIELDS = {"hourOfTheDay": int, "interval": int, "retentionPeriod": int}
SCHEDULE_SHOWN = tuple(f"backupSpec.{name}" for name in SCHEDULE_FIELDS)


def validate_s3(spec, console):
    # Imported here: only S3 validation needs boto3, and it is slow to import.
    import boto3
    from botocore.config import Config
    from botocore.exceptions import BotoCoreError, ClientError

    if not console.s3_endpoint:
        raise Rejected("S3ValidationFailed", "no S3 endpoint is reachable from this console")
    client = boto3.client(
        "s3",
        endpoint_url=console.s3_endpoint,
        region_name=spec.get("region") or None,
        aws_access_key_id=spec.get("accessKey", ""),
        aws_secret_access_key=spec.get("secretKey", ""),
        config=Config(connect_timeout=console.validation_timeout, retries={"max_attempts": 1}),
    )
    key = "/".join(part for part in (spec.get("folder", "").strip("/"), PROBE_NAME) if part)
    bucket = spec.get("bucket", "")
    try:
        client.put_object(Bucket=bucket, Key=key, Body=b"palette")
        client.get_object(Bucket=bucket, Key=key)["Body"].read()
        client.delete_object(Bucket=bucket, Key=key)
    except ClientError as exc:
        error = exc.response.get("Error", {})
        raise Rejected("S3ValidationFailed", f"s3 {bucket}: {error.get('Code')}: {error.get('Message')}") from None
    except BotoCoreError as exc:
        raise Rejected("S3ValidationFailed", f"s3 {bucket}: {exc}") from None


def validate_ftp(spec, console):
    host, _colon, port = spec.get("server", "").rpartition(":")
    host, port = (host, int(port)) if port.isdigit() else (spec.get("server", ""), 21)
    address = f"{host}:{port}"
    try:
        with ftplib.FTP(timeout=console.validation_timeout) as session:
            session.connect(host, port)
            session.login(spec.get("username") or "anonymous", spec.get("password") or "")
            if spec.get("dir"):
                session.cwd(spec["dir"])
            session.storbinary(f"STOR {PROBE_NAME}", io.BytesIO(b"palette"))
            session.retrbinary(f"RETR {PROBE_NAME}", lambda _data: None)
            session.delete(PROBE_NAME)
    except ftplib.error_perm as exc:
        raise Rejected("FtpValidationFailed", f"ftp {address}: {exc}") from None
    except (socket.timeout, TimeoutError):
        raise Rejected("FtpValidationFailed", f"dial tcp {address}: i/o timeout") from None
    except (OSError, ftplib.Error) as exc:
        raise Rejected("FtpValidationFailed", f"dial tcp {address}: {getattr(exc, 'strerror', None) or exc}") from None


BACKUP_S3 = SettingSchema(
    name="backup_s3",
    definition="v1SystemBackupS3ConfigSpec",
    path="/v1/system/config/database/backup/s3",
    fields={
        "backupSpec": SCHEDULE_FIELDS,
        "s3": {"accessKey": str, "bucket": str, "folder": str, "region": str, "secretKey": str},
    },
    # Every field is x-omitempty: false.
    always_shown=(*SCHEDULE_SHOWN, "s3.accessKey", "s3.bucket", "s3.folder", "s3.region", "s3.secretKey"),
    secrets=("s3.secretKey",),
    validate_path="/v1/system/config/s3/validate",
    validate_method="POST",
    validate_part="s3",
    validate=validate_s3,
    not_configured="BackupNotConfigured",
)

BACKUP_FTP = SettingSchema(
    name="backup_ftp",
    definition="v1SystemBackupFtpConfigSpec",
    path="/v1/system/config/database/backup/ftp",
    fields={
        "backupSpec": SCHEDULE_FIELDS,
        "ftp": {"dir": str, "password": str, "server": str, "username": str},
    },
    always_shown=(*SCHEDULE_SHOWN, "ftp.dir", "ftp.password", "ftp.server", "ftp.username"),
    secrets=("ftp.password",),
    validate_path="/v1/system/config/ftp/validate",
    validate_method="POST",
    validate_part="ftp",
    validate=validate_ftp,
    not_configured="BackupNotConfigured",
)
