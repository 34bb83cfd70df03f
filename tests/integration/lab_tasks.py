"""Task and connection builders for integration playbooks, and the calls a run makes."""

from __future__ import annotations

import json
from pathlib import Path

from palette_simulator.console import LOGIN_PATH
from palette_simulator.lab import (
    PROVIDER_AWS_ACCESS_KEY,
    PROVIDER_AWS_SECRET_KEY,
    STS_ACCESS_KEY,
    STS_ACCOUNT_ID,
    STS_SECRET_KEY,
)
from palette_simulator.smtp import SMTP

# The calls of an SMTP run, as the console's request log names them: "METHOD /path".
LOGIN = f"POST {LOGIN_PATH}"
GET = f"GET {SMTP.path}"
VALIDATE = f"{SMTP.validate_method} {SMTP.validate_path}"
PUT = f"PUT {SMTP.path}"
# Payloads shared with the unit tests.
FIXTURES = Path(__file__).resolve().parents[1] / "unit" / "fixtures"


def connection_for(lab, **overrides):
    """The connection options for a lab's (first) console."""
    described = lab.describe()
    options = {
        "host": described["palette_host"],
        "auth_username": described["palette_auth_username"],
        "auth_password": described["palette_auth_password"],
        "retries": 1,
    }
    if described["palette_ca_path"]:
        options["ca_path"] = described["palette_ca_path"]
    options.update(overrides)
    return {key: value for key, value in options.items() if value is not None}


def smtp_task(lab, module="palette.selfhosted.palette_smtp", **overrides):
    """A palette_smtp task that points at the lab's SMTP server."""
    described = lab.describe()
    options = {
        "server": described["smtp_server"],
        "port": described["smtp_port"],
        "from_email": "palette@example.com",
    }
    if described["smtp_username"]:
        options.update(username=described["smtp_username"], password=described["smtp_password"])
    options.update(overrides)
    return {"name": "SMTP", module: {key: value for key, value in options.items() if value is not None}}


def session_timeout_task(minutes):
    return {"name": "Session timeout", "palette.selfhosted.palette_session_timeout": {"expiry_minutes": minutes}}


LOGIN_BANNER_OPTIONS = {"enabled": True, "title": "Authorised use only", "text": "Monitored.\nBe brief."}


def login_banner_task(**options):
    return {"name": "Login banner", "palette.selfhosted.palette_login_banner": options or LOGIN_BANNER_OPTIONS}


CLASSIFICATION_BANNER_CONFIG = {"enabled": True, "text": "UNCLASSIFIED", "backgroundColor": "#007a33"}


def classification_banner_task(config=None):
    return {
        "name": "Classification banner",
        "palette.selfhosted.palette_classification_banner": {"config": config or CLASSIFICATION_BANNER_CONFIG},
    }


def reverse_proxy_task(**overrides):
    """palette_reverse_proxy with the client certificate and key of the unit tests' fixture."""
    options = json.loads((FIXTURES / "reverse_proxy.json").read_text())["params"]
    return {"name": "Reverse proxy", "palette.selfhosted.palette_reverse_proxy": {**options, **overrides}}


def info_task():
    return {"name": "Read SMTP", "palette.selfhosted.palette_smtp_info": {}}


def role_task(lab, **overrides):
    """include_role palette.selfhosted.palette_smtp with variables for the lab."""
    described = lab.describe()
    role_vars = {
        "palette_host": described["palette_host"],
        "palette_ca_path": described["palette_ca_path"],
        "palette_auth_username": described["palette_auth_username"],
        "palette_auth_password": described["palette_auth_password"],
        "palette_smtp_server": described["smtp_server"],
        "palette_smtp_port": described["smtp_port"],
        "palette_smtp_from_email": "palette@example.com",
        "palette_smtp_username": described["smtp_username"],
        "palette_smtp_password": described["smtp_password"],
    }
    role_vars.update(overrides)
    return {
        "name": "Role",
        "ansible.builtin.include_role": {"name": "palette.selfhosted.palette_smtp"},
        "vars": {key: value for key, value in role_vars.items() if value is not None},
    }


