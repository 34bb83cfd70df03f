"""What the benchmarks measure, each against a running lab. They measure and count; report.py judges."""

from __future__ import annotations

import resource
from dataclasses import dataclass

from playbooks import MODULE_TASK, TOKEN_TASK, connection_vars, login_task, play, role_and_task, uri_flow

PUT_SMTP = "PUT /v1/system/config/smtp"


def requests_per_run(runner, lab):
    """The calls one palette_smtp task makes: first run, unchanged run, unchanged with a token."""
    console, host = lab.console, {"localhost": connection_vars(lab)}
    console.reset()
    calls = {}
    for case, plays in (
        ("change (first run)", play([MODULE_TASK])),
        ("no change", play([MODULE_TASK])),
        ("no change, auth_token (the play logged in once before)", play([login_task("palette_login"), TOKEN_TASK])),
    ):
        console.log.clear()
        runner.playbook(plays, host)
        calls[case] = console.calls()
    # The play's own uri login is not the module's.
    calls["no change, auth_token (the play logged in once before)"] = calls[
        "no change, auth_token (the play logged in once before)"
    ][1:]
    return calls


def logins_per_play(runner, lab):
    """The calls of an unchanged play of the role and one more module task, without and with palette_token."""
    host = {"localhost": connection_vars(lab)}
    runner.playbook(play(role_and_task(with_token=False)), host)  # configure once: the measured plays change nothing
    calls = {}
    for case, with_token in (("without palette_token", False), ("with palette_token", True)):
        lab.console.log.clear()
        runner.playbook(play(role_and_task(with_token)), host)
        calls[case] = lab.console.calls()
    return calls


@dataclass
class Alternated:
    """Wall times of plays run alternately, so that drift hits each alike; requests and writes per play."""

    times: dict
    requests: dict
    writes: dict


def alternate(runner, lab, variants, rounds):
    host = {"localhost": connection_vars(lab)}
    measured = Alternated({name: [] for name in variants}, {}, {})
    for _round in range(rounds):
        for name, plays in variants.items():
            lab.console.log.clear()
            measured.times[name].append(runner.playbook(plays, host))
            measured.requests[name] = len(lab.console.log)
            measured.writes[name] = lab.console.calls().count(PUT_SMTP)
    return measured


def module_vs_uri(runner, lab, tasks, rounds):
    """A play of unchanged palette_smtp tasks against the same flow written with uri tasks."""
    runner.playbook(play([MODULE_TASK]), {"localhost": connection_vars(lab)})  # every timed task is then a no-change
    return alternate(runner, lab, {"module": play([MODULE_TASK] * tasks), "uri": play(uri_flow() * tasks)}, rounds)


def token_reuse(runner, lab, tasks, rounds):
    """Every task logging in, against one login and auth_token on every task."""
    variants = {
        "auth_username/auth_password on every task": play([MODULE_TASK] * tasks),
        "one login, auth_token on every task": play([login_task("palette_login"), *[TOKEN_TASK] * tasks]),
    }
    return alternate(runner, lab, variants, rounds)


@dataclass
class FleetRun:
    wall: float
    ansible_cpu: float
    lab_cpu: float
    writes_per_console: list


def _cpu_seconds(who):
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def fleet(runner, lab, forks_values):
    """One play over every console of the lab, from scratch, per forks value. CPU is split between
    Ansible (child processes) and the lab (this process)."""
    hosts = {f"console{index:03d}": connection_vars(lab, index) for index in range(len(lab.consoles))}
    runs = {}
    for forks in forks_values:
        for console in lab.consoles:
            console.reset()
        ansible_before, lab_before = _cpu_seconds(resource.RUSAGE_CHILDREN), _cpu_seconds(resource.RUSAGE_SELF)
        wall = runner.playbook(play([MODULE_TASK]), hosts, forks=forks)
        runs[forks] = FleetRun(
            wall,
            _cpu_seconds(resource.RUSAGE_CHILDREN) - ansible_before,
            _cpu_seconds(resource.RUSAGE_SELF) - lab_before,
            [console.calls().count(PUT_SMTP) for console in lab.consoles],
        )
    return runs


def marginal_task_time(runner, lab, tasks, rounds):
    """Fastest one-task play, and what each further task adds (fastest plays of both sizes)."""
    host = {"localhost": connection_vars(lab)}
    one = min(runner.playbook(play([MODULE_TASK]), host) for _round in range(rounds))
    many = min(runner.playbook(play([MODULE_TASK] * tasks), host) for _round in range(rounds))
    return one, (many - one) / (tasks - 1)
