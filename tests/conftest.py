"""Make this checkout importable as ansible_collections.palette.selfhosted.

A checkout is usually not at .../ansible_collections/palette/selfhosted, so a link
to it is kept under tests/output (git-ignored) and put on sys.path.
"""

from __future__ import annotations

import sys
from pathlib import Path

COLLECTION_ROOT = Path(__file__).resolve().parent.parent


def _collections_dir():
    if COLLECTION_ROOT.parent.name == "palette" and COLLECTION_ROOT.parent.parent.name == "ansible_collections":
        return COLLECTION_ROOT.parent.parent.parent
    base = COLLECTION_ROOT / "tests" / "output" / "pytest-collections"
    link = base / "ansible_collections" / "palette" / "selfhosted"
    if not link.is_symlink():
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(COLLECTION_ROOT, target_is_directory=True)
    return base


sys.path.insert(0, str(_collections_dir()))
