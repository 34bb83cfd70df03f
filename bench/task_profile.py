"""Where one unchanged palette_smtp run spends its time, from its real AnsiballZ payload."""

from __future__ import annotations

import subprocess
import sys
import time

import requests

from playbooks import MODULE_TASK, connection_vars, play

COLLECTION_PACKAGE = "ansible_collections.palette.selfhosted"


def _fastest(command, repeats):
    """Minimum over repeats: noise from the rest of the machine only ever adds time."""
    samples = []
    for _repeat in range(repeats):
        started = time.perf_counter()
        subprocess.run(command, check=False, capture_output=True)
        samples.append(time.perf_counter() - started)
    return min(samples)


def _import_times(command, repeats):
    """import name -> (fastest cumulative, fastest own) seconds, from `python -X importtime`."""
    cumulative, own = {}, {}
    for _repeat in range(repeats):
        trace = subprocess.run(
            [sys.executable, "-X", "importtime", *command], capture_output=True, text=True, check=False
        )
        for line in trace.stderr.splitlines():
            fields = [part.strip() for part in line[len("import time:") :].split("|")]
            if len(fields) == 3 and fields[0].isdigit():  # not the header line
                own.setdefault(fields[2], []).append(int(fields[0]) / 1e6)
                cumulative.setdefault(fields[2], []).append(int(fields[1]) / 1e6)
    return {name: (min(cumulative[name]), min(own[name])) for name in own}


def _http_seconds(lab, repeats):
    """Fastest login and GET against the lab, with the HTTP library the module uses."""
    described = lab.describe()
    logins, gets = [], []
    for _repeat in range(repeats):
        session = requests.Session()
        started = time.perf_counter()
        login = session.post(
            described["palette_host"] + "/v1/auth/syslogin",
            json={"username": described["palette_auth_username"], "password": described["palette_auth_password"]},
        )
        logged_in = time.perf_counter()
        session.get(
            described["palette_host"] + "/v1/system/config/smtp",
            headers={"Authorization": login.json()["Authorization"]},
        )
        logins.append(logged_in - started)
        gets.append(time.perf_counter() - logged_in)
    return min(logins), min(gets)


def profile(runner, lab, repeats):
    keep = runner.workdir / "kept-module"
    runner.playbook(
        play([MODULE_TASK]),
        {"localhost": connection_vars(lab)},
        env={"ANSIBLE_KEEP_REMOTE_FILES": "1", "ANSIBLE_REMOTE_TMP": str(keep)},
    )
    (payload,) = keep.glob("*/AnsiballZ_palette_smtp.py")

    imports = _import_times([payload], repeats)
    uri_imports = _import_times(["-c", "import ansible.module_utils.urls"], repeats)
    login, get = _http_seconds(lab, repeats)
    parts = {
        "  Python interpreter start": _fastest([sys.executable, "-c", "pass"], repeats),
        "  import ansible.module_utils.basic (from the payload)": imports["ansible.module_utils.basic"][0],
        "  import requests (with urllib3)": imports["requests"][0],
        "  import this collection's module and module_utils (their own code)": sum(
            own for name, (_cumulative, own) in imports.items() if name.startswith(COLLECTION_PACKAGE)
        ),
        "  HTTP login (simulator, loopback)": login,
        "  HTTP GET (simulator, loopback)": get,
    }
    whole = _fastest([sys.executable, payload], repeats)
    parts["  the rest: AnsiballZ unpacking, argument checks, result output"] = whole - sum(parts.values())
    return {
        "module process, whole (AnsiballZ payload run on its own)": whole,
        **parts,
    }, uri_imports["ansible.module_utils.urls"][0]
