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
from urllib.parse import urlsplit

import trustme

from playbooks import DESIRED_SPEC, recap

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "install_day.yml"
TENANTS = [
    {"name": "platform", "admin_email": "platform-lead@example.com", "first": "Ada", "last": "Lovelace"},
    {"name": "data-science", "admin_email": "ds-lead@example.com", "first": "Grace", "last": "Hopper"},
]
# The system accounts of examples/install_day.yml, and Palette's adminType for each role.
ACCOUNTS = [
    {"email": "oncall@example.com", "first_name": "Alan", "last_name": "Turing", "role": "operations_admin"},
    {"email": "access-admin@example.com", "first_name": "Katherine", "last_name": "Johnson", "role": "account_admin"},
]
ADMIN_TYPES = {"operations_admin": "OperationAdmin", "account_admin": "AccountAdmin"}
BANNER = {
    "title": "Authorised use only",
    "text": "This system is monitored.\nBy signing in you agree to the acceptable use policy.\n",
}
CLASSIFICATION = {"backgroundColor": "#007a33", "enabled": True, "text": "UNCLASSIFIED", "textColor": "#ffffff"}
PROXY = {"server": "proxy.example.com", "port": 8443, "protocol": "https"}
SCHEDULE = {"hour_of_day": 2, "interval": 1, "retention_period": 7}
# The console's name once configured; its certificate also covers the address it has now. Seconds the
# uri play waits, at most, for the console to reload its listeners after a new certificate.
ADDRESS = "palette.lab.example"
RELOAD_TIMEOUT = 300
# The system registry of examples/install_day.yml (the lab's OCI registry), and the feature flag enabled.
REGISTRY = {"name": "packs", "base_content_path": "spectro-packs", "sync_timeout": 300}
FEATURE_FLAGS = [{"key": "LxdMaas", "enabled": True}]
LOGIN_CALL = "POST /v1/auth/syslogin"
TENANT_LIST = "GET /v1/tenants"
# Palette's lists answer at most this many items per call (tools/palette_simulator/paging.py).
PAGE = 50


def lab_vars(lab):
    """What examples/install_day.yml and the plays below take, for the lab's (first) console (a lab
    started with https, backup_targets and oci_registry)."""
    described = {key: value for key, value in lab.describe().items() if key != "palette_hosts"}
    return {**described, **_system_address(lab), "ansible_connection": "local"}


def _system_address(lab):
    """The system address's variables, as examples/install_day.yml takes them: ADDRESS and a certificate
    for it from a CA of its own. The certificate also covers the address the lab's consoles have now and
    are reached at (127.0.0.1), as palette_system_address requires; it is made once per lab, so that
    every run asks for the same one. The plays trust the lab's CA, which a console reset to the
    installer's state serves with, and this one, which a configured console serves with
    (palette_ca_path: both)."""
    folder = lab.workdir / "system-address"
    files = {
        "palette_tls_certificate_file": folder / "certificate.pem",
        "palette_tls_key_file": folder / "key.pem",
        "palette_tls_ca_file": folder / "ca.pem",
    }
    trusted = folder / "trusted-cas.pem"
    if not folder.exists():
        folder.mkdir(parents=True)
        authority = trustme.CA()
        issued = authority.issue_cert(ADDRESS, urlsplit(lab.console.base_url).hostname)
        issued.cert_chain_pems[0].write_to_path(str(files["palette_tls_certificate_file"]))
        issued.private_key_pem.write_to_path(str(files["palette_tls_key_file"]))
        authority.cert_pem.write_to_path(str(files["palette_tls_ca_file"]))
        trusted.write_bytes(lab.palette_ca_file.read_bytes() + authority.cert_pem.bytes())
    return {
        "palette_address": ADDRESS,
        "palette_ca_path": str(trusted),
        **{name: str(path) for name, path in files.items()},
    }


