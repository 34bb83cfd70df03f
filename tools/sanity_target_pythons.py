"""Run ansible-test's compile and import sanity tests for every Python a module may run on.

The modules run on the host a play targets, with any Python ansible-core supports there,
not only the controller's. ansible-test finds an interpreter as `pythonX.Y` on PATH; on
machines where pyenv keeps its Pythons off PATH (its shims answer "command not found"),
this looks in ~/.pyenv/versions too. A version this machine lacks is reported as not run,
by name, and the README says so; a version that fails fails the run.

Run from the collection's sanity copy, with the Python that has ansible-core installed:
    python tools/sanity_target_pythons.py
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from ansible_test._internal.constants import SUPPORTED_PYTHON_VERSIONS

CONTROLLER_VERSION = f"{sys.version_info.major}.{sys.version_info.minor}"


def find_interpreter(version):
    """The directory holding a working pythonX.Y, or None."""
    candidates = [Path(folder) for folder in os.environ.get("PATH", "").split(os.pathsep) if folder]
    candidates += sorted(Path.home().glob(f".pyenv/versions/{version}.*/bin"))
    for folder in candidates:
        interpreter = folder / f"python{version}"
        if interpreter.is_file() and os.access(interpreter, os.X_OK):
            probe = subprocess.run([interpreter, "-c", "pass"], capture_output=True, check=False)
            if probe.returncode == 0:
                return folder
    return None


def main():
    failed, not_run = [], []
    for version in SUPPORTED_PYTHON_VERSIONS:
        if version == CONTROLLER_VERSION:
            continue  # the full sanity run covers the controller's Python
        folder = find_interpreter(version)
        if folder is None:
            not_run.append(version)
            continue
        print(f"compile and import sanity on Python {version} ({folder})", flush=True)
        env = {**os.environ, "PATH": f"{folder}{os.pathsep}{os.environ['PATH']}"}
        command = ["ansible-test", "sanity", "--venv", "--python", version, "--test", "compile", "--test", "import"]
        if subprocess.run([*command, "--color", "no"], env=env, check=False).returncode != 0:
            failed.append(version)
    if not_run:
        print(f"NOT RUN: no Python {', '.join(not_run)} on this machine", file=sys.stderr)
    if failed:
        sys.exit(f"compile or import sanity failed on Python {', '.join(failed)}")


if __name__ == "__main__":
    main()
