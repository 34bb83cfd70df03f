"""`make demo`: the whole Palette system console as one document, applied by one
palette_system_config task, against a local lab (a simulated Palette over HTTPS with its own CA,
fresh from the installer; a real SMTP server with STARTTLS and AUTH; a real FTP server for the
backups; and, when Debian's docker-registry package is installed, a real OCI registry with basic auth
and TLS, which the console's system registry points at).

1. First run, from the install password (admin/admin): the password is changed, SMTP, the
   backups and the system registry are validated by Palette, then every section is written (changed).
2. Second run: nothing to do (ok): 1 login, every section read once, no write.
3. A wrong SMTP password in the document: Palette's validation fails with the SMTP server's 535,
   and nothing is written.
4. The plan of a change (--check --diff on an edited document): one diff, the sections it would
   change, nothing written.
5. A change made behind the document's back (the login banner turned off in the UI):
   examples/console_drift_report.yml fails naming the section, and writes nothing.
6. examples/export_console.yml: palette_system_info reads the console back as a document, each
   secret a vault_ placeholder.
7. The email the lab's SMTP server received: the admin's address verification and the tenants'
   invitations, sent through the SMTP settings of step 1.

It exits non-zero if any step did not behave so.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

from palette_simulator.backup_targets import FtpServer
from palette_simulator.lab import FTP_PASSWORD, FTP_USER, INSTALL_PASSWORD, LAB_SECRETS, Lab
from palette_simulator.oci_registry import BINARY as REGISTRY_BINARY

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
EXAMPLES = ROOT / "examples"
LOGIN = "POST /v1/auth/syslogin"
SECTIONS = [
    "smtp",
    "admin",
    "session_timeout",
    "login_banner",
    "classification_banner",
    "reverse_proxy",
    "cloud_credentials",
    "aws_sts_accounts",
    "system_registries",
    "backup",
    "tenants",
]

# The play that applies the document: the one palette_system_config task, then a line saying what it did.
APPLY = [
    {
        "name": "Configure the Palette system console from its document",
        "hosts": "localhost",
        "gather_facts": False,
        "vars_files": [
            "{{ palette_console_file | default('console.yml') }}",
            "{{ palette_console_vault_file | default('vault.yml') }}",
        ],
        "module_defaults": {
            "group/palette.selfhosted.palette": {
                "host": "{{ palette_host }}",
                "auth_username": "{{ palette_auth_username }}",
                "auth_password": "{{ palette_auth_password }}",
                "ca_path": "{{ palette_ca_path }}",
            }
        },
        "tasks": [
            {
                "name": "The whole console, in one task",
                "palette.selfhosted.palette_system_config": "{{ palette_console }}",
                "register": "palette_result",
            },
            {
                "name": "Say what the task did",
                "ansible.builtin.debug": {
                    "msg": "changed: {{ palette_result.changed_sections | join(', ') or 'nothing' }}; validated by "
                    "Palette: {{ palette_result.validated_sections | join(', ') or 'nothing' }}"
                },
            },
        ],
    }
]


def documents(lab, ftp):
    """The console's document (secrets as vault_ references), the vault's variables, and the edited
    document whose plan step 4 shows."""
    described = lab.describe()
    console = {
        "admin": {"initial_password": "{{ vault_admin_initial_password }}", "email": "palette-admins@example.com"},
        "smtp": {
            "server": described["smtp_server"],
            "port": described["smtp_port"],
            "from_email": "palette@example.com",
            "username": described["smtp_username"],
            "password": "{{ vault_smtp_password }}",
        },
        "session_timeout": {"expiry_minutes": 240},
        "login_banner": {
            "enabled": True,
            "title": "Authorised use only",
            "text": "This system is monitored.\nBy signing in you agree to the acceptable use policy.\n",
        },
        "classification_banner": {
            "config": {"enabled": True, "text": "UNCLASSIFIED", "backgroundColor": "#007a33", "textColor": "#ffffff"}
        },
        "reverse_proxy": {"server": "proxy.example.com", "port": 8443},
        "cloud_credentials": {
            "aws": {
                "access_key": described["provider_aws_access_key"],
                "secret_key": "{{ vault_provider_aws_secret_key }}",
            }
        },
        "aws_sts_accounts": {
            "aws": {
                "access_key": described["sts_access_key"],
                "secret_key": "{{ vault_sts_secret_key }}",
                "account_id": described["sts_account_id"],
            }
        },
        "backup": {
            "storage": "ftp",
            "hour_of_day": 2,
            "interval": 1,
            "retention_period": 7,
            "server": ftp.address,
            "username": FTP_USER,
            "password": "{{ vault_backup_password }}",
        },
        "tenants": [
            {
                "name": "platform",
                "admin_email": "platform-lead@example.com",
                "admin_first_name": "Ada",
                "admin_last_name": "Lovelace",
                "active": True,
            },
            {
                "name": "data-science",
                "admin_email": "ds-lead@example.com",
                "admin_first_name": "Grace",
                "admin_last_name": "Hopper",
                "active": True,
            },
        ],
    }
    vault = {
        "vault_admin_initial_password": INSTALL_PASSWORD,
        "vault_smtp_password": described["smtp_password"],
        "vault_backup_password": FTP_PASSWORD,
        "vault_provider_aws_secret_key": described["provider_aws_secret_key"],
        "vault_sts_secret_key": described["sts_secret_key"],
    }
    if lab.oci_registry is not None:
        console["system_registries"] = [
            {
                "name": "packs",
                "type": "basic",
                "endpoint": described["oci_registry_endpoint"],
                "base_content_path": "spectro-packs",
                "username": described["oci_registry_username"],
                "password": "{{ vault_registry_password }}",
                "ca_certificate": Path(described["oci_registry_ca_file"]).read_text(),
                "wait_for_sync": True,
            }
        ]
        vault["vault_registry_password"] = described["oci_registry_password"]
    # The document in the console's order, as palette_system_info exports it.
    console = {name: console[name] for name in SECTIONS if name in console}
    edited = json.loads(json.dumps(console))
    edited["session_timeout"]["expiry_minutes"] = 60
    edited["login_banner"]["title"] = "Authorised use only: all activity is recorded"
    return console, vault, edited


class Demo:
    def __init__(self, workdir, lab):
        self.workdir = Path(workdir)
        self.lab = lab
        self.lab_file = self.workdir / "lab-vars.json"
        self.lab_file.write_text(json.dumps(lab.describe()))
        (self.workdir / "apply.yml").write_text(yaml.safe_dump(APPLY, sort_keys=False, width=120))
        self.failures = []
        self.summary = []
        self.warnings_seen = set()

    def run(self, playbook, *extra):
        """ansible-playbook against the lab; returns (completed process, recap dict)."""
        command = [BIN / "ansible-playbook", "-i", EXAMPLES / "inventory.ini", playbook, "-e", f"@{self.lab_file}"]
        command += extra
        self.lab.console.log.clear()
        completed = subprocess.run(
            command,
            capture_output=True,
            text=True,
            cwd=self.workdir,
            env={**os.environ, "ANSIBLE_NOCOLOR": "1"},
            check=False,
        )
        line = re.search(r"localhost\s+:\s+(.*)", completed.stdout)
        recap = {key: int(value) for key, value in re.findall(r"(\w+)=(\d+)", line.group(1))} if line else {}
        return completed, recap

    def show(self, title, completed):
        """The run's output; a warning block (stderr) an earlier step showed is left out, and counted."""
        print(f"== {title}")
        print(completed.stdout.strip())
        blocks = re.split(r"\n(?=\[[A-Z ]+\]: )", completed.stderr.strip()) if completed.stderr.strip() else []
        repeated = [block for block in blocks if block.splitlines()[0] in self.warnings_seen]
        for block in blocks:
            if block not in repeated:
                print(block)
                self.warnings_seen.add(block.splitlines()[0])
        if repeated:
            print(f"({len(repeated)} warning(s) shown in an earlier step left out)")
        print()

    def check(self, step, ok, why):
        if not ok:
            self.failures.append(f"{step}: {why}")

    def calls(self):
        calls = self.lab.console.calls()
        reads = [call for call in calls if call.startswith("GET ")]
        writes = [call for call in calls if not call.startswith("GET ") and call != LOGIN and "/validate" not in call]
        return calls, reads, writes