def document(folder="palette"):
    """palette_system_config's sections, every one of the console document, as examples/install_day.yml
    and uri_play() set them (``folder``: the backups' folder in the bucket)."""
    return {
        "smtp": {
            "server": "{{ smtp_server }}",
            "port": "{{ smtp_port }}",
            "from_email": "palette@example.com",
            "username": "{{ smtp_username }}",
            "password": "{{ smtp_password }}",
        },
        "admin": {"initial_password": "{{ palette_initial_password }}", "email": "palette-admins@example.com"},
        "system_address": {
            "address": "{{ palette_address }}",
            "certificate": "{{ lookup('ansible.builtin.file', palette_tls_certificate_file) }}",
            "private_key": "{{ lookup('ansible.builtin.file', palette_tls_key_file) }}",
            "ca_certificate": "{{ lookup('ansible.builtin.file', palette_tls_ca_file) }}",
        },
        "activation": {"activation_key": "{{ palette_activation_key }}"},
        "session_timeout": {"expiry_minutes": 240},
        "login_banner": {"enabled": True, **BANNER},
        "classification_banner": {"config": CLASSIFICATION},
        "reverse_proxy": PROXY,
        "cloud_credentials": {
            "aws": {"access_key": "{{ provider_aws_access_key }}", "secret_key": "{{ provider_aws_secret_key }}"}
        },
        "aws_sts_accounts": {
            "aws": {
                "access_key": "{{ sts_access_key }}",
                "secret_key": "{{ sts_secret_key }}",
                "account_id": "{{ sts_account_id }}",
            }
        },
        "system_registries": [
            {
                "name": REGISTRY["name"],
                "type": "basic",
                "endpoint": "{{ oci_registry_endpoint }}",
                "base_content_path": REGISTRY["base_content_path"],
                "username": "{{ oci_registry_username }}",
                "password": "{{ oci_registry_password }}",
                "ca_certificate": "{{ lookup('ansible.builtin.file', oci_registry_ca_file) }}",
                "wait_for_sync": True,
                "sync_timeout": REGISTRY["sync_timeout"],
            }
        ],
        "feature_flags": FEATURE_FLAGS,
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
            "ca_path": "{{ palette_ca_path }}",
            **document(folder),
        },
        "no_log": True,
    }
    return [{"name": "install day with palette_system_config", "hosts": "all", "gather_facts": False, "tasks": [task]}]


def _api(name, path, method="GET", **keywords):
    """A uri task on the console with the play's token; a write expects 200, 201 or 204."""
    task = {
        "name": name,
        "ansible.builtin.uri": {
            "url": "{{ palette_host }}" + path,
            "method": method,
            "headers": {"Authorization": "{{ login.json.Authorization }}"},
            "ca_path": "{{ palette_ca_path }}",
        },
        "no_log": True,
    }
    if method != "GET":
        task["ansible.builtin.uri"].update(body_format="json", status_code=[200, 201, 204])
    task["ansible.builtin.uri"].update(keywords.pop("uri", {}))
    task.update(keywords)
    return task


def _write(name, path, method, body, when=None, **keywords):
    """A write, sent only where ``when`` holds (for each item of a loop), and reported as a change."""
    if when is not None:
        keywords["when"] = when
    return _api(name, path, method, uri={"body": body}, changed_when=True, **keywords)


def _setting(name, path, desired, validate=None):
    """GET, compare (without the empty values Palette leaves out), validate and PUT only when different.
    ``validate``: (method, path, the part of ``desired`` Palette validates, or None for all of it)."""
    current = f"current_{name}"
    differs = f"({desired} | dict2items | rejectattr('value', 'in', ['', false]) | items2dict) != {current}.json"
    tasks = [_api(f"Read {name}", path, register=current)]
    if validate:
        method, validate_path, part = validate
        body = f"{{{{ {desired}.{part} }}}}" if part else f"{{{{ {desired} }}}}"
        tasks.append(_api(f"Validate {name}", validate_path, method, uri={"body": body}, when=differs))
    tasks.append(_write(f"Save {name}", path, "PUT", f"{{{{ {desired} }}}}", differs))
    return tasks


# The system address's PEM fields, as the API names them: (variable with the PEM file, body field).
ADDRESS_PEMS = (
    ("palette_tls_certificate_file", "certificateBase64"),
    ("palette_tls_key_file", "keyBase64"),
    ("palette_tls_ca_file", "caCertificateBase64"),
)


def _system_address_tasks():
    """Palette keeps the PEM text base64-encoded, as sent: compared decoded, without the white space
    around it (a PEM file's last line break, which the file lookup drops). After a write Palette reloads
    its listeners: the play waits until the console answers with the new certificate, verified with the
    new CA."""
    path = "/v1/system/config/domain/certificates"
    read = "current_address.json"
    differs = " or ".join(
        [f"{read}.rootDomain != palette_address"]
        + [
            f"({read}.certificates.{field} | default('') | b64decode | trim) != "
            f"(lookup('ansible.builtin.file', {variable}) | trim)"
            for variable, field in ADDRESS_PEMS
        ]
    )
    certificates = {
        field: f"{{{{ lookup('ansible.builtin.file', {variable}) | b64encode }}}}" for variable, field in ADDRESS_PEMS
    }
    body = {"rootDomain": "{{ palette_address }}", "certificates": {**certificates, "insecureSkipVerify": False}}
    return [
        _api("Read the system address", path, register="current_address"),
        _write("Save the system address and certificate", path, "PUT", body, differs, register="saved_address"),
        _api(
            "Wait for the console to serve the new certificate",
            path,
            uri={"ca_path": "{{ palette_tls_ca_file }}"},
            register="reloaded",
            until="reloaded.status == 200",
            retries=RELOAD_TIMEOUT,
            delay=1,
            when="saved_address is changed",
        ),
    ]


