"""Task and connection builders for integration playbooks."""

from __future__ import annotations


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


def info_task():
    return {"name": "Read SMTP", "palette.selfhosted.palette_smtp_info": {}}
