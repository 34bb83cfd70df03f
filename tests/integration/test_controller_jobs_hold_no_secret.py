"""The modules and the role run as Automation Controller runs them: the collection's credential
type injected (user name and password, or a token; the unused fields empty; the CA as a file), the
playbook started by ansible-runner at -vvvv. The job succeeds, its events keep the warnings, and no
job event, no stdout and no stderr holds a secret."""

from __future__ import annotations

import pytest
import requests
from ansible.release import __version__ as ansible_core_version

from conftest import leaks, record_scan, secrets_to_scan_for
from controller import inject, run_job
from lab_tasks import LOGIN, smtp_task
from palette_simulator.lab import CONSOLE_PASSWORD, CONSOLE_USER

# ansible-core 2.19 shows a no_log task's warnings; earlier versions hide them (see the role README).
SHOWS_NO_LOG_WARNINGS = tuple(map(int, ansible_core_version.split(".")[:2])) >= (2, 19)
ANONYMOUS_WARNING = "The SMTP config is anonymous"


def credential(lab, given):
    """The inputs of a Palette system console credential for the lab: user and password, or a token."""
    described = lab.describe()
    inputs = {"host": described["palette_host"], "ca_bundle": lab.palette_ca_file.read_text()}
    if given == "token":
        answer = requests.post(
            described["palette_host"] + "/v1/auth/syslogin",
            json={"username": CONSOLE_USER, "password": CONSOLE_PASSWORD},
            verify=str(lab.palette_ca_file),
            timeout=10,
        )
        inputs["token"] = answer.json()["Authorization"]
    else:
        inputs.update(username=CONSOLE_USER, password=CONSOLE_PASSWORD)
    return inputs


def modules_play(lab):
    smtp = smtp_task(lab)
    smtp["palette.selfhosted.palette_smtp"]["auth_token"] = "{{ palette_login.token }}"
    return [
        {
            "name": "Palette job, modules",
            "hosts": "localhost",
            "gather_facts": False,
            "tasks": [
                {"name": "Log in once", "palette.selfhosted.palette_token": {}, "register": "palette_login"},
                smtp,
                {
                    "name": "Read SMTP",
                    "palette.selfhosted.palette_smtp_info": {"auth_token": "{{ palette_login.token }}"},
                },
            ],
        }
    ]


def one_task_play(lab):
    """The reproduction of the controller bug: a task with only the SMTP options, the connection from
    the environment, PALETTE_TOKEN (or PALETTE_USERNAME and PALETTE_PASSWORD) set but empty."""
    return [{"name": "Palette job, one task", "hosts": "localhost", "gather_facts": False, "tasks": [smtp_task(lab)]}]


def role_play(lab):
    described = lab.describe()
    role_vars = {
        "palette_smtp_server": described["smtp_server"],
        "palette_smtp_port": described["smtp_port"],
        "palette_smtp_from_email": "palette@example.com",
    }
    return [
        {
            "name": "Palette job, role",
            "hosts": "localhost",
            "gather_facts": False,
            "roles": [{"role": "palette.selfhosted.palette_smtp", "vars": role_vars}],
        }
    ]


@pytest.fixture
def controller_lab(lab_factory):
    """An HTTPS console with its own CA, and an anonymous SMTP server, so that the job warns."""
    return lab_factory(https=True, anonymous_smtp=True)


@pytest.mark.parametrize("given", ["user and password", "token"])
@pytest.mark.parametrize("play", ["one task", "modules", "role"])
def test_a_controller_job_succeeds_keeps_its_warnings_and_holds_no_secret(
    controller_lab, labs, installed_collections, tmp_path, given, play
):
    lab = controller_lab
    inputs = credential(lab, given)
    lab.console.log.clear()  # the token credential's own login is not the job's
    injected = inject(installed_collections, inputs, tmp_path)
    assert set(injected) == {
        "PALETTE_HOST",
        "PALETTE_USERNAME",
        "PALETTE_PASSWORD",
        "PALETTE_TOKEN",
        "PALETTE_VALIDATE_CERTS",
        "PALETTE_CA_PATH",
    }
    assert [name for name, value in injected.items() if value == ""] == (
        ["PALETTE_TOKEN"] if given != "token" else ["PALETTE_USERNAME", "PALETTE_PASSWORD"]
    )

    plays = {"one task": one_task_play, "modules": modules_play, "role": role_play}[play](lab)
    job = run_job(tmp_path / "job", plays, injected, installed_collections)

    assert job.status == "successful", job.stdout[-3000:]
    assert lab.console.stored["smtp"]["smtpServer"] == lab.smtp.host
    assert lab.console.calls().count(LOGIN) == (1 if given != "token" else 0), "one login per job"
    shows_warning = play != "role" or SHOWS_NO_LOG_WARNINGS
    assert (ANONYMOUS_WARNING in job.warnings()) is shows_warning
    secrets = secrets_to_scan_for(inputs, labs)
    secrets["the credential's password or token"] = {inputs.get("password", ""), inputs.get("token", "")} - {""}
    assert leaks(job.everything, secrets) == []
    record_scan(4, secrets)


def test_the_scan_finds_a_secret_that_leaks(controller_lab, labs, installed_collections, tmp_path):
    """A deliberately careless task in the job (not in the product): the scan above must catch it."""
    lab = controller_lab
    inputs = credential(lab, "user and password")
    careless = {
        "name": "Careless",
        "ansible.builtin.debug": {"msg": "{{ lookup('ansible.builtin.env', 'PALETTE_PASSWORD') }}"},
    }
    plays = modules_play(lab)
    plays[0]["tasks"].append(careless)
    job = run_job(tmp_path / "job", plays, inject(installed_collections, inputs, tmp_path), installed_collections)
    assert job.status == "successful"
    assert leaks(job.everything, secrets_to_scan_for(inputs, labs)) == [
        "a lab password",
        "a secret option given to the run",
    ]
