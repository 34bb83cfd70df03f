"""`make demo`: the example playbook against a local lab (simulated Palette over HTTPS
with its own CA, and a real SMTP server with STARTTLS and AUTH).

1. First run: the SMTP config is validated and saved (changed).
2. Second run: nothing to do (ok, no write).
3. A broken config (a wrong SMTP password): the task fails with Palette's error
   and the stored config stays as it was.
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


def run_playbook(lab_file, *extra):
    command = [
        BIN / "ansible-playbook",
        "-i",
        ROOT / "examples" / "inventory.ini",
        ROOT / "examples" / "configure_smtp.yml",
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
    if failures:
        print("\nDEMO FAILED:\n  " + "\n  ".join(failures))
        sys.exit(1)
    print("\nDemo passed.")


if __name__ == "__main__":
    main()
