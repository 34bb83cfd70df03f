"""Integration fixtures: the collection built and installed from its tarball, a lab
(simulated Palette + real SMTP server on loopback), and real ansible-playbook runs.
Nothing of ours is mocked."""

from __future__ import annotations

import itertools
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from palette_simulator.lab import LAB_SECRETS, Lab
from reliability_record import record

COLLECTION_ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
# keep_results: how a play hands its registered results back to the test.
CALLBACK_PLUGINS = Path(__file__).parent / "callback_plugins"


def pytest_collection_modifyitems(items):
    for item in items:
        if Path(item.fspath).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.integration)


@pytest.fixture(scope="session")
def ansible_bin():
    """The directory of the ansible-* commands of the ansible-core under test."""
    return BIN


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


# Option names whose values are secrets, in tasks, role variables and connection options.
SECRET_OPTIONS = frozenset(
    (
        "password",
        "auth_password",
        "auth_token",
        "client_key",
        "client_secret",
        "private_key",
        "secret_key",
        "activation_key",
        "token",
        "palette_smtp_password",
        "palette_system_console_activation_key",
        "palette_auth_password",
        "palette_auth_token",
    )
)


def secret_values(data):
    """Every value given for a secret option anywhere in tasks or options."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key in SECRET_OPTIONS and isinstance(value, str):
                yield value
                # A multi-line secret (a PEM key) shows line by line in JSON, its breaks escaped.
                yield from (line for line in value.splitlines()[1:] if not line.startswith("-----"))
            else:
                yield from secret_values(value)
    elif isinstance(data, list):
        for item in data:
            yield from secret_values(item)


@pytest.fixture
def labs():
    """The labs a test started; their passwords and issued tokens are scanned for."""
    return []


@pytest.fixture
def lab_factory(tmp_path, labs):
    """lab_factory(**Lab options) -> a started Lab, stopped after the test."""

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

    @property
    def shown(self):
        """stdout and stderr with whitespace collapsed: ansible-core before 2.19 wraps warnings."""
        return " ".join((self.stdout + "\n" + self.stderr).split())

    def task(self, name):
        """What stdout shows of the task called `name` (its section up to the next task), collapsed."""
        sections = [section for section in self.stdout.split("TASK [")[1:] if f"{name}]" in section.split("\n", 1)[0]]
        assert sections, f"no task {name!r} in the output"
        return " ".join(" ".join(sections).split())


def run_playbook(
    playbook, workdir, collections, given, labs, host_names=("localhost",), options=(), verbosity=4, extra_env=None
):
    """ansible-playbook `playbook` (a file) on `host_names` (local connection), run from `workdir`
    with the collections under test and the keep_results callback, at -vvvv unless told otherwise,
    then the secret scan of assert_clean for `given` (what the test passed: tasks, options, variables).
    `options` are more ansible-playbook arguments. The results a play hands back with set_stats are
    in PlaybookRun.results, by host name."""
    workdir = Path(workdir)
    inventory = workdir / "inventory.ini"
    inventory.write_text(
        "".join(
            f'{name} ansible_connection=local ansible_python_interpreter="{{{{ ansible_playbook_python }}}}"\n'
            for name in host_names
        )
    )
    log_path = workdir / "ansible.log"
    env = {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "ANSIBLE_COLLECTIONS_PATH": str(collections),
        "ANSIBLE_LOG_PATH": str(log_path),
        "ANSIBLE_NOCOLOR": "1",
        "ANSIBLE_LOCAL_TEMP": str(workdir / "tmp"),
        "ANSIBLE_HOME": str(workdir / "ansible-home"),
        "ANSIBLE_CALLBACK_PLUGINS": str(CALLBACK_PLUGINS),
        "ANSIBLE_CALLBACKS_ENABLED": "keep_results",
        "KEEP_RESULTS_DIR": str(workdir),
        **(extra_env or {}),
    }
    command = [BIN / "ansible-playbook", "-i", inventory, playbook, *options]
    command += [f"-{'v' * verbosity}"] if verbosity else []
    completed = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300, cwd=workdir, check=False)
    outcome = PlaybookRun(
        rc=completed.returncode,
        stdout=completed.stdout,
        stderr=completed.stderr,
        log=log_path.read_text() if log_path.exists() else "",
        results={
            name: json.loads(path.read_text())
            for name in host_names
            if (path := workdir / f"results-{name}.json").exists()
        },
    )
    assert_clean(outcome, given, labs, verbosity)
    return outcome


@pytest.fixture
def ansible_playbook(installed_collections, tmp_path, labs):
    """ansible_playbook(tasks, connection, check=False, diff=False, verbosity=4, extra_env=None, keep=(),
    play_options=None, scan=())

    Runs one play on localhost. `connection` goes into module_defaults for the
    action group, so every run also proves group/palette.selfhosted.palette works.
    Each task is registered as r0, r1, ...; the registered results come back in
    PlaybookRun.results even when a task fails (with hosts > 1: one such dict per host),
    and so do the variables named in `keep` (what a role registers, for example).
    `play_options` go into the play as they are (vars, vars_files).

    Every run is a secret scan: at -vvvv (unless told otherwise) with ANSIBLE_LOG_PATH,
    its stdout, stderr and log must not hold any secret the test passed (in the tasks, the
    connection or `scan`), any lab password or any token a lab issued, nor a Python traceback.
    """
    runs = iter(range(1000))

    def run(
        tasks,
        connection,
        check=False,
        diff=False,
        verbosity=4,
        extra_env=None,
        hosts=1,
        forks=5,
        keep=(),
        play_options=None,
        scan=(),
    ):
        workdir = tmp_path / f"run{next(runs)}"
        workdir.mkdir()
        host_names = ["localhost"] if hosts == 1 else [f"console{index:03d}" for index in range(hosts)]
        registered = []
        for index, task in enumerate(tasks):
            task.setdefault("register", f"r{index}")
            registered.append(task["register"])
        registered += keep
        collect = "{{ {" + ", ".join(f"'{name}': {name} | default(None)" for name in registered) + "} | to_json }}"
        play = {
            "name": "integration",
            "hosts": "all",
            "gather_facts": False,
            **(play_options or {}),
            "module_defaults": {"group/palette.selfhosted.palette": connection},
            "tasks": [
                {
                    "block": tasks,
                    "always": [
                        {
                            "name": "Keep the registered results for the test",
                            "ansible.builtin.set_stats": {
                                "data": {"results": collect},
                                "per_host": True,
                                "aggregate": False,
                            },
                            "no_log": True,
                        }
                    ],
                }
            ],
        }
        playbook = workdir / "playbook.yml"
        playbook.write_text(json.dumps([play], indent=2))
        options = [f"--forks={forks}"] + ["--check"] * check + ["--diff"] * diff
        outcome = run_playbook(
            playbook,
            workdir,
            installed_collections,
            [tasks, connection, scan],
            labs,
            host_names,
            options,
            verbosity,
            extra_env,
        )
        if hosts == 1:
            outcome.results = outcome.results.get("localhost", {})
        return outcome

    return run


@pytest.fixture
def ansible_playbook_file(installed_collections, tmp_path, labs):
    """ansible_playbook_file(playbook, given=(), extra_vars=None, verbosity=4, extra_env=None)

    Runs a playbook file as it is (an example of the collection, for instance) on localhost, with
    the environment and the secret scan of ansible_playbook. It runs a copy in a work directory of
    its own, so that what the play writes beside itself (a relative path) lands there, never in the
    checkout. `given` is what the test gave the run (connection options, documents) to scan for its
    secrets, with `extra_vars`, which go to ansible-playbook as a file (-e @file)."""
    runs = iter(range(1000))

    def run(playbook, given=(), extra_vars=None, verbosity=4, extra_env=None):
        workdir = tmp_path / f"file-run{next(runs)}"
        workdir.mkdir()
        playbook = Path(shutil.copy(playbook, workdir))
        options = []
        if extra_vars:
            (workdir / "extra-vars.json").write_text(json.dumps(extra_vars))
            options += ["-e", f"@{workdir / 'extra-vars.json'}"]
        outcome = run_playbook(
            playbook,
            workdir,
            installed_collections,
            [given, extra_vars or {}],
            labs,
            options=options,
            verbosity=verbosity,
            extra_env=extra_env,
        )
        outcome.results = outcome.results.get("localhost", {})
        return outcome

    return run


_SCANS = itertools.count()


def secrets_to_scan_for(given, labs):
    """kind -> values: every secret option in `given`, the labs' passwords and every token they issued."""
    secrets = {"a secret option given to the run": set(secret_values(given))}
    if labs:
        secrets["a lab password"] = set(LAB_SECRETS)
        secrets["a token the lab issued"] = {
            token for lab in labs for console in lab.consoles for token in console.issued_tokens
        }
    return secrets


def leaks(text, secrets):
    """The kinds of secret that appear in `text` (never the secrets themselves)."""
    return sorted(kind for kind, values in secrets.items() if any(value in text for value in values if len(value) >= 6))


def record_scan(verbosity, secrets):
    # PYTEST_CURRENT_TEST is "<node id> (call)"; node ids may hold spaces.
    test = os.environ.get("PYTEST_CURRENT_TEST", "unknown").rsplit(" (", 1)[0]
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    record(
        "secret_scans", [test, worker, str(next(_SCANS))], verbosity=verbosity, secrets=sum(map(len, secrets.values()))
    )


def assert_clean(run, given, labs, verbosity):
    """Fail the test if the run's output holds a secret or a traceback (never printing the secret)."""
    secrets = secrets_to_scan_for(given, labs)
    found = leaks(run.all_output, secrets)
    if found:
        pytest.fail(f"{', '.join(found)} appears in the output of ansible-playbook")
    if "Traceback (most recent call last)" in run.all_output:
        pytest.fail("ansible-playbook printed a Python traceback")
    record_scan(verbosity, secrets)
