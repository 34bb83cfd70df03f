"""Install day: the whole console as one palette_system_config task, against the same play written
with uri tasks (as users write it without the collection) and the palette_system_console role as
examples/install_day.yml runs it; the task's first run on a console fresh from the installer; and
the task on a fleet of consoles. They measure and count; report.py judges."""

from __future__ import annotations

import json
import resource
import statistics
from dataclasses import dataclass
from pathlib import Path

from playbooks import DESIRED_SPEC, recap

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "install_day.yml"
TENANTS = [
    {"name": "platform", "admin_email": "platform-lead@example.com", "first": "Ada", "last": "Lovelace"},
    {"name": "data-science", "admin_email": "ds-lead@example.com", "first": "Grace", "last": "Hopper"},
]
# The system accounts of examples/install_day.yml; uri_play() leaves them out, so that the hand-written
# play it is measured against does less, never more.
ACCOUNTS = [
    {"email": "oncall@example.com", "first_name": "Alan", "last_name": "Turing", "role": "operations_admin"},
    {"email": "access-admin@example.com", "first_name": "Katherine", "last_name": "Johnson", "role": "account_admin"},
]
BANNER = {
    "title": "Authorised use only",
    "text": "This system is monitored.\nBy signing in you agree to the acceptable use policy.\n",
}
CLASSIFICATION = {"backgroundColor": "#007a33", "enabled": True, "text": "UNCLASSIFIED", "textColor": "#ffffff"}
PROXY = {"server": "proxy.example.com", "port": 8443, "protocol": "https"}
SCHEDULE = {"hour_of_day": 2, "interval": 1, "retention_period": 7}
LOGIN_CALL = "POST /v1/auth/syslogin"
TENANT_LIST = "GET /v1/tenants"
# Palette's lists answer at most this many items per call (tools/palette_simulator/paging.py).
PAGE = 50


def lab_vars(lab):
    """What examples/install_day.yml and the plays below take, for the lab's (first) console."""
    described = {key: value for key, value in lab.describe().items() if key != "palette_hosts"}
    return {**described, "ansible_connection": "local"}


def document(folder="palette"):
    """palette_system_config's sections: what examples/install_day.yml and uri_play() set, every section
    (``folder``: the backups' folder in the bucket)."""
    return {
        "admin": {"initial_password": "{{ palette_initial_password }}", "email": "palette-admins@example.com"},
        "smtp": {
            "server": "{{ smtp_server }}",
            "port": "{{ smtp_port }}",
            "from_email": "palette@example.com",
            "username": "{{ smtp_username }}",
            "password": "{{ smtp_password }}",
        },
        "session_timeout": {"expiry_minutes": 240},
        "login_banner": {"enabled": True, **BANNER},
        "classification_banner": {"config": CLASSIFICATION},
        "reverse_proxy": PROXY,
        "backup": {
            "storage": "s3",
            **SCHEDULE,
            "bucket": "{{ s3_bucket }}",
            "region": "{{ s3_region }}",
            "folder": folder,
            "access_key": "{{ s3_access_key }}",
            "secret_key": "{{ s3_secret_key }}",
        },
        "system_accounts": ACCOUNTS,
        "tenants": [
            {
                "name": tenant["name"],
                "admin_email": tenant["admin_email"],
                "admin_first_name": tenant["first"],
                "admin_last_name": tenant["last"],
                "active": True,
            }
            for tenant in TENANTS
        ],
    }


