"""The install-day play (examples/install_day.yml: the palette_system_console role) on one console,
and the same play written with uri tasks, as users write it without the collection."""

from __future__ import annotations

import json
from pathlib import Path

from playbooks import DESIRED_SPEC
from scenarios import Alternated

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "install_day.yml"
TENANTS = [
    {"name": "platform", "admin_email": "platform-lead@example.com", "first": "Ada", "last": "Lovelace"},
    {"name": "data-science", "admin_email": "ds-lead@example.com", "first": "Grace", "last": "Hopper"},
]


def lab_vars(lab):
    """What examples/install_day.yml takes, for the lab's console."""
    return {**lab.describe(), "ansible_connection": "local"}


def _api(name, path, method="GET", **keywords):
    task = {
        "name": name,
        "ansible.builtin.uri": {
            "url": "{{ palette_host }}" + path,
            "method": method,
            "headers": {"Authorization": "{{ login.json.Authorization }}"},
        },
        "no_log": True,
    }
    if method != "GET":
        task["ansible.builtin.uri"].update(body_format="json", status_code=[201, 204])
    task["ansible.builtin.uri"].update(keywords.pop("uri", {}))
    task.update(keywords)
    return task


def _setting(name, path, desired, validate=None):
    """GET, compare (without the empty values Palette leaves out), validate and PUT only when different."""
    current = f"current_{name}"
    differs = f"({desired} | dict2items | rejectattr('value', 'in', ['', false]) | items2dict) != {current}.json"
    tasks = [_api(f"Read {name}", path, register=current)]
    if validate:
        tasks.append(
            _api(f"Validate {name}", validate[1], validate[0], uri={"body": f"{{{{ {desired} }}}}"}, when=differs)
        )
    tasks.append(
        _api(f"Save {name}", path, "PUT", uri={"body": f"{{{{ {desired} }}}}"}, when=differs, changed_when=True)
    )
    return tasks


def uri_play():
    """Login, the admin's address, every setting, the tenants: each read once, written only when it differs."""
    desired = {
        "smtp_spec": DESIRED_SPEC,
        "timeout_spec": {"expiryTimeMinutes": 240},
        "banner_spec": {
            "isEnabled": True,
            "title": "Authorised use only",
            "Message": "This system is monitored.\nBy signing in you agree to the acceptable use policy.\n",
        },
        # Palette keeps the document as the string sent; the module sends it with sorted keys, compact.
        "classification_spec": {
            "config": json.dumps(
                {"backgroundColor": "#007a33", "enabled": True, "text": "UNCLASSIFIED", "textColor": "#ffffff"},
                sort_keys=True,
                separators=(",", ":"),
            )
        },
        "proxy_spec": {"server": "proxy.example.com", "port": 8443, "protocol": "https"},
        "backup_spec": {
            "backupSpec": {"hourOfTheDay": 2, "interval": 1, "retentionPeriod": 7},
            "s3": {
                "bucket": "{{ s3_bucket }}",
                "region": "{{ s3_region }}",
                "folder": "palette",
                "accessKey": "{{ s3_access_key }}",
                "secretKey": "{{ s3_secret_key }}",
            },
        },
        "tenants": TENANTS,
    }
    login = {
        "name": "Log in to the system console",
        "ansible.builtin.uri": {
            "url": "{{ palette_host }}/v1/auth/syslogin",
            "method": "POST",
            "body_format": "json",
            "body": {"username": "{{ palette_auth_username }}", "password": "{{ palette_auth_password }}"},
        },
        "register": "login",
        "no_log": True,
    }
    admin_differs = "me.json.spec.emailId != 'palette-admins@example.com'"
    tasks = [
        login,
        _api("Read the admin", "/v1/system/users/me", register="me"),
        _api(
            "Set the admin's address",
            "/v1/system/admin/email",
            "PATCH",
            uri={"body": {"email": "palette-admins@example.com", "password": "{{ palette_auth_password }}"}},
            when=admin_differs,
            changed_when=True,
        ),
        *_setting("smtp", "/v1/system/config/smtp", "smtp_spec", ("PUT", "/v1/system/config/smtp/validate")),
        *_setting("timeout", "/v1/system/authTokenSettings", "timeout_spec"),
        *_setting("banner", "/v1/system/loginBanner", "banner_spec"),
        *_setting("classification", "/v1/system/classificationBanner", "classification_spec"),
        *_setting("proxy", "/v1/system/config/reverseproxy", "proxy_spec"),
        *_setting(
            "backup",
            "/v1/system/config/database/backup/s3",
            "backup_spec",
            ("POST", "/v1/system/config/s3/validate?permission=readwrite"),
        ),
        _api("List the tenants", "/v1/tenants", register="listed"),
        _api(
            "Create the missing tenants",
            "/v1/tenants",
            "POST",
            uri={
                "body": {
                    "spec": {
                        "orgName": "{{ item.name }}",
                        "emailId": "{{ item.admin_email }}",
                        "firstName": "{{ item.first }}",
                        "lastName": "{{ item.last }}",
                    }
                }
            },
            loop="{{ tenants }}",
            when="item.name not in (listed.json['items'] | map(attribute='spec.orgName'))",
            changed_when=True,
        ),
    ]
    return [{"name": "install day with uri", "hosts": "all", "gather_facts": False, "vars": desired, "tasks": tasks}]


def measure(runner, lab, rounds):
    """Configure once with the role; then its unchanged run's calls, and the role against the uri play,
    alternately, on the unchanged console."""
    host = {"localhost": lab_vars(lab)}
    runner.playbook_file(EXAMPLE, host)
    lab.console.log.clear()
    runner.playbook_file(EXAMPLE, host)
    calls = lab.console.calls()
    variants = {"role": ("file", EXAMPLE), "uri": ("plays", uri_play())}
    measured = Alternated({name: [] for name in variants}, {}, {})
    for _round in range(rounds):
        for name, (kind, play) in variants.items():
            lab.console.log.clear()
            run = runner.playbook_file if kind == "file" else runner.playbook
            measured.times[name].append(run(play, host))
            measured.requests[name] = len(lab.console.log)
            measured.writes[name] = sum(
                1 for call in lab.console.calls() if not call.startswith(("GET", "POST /v1/auth"))
            )
    return calls, measured
