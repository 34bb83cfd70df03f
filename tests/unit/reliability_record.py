"""Tests that prove a reliability property record what they observed here; tools/reliability_report.py
turns the records of one full test run into docs/reliability.md."""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[2]
# Runs that must not feed the doc (the older ansible-core runs of `make compat`) record elsewhere.
RECORDS = Path(os.environ.get("PALETTE_RELIABILITY_RECORDS") or CHECKOUT / "tests" / "output" / "reliability")


def record(table, key, **observed):
    """Keep one observation (a cell of `table`); ports and the checkout's path are normalised away."""
    folder = RECORDS / table
    folder.mkdir(parents=True, exist_ok=True)
    text = _normalise(json.dumps({"key": key, **observed}, sort_keys=True))
    # The file name orders the report's rows, so it comes from the normalised key: the same rows in
    # the same order whichever directory the checkout is in.
    key_text = _normalise("__".join(key) if isinstance(key, (list, tuple)) else key)
    # Readable, and unique even where two keys differ only in characters a file name cannot hold.
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", key_text)[:80] + "-" + hashlib.sha1(key_text.encode()).hexdigest()[:8]
    (folder / f"{name}.json").write_text(text)


def _normalise(text):
    return re.sub(r"127\.0\.0\.1:\d+", "127.0.0.1:PORT", text).replace(str(CHECKOUT), "<checkout>")
