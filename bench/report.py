"""docs/performance.md and docs/fleet.png from the figures of one run. Every verdict is computed
here from the figures against TARGETS; nothing is claimed that this run did not measure."""

from __future__ import annotations

import os
import platform
import statistics
from dataclasses import dataclass

# The targets, stated once: the most calls each run may make, and the timing goals.
REQUEST_TARGETS = {
    "change (first run)": 5,
    "no change": 2,
    "no change, auth_token (the play logged in once before)": 1,
}
LOGINS_WITH_TOKEN = 1
MODULE_TO_URI_RATIO = 0.5
SECONDS_PER_HOST = 0.25

LOGIN_CALL = "POST /v1/auth/syslogin"
PROCESS = "module process, whole (AnsiballZ payload run on its own)"
LOGIN = "  HTTP login (simulator, loopback)"


@dataclass
class Figures:
    """Everything one benchmark run measured (see scenarios.py and profile.py)."""

    calls: dict
    play_calls: dict
    versus: object
    tokens: object
    fleet: dict
    install_day_calls: list
    install_day: object
    pieces: dict
    urls_import: float
    one_task: float
    marginal: float
    tasks: int
    rounds: int
    repeats: int
    consoles: int


def verdict(value, target, digits, unit=""):
    """Judged at the precision the value is shown with, so a shown 0.50 never "misses" 0.5."""
    shown = round(value, digits)
    return "met" if shown <= target else f"missed by {shown - target:.{digits}f}{unit}"


def problems(figures):
    """What the run shows is wrong, beyond timing: counts that exceed their targets, writes where none belong."""
    found = [
        f"{case}: {len(calls)} requests, target {REQUEST_TARGETS[case]}"
        for case, calls in figures.calls.items()
        if len(calls) > REQUEST_TARGETS[case]
    ]
    logins = figures.play_calls["with palette_token"].count(LOGIN_CALL)
    if logins > LOGINS_WITH_TOKEN:
        found.append(f"the role and a task after palette_token: {logins} logins, target {LOGINS_WITH_TOKEN}")
    found += [
        f"{name}: an unchanged play wrote {writes} times" for name, writes in figures.versus.writes.items() if writes
    ]
    day_logins = figures.install_day_calls.count(LOGIN_CALL)
    if day_logins != LOGINS_WITH_TOKEN:
        found.append(f"install day, unchanged: {day_logins} logins, target {LOGINS_WITH_TOKEN}")
    found += [
        f"install day, {name}: an unchanged play wrote {writes} times"
        for name, writes in figures.install_day.writes.items()
        if writes
    ]
    found += [
        f"fleet, forks {forks}: {sum(run.writes_per_console)} writes for {figures.consoles} consoles"
        for forks, run in figures.fleet.items()
        if run.writes_per_console != [1] * figures.consoles
    ]
    return found


def _spread(samples):
    return f"{min(samples):.2f} / {statistics.median(samples):.2f} / {max(samples):.2f}"


def _requests(figures):
    over = [case for case, calls in figures.calls.items() if len(calls) > REQUEST_TARGETS[case]]
    return [
        "## HTTP requests per run",
        "",
        "Counted from the simulator's request log (one `palette_smtp` task).",
        "",
        "| run | requests | target | calls |",
        "|---|---|---|---|",
        *[
            f"| {case} | {len(calls)} | <= {REQUEST_TARGETS[case]} | {', '.join(calls)} |"
            for case, calls in figures.calls.items()
        ],
        "",
        "Every count within its target." if not over else "Over target: " + "; ".join(over) + ".",
    ]


def _logins(figures):
    with_token = figures.play_calls["with palette_token"].count(LOGIN_CALL)
    met = "met" if with_token <= LOGINS_WITH_TOKEN else f"missed: {with_token} logins"
    return [
        "## One login per play",
        "",
        "An unchanged play on one console: the `palette_smtp` role and one `palette_session_timeout` task,",
        "each given user name and password, against the same play after one `palette_token` task whose token",
        "the role (`palette_auth_token`) and the task (`auth_token`) use. Counted from the simulator's log.",
        "",
        "| play | requests | logins | calls |",
        "|---|---|---|---|",
        *[
            f"| {case} | {len(calls)} | {calls.count(LOGIN_CALL)} | {', '.join(calls)} |"
            for case, calls in figures.play_calls.items()
        ],
        "",
        f"Target with `palette_token`: {LOGINS_WITH_TOKEN} login per play, {met}. Without it, the role logs in once",
        "for its own tasks and every other task once more. `palette_token` also reads the session timeout once,",
        "to report when the token expires.",
    ]


