"""Let `ansible-test --venv` bootstrap pip without downloading get-pip.py.

ansible-test fetches a pip bootstrap script from the internet the first time it
builds a virtual environment, and fails where only package registries are
reachable. It first looks for the script in its cache, so this writes a stand-in
there. Like get-pip.py, the stand-in runs pip from its wheel, which this downloads
from the package index into the same cache, and installs the pinned pip (and any
other packages ansible-test asks for) in one step.

Run with the Python that has ansible-core installed: python tools/ansible_test_offline_pip.py
"""

from __future__ import annotations

import subprocess
import sys
import types
from pathlib import Path

from ansible_test._internal.python_requirements import get_venv_packages

STAND_IN = '''"""Stand-in for get-pip.py written by palette.selfhosted's tools/ansible_test_offline_pip.py."""
import subprocess
import sys

# ansible-test passes pip options and pinned packages; these two flags are get-pip.py's own.
arguments = [argument for argument in sys.argv[1:] if argument not in ("--no-setuptools", "--no-wheel")]
# --no-compile: ansible-test builds a dozen such venvs per run, and pip then compiles only what it imports.
subprocess.run([sys.executable, {pip!r}, "install", "--no-compile", *arguments], check=True)
'''


def main():
    # Every Python version that ansible-test may build a venv for uses the same pip pin today;
    # ask for each supported version anyway so a future per-version pin is covered.
    versions = {get_venv_packages(types.SimpleNamespace(version=f"3.{minor}"))["pip"] for minor in range(8, 15)}
    cache = Path.home() / ".ansible" / "test" / "cache"
    cache.mkdir(parents=True, exist_ok=True)
    for version in sorted(versions):
        wheel = cache / f"pip-{version}-py3-none-any.whl"
        if not wheel.exists():
            download = ["download", "--quiet", "--no-deps", "--only-binary=:all:", "--dest", str(cache)]
            subprocess.run([sys.executable, "-m", "pip", *download, f"pip=={version}"], check=True)
        path = cache / f"get_pip_{version.replace('.', '_')}.py"
        path.write_text(STAND_IN.format(pip=str(wheel / "pip")))
        print(f"pip {version} bootstrap stand-in: {path}")


if __name__ == "__main__":
    main()
