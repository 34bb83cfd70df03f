"""The plays the benchmarks run: palette_smtp tasks, and the same flow written with uri tasks."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

BIN = Path(sys.executable).parent
SMTP_PATH = "/v1/system/config/smtp"


def connection_vars(lab, console=0):
    """Host variables for one console of the lab (not named like the role's, which refer to them)."""
    described = lab.describe()
    return {
        "console_url": described["palette_hosts"][console],
        "console_user": described["palette_auth_username"],
        "console_password": described["palette_auth_password"],
        "smtp_server": described["smtp_server"],
        "smtp_port": described["smtp_port"],
        "smtp_username": described["smtp_username"],
        "smtp_password": described["smtp_password"],
    }


SMTP_OPTIONS = {
    "host": "{{ console_url }}",
    "server": "{{ smtp_server }}",
    "port": "{{ smtp_port }}",
    "from_email": "palette@example.com",
    "username": "{{ smtp_username }}",
    "password": "{{ smtp_password }}",
}
MODULE_TASK = {
    "name": "SMTP with the module",
    "palette.selfhosted.palette_smtp": {
        **SMTP_OPTIONS,
        "auth_username": "{{ console_user }}",
        "auth_password": "{{ console_password }}",
    },
}
TOKEN_TASK = {
    "name": "SMTP with the module and a token",
    "palette.selfhosted.palette_smtp": {**SMTP_OPTIONS, "auth_token": "{{ palette_login.json.Authorization }}"},
}
ROLE_VARS = {
    "palette_host": "{{ console_url }}",
    "palette_smtp_server": "{{ smtp_server }}",
    "palette_smtp_port": "{{ smtp_port }}",
    "palette_smtp_from_email": "palette@example.com",
    "palette_smtp_username": "{{ smtp_username }}",
    "palette_smtp_password": "{{ smtp_password }}",
}
SESSION_TIMEOUT_OPTIONS = {"host": "{{ console_url }}", "expiry_minutes": 60}


def role_and_task(with_token):
    """The palette_smtp role and one more module task; with_token: after one palette_token login."""
    if not with_token:
        credentials = {"auth_username": "{{ console_user }}", "auth_password": "{{ console_password }}"}
        role_credentials = {
            "palette_auth_username": "{{ console_user }}",
            "palette_auth_password": "{{ console_password }}",
        }
        return [
            {
                "name": "Role",
                "ansible.builtin.include_role": {"name": "palette.selfhosted.palette_smtp"},
                "vars": {**ROLE_VARS, **role_credentials},
            },
            {
                "name": "Session timeout",
                "palette.selfhosted.palette_session_timeout": {**SESSION_TIMEOUT_OPTIONS, **credentials},
            },
        ]
    token = "{{ palette_login.token }}"
    return [
        {
            "name": "Log in once",
            "palette.selfhosted.palette_token": {
                "host": "{{ console_url }}",
                "auth_username": "{{ console_user }}",
                "auth_password": "{{ console_password }}",
            },
            "register": "palette_login",
        },
        {
            "name": "Role",
            "ansible.builtin.include_role": {"name": "palette.selfhosted.palette_smtp"},
            "vars": {**ROLE_VARS, "palette_auth_token": token},
        },
        {
            "name": "Session timeout",
            "palette.selfhosted.palette_session_timeout": {**SESSION_TIMEOUT_OPTIONS, "auth_token": token},
        },
    ]


DESIRED_SPEC = {
    "smtpServer": "{{ smtp_server }}",
    "smtpPort": "{{ smtp_port | int }}",
    "fromEmailId": "palette@example.com",
    "userName": "{{ smtp_username }}",
    "password": "{{ smtp_password }}",
    "insecureSkipVerifyTls": False,
}


def login_task(register):
    return {
        "name": "Log in to the system console",
        "ansible.builtin.uri": {
            "url": "{{ console_url }}/v1/auth/syslogin",
            "method": "POST",
            "body_format": "json",
            "body": {"username": "{{ console_user }}", "password": "{{ console_password }}"},
        },
        "register": register,
        "no_log": True,
    }


def _put_desired(name, path, **keywords):
    """A uri task that PUTs the desired spec to `path` (204 expected); secrets stay out of the log."""
    return {
        "name": name,
        "ansible.builtin.uri": {
            "url": "{{ console_url }}" + path,
            "method": "PUT",
            "headers": {"Authorization": "{{ login.json.Authorization }}"},
            "body_format": "json",
            "body": "{{ desired }}",
            "status_code": 204,
        },
        "no_log": True,
        **keywords,
    }


def uri_flow():
    """What users write without the module: login, GET, compare; validate and PUT when different."""
    # Palette leaves empty fields out (Go omitempty), so compare without them.
    differs = "(desired | dict2items | rejectattr('value', 'in', ['', 0, false]) | items2dict) != current.json"
    return [
        login_task("login"),
        {
            "name": "Read the SMTP config",
            "ansible.builtin.uri": {
                "url": "{{ console_url }}" + SMTP_PATH,
                "headers": {"Authorization": "{{ login.json.Authorization }}"},
            },
            "register": "current",
        },
        _put_desired("Validate the desired config", SMTP_PATH + "/validate", when=differs),
        _put_desired("Save it", SMTP_PATH, when=differs, changed_when=True),
    ]


def play(tasks):
    return [{"name": "bench", "hosts": "all", "gather_facts": False, "vars": {"desired": DESIRED_SPEC}, "tasks": tasks}]


class PlaybookFailed(RuntimeError):
    pass


class Runner:
    """Runs plays with ansible-playbook in folders of its own under `workdir`."""

    def __init__(self, workdir):
        self.workdir = Path(workdir)
        self.count = 0
        self.last_stdout = ""

    def playbook(self, plays, host_vars, forks=5, env=None):
        """Run plays over hosts {name: vars}; returns the wall-clock seconds it took."""
        folder = self._folder()
        (folder / "playbook.yml").write_text(json.dumps(plays))
        return self._run(folder, folder / "playbook.yml", host_vars, forks, env)

    def playbook_file(self, path, host_vars, forks=5, env=None):
        """Run a playbook file over hosts {name: vars}; returns the wall-clock seconds it took."""
        return self._run(self._folder(), path, host_vars, forks, env)

    def module_runs(self, plays=None, path=None, host_vars=None, forks=5):
        """Run plays (or the playbook file at ``path``) once with the module payloads kept
        (ANSIBLE_KEEP_REMOTE_FILES); returns the modules run, one name per module process, and the
        wall-clock seconds the run took (keeping the payloads only spares each task the removal of its
        temporary folder)."""
        keep = self.workdir / f"kept-modules-{self.count + 1}"
        env = {"ANSIBLE_KEEP_REMOTE_FILES": "1", "ANSIBLE_REMOTE_TMP": str(keep)}
        if path is None:
            seconds = self.playbook(plays, host_vars, forks, env)
        else:
            seconds = self.playbook_file(path, host_vars, forks, env)
        return sorted(payload.stem[len("AnsiballZ_") :] for payload in keep.glob("*/AnsiballZ_*.py")), seconds

    def _folder(self):
        self.count += 1
        folder = self.workdir / f"run{self.count}"
        folder.mkdir()
        return folder

    def _run(self, folder, playbook, host_vars, forks, env):
        hosts = {
            name: {**variables, "ansible_connection": "local", "ansible_python_interpreter": sys.executable}
            for name, variables in host_vars.items()
        }
        (folder / "inventory.json").write_text(json.dumps({"all": {"hosts": hosts}}))
        environment = {**os.environ, "ANSIBLE_NOCOLOR": "1", "ANSIBLE_HOME": str(folder / "home"), **(env or {})}
        command = [BIN / "ansible-playbook", "-i", folder / "inventory.json", playbook, f"-f{forks}"]
        started = time.perf_counter()
        completed = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)
        elapsed = time.perf_counter() - started
        self.last_stdout = completed.stdout
        if completed.returncode != 0:
            raise PlaybookFailed(f"benchmark playbook failed:\n{completed.stdout[-4000:]}\n{completed.stderr[-2000:]}")
        return elapsed


def recap(stdout):
    """The PLAY RECAP counts of a run, summed over its hosts: {"ok": ..., "changed": ..., "failed": ...}."""
    totals = {}
    for line in stdout.split("PLAY RECAP", 1)[-1].splitlines():
        for key, value in re.findall(r"(\w+)=(\d+)", line):
            totals[key] = totals.get(key, 0) + int(value)
    return totals
