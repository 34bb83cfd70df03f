"""`make demo`: the example playbooks against a local lab (simulated Palette over HTTPS
with its own CA, a real SMTP server with STARTTLS and AUTH, and for backups a real FTP server
and a local S3).

1. examples/configure_smtp.yml, first run: the SMTP config is validated and saved (changed).
2. Second run: nothing to do (ok, no write).
3. A broken config (a wrong SMTP password): the task fails with Palette's error
   and the stored config stays as it was.
4. examples/install_day.yml on a console fresh from the installer (admin/admin): configured end to end.
5. Second run: nothing changes; one login.
6. The email that arrived: the admin's address verification and the tenants' invitations.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from palette_simulator.lab import Lab
from palette_simulator.smtp import SMTP

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def run_playbook(lab_file, *extra, playbook="configure_smtp.yml"):
    command = [
        BIN / "ansible-playbook",
        "-i",
        ROOT / "examples" / "inventory.ini",
        ROOT / "examples" / playbook,
        "-e",
        f"@{lab_file}",
        *extra,
    ]
    completed = subprocess.run(
        command, capture_output=True, text=True, env={**os.environ, "ANSIBLE_NOCOLOR": "1"}, check=False
    )
    recap = re.search(r"localhost\s+:\s+(.*)", completed.stdout)
    return completed, recap.group(1).split() if recap else []


def recap_value(recap, key):
    return int(next(item.split("=")[1] for item in recap if item.startswith(key + "=")))


def main():
    failures = []
    with tempfile.TemporaryDirectory(prefix="palette-demo-") as workdir, Lab(workdir, https=True) as lab:
        lab_file = Path(workdir) / "lab-vars.json"
        lab_file.write_text(json.dumps(lab.describe()))
        print(
            f"Lab: Palette simulator at {lab.console.base_url} (own CA), SMTP server at "
            f"{lab.smtp.host}:{lab.smtp.port} (STARTTLS, AUTH)\n"
        )

        for step, expect_changed in (("1. first run", 1), ("2. second run", 0)):
            completed, recap = run_playbook(lab_file)
            print(f"== {step}: ansible-playbook examples/configure_smtp.yml")
            print(completed.stdout.strip() + "\n")
            if completed.returncode != 0 or recap_value(recap, "changed") != expect_changed:
                failures.append(f"{step}: expected changed={expect_changed}, got rc={completed.returncode} {recap}")

        before = dict(lab.console.stored["smtp"])
        puts_before = lab.console.calls("PUT", SMTP.path)
        completed, recap = run_playbook(lab_file, "-e", "smtp_password=not-the-password")
        print("== 3. broken SMTP config (wrong SMTP password): ansible-playbook ... -e smtp_password=...")
        print(completed.stdout.strip() + "\n")
        untouched = dict(lab.console.stored["smtp"]) == before
        no_put = lab.console.calls("PUT", SMTP.path) == puts_before
        if completed.returncode == 0 or "535" not in completed.stdout:
            failures.append("3. the broken config did not fail with the SMTP server's 535 answer")
        if not (untouched and no_put):
            failures.append("3. the stored config changed after a failed validation")

        print("== What happened")
        print("1. first run:  changed (validated through the API, then saved once)")
        print("2. second run: ok, nothing sent (idempotent)")
        print(
            f"3. broken:     failed with Palette's validation error; stored config untouched: {untouched}, "
            f"no write sent: {no_put}"
        )
    failures += install_day()
    if failures:
        print("\nDEMO FAILED:\n  " + "\n  ".join(failures))
        sys.exit(1)
    print("\nDemo passed.")


def install_day():
    """Steps 4 to 6 on a console of their own; returns the failures."""
    failures = []
    fresh = {"https": True, "fresh_console": True, "backup_targets": True}
    with tempfile.TemporaryDirectory(prefix="palette-install-day-") as workdir, Lab(workdir, **fresh) as lab:
        lab_file = Path(workdir) / "lab-vars.json"
        lab_file.write_text(json.dumps(lab.describe()))
        print(f"\nLab: a console fresh from the installer at {lab.console.base_url} (admin/admin), with FTP and S3\n")
        for step, expect_changed in (("4. install day", True), ("5. install day, again", False)):
            lab.console.log.clear()
            completed, recap = run_playbook(lab_file, playbook="install_day.yml")
            print(f"== {step}: ansible-playbook examples/install_day.yml")
            print(completed.stdout.strip() + "\n")
            changed = recap_value(recap, "changed") if recap else None
            if completed.returncode != 0 or (changed > 0) != expect_changed:
                failures.append(f"{step}: expected changes: {expect_changed}, got rc={completed.returncode} {recap}")
        logins = lab.console.calls("POST", "/v1/auth/syslogin")
        writes = [call for call in lab.console.calls() if not call.startswith(("GET", "POST /v1/auth"))]
        print(f"5. again: {len(logins)} login, {len(lab.console.calls('GET'))} reads, {len(writes)} writes\n")
        if len(logins) != 1 or writes:
            failures.append(f"5. the second run sent {len(logins)} logins and writes {writes}")

        print("== 6. The email the lab's SMTP server received")
        for message in lab.smtp.log.messages:
            print(f"From: {message['From']}\nTo: {message['Delivered-To']}\nSubject: {message['Subject']}\n")
            print("    " + message.get_content().strip().replace("\n", "\n    ") + "\n")
        recipients = sorted(message["Delivered-To"] for message in lab.smtp.log.messages)
        expected = ["ds-lead@example.com", "palette-admins@example.com", "platform-lead@example.com"]
        if recipients != expected:
            failures.append(f"6. email went to {recipients}, expected {expected}")
    return failures


if __name__ == "__main__":
    main()