def _activation_tasks():
    """Palette never returns the key: the state is what is compared (an Active console is sent none).
    The trial's end is read as palette_activation reads it, to warn of a trial about to end."""
    inactive = "activation.json.status.state != 'Active'"
    return [
        _api("Read the activation", "/v1/system/activation", register="activation"),
        _api("Read when the trial ends", "/v1/activations/system", register="trial"),
        _write("Activate", "/v1/system/activate", "POST", {"activationKey": "{{ palette_activation_key }}"}, inactive),
    ]


def _sts_tasks():
    """Palette's docs create the account with POST and change it with PUT; GET reads {} until then."""
    path = "/v1/system/config/aws/sts/account"
    return [
        _api("Read the STS account", path, register="current_sts"),
        _write("Create the STS account", path, "POST", "{{ sts_spec }}", "current_sts.json == {}"),
        _write(
            "Change the STS account",
            path,
            "PUT",
            "{{ sts_spec }}",
            "current_sts.json != {} and current_sts.json != sts_spec",
        ),
    ]


def _registry_tasks():
    """The list (the system scope's), the registry's own read, a validation (Palette signs in to the
    registry) and a write when it differs, then the wait for its pack sync after a write or while one
    goes on. Palette returns the password masked: it is left out of the comparison, and sent with any
    other change."""
    found = "registry_found | length > 0"
    uid = "{{ (registry_found | first).metadata.uid if registry_found else created_registry.json.uid }}"
    differs = (
        "not registry_found or (registry.json.spec"
        " | combine({'auth': {'password': oci_registry_password}}, recursive=True)) != registry_spec"
    )
    syncing = (
        "created_registry is changed or saved_registry is changed"
        " or (registry.json.status.syncStatus.status | default('') | lower) not in ['completed', 'success']"
    )
    return [
        _api("List the registries", "/v1/registries/oci/summary", register="registries"),
        _api("Read the registry", "/v1/registries/oci/" + uid + "/basic", register="registry", when=found),
        _api(
            "Validate the registry",
            "/v1/registries/oci/basic/validate",
            "POST",
            uri={"body": "{{ registry_spec }}"},
            when=differs,
        ),
        _write(
            "Create the registry",
            "/v1/registries/oci/basic",
            "POST",
            {"metadata": {"name": REGISTRY["name"]}, "spec": "{{ registry_spec }}"},
            "not registry_found",
            register="created_registry",
        ),
        _write(
            "Save the registry",
            "/v1/registries/oci/" + uid + "/basic",
            "PUT",
            {"metadata": {"name": REGISTRY["name"]}, "spec": "{{ registry_spec }}"},
            f"{found} and ({differs})",
            register="saved_registry",
        ),
        _api(
            "Wait for the registry's pack sync",
            "/v1/registries/oci/" + uid + "/basic/sync/status",
            register="sync",
            until="(sync.json.status | lower) in ['completed', 'success']",
            retries=REGISTRY["sync_timeout"],
            delay=1,
            when=syncing,
        ),
    ]