def config_play(folder="palette"):
    """One palette_system_config task with every section, no_log as the role runs it."""
    task = {
        "name": "The whole system console",
        "palette.selfhosted.palette_system_config": {
            "host": "{{ palette_host }}",
            "auth_username": "{{ palette_auth_username }}",
            "auth_password": "{{ palette_auth_password }}",
            **document(folder),
        },
        "no_log": True,
    }
    return [{"name": "install day with palette_system_config", "hosts": "all", "gather_facts": False, "tasks": [task]}]


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
        "banner_spec": {"isEnabled": True, "title": BANNER["title"], "Message": BANNER["text"]},
        # Palette keeps the document as the string sent; the module sends it with sorted keys, compact.
        "classification_spec": {"config": json.dumps(CLASSIFICATION, sort_keys=True, separators=(",", ":"))},
        "proxy_spec": PROXY,
        "backup_spec": {
            "backupSpec": {
                "hourOfTheDay": SCHEDULE["hour_of_day"],
                "interval": SCHEDULE["interval"],
                "retentionPeriod": SCHEDULE["retention_period"],
            },
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


@dataclass
class Counted:
    """One run of a play, counted: its calls ("METHOD /path"), the modules it ran (one name per module
    process) and how many tenants the console held (the pages its list takes)."""

    calls: list
    modules: list
    tenants: int

    @property
    def logins(self):
        return self.calls.count(LOGIN_CALL)

    @property
    def reads(self):
        return [call for call in self.calls if call.startswith("GET ")]

    @property
    def writes(self):
        return [call for call in self.calls if not call.startswith("GET ") and call != LOGIN_CALL]

    @property
    def pages(self):
        """The list calls the tenants take: one per page of PAGE."""
        return max(1, -(-self.tenants // PAGE))

    @property
    def read_twice(self):
        """The reads sent more than once, the tenant list counted against its pages."""
        twice = sorted({call for call in self.reads if call != TENANT_LIST and self.reads.count(call) > 1})
        if self.reads.count(TENANT_LIST) > self.pages:
            twice.append(f"{TENANT_LIST} ({self.reads.count(TENANT_LIST)} lists for {self.pages} page(s))")
        return twice


def _count(runner, lab, host_vars, kind, target):
    lab.console.log.clear()
    modules = runner.module_runs(host_vars=host_vars, **{kind: target})
    return Counted(lab.console.calls(), modules, len(lab.console.tenants))


@dataclass
class InstallDay:
    """Per play: one counted run, then wall times of the plays run alternately, so that drift hits each alike."""

    counted: dict
    times: dict


# The contenders on an unchanged console, in the order they alternate: (keyword of Runner.module_runs, play).
def _variants():
    return {
        "palette_system_config": ("plays", config_play()),
        "role": ("path", EXAMPLE),
        "uri": ("plays", uri_play()),
    }


def measure(runner, lab, rounds):
    """On a console configured before (first_run): each play counted once, then timed alternately."""
    host = {"localhost": lab_vars(lab)}
    variants = _variants()
    counted = {name: _count(runner, lab, host, kind, target) for name, (kind, target) in variants.items()}
    times = {name: [] for name in variants}
    for _round in range(rounds):
        for name, (kind, target) in variants.items():
            run = runner.playbook if kind == "plays" else runner.playbook_file
            times[name].append(run(target, host))
    return InstallDay(counted, times)


@dataclass
class FirstRun:
    """The task on a console fresh from the installer: one counted run, then wall times of more, each
    on a console reset to the installer's state."""

    counted: Counted
    login_statuses: list
    changed: int
    times: list


def first_run(runner, lab, rounds):
    """palette_system_config from the install password (a lab with fresh_console); leaves the console configured."""
    host = {"localhost": lab_vars(lab)}
    lab.console.reset()
    counted = _count(runner, lab, host, "plays", config_play())
    statuses = [entry["status"] for entry in lab.console.log if f"{entry['method']} {entry['path']}" == LOGIN_CALL]
    changed = recap(runner.last_stdout).get("changed", 0)
    times = []
    for _round in range(rounds):
        lab.console.reset()
        times.append(runner.playbook(config_play(), host))
    return FirstRun(counted, statuses, changed, times)


@dataclass
class FleetRun:
    """One playbook over every console: wall time, CPU (Ansible's: ansible-playbook, its workers and the
    module processes; the lab's: this process), and each console's calls."""

    wall: float
    ansible_cpu: float
    lab_cpu: float
    per_console: list  # Counted, one per console

    def seconds_per_console(self):
        return self.wall / len(self.per_console)


@dataclass
class ConsoleFleet:
    first: FleetRun
    first_forks: int
    unchanged: dict  # forks -> [FleetRun, one per round]

    def best(self):
        """(forks, median seconds per console) of the forks value whose median is lowest."""
        medians = {
            forks: statistics.median(run.seconds_per_console() for run in runs)
            for forks, runs in self.unchanged.items()
        }
        forks = min(medians, key=medians.get)
        return forks, medians[forks]


def _cpu_seconds(who):
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def _fleet_run(runner, lab, hosts, forks):
    for console in lab.consoles:
        console.log.clear()
    ansible_before, lab_before = _cpu_seconds(resource.RUSAGE_CHILDREN), _cpu_seconds(resource.RUSAGE_SELF)
    # A folder per console: the lab's consoles share one S3, where each validation writes, reads back and
    # removes the same probe object under the folder.
    wall = runner.playbook(config_play("palette/{{ inventory_hostname }}"), hosts, forks=forks)
    return FleetRun(
        wall,
        _cpu_seconds(resource.RUSAGE_CHILDREN) - ansible_before,
        _cpu_seconds(resource.RUSAGE_SELF) - lab_before,
        [Counted(console.calls(), [], len(console.tenants)) for console in lab.consoles],
    )


def console_fleet(runner, lab, forks_values, rounds):
    """One palette_system_config task on every console of the lab (started with backup_targets): first
    from scratch at the largest forks value, then unchanged, ``rounds`` times per forks value, alternating."""
    described = lab_vars(lab)
    hosts = {
        f"console{index:03d}": {**described, "palette_host": url}
        for index, url in enumerate(lab.describe()["palette_hosts"])
    }
    for console in lab.consoles:
        console.reset()
    first_forks = max(forks_values)
    first = _fleet_run(runner, lab, hosts, first_forks)
    unchanged = {forks: [] for forks in forks_values}
    for _round in range(rounds):
        for forks in forks_values:
            unchanged[forks].append(_fleet_run(runner, lab, hosts, forks))
    return ConsoleFleet(first, first_forks, unchanged)
