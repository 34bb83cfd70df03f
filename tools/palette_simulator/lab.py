"""A lab: one real SMTP server and one or more simulated Palette consoles on loopback,
with certificates from a private CA (trustme) written to a work directory, and on request the
backup targets (an FTP server and a local S3) that backup validation talks to and an OCI registry
(Debian's docker-registry, with TLS and basic auth) for registry validation."""

from __future__ import annotations

from pathlib import Path

import trustme

from palette_simulator.backup_targets import FtpServer, S3Server
from palette_simulator.console import Console
from palette_simulator.oci_registry import OciRegistry
from palette_simulator.smtp_server import SmtpServer

CONSOLE_USER = "admin"
CONSOLE_PASSWORD = "Lab-Console-Pass-7"
# A console fresh from the installer: admin/admin, which it wants changed at the first login.
INSTALL_PASSWORD = "admin"
SMTP_USER = "palette-mailer"
SMTP_PASSWORD = "Lab-Smtp-Pass-3"
FTP_USER = "palette-backup"
FTP_PASSWORD = "Lab-Ftp-Pass-5"
S3_BUCKET = "palette-backups"
S3_REGION = "eu-west-1"
# moto checks no signatures: any key pair is accepted, these are the ones the lab hands out.
S3_ACCESS_KEY = "AKIALAB0000000000001"
S3_SECRET_KEY = "Lab-S3-Secret-9"
OCI_USER = "palette-packs"
OCI_PASSWORD = "Lab-Oci-Pass-8"
# The activation key each console of the lab takes, once.
ACTIVATION_KEY = "Lab-Activation-Key-0042"
# The cloud credentials Spectro Cloud support would hand out, and the AWS account for STS; the lab's
# consoles only store them (Palette validates neither).
PROVIDER_AWS_ACCESS_KEY = "AKIALAB0000000000002"
PROVIDER_AWS_SECRET_KEY = "Lab-Aws-Secret-6"
STS_ACCESS_KEY = "AKIALAB0000000000003"
STS_SECRET_KEY = "Lab-Sts-Secret-1"
STS_ACCOUNT_ID = "123456789012"
# What must never appear in any output.
LAB_SECRETS = (
    CONSOLE_PASSWORD,
    SMTP_PASSWORD,
    FTP_PASSWORD,
    S3_SECRET_KEY,
    OCI_PASSWORD,
    ACTIVATION_KEY,
    PROVIDER_AWS_SECRET_KEY,
    STS_SECRET_KEY,
)
LOOPBACK_NAMES = ("127.0.0.1", "localhost")


