"""Fail when a log holds one of the lab's passwords (tools/palette_simulator/lab.py) or another
secret named on the command line; `make molecule` runs it over Molecule's -vvvv output.

    python tools/find_lab_secrets.py LOG [SECRET ...]

It names how many secrets it found, never which: the log may be printed next to it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from palette_simulator.lab import LAB_SECRETS


def main():
    log, *extra_secrets = sys.argv[1:]
    text = Path(log).read_text(errors="replace")
    found = [secret for secret in (*LAB_SECRETS, *extra_secrets) if secret in text]
    if found:
        sys.exit(f"{log}: {len(found)} secret(s) appear in the output")
    print(f"{log}: none of {len(LAB_SECRETS) + len(extra_secrets)} secrets in {len(text.splitlines())} lines")


if __name__ == "__main__":
    main()