def _versus(figures):
    times, requests, tasks = figures.versus.times, figures.versus.requests, figures.tasks
    ratio = statistics.median(times["module"]) / statistics.median(times["uri"])
    best_ratio = min(times["module"]) / min(times["uri"])
    basic = figures.pieces["  import ansible.module_utils.basic (from the payload)"]
    requests_import = figures.pieces["  import requests (with urllib3)"]
    ours = figures.pieces["  import this collection's module and module_utils (their own code)"]
    return [
        "## The module against the same flow written with `ansible.builtin.uri`",
        "",
        f"A play of {tasks} no-change tasks: {tasks} `palette_smtp` tasks, against {tasks} copies",
        "of the hand-written flow (login, GET, compare in `when`; validate and PUT only when different: they are",
        f"skipped here). The two plays ran alternately, {figures.rounds} times each, in one session.",
        "",
        "| play | min / median / max (s) | per task or flow, median (s) | HTTP requests |",
        "|---|---|---|---|",
        f"| {tasks} x `palette_smtp` | {_spread(times['module'])} | {statistics.median(times['module']) / tasks:.2f} | "
        f"{requests['module']} |",
        f"| {tasks} x (`uri` login, `uri` GET, 2 skipped `uri` tasks) | {_spread(times['uri'])} | "
        f"{statistics.median(times['uri']) / tasks:.2f} | {requests['uri']} |",
        "",
        f"Ratio module / uri: **{ratio:.2f}** on medians ({best_ratio:.2f} on the fastest runs). "
        f"Target <= {MODULE_TO_URI_RATIO}: {verdict(ratio, MODULE_TO_URI_RATIO, 2)}.",
        "",
        "One `palette_smtp` task replaces two module runs (`uri` login, `uri` GET), and each module run costs",
        "about the same: its fixed part is ansible-core's (see the profile below). In this run importing",
        f"`ansible.module_utils.basic` took {basic:.3f} s, `requests` {requests_import:.3f} s",
        f"against {figures.urls_import:.3f} s for the `uri` module's `ansible.module_utils.urls`, and this",
        f"collection's own code {ours:.3f} s.",
    ]


def _install_day(figures):
    calls, times, requests = figures.install_day_calls, figures.install_day.times, figures.install_day.requests
    gets = [call for call in calls if call.startswith("GET")]
    lists = gets.count("GET /v1/tenants")
    ratio = statistics.median(times["role"]) / statistics.median(times["uri"])
    return [
        "## Install day on one console",
        "",
        "`examples/install_day.yml` (the `palette_system_console` role: the admin's password and address, SMTP,",
        "session timeout, both banners, reverse proxy, S3 backups, two tenants) on a console it configured",
        "before, so that nothing changes. Counted from the simulator's log:",
        "",
        f"- {calls.count(LOGIN_CALL)} login, {len(gets)} reads, "
        f"{len(calls) - len(gets) - calls.count(LOGIN_CALL)} writes: {', '.join(calls)}.",
        f"- One read per setting and one of the admin (`/v1/system/users/me`); the tenants are listed {lists} times,",
        "  once per tenant task of the role's loop; `palette_token` reads the session timeout once more, to",
        "  report when its token expires.",
        "",
        "Against the same play written with `ansible.builtin.uri` (one login, a read per setting, one tenant",
        "list, each write skipped by a `when` comparing the read with the desired value), the two alternating,",
        f"{figures.rounds} times each, in one session:",
        "",
        "| play | min / median / max (s) | HTTP requests |",
        "|---|---|---|",
        f"| role (`examples/install_day.yml`) | {_spread(times['role'])} | {requests['role']} |",
        f"| `uri` tasks | {_spread(times['uri'])} | {requests['uri']} |",
        "",
        f"Ratio role / uri: {ratio:.2f} on medians. The role runs one module process per setting, each a few",
        "tenths of a second of ansible-core's fixed cost (see the profile below); the `uri` play skips most of",
        "its tasks, and a skipped task costs no process. What the `uri` play does not do: check any input before",
        "a call, validate before a write in check mode, compare a secret Palette masks, read back what it wrote,",
        "report a diff, change the install password, or keep its secrets out of a failed task's output.",
    ]


