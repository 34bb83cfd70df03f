"""Integration fixtures: the collection built and installed from its tarball, a lab
(simulated Palette + real SMTP server on loopback), and real ansible-playbook runs.
Nothing of ours is mocked."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from palette_simulator.lab import Lab

COLLECTION_ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def pytest_collection_modifyitems(items):
    for item in items:
        if Path(item.fspath).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.integration)


@pytest.fixture(scope="session")
def installed_collections(tmp_path_factory):
    """ansible-galaxy collection build + install, as a user would; returns the collections path."""
    build_dir = tmp_path_factory.mktemp("build")
    subprocess.run(
        [BIN / "ansible-galaxy", "collection", "build", "--output-path", build_dir, COLLECTION_ROOT],
        check=True,
        capture_output=True,
    )
    (tarball,) = build_dir.glob("palette-selfhosted-*.tar.gz")
    collections = tmp_path_factory.mktemp("collections")
    subprocess.run(
        [BIN / "ansible-galaxy", "collection", "install", "--force", "--collections-path", collections, tarball],
        check=True,
        capture_output=True,
    )
    return collections


@pytest.fixture
def lab_factory(tmp_path):
    """lab_factory(**Lab options) -> a started Lab, stopped after the test."""
    labs = []

    def start(**options):
        lab = Lab(tmp_path / f"lab{len(labs)}", **options).start()
        labs.append(lab)
        return lab

    yield start
    for lab in labs:
        lab.stop()


@pytest.fixture
def lab(lab_factory):
    return lab_factory()


@dataclass
class PlaybookRun:
    rc: int
    stdout: str
    stderr: str
    log: str
    results: dict

    @property
    def all_output(self):
        return "\n".join((self.stdout, self.stderr, self.log))


@pytest.fixture
def ansible_playbook(installed_collections, tmp_path):
    """ansible_playbook(tasks, connection, check=False, diff=False, verbosity=0, extra_env=None)

    Runs one play on localhost. `connection` goes into module_defaults for the
    action group, so every run also proves group/palette.selfhosted.palette works.
    Each task is registered as r0, r1, ...; the registered results come back in
    PlaybookRun.results even when a task fails.
    """
    runs = iter(range(1000))

    def run(tasks, connection, check=False, diff=False, verbosity=0, extra_env=None):
        workdir = tmp_path / f"run{next(runs)}"
        workdir.mkdir()
        results_file = workdir / "results.json"
        registered = []
        for index, task in enumerate(tasks):
            task.setdefault("register", f"r{index}")
            registered.append(task["register"])
        collect = "{{ {" + ", ".join(f"'{name}': {name} | default(None)" for name in registered) + "} | to_json }}"
        play = {
            "name": "integration",
            "hosts": "localhost",
            "gather_facts": False,
            "module_defaults": {"group/palette.selfhosted.palette": connection},
            "tasks": [
                {
                    "block": tasks,
                    "always": [
                        {
                            "name": "Keep the registered results for the test",
                            "ansible.builtin.copy": {"content": collect, "dest": str(results_file), "mode": "0600"},
                            "check_mode": False,
                            "diff": False,
                        }
                    ],
                }
            ],
        }
        playbook = workdir / "playbook.yml"
        playbook.write_text(json.dumps([play], indent=2))
        inventory = workdir / "inventory.ini"
        inventory.write_text(
            'localhost ansible_connection=local ansible_python_interpreter="{{ ansible_playbook_python }}"\n'
        )
        log_path = workdir / "ansible.log"
        env = {
            **os.environ,
            "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
            "ANSIBLE_COLLECTIONS_PATH": str(installed_collections),
            "ANSIBLE_LOG_PATH": str(log_path),
            "ANSIBLE_NOCOLOR": "1",
            "ANSIBLE_LOCAL_TEMP": str(workdir / "tmp"),
            "ANSIBLE_HOME": str(workdir / "ansible-home"),
            **(extra_env or {}),
        }
        command = [BIN / "ansible-playbook", "-i", inventory, playbook]
        command += ["--check"] * check + ["--diff"] * diff + ([f"-{'v' * verbosity}"] if verbosity else [])
        completed = subprocess.run(
            command, env=env, capture_output=True, text=True, timeout=300, cwd=workdir, check=False
        )
        results = json.loads(results_file.read_text()) if results_file.exists() else {}
        return PlaybookRun(
            rc=completed.returncode,
            stdout=completed.stdout,
            stderr=completed.stderr,
            log=log_path.read_text() if log_path.exists() else "",
            results=results,
        )

    return run
