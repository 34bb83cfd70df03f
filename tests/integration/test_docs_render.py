"""ansible-doc renders every module and role from the installed collection."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

MODULES = sorted(path.stem for path in (Path(__file__).parents[2] / "plugins" / "modules").glob("palette_*.py"))


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        (["palette.selfhosted.palette_smtp"], ["update_password", "PALETTE_HOST", "RETURN VALUES", "audit_uid"]),
        (["palette.selfhosted.palette_smtp_info"], ["password_set", "PALETTE_TOKEN", "configured"]),
        (["palette.selfhosted.palette_session_timeout"], ["expiry_minutes", "PALETTE_CA_PATH", "idempotent"]),
        (["palette.selfhosted.palette_token"], ["expires_at", "PALETTE_TIMEOUT", "run_once"]),
        (["-t", "role", "palette.selfhosted.palette_smtp"], ["palette_smtp_server", "palette_auth_token", "no_log"]),
        (
            ["-t", "role", "palette.selfhosted.palette_system_console"],
            ["palette_initial_password", "palette_system_console_tenants", "secret_key"],
        ),
    ],
    ids=["palette_smtp", "palette_smtp_info", "palette_session_timeout", "palette_token", "role", "console_role"],
)
def test_ansible_doc_renders(ansible_bin, installed_collections, arguments, expected):
    env = {**os.environ, "ANSIBLE_COLLECTIONS_PATH": str(installed_collections), "ANSIBLE_NOCOLOR": "1"}
    completed = subprocess.run(
        [ansible_bin / "ansible-doc", *arguments], env=env, capture_output=True, text=True, check=False
    )
    assert completed.returncode == 0, completed.stderr
    assert "ERROR" not in completed.stderr
    for text in expected:
        assert text in completed.stdout


@pytest.mark.parametrize("module", MODULES)
def test_every_module_renders_its_reference(ansible_bin, installed_collections, module):
    env = {**os.environ, "ANSIBLE_COLLECTIONS_PATH": str(installed_collections), "ANSIBLE_NOCOLOR": "1"}
    completed = subprocess.run(
        [ansible_bin / "ansible-doc", f"palette.selfhosted.{module}"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    for section in ("OPTIONS", "EXAMPLES", "RETURN VALUES", "PALETTE_HOST", "Python 3.8 or later", "requests"):
        assert section in completed.stdout