def _fleet(figures):
    cores, consoles = os.cpu_count(), figures.consoles
    best_forks = min(figures.fleet, key=lambda forks: figures.fleet[forks].wall)
    best = figures.fleet[best_forks]
    per_host, cpu_per_host = best.wall / consoles, best.ansible_cpu / consoles
    return [
        "## Fleet: one playbook, many consoles",
        "",
        f"{consoles} simulated Palette consoles (one process, one port each) configured from scratch by one",
        "playbook run per forks value; every console validates against the real SMTP server and gets exactly",
        "one PUT. CPU is split between Ansible (ansible-playbook, its workers and the module processes) and the",
        "lab (the simulator and SMTP server, which a real deployment would not run on the controller).",
        "",
        "| forks | total (s) | per host (s) | Ansible CPU per host (s) | lab CPU, whole run (s) |",
        "|---|---|---|---|---|",
        *[
            f"| {forks} | {run.wall:.1f} | {run.wall / consoles:.3f} | {run.ansible_cpu / consoles:.3f} | "
            f"{run.lab_cpu:.1f} |"
            for forks, run in sorted(figures.fleet.items())
        ],
        "",
        "![seconds per host by forks](fleet.png)",
        "",
        f"Best: forks {best_forks}, **{per_host:.3f} s per host**. Target <= {SECONDS_PER_HOST} s: "
        f"{verdict(per_host, SECONDS_PER_HOST, 3, ' s')}.",
        "",
        f"Each host costs {cpu_per_host:.2f} CPU-seconds of Ansible work; {cores} cores give at best",
        f"{cpu_per_host / cores:.3f} s per host whatever the forks. The lab used {best.lab_cpu:.1f} CPU-seconds of the",
        f"whole run. The module process is {figures.pieces[PROCESS]:.2f} s of each host's CPU, the rest is",
        f"ansible-playbook's per-host work. {SECONDS_PER_HOST} s per host needs "
        f"{cpu_per_host / SECONDS_PER_HOST:.1f} cores at this CPU cost.",
    ]


def _profile(figures):
    return [
        "## Where the time of one task goes",
        "",
        f"A play with one task took {figures.one_task:.2f} s; each further task adds {figures.marginal:.2f} s",
        f"(marginal cost, from {figures.tasks}-task plays). The module process of a no-change run, from its real",
        "AnsiballZ payload (`ANSIBLE_KEEP_REMOTE_FILES`), imports measured with `python -X importtime`. Each figure",
        f"is the fastest of {figures.repeats} runs, since noise from the rest of the machine only adds time:",
        "",
        "| part | seconds |",
        "|---|---|",
        *[f"| {part.replace('  ', '&nbsp;&nbsp;')} | {seconds:.3f} |" for part, seconds in figures.pieces.items()],
        f"| Ansible's per-task work on the controller (marginal task time minus the module process) | "
        f"{figures.marginal - figures.pieces[PROCESS]:.3f} |",
    ]


def _tokens(figures):
    times, requests = figures.tokens.times, figures.tokens.requests
    each, once = list(times)
    medians = {name: statistics.median(samples) for name, samples in times.items()}
    saved = medians[each] - medians[once]
    return [
        "## Token reuse",
        "",
        f"{figures.tasks} no-change tasks, each logging in, against one `uri` login and `auth_token` on every task.",
        "",
        "| play | min / median / max (s) | HTTP requests |",
        "|---|---|---|",
        *[f"| {name} | {_spread(samples)} | {requests[name]} |" for name, samples in times.items()],
        "",
        f"Saving: {requests[each] - requests[once]} requests; wall time {saved:+.2f} s ({saved / medians[each]:+.0%}).",
        f"Against the simulator a login costs {figures.pieces[LOGIN] * 1000:.0f} ms; one more task costs",
        f"{figures.marginal:.2f} s here, so reuse saves time once (tasks x login time) exceeds that, as against a",
        "real console, where each login also costs network round trips and Palette's password check.",
    ]


def render(figures):
    header = [
        "# Performance",
        "",
        f"Measured with `make bench` (`bench/run.py`) on {platform.machine()}, {os.cpu_count()} cores,",
        f"Python {platform.python_version()}, ansible-core from `requirements-dev.txt`, against the bundled lab",
        "(simulated Palette system API and a real SMTP server on 127.0.0.1). Times are wall-clock seconds of",
        "whole `ansible-playbook` runs unless said otherwise; nothing here is asserted by a timed test. CI runs",
        "`make bench-smoke`, the same code on small numbers, which fails on a request count over its target.",
    ]
    sections = [
        header,
        _requests(figures),
        _logins(figures),
        _versus(figures),
        _install_day(figures),
        _fleet(figures),
        _profile(figures),
        _tokens(figures),
    ]
    return "\n\n".join("\n".join(section) for section in sections) + "\n"


def plot(figures, path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    forks = sorted(figures.fleet)
    hosts = figures.consoles
    figure, axis = plt.subplots(figsize=(6, 3.6), dpi=110)
    axis.plot(forks, [figures.fleet[value].wall / hosts for value in forks], marker="o", label="wall time per host")
    axis.plot(
        forks,
        [figures.fleet[value].ansible_cpu / hosts for value in forks],
        marker="s",
        linestyle=":",
        label="Ansible CPU per host (all cores)",
    )
    axis.axhline(SECONDS_PER_HOST, linestyle="--", color="grey", label=f"target {SECONDS_PER_HOST} s per host")
    axis.set_xscale("log", base=2)
    axis.set_xticks(forks, [str(value) for value in forks])
    axis.set_xlabel("forks")
    axis.set_ylabel("seconds")
    axis.set_title(f"palette_smtp on {hosts} simulated consoles, {os.cpu_count()} cores")
    axis.set_ylim(bottom=0)
    axis.legend(fontsize="small")
    figure.tight_layout()
    figure.savefig(path)