def _listed_tasks():
    """The feature flags, the system accounts and the tenants: a list each, and a write per item that
    differs (a loop over no item runs nothing)."""
    flags = "features.json['items'] | selectattr('spec.key', 'in', feature_flags | map(attribute='key')) | list"
    emails = "admins.json['items'] | map(attribute='spec.emailId') | list"
    desired_account = "(accounts | selectattr('email', 'equalto', item.spec.emailId) | first)"
    existing_accounts = "admins.json['items'] | selectattr('spec.emailId', 'in', accounts | map(attribute='email'))"
    inactive_tenants = (
        "listed.json['items'] | selectattr('spec.orgName', 'in', tenants | map(attribute='name'))"
        " | rejectattr('status.isActive')"
    )
    return [
        _api("List the feature flags", "/v1/system/features", register="features"),
        _write(
            "Enable the feature flags",
            "/v1/system/features/{{ item.metadata.uid }}",
            "PATCH",
            {"isAllowed": True},
            "not item.spec.isAllowed",
            loop=f"{{{{ {flags} }}}}",
        ),
        *_setting(
            "backup",
            "/v1/system/config/database/backup/s3",
            "backup_spec",
            ("POST", "/v1/system/config/s3/validate?permission=readwrite", "s3"),
        ),
        _api("List the system accounts", "/v1/system/admins", register="admins"),
        _write(
            "Create the missing system accounts",
            "/v1/system/admins",
            "POST",
            {
                "spec": {
                    "emailId": "{{ item.email }}",
                    "firstName": "{{ item.first_name }}",
                    "lastName": "{{ item.last_name }}",
                    "adminType": "{{ admin_types[item.role] }}",
                }
            },
            f"item.email not in ({emails})",
            loop="{{ accounts }}",
        ),
        _write(
            "Rename the system accounts",
            "/v1/system/admins/{{ item.metadata.uid }}/profile",
            "PATCH",
            {
                "spec": {
                    "firstName": f"{{{{ {desired_account}.first_name }}}}",
                    "lastName": f"{{{{ {desired_account}.last_name }}}}",
                }
            },
            f"[item.spec.firstName, item.spec.lastName] != [{desired_account}.first_name, {desired_account}.last_name]",
            loop=f"{{{{ {existing_accounts} | list }}}}",
        ),
        _api("List the tenants", "/v1/tenants", register="listed"),
        _write(
            "Create the missing tenants",
            "/v1/tenants",
            "POST",
            {
                "spec": {
                    "orgName": "{{ item.name }}",
                    "emailId": "{{ item.admin_email }}",
                    "firstName": "{{ item.first }}",
                    "lastName": "{{ item.last }}",
                }
            },
            "item.name not in (listed.json['items'] | map(attribute='spec.orgName'))",
            loop="{{ tenants }}",
            register="created_tenants",
        ),
        # A new tenant starts inactive: the new ones and those listed inactive are activated.
        _write(
            "Activate the tenants",
            "/v1/tenants/{{ item }}/activate",
            "PATCH",
            {"isActive": True},
            loop=(
                f"{{{{ ({inactive_tenants} | map(attribute='metadata.uid') | list)"
                " + (created_tenants.results | selectattr('json', 'defined') | map(attribute='json.uid') | list) }}"
            ),
        ),
    ]


