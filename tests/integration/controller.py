"""Jobs as Automation Controller runs them: the collection's credential type injected the way the
controller injects it (every field rendered into its environment variable, blank ones empty, the CA
bundle written to a file), and the playbook run by ansible-runner, the controller's job engine."""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import ansible_runner
import jinja2
import yaml

BIN = Path(sys.executable).parent


def credential_type_file(collections):
    """The credential type as the built tarball installs it."""
    return (
        collections
        / "ansible_collections"
        / "palette"
        / "selfhosted"
        / "extensions"
        / "controller"
        / ("palette_credential_type.yml")
    )


def inject(collections, inputs, job_dir):
    """The environment a credential of the collection's type gives a job, from the credential's inputs."""
    credential_type = yaml.safe_load(credential_type_file(collections).read_text())
    fields = credential_type["inputs"]["fields"]
    context = {field["id"]: field.get("default", "") for field in fields}
    context.update(inputs)
    templates = jinja2.Environment(undefined=jinja2.StrictUndefined)
    filenames = {}
    for key, template in credential_type["injectors"].get("file", {}).items():
        name = key.split(".", 1)[1]
        path = Path(job_dir) / f"credential-{name}"
        path.write_text(templates.from_string(template).render(context))
        filenames[name] = str(path)
    context["tower"] = {"filename": filenames}
    return {
        name: templates.from_string(value).render(context)
        for name, value in credential_type["injectors"]["env"].items()
    }


@dataclass
class Job:
    status: str
    rc: int
    events: list
    stdout: str
    stderr: str

    @property
    def everything(self):
        """What the controller keeps of a job: its events, stdout and stderr."""
        return "\n".join((json.dumps(self.events), self.stdout, self.stderr))

    def warnings(self):
        """Every warning in the job's events, from module results and from the displayed output."""
        found = []
        for event in self.events:
            found += (event.get("event_data", {}).get("res") or {}).get("warnings", [])
            found.append(event.get("stdout", ""))
        return " ".join(" ".join(str(item) for item in found).split())


def run_job(job_dir, plays, injected, collections, verbosity=4, project_files=None, cmdline=None):
    """ansible-runner, as the controller starts it: a private data dir, the credential's environment.

    `plays` is the job's playbook: a list of plays, or the path of a playbook file (an example of the
    collection), which is copied into the project; `project_files` (name -> text) go beside it, as
    the files of the controller's project do. `cmdline`: more ansible-playbook arguments, such as
    "--check --diff" for a job template of job type Check with Show changes on."""
    job_dir = Path(job_dir)
    (job_dir / "project").mkdir(parents=True, exist_ok=True)
    (job_dir / "inventory").mkdir(exist_ok=True)
    playbook = plays.read_text() if isinstance(plays, Path) else json.dumps(plays)
    (job_dir / "project" / "job.yml").write_text(playbook)
    for name, text in (project_files or {}).items():
        (job_dir / "project" / name).write_text(text)
    (job_dir / "inventory" / "hosts").write_text(
        'localhost ansible_connection=local ansible_python_interpreter="{{ ansible_playbook_python }}"\n'
    )
    envvars = {
        **injected,
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "ANSIBLE_COLLECTIONS_PATH": str(collections),
        "ANSIBLE_HOME": str(job_dir / "ansible-home"),
        "ANSIBLE_NOCOLOR": "1",
    }
    runner = ansible_runner.run(
        private_data_dir=str(job_dir),
        playbook="job.yml",
        envvars=envvars,
        verbosity=verbosity,
        quiet=True,
        timeout=300,
        cmdline=cmdline,
    )
    return Job(runner.status, runner.rc, list(runner.events), runner.stdout.read(), runner.stderr.read())