def changed_sections(stdout):
    found = re.search(r'"msg": "changed: (.*?); validated', stdout)
    return [] if not found or found.group(1) == "nothing" else found.group(1).split(", ")


def main():
    with tempfile.TemporaryDirectory(prefix="palette-demo-") as workdir:
        ftp = FtpServer(Path(workdir) / "ftp", FTP_USER, FTP_PASSWORD).start()
        try:
            # The lab's OCI registry is Debian's docker-registry: without the package, no system registry.
            oci_registry = os.access(REGISTRY_BINARY, os.X_OK)
            with Lab(Path(workdir) / "lab", https=True, fresh_console=True, oci_registry=oci_registry) as lab:
                demo = Demo(workdir, lab)
                steps(demo, ftp)
        finally:
            ftp.stop()
    print("== What happened")
    print("\n".join(demo.summary))
    if demo.failures:
        print("\nDEMO FAILED:\n  " + "\n  ".join(demo.failures))
        sys.exit(1)
    print("\nDemo passed.")


def steps(demo, ftp):
    lab, workdir = demo.lab, demo.workdir
    console_doc, vault, edited = documents(lab, ftp)
    for name, data in (
        ("console.yml", {"palette_console": console_doc}),
        ("vault.yml", vault),
        ("console-next.yml", {"palette_console": edited}),
    ):
        (workdir / name).write_text(yaml.safe_dump(data, sort_keys=False, width=120))
    print(
        f"Lab: a Palette console fresh from the installer at {lab.console.base_url} (HTTPS, own CA; admin/admin),\n"
        f"SMTP server at {lab.smtp.host}:{lab.smtp.port} (STARTTLS, AUTH), FTP server at {ftp.address}\n"
    )
    print("== The console as one document: console.yml (vault.yml holds the vault_ variables)\n")
    print((workdir / "console.yml").read_text())
    print("== The play: apply.yml, one palette_system_config task (the debug task only prints its result)\n")
    print((workdir / "apply.yml").read_text())

    # 1. From the install password to configured.
    completed, recap = demo.run("apply.yml")
    demo.show("1. first run, from the install password: ansible-playbook apply.yml", completed)
    calls, reads, writes = demo.calls()
    logins = [entry["status"] for entry in lab.console.log if f"{entry['method']} {entry['path']}" == LOGIN]
    sections = changed_sections(completed.stdout)
    demo.check("1", completed.returncode == 0 and recap.get("changed") == 1, f"expected changed=1, got {recap}")
    expected = [name for name in SECTIONS if name in console_doc]
    demo.check("1", sections == expected, f"changed sections {sections}, expected {expected}")
    demo.summary.append(
        f"1. first run:  {'changed' if recap.get('changed') else 'not changed'}, one task: {', '.join(sections)}; "
        f"{len(calls)} requests "
        f"(logins answered {', '.join(map(str, logins))}: the install password changed), "
        f"{len([c for c in calls if '/validate' in c])} validations, then "
        f"{len([c for c in writes if 'changePassword' not in c])} writes"
    )

    # 2. Again: nothing to do.
    completed, recap = demo.run("apply.yml")
    demo.show("2. second run: ansible-playbook apply.yml", completed)
    calls, reads, writes = demo.calls()
    twice = sorted({read for read in reads if reads.count(read) > 1})
    demo.check("2", completed.returncode == 0 and recap.get("changed") == 0, f"expected changed=0, got {recap}")
    demo.check("2", calls.count(LOGIN) == 1, f"{calls.count(LOGIN)} logins, expected 1")
    demo.check("2", not writes, f"an unchanged run wrote: {writes}")
    demo.check("2", not twice, f"read twice: {twice}")
    demo.summary.append(
        f"2. second run: {'changed' if recap.get('changed') else 'ok'}, {calls.count(LOGIN)} login, {len(reads)} reads "
        f"({'read twice: ' + ', '.join(twice) if twice else 'each section once'}), {len(writes)} writes"
    )

    # 3. A wrong SMTP password: validation fails before anything is written.
    stored = {name: dict(value) for name, value in lab.console.stored.items()}
    completed, recap = demo.run("apply.yml", "-e", "vault_smtp_password=not-the-smtp-password")
    demo.show("3. a wrong SMTP password: ansible-playbook apply.yml -e vault_smtp_password=...", completed)
    calls, reads, writes = demo.calls()
    untouched = {name: dict(value) for name, value in lab.console.stored.items()} == stored
    demo.check("3", completed.returncode != 0 and "535" in completed.stdout, "did not fail with the SMTP server's 535")
    demo.check("3", untouched and not writes, f"wrote after a failed validation: {writes}")
    demo.summary.append(
        f"3. wrong SMTP password: {'failed' if completed.returncode else 'did not fail'}"
        f"{' with the SMTP server' + chr(39) + 's 535 as Palette reports it' if '535' in completed.stdout else ''}; "
        f"{len(writes)} writes, stored config untouched: {untouched}"
    )

    # 4. The plan of a change.
    completed, recap = demo.run("apply.yml", "--check", "--diff", "-e", "palette_console_file=console-next.yml")
    demo.show(
        "4. the plan of a change: ansible-playbook apply.yml --check --diff -e palette_console_file=console-next.yml",
        completed,
    )
    calls, reads, writes = demo.calls()
    planned = changed_sections(completed.stdout)
    diffs = completed.stdout.count("--- before")
    demo.check(
        "4",
        completed.returncode == 0 and planned == ["session_timeout", "login_banner"],
        f"planned {planned}, expected session_timeout, login_banner",
    )
    demo.check("4", diffs == 1, f"{diffs} diffs, expected one")
    demo.check("4", not writes, f"check mode wrote: {writes}")
    demo.summary.append(f"4. plan:       {diffs} diff, would change {', '.join(planned)}; {len(writes)} writes")

    # 5. Drift: the login banner turned off in the UI, behind the document's back.
    lab.console.seed("login_banner", {**lab.console.stored["login_banner"], "isEnabled": False})
    completed, recap = demo.run(
        EXAMPLES / "console_drift_report.yml",
        "-e",
        f"palette_console_file={workdir / 'console.yml'}",
        "-e",
        f"palette_console_vault_file={workdir / 'vault.yml'}",
    )
    demo.show(
        "5. drift (the login banner turned off in the UI): ansible-playbook examples/console_drift_report.yml "
        "-e palette_console_file=.../console.yml -e palette_console_vault_file=.../vault.yml",
        completed,
    )
    calls, reads, writes = demo.calls()
    verdict = completed.stdout.split("TASK [Fail the job", 1)[-1] if "TASK [Fail the job" in completed.stdout else ""
    named = re.search(r"drifted from its document in \d+ section\(s\): ([\w, ]+)\.", verdict)
    named = named.group(1).split(", ") if named else []
    diffs = completed.stdout.count("--- before")
    demo.check(
        "5", completed.returncode != 0 and named == ["login_banner"], f"the report named {named}, not login_banner"
    )
    demo.check("5", not writes, f"the drift report wrote: {writes}")
    demo.summary.append(
        f"5. drift:      the report {'failed' if completed.returncode else 'passed'} naming "
        f"{', '.join(named) or 'nothing'} ({diffs} diff); {len(writes)} writes"
    )

    # 6. Export: the console read back as a document.
    exported = workdir / "exported.yml"
    completed, recap = demo.run(EXAMPLES / "export_console.yml", "-e", f"palette_console_file={exported}")
    demo.show(
        "6. export: ansible-playbook examples/export_console.yml -e palette_console_file=.../exported.yml", completed
    )
    calls, reads, writes = demo.calls()
    text = exported.read_text() if exported.exists() else ""
    print("== 6. exported.yml\n")
    print(text)
    placeholders = sorted(set(re.findall(r"\{\{ (vault_\w+) \}\}", text)))
    leaked = [secret for secret in LAB_SECRETS if secret in text]
    demo.check("6", completed.returncode == 0 and "palette_console:" in text, "no document was exported")
    demo.check("6", not leaked, "the export holds a secret")
    demo.check("6", "vault_smtp_password" in placeholders, "the SMTP password is not a placeholder")
    demo.check("6", not writes, f"the export wrote: {writes}")
    demo.summary.append(
        f"6. export:     {len(text.splitlines())} lines, {calls.count(LOGIN)} login, {len(reads)} reads; "
        f"placeholders: {', '.join(placeholders)}"
    )

    # 7. The email that went out through the SMTP settings of step 1.
    print("== 7. The email the lab's SMTP server received")
    for message in lab.smtp.log.messages:
        print(f"To: {message['Delivered-To']}\nSubject: {message['Subject']}\n")
    recipients = sorted(message["Delivered-To"] for message in lab.smtp.log.messages)
    expected = ["ds-lead@example.com", "palette-admins@example.com", "platform-lead@example.com"]
    demo.check("7", recipients == expected, f"email went to {recipients}, expected {expected}")
    demo.summary.append(f"7. email:      {len(recipients)} messages: {', '.join(recipients)}")


if __name__ == "__main__":
    main()