def uri_play():
    """What palette_system_config does, written with uri tasks as users write it without the collection:
    one login, then every section in the console's order, each read once (a list once, a registry's own
    read too), compared in a `when` with the desired value, validated where Palette validates (SMTP, the
    registry, backups) and written only when it differs. On an unchanged console it reads what the
    module reads and skips every write."""
    desired = {
        "smtp_spec": DESIRED_SPEC,
        "timeout_spec": {"expiryTimeMinutes": 240},
        "banner_spec": {"isEnabled": True, "title": BANNER["title"], "Message": BANNER["text"]},
        # Palette keeps the document as the string sent; the module sends it with sorted keys, compact.
        "classification_spec": {"config": json.dumps(CLASSIFICATION, sort_keys=True, separators=(",", ":"))},
        "proxy_spec": PROXY,
        "aws_account_spec": {
            "spec": {"accessKey": "{{ provider_aws_access_key }}", "secretKey": "{{ provider_aws_secret_key }}"}
        },
        "sts_spec": {
            "accessKey": "{{ sts_access_key }}",
            "secretKey": "{{ sts_secret_key }}",
            "accountId": "{{ sts_account_id }}",
        },
        "registry_spec": {
            "endpoint": "{{ oci_registry_endpoint }}",
            "baseContentPath": REGISTRY["base_content_path"],
            "providerType": "pack",
            "isSyncSupported": True,
            "containsSpectroManifest": False,
            "scope": "system",
            "auth": {
                "type": "basic",
                "username": "{{ oci_registry_username }}",
                "password": "{{ oci_registry_password }}",
                "tls": {
                    "ca": "{{ lookup('ansible.builtin.file', oci_registry_ca_file) }}",
                    "insecureSkipVerify": False,
                    "enabled": True,
                },
            },
        },
        # Evaluated where used: the system-scope registry of that name in the list read by then.
        "registry_found": (
            f"{{{{ registries.json['items'] | selectattr('metadata.name', 'equalto', '{REGISTRY['name']}')"
            " | selectattr('spec.scope', 'equalto', 'system') | list }}"
        ),
        "feature_flags": FEATURE_FLAGS,
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
        "accounts": ACCOUNTS,
        "admin_types": ADMIN_TYPES,
        "tenants": TENANTS,
    }
    login = {
        "name": "Log in to the system console",
        "ansible.builtin.uri": {
            "url": "{{ palette_host }}/v1/auth/syslogin",
            "method": "POST",
            "body_format": "json",
            "body": {"username": "{{ palette_auth_username }}", "password": "{{ palette_auth_password }}"},
            "ca_path": "{{ palette_ca_path }}",
        },
        "register": "login",
        "no_log": True,
    }
    tasks = [
        login,
        *_setting("smtp", "/v1/system/config/smtp", "smtp_spec", ("PUT", "/v1/system/config/smtp/validate", None)),
        _api("Read the admin", "/v1/system/users/me", register="me"),
        _write(
            "Set the admin's address",
            "/v1/system/admin/email",
            "PATCH",
            {"email": "palette-admins@example.com", "password": "{{ palette_auth_password }}"},
            "me.json.spec.emailId != 'palette-admins@example.com'",
        ),
        *_system_address_tasks(),
        *_activation_tasks(),
        *_setting("timeout", "/v1/system/authTokenSettings", "timeout_spec"),
        *_setting("banner", "/v1/system/loginBanner", "banner_spec"),
        *_setting("classification", "/v1/system/classificationBanner", "classification_spec"),
        *_setting("proxy", "/v1/system/config/reverseproxy", "proxy_spec"),
        *_setting("aws_account", "/v1/system/config/aws/account", "aws_account_spec"),
        *_sts_tasks(),
        *_registry_tasks(),
        *_listed_tasks(),
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
    """One run of a play, counted, and its wall time."""
    lab.console.log.clear()
    modules, seconds = runner.module_runs(host_vars=host_vars, **{kind: target})
    return Counted(lab.console.calls(), modules, len(lab.console.tenants)), seconds


@dataclass
class InstallDay:
    """Per play: its counted run, and the wall times of the plays run alternately (the counted runs the
    first round), so that drift hits each alike."""

    counted: dict
    times: dict


# The contenders on an unchanged console, in the order they alternate: (keyword of Runner.module_runs, play,
# host variables beyond lab_vars()).
def _variants():
    return {
        "palette_system_config": ("plays", config_play(), {}),
        "role": ("path", EXAMPLE, {}),
        "uri": ("plays", uri_play(), {}),
    }


def measure(runner, lab, rounds):
    """On a console configured before (first_run): the plays timed alternately, ``rounds`` times each, and
    counted in the first round."""
    described = lab_vars(lab)
    variants = {
        name: (kind, target, {"localhost": {**described, **extra}})
        for name, (kind, target, extra) in _variants().items()
    }
    counted, times = {}, {name: [] for name in variants}
    for name, (kind, target, host) in variants.items():
        counted[name], seconds = _count(runner, lab, host, kind, target)
        times[name].append(seconds)
    for _round in range(rounds - 1):
        for name, (kind, target, host) in variants.items():
            run = runner.playbook if kind == "plays" else runner.playbook_file
            times[name].append(run(target, host))
    return InstallDay(counted, times)


@dataclass
class FirstRun:
    """The task on a console fresh from the installer: its wall times, each run on a console reset to the
    installer's state; the first run counted, with its longest pause between two answered calls (seconds,
    the call after it); outage: the seconds the console refuses connections after a system address write."""

    counted: Counted
    login_statuses: list
    changed: int
    pause: tuple
    times: list
    outage: float


def first_run(runner, lab, rounds):
    """palette_system_config from the install password (a lab with fresh_console), ``rounds`` times, the first
    counted; leaves the console configured."""
    host = {"localhost": lab_vars(lab)}
    lab.console.reset()
    counted, seconds = _count(runner, lab, host, "plays", config_play())
    log = list(lab.console.log)
    statuses = [entry["status"] for entry in log if f"{entry['method']} {entry['path']}" == LOGIN_CALL]
    changed = recap(runner.last_stdout).get("changed", 0)
    pause = max(
        ((after["at"] - before["at"], f"{after['method']} {after['path']}") for before, after in zip(log, log[1:])),
        default=(0.0, ""),
    )
    times = [seconds]
    for _round in range(rounds - 1):
        lab.console.reset()
        times.append(runner.playbook(config_play(), host))
    return FirstRun(counted, statuses, changed, pause, times, lab.console.settings["listener_reload_outage"])


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