def backup_task(lab, storage, **overrides):
    """A palette_backup task to one of the lab's backup targets (a lab started with backup_targets)."""
    described = lab.describe()
    schedule = {"hour_of_day": 0, "interval": 1, "retention_period": 7}
    targets = {
        "s3": {
            "bucket": described["s3_bucket"],
            "region": described["s3_region"],
            "folder": "palette",
            "access_key": described["s3_access_key"],
            "secret_key": described["s3_secret_key"],
        },
        "ftp": {
            "server": described["ftp_server"],
            "username": described["ftp_username"],
            "password": described["ftp_password"],
        },
    }
    options = {"storage": storage, **schedule, **targets[storage], **overrides}
    return {"name": f"Backup to {storage}", "palette.selfhosted.palette_backup": options}


def registry_task(lab, **overrides):
    """A palette_system_registry task for the lab's real OCI registry (a lab started with oci_registry),
    trusting the lab's CA for it."""
    described = lab.describe()
    options = {
        "name": "lab-packs",
        "type": "basic",
        "endpoint": described["oci_registry_endpoint"],
        "base_content_path": "spectro-packs",
        "username": described["oci_registry_username"],
        "password": described["oci_registry_password"],
        "ca_certificate": Path(described["oci_registry_ca_file"]).read_text(),
        **overrides,
    }
    options = {key: value for key, value in options.items() if value is not None}
    return {"name": f"Registry {options['name']}", "palette.selfhosted.palette_system_registry": options}


# Cloud provider credentials and the STS account as the lab hands them out (Palette validates neither);
# the Azure ones are shaped like Azure's, since the module checks their shape.
CLOUD_CREDENTIALS = {
    "aws": {"access_key": PROVIDER_AWS_ACCESS_KEY, "secret_key": PROVIDER_AWS_SECRET_KEY},
    "azure": {
        "client_id": "8c3f0e2a-5b1d-4f6e-9a7b-2d4c6e8f0a1b",
        "client_secret": "Lab-Azure-Secret-2",
        "tenant_id": "0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b",
        "subscription_id": "1a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d",
    },
}
STS_ACCOUNT = {"access_key": STS_ACCESS_KEY, "secret_key": STS_SECRET_KEY, "account_id": STS_ACCOUNT_ID}


TENANT_ADMIN = {"admin_email": "platform-lead@example.com", "admin_first_name": "Ada", "admin_last_name": "Lovelace"}


def tenant_task(name="platform", **overrides):
    """A palette_tenant task for an active tenant with its first admin."""
    options = {"name": name, **TENANT_ADMIN, "active": True, **overrides}
    return {"name": f"Tenant {name}", "palette.selfhosted.palette_tenant": options}


def console_document(lab, backup_storage="s3", **sections):
    """palette_system_config's options for every section, from the same options as the tasks above
    (the backup only for a lab started with backup_targets)."""

    def options_of(task):
        return next(value for key, value in task.items() if key.startswith("palette.selfhosted."))

    document = {
        "admin": {"initial_password": "admin", "email": "palette-admins@example.com"},
        "smtp": options_of(smtp_task(lab)),
        "session_timeout": {"expiry_minutes": 240},
        "login_banner": LOGIN_BANNER_OPTIONS,
        "classification_banner": {"config": CLASSIFICATION_BANNER_CONFIG},
        "reverse_proxy": options_of(reverse_proxy_task()),
        "feature_flags": [{"key": "LxdMaas", "enabled": True}],
        "tenants": [{"name": "platform", **TENANT_ADMIN, "active": True}],
    }
    if backup_storage and lab.backup_targets:
        document["backup"] = options_of(backup_task(lab, backup_storage))
    document.update(sections)
    return {key: value for key, value in document.items() if value is not None}


def config_task(document, **task_options):
    return {"name": "Console", "palette.selfhosted.palette_system_config": document, **task_options}