class Lab:
    def __init__(
        self,
        workdir,
        https=False,
        anonymous_smtp=False,
        secret_readback="plain",
        edition="palette",
        consoles=1,
        validation_timeout=5.0,
        backup_targets=False,
        fresh_console=False,
        unconfigured_backup="empty",
        oci_registry=False,
    ):
        self.workdir = Path(workdir)
        self.backup_targets = backup_targets
        self.ftp = self.s3 = None
        self.with_oci_registry = oci_registry
        self.oci_registry = None  # the OciRegistry, once started
        self.oci_registry_ca_file = self.workdir / "oci-registry-ca.pem" if oci_registry else None
        self.https = https
        self.anonymous_smtp = anonymous_smtp
        self.smtp = None
        self._console_options = {
            "console_users": {CONSOLE_USER: INSTALL_PASSWORD if fresh_console else CONSOLE_PASSWORD},
            "password_change_required": {CONSOLE_USER} if fresh_console else set(),
            "secret_readback": secret_readback,
            "edition": edition,
            "validation_timeout": validation_timeout,
            "unconfigured_backup": unconfigured_backup,
            "activation_keys": (ACTIVATION_KEY,),
        }
        self.console_count = consoles
        self.consoles = []
        self.smtp_ca_file = self.workdir / "smtp-ca.pem"
        self.palette_ca_file = self.workdir / "palette-ca.pem" if https else None

    @property
    def console(self):
        """The first console, the one most tests use."""
        return self.consoles[0]

    def start(self):
        try:
            return self._start()
        except BaseException:
            # What did start must not outlive the lab: the registry is a process of its own.
            self.stop()
            raise

    def _start(self):
        self.workdir.mkdir(parents=True, exist_ok=True)
        if self.with_oci_registry:
            # First: without Debian's package installed, the lab fails before anything else starts.
            registry_ca = trustme.CA()
            registry_ca.cert_pem.write_to_path(str(self.oci_registry_ca_file))
            self.oci_registry = OciRegistry(self.workdir / "oci-registry", OCI_USER, OCI_PASSWORD, registry_ca)
            self.oci_registry.start()

        smtp_ca = trustme.CA()
        smtp_ca.cert_pem.write_to_path(str(self.smtp_ca_file))
        users = None if self.anonymous_smtp else {SMTP_USER: SMTP_PASSWORD}
        self.smtp = SmtpServer(smtp_ca.issue_cert(*LOOPBACK_NAMES), users=users, maildir=self.workdir / "mail").start()

        if self.backup_targets:
            self.ftp = FtpServer(self.workdir / "ftp", FTP_USER, FTP_PASSWORD).start()
            self.s3 = S3Server(S3_BUCKET, S3_REGION).start()
            self._console_options["s3_endpoint"] = self.s3.endpoint

        palette_certificate = palette_ca_pem = None
        if self.https:
            palette_ca = trustme.CA()
            palette_ca.cert_pem.write_to_path(str(self.palette_ca_file))
            palette_certificate = palette_ca.issue_cert(*LOOPBACK_NAMES)
            palette_ca_pem = palette_ca.cert_pem.bytes()
        for _index in range(self.console_count):
            console = Console(smtp_trust_file=str(self.smtp_ca_file), **self._console_options)
            console.serve(tls_certificate=palette_certificate, tls_ca=palette_ca_pem)
            self.consoles.append(console)
        return self

    def stop(self):
        for console in self.consoles:
            console.shutdown()
        for server in (self.smtp, self.ftp, self.s3, self.oci_registry):
            if server is not None:
                server.stop()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()

    def describe(self):
        """What a playbook needs to use the lab."""
        return {
            "palette_hosts": [console.base_url for console in self.consoles],
            "palette_host": self.console.base_url,
            "palette_ca_path": str(self.palette_ca_file) if self.palette_ca_file else None,
            "palette_auth_username": CONSOLE_USER,
            "palette_auth_password": CONSOLE_PASSWORD,
            "palette_initial_password": INSTALL_PASSWORD,
            "palette_activation_key": ACTIVATION_KEY,
            "smtp_server": self.smtp.host,
            "smtp_port": self.smtp.port,
            "smtp_username": None if self.anonymous_smtp else SMTP_USER,
            "smtp_password": None if self.anonymous_smtp else SMTP_PASSWORD,
            "provider_aws_access_key": PROVIDER_AWS_ACCESS_KEY,
            "provider_aws_secret_key": PROVIDER_AWS_SECRET_KEY,
            "sts_access_key": STS_ACCESS_KEY,
            "sts_secret_key": STS_SECRET_KEY,
            "sts_account_id": STS_ACCOUNT_ID,
            **(self._backup_targets() if self.backup_targets else {}),
            **(self._oci_registry() if self.with_oci_registry else {}),
        }

    def _backup_targets(self):
        return {
            "ftp_server": self.ftp.address,
            "ftp_username": FTP_USER,
            "ftp_password": FTP_PASSWORD,
            "s3_bucket": S3_BUCKET,
            "s3_region": S3_REGION,
            "s3_access_key": S3_ACCESS_KEY,
            "s3_secret_key": S3_SECRET_KEY,
        }

    def _oci_registry(self):
        return {
            "oci_registry_endpoint": self.oci_registry.endpoint,
            "oci_registry_username": OCI_USER,
            "oci_registry_password": OCI_PASSWORD,
            "oci_registry_ca_file": str(self.oci_registry_ca_file),
        }
