"""docs/performance.md and docs/fleet.png from the figures of one run. Every verdict is computed
here from the figures against TARGETS; nothing is claimed that this run did not measure."""

from __future__ import annotations

import os
import platform
import statistics
from collections import Counter
from dataclasses import dataclass

from palette_simulator.oci_registries import DEFAULT_SYNC_SECONDS
from palette_simulator.system_address import RELOAD_DELAY

# The targets, stated once: the most calls each run may make, and the timing goals.
REQUEST_TARGETS = {
    "change (first run)": 5,
    "no change": 2,
    "no change, auth_token (the play logged in once before)": 1,
}
LOGINS_WITH_TOKEN = 1
MODULE_TO_URI_RATIO = 0.5
SECONDS_PER_HOST = 0.25
# Install day on an unchanged console: palette_system_config's wall time against the uri play's, and
# what its one task may send and run.
CONFIG_TO_URI_RATIO = 0.35
CONFIG_LOGINS = 1
CONFIG_MODULE_PROCESSES = 1

LOGIN_CALL = "POST /v1/auth/syslogin"
PROCESS = "module process, whole (AnsiballZ payload run on its own)"
LOGIN = "  HTTP login (simulator, loopback)"


@dataclass
class Others:
    """The whole run's wall time, and the CPU-seconds other processes on the machine used meanwhile
    (None where the machine's busy time cannot be read)."""

    wall: float
    cpu: object


@dataclass
class Figures:
    """Everything one benchmark run measured (see scenarios.py and profile.py)."""

    calls: dict
    play_calls: dict
    versus: object
    tokens: object
    fleet: dict
    install_day: object
    first_run: object
    console_fleet: object
    pieces: dict
    urls_import: float
    one_task: float
    marginal: float
    tasks: int
    rounds: int
    repeats: int
    consoles: int
    config_consoles: int
    others: object = None


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
    found += _install_day_problems(figures)
    found += [
        f"fleet, forks {forks}: {sum(run.writes_per_console)} writes for {figures.consoles} consoles"
        for forks, run in figures.fleet.items()
        if run.writes_per_console != [1] * figures.consoles
    ]
    return found


def unlike_calls(run, against):
    """What ``run`` sends that ``against`` does not, and what it leaves out, order aside: (extra, missing)."""
    sent, wanted = Counter(run.calls), Counter(against.calls)
    return sorted((sent - wanted).elements()), sorted((wanted - sent).elements())


def _install_day_problems(figures):
    """Install day and the fleet of whole consoles: logins, sections read twice, module processes, writes,
    and contenders that do not send what palette_system_config sends (the comparison would be unfair)."""
    found = []
    counted = figures.install_day.counted
    config = counted["palette_system_config"]
    for name in ("role", "uri"):
        extra, missing = unlike_calls(counted[name], config)
        if extra or missing:
            found.append(
                f"install day, {name}, unchanged: not the calls of palette_system_config: "
                f"extra {', '.join(extra) or 'none'}; missing {', '.join(missing) or 'none'}"
            )
    if config.logins > CONFIG_LOGINS:
        found.append(f"install day, palette_system_config, unchanged: {config.logins} logins, target {CONFIG_LOGINS}")
    if config.read_twice:
        found.append(f"install day, palette_system_config, unchanged: read twice: {', '.join(config.read_twice)}")
    if len(config.modules) != CONFIG_MODULE_PROCESSES:
        found.append(f"install day, palette_system_config: {len(config.modules)} module processes, target 1")
    role_logins = counted["role"].logins
    if role_logins != LOGINS_WITH_TOKEN:
        found.append(f"install day, role, unchanged: {role_logins} logins, target {LOGINS_WITH_TOKEN}")
    found += [
        f"install day, {name}: an unchanged play wrote: {', '.join(run.writes)}"
        for name, run in counted.items()
        if run.writes
    ]
    first = figures.first_run
    if len(first.counted.modules) != CONFIG_MODULE_PROCESSES:
        found.append(f"first run from the install password: {len(first.counted.modules)} module processes, target 1")
    if not first.changed:
        found.append("first run from the install password: the task reported no change")
    fleet = figures.console_fleet
    for forks, runs in fleet.unchanged.items():
        for run in runs:
            consoles = run.per_console
            if any(console.logins > CONFIG_LOGINS for console in consoles):
                found.append(f"whole-console fleet, forks {forks}: more than {CONFIG_LOGINS} login on a console")
            if any(console.read_twice for console in consoles):
                found.append(f"whole-console fleet, forks {forks}: a section read twice on a console")
            if any(console.writes for console in consoles):
                found.append(f"whole-console fleet, forks {forks}: an unchanged run wrote")
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


def _ratio(times, name, against="uri"):
    """(median ratio, ratio of the fastest runs) of two alternated plays."""
    return (
        statistics.median(times[name]) / statistics.median(times[against]),
        min(times[name]) / min(times[against]),
    )


def _modules(modules):
    """ "9: uri x 9" or "1: palette_system_config"."""
    names = sorted(set(modules))
    return f"{len(modules)}: " + ", ".join(
        f"`{name}`" + (f" x {modules.count(name)}" if modules.count(name) > 1 else "") for name in names
    )


INSTALL_DAY_PLAYS = {
    "palette_system_config": "one `palette_system_config` task",
    "role": "the role (`examples/install_day.yml`)",
    "uri": "`uri` tasks",
}


def _same_calls(counted):
    """Whether the role and the uri play send palette_system_config's calls, order aside, as a sentence."""
    config = counted["palette_system_config"]
    unlike = {name: unlike_calls(counted[name], config) for name in ("role", "uri")}
    if not any(extra or missing for extra, missing in unlike.values()):
        return "The role and the `uri` play send the calls of `palette_system_config`, order aside: met."
    return (
        "Not the calls of `palette_system_config`: "
        + "; ".join(
            f"{name} sends {', '.join(extra) or 'nothing'} more and leaves out {', '.join(missing) or 'nothing'}"
            for name, (extra, missing) in unlike.items()
            if extra or missing
        )
        + "."
    )


def _install_day(figures):
    day = figures.install_day
    counted, times = day.counted, day.times
    config, role, uri = counted["palette_system_config"], counted["role"], counted["uri"]
    ratio, best_ratio = _ratio(times, "palette_system_config")
    role_ratio, _best = _ratio(times, "role")
    twice = config.read_twice
    reads = (
        "every section read once, the tenants listed once per page of 50"
        + f" ({config.reads.count('GET /v1/tenants')} list for {config.tenants} tenants): met"
        if not twice
        else "read more than once: " + ", ".join(twice)
    )
    if len(role.modules) == 1:
        role_sentence = [
            "The role is this one task (`roles/palette_system_console/tasks/main.yml`: one",
            "`palette_system_config` task), so the role's figure is this one too, plus what `include_role` costs.",
        ]
    else:
        role_sentence = [
            f"The role runs {len(role.modules)} module processes, one per setting, each a few tenths of a second",
            "of ansible-core's fixed cost (see the profile below).",
        ]
    return [
        "## Install day on one console: the whole console in one task",
        "",
        "One `palette_system_config` task with every section of the console document, in its order: SMTP, the",
        "admin's password and address, the system address and its certificate, the activation, the session",
        "timeout, both banners, the reverse proxy, the AWS cloud credentials, the AWS STS account, a system",
        "registry (the lab's OCI registry, waiting for its pack sync), a feature flag, S3 backups, two system",
        "accounts and two tenants; on a console it configured before, so that nothing changes. Against it: the",
        "same work written with `ansible.builtin.uri` (one login; a read per setting and per list, and the",
        "registry's own read; each validation, write and wait skipped by a `when` comparing the read with the",
        "desired value), and the `palette_system_console` role as `examples/install_day.yml` runs it. The",
        "lab's console serves HTTPS with a certificate of the lab's CA until the system address section gives it",
        "one made at the start, from a CA of its own, for its new name and 127.0.0.1 (its address now, where the",
        "plays reach it); the plays trust both CAs (`palette_ca_path`). Over plain HTTP the module would have no",
        "certificate to wait for after that write, and its next calls would race the listener reload. The",
        "example takes the system address (`palette_address` and the `palette_tls_*` files), the activation key",
        "and the registry (`oci_registry_*`) from the inventory, so that all three do the same sections.",
        "Requests are counted from the simulator's log; module processes from the AnsiballZ payloads that",
        "each play's first run left (`ANSIBLE_KEEP_REMOTE_FILES`, which spares its tasks only the removal of",
        "their temporary folders).",
        "",
        "| play | module processes | requests | logins | reads | writes |",
        "|---|---|---|---|---|---|",
        *[
            f"| {INSTALL_DAY_PLAYS[name]} | {_modules(run.modules)} | {len(run.calls)} | {run.logins} | "
            f"{len(run.reads)} | {len(run.writes)} |"
            for name, run in counted.items()
        ],
        "",
        f"- `palette_system_config`: {', '.join(config.calls)}.",
        f"- Target: {CONFIG_LOGINS} login, {CONFIG_MODULE_PROCESSES} module process, no section read twice. "
        f"Logins {config.logins}, module processes {len(config.modules)}; {reads}.",
        f"- {_same_calls(counted)}",
        "",
        f"Wall time, the three plays alternating in one session, {figures.rounds} time(s) each, counted runs first:",
        "",
        "| play | min / median / max (s) |",
        "|---|---|",
        *[f"| {INSTALL_DAY_PLAYS[name]} | {_spread(samples)} |" for name, samples in times.items()],
        "",
        f"Ratio `palette_system_config` / `uri`: **{ratio:.2f}** on medians ({best_ratio:.2f} on the fastest runs).",
        f"Target <= {CONFIG_TO_URI_RATIO}: {verdict(ratio, CONFIG_TO_URI_RATIO, 2)}. Role / `uri`: {role_ratio:.2f}.",
        "",
        *role_sentence,
        f"The `uri` play runs a module process per read ({len(uri.modules)} here) and skips its validations,",
        "writes and waits; a skipped task, or a loop over no item, costs no process. What it does not do: check",
        "any input before a call, validate before a write in check mode, compare a secret Palette masks (the",
        "registry's password), read a list past its first page, refuse a change Palette cannot make (a system",
        "account's role, a feature flag turned off), read back what it wrote, report a diff, warn of a trial",
        "about to end, change the install password, or keep its secrets out of a failed task's output.",
    ]


def _first_run_waits(outage):
    """What a first run waits for, as the lab's consoles ran."""
    return [
        "  the run: after the system address write the module waits until the console serves the new certificate",
        f"  (the lab's console, as Palette, reloads its listener: {RELOAD_DELAY} s after the write it drops its",
        f"  connections and refuses new ones for {outage} s; the module looks once a second), and for the",
        f"  registry's first pack sync ({DEFAULT_SYNC_SECONDS} s in the lab).",
    ]


def _first_run(figures):
    first = figures.first_run
    run = first.counted
    validations = [call for call in run.writes if "/validate" in call]
    writes = [call for call in run.writes if call not in validations]
    # The reads of the plan: those before the first validation or write of a setting.
    first_change = next(
        (index for index, call in enumerate(run.calls) if call in run.writes and "changePassword" not in call),
        len(run.calls),
    )
    planned = [call for call in run.calls[:first_change] if call.startswith("GET ")]
    repeated = sorted({call for call in planned if planned.count(call) > 1})
    repeats = (
        "; before anything was validated or written, "
        + ", ".join(f"`{call}` was sent {planned.count(call)} times" for call in repeated)
        if repeated
        else "; each section read once before anything was validated or written"
    )
    pause, before = first.pause
    return [
        "## First run on a console fresh from the installer",
        "",
        "The same task on a console as the installer leaves it (`Lab(fresh_console=True)`: admin/admin, which",
        "Palette wants changed before it shows anything), reset to that state before each run: the task makes",
        "the play's password the admin's, then validates and writes every section (the activation key sent once).",
        "The first run is the one counted:",
        "",
        f"- Module processes: {_modules(run.modules)}; the play reported {first.changed} changed task.",
        f"- {len(run.calls)} requests: {run.logins} logins (answered {', '.join(map(str, first.login_statuses))}),",
        f"  {len(run.reads)} reads ({len(planned)} to plan, the rest reading back what was written{repeats}),",
        f"  {len(validations)} validations, {len(writes)} writes (the password change among them).",
        f"- The longest pause between two answered calls: {pause:.1f} s, before `{before}`. Two waits are in",
        *_first_run_waits(first.outage),
        f"- Calls: {', '.join(run.calls)}.",
        "",
        "| run | min / median / max (s) |",
        "|---|---|",
        f"| from the install password, every section ({len(first.times)} run(s)) | {_spread(first.times)} |",
    ]


def _console_fleet(figures):
    fleet, consoles = figures.console_fleet, figures.config_consoles
    best_forks, best = fleet.best()
    first = fleet.first
    clean = not any(
        console.logins > CONFIG_LOGINS or console.read_twice or console.writes
        for runs in fleet.unchanged.values()
        for run in runs
        for console in run.per_console
    )
    rounds = len(next(iter(fleet.unchanged.values())))
    return [
        f"## Fleet: the whole console on {consoles} consoles",
        "",
        f"{consoles} simulated consoles, one playbook with one `palette_system_config` task (every section, as",
        "above; each console's backups in a folder of their own) over all of them. First from scratch, at forks",
        f"{fleet.first_forks}: **{first.wall:.1f} s**, {first.seconds_per_console():.3f} s per console "
        f"({first.ansible_cpu / consoles:.2f} CPU-seconds of Ansible, {first.lab_cpu:.1f} of the lab in all),",
        "each console validating SMTP against the real SMTP server, the registry against the lab's OCI registry",
        "and the backups against the local S3. Then",
        f"unchanged, per forks value, {rounds} time(s) each, alternating:",
        "",
        "| forks | total, median (s) | per console, median (s) | Ansible CPU per console (s) | lab CPU, run (s) |",
        "|---|---|---|---|---|",
        *[
            f"| {forks} | {statistics.median(run.wall for run in runs):.1f} | "
            f"{statistics.median(run.seconds_per_console() for run in runs):.3f} | "
            f"{statistics.median(run.ansible_cpu for run in runs) / consoles:.3f} | "
            f"{statistics.median(run.lab_cpu for run in runs):.1f} |"
            for forks, runs in sorted(fleet.unchanged.items())
        ],
        "",
        f"Best: forks {best_forks}, **{best:.3f} s per console** unchanged. On every console of every unchanged run:",
        f"{CONFIG_LOGINS} login, no section read twice, no write: {'met' if clean else 'missed (see the checks)'}.",
    ]


def _fleet(figures):
    cores, consoles = os.cpu_count(), figures.consoles
    best_forks = min(figures.fleet, key=lambda forks: figures.fleet[forks].wall)
    best = figures.fleet[best_forks]
    per_host, cpu_per_host = best.wall / consoles, best.ansible_cpu / consoles
    return [
        f"## Fleet: `palette_smtp` on {consoles} consoles",
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


def _others(figures):
    others = figures.others
    if others is None or others.cpu is None:
        return []
    share = others.cpu / (others.wall * os.cpu_count())
    return [
        "",
        f"The run took {others.wall / 60:.1f} minutes. Meanwhile other processes on the machine used "
        f"{others.cpu:.0f} CPU-seconds,",
        f"{share:.0%} of the {os.cpu_count()} cores' time (from `/proc/stat`, less this run's own CPU): "
        + (
            "little enough not to matter to the times below."
            if share < 0.05
            else "the times below are slower for it, the more so where their spread is wide."
        ),
    ]


def _summary(figures):
    """One line per figure with a target or a headline, each verdict computed as in its section below."""
    calls = figures.calls
    counts = " / ".join(str(len(run)) for run in calls.values())
    targets = " / ".join(str(REQUEST_TARGETS[case]) for case in calls)
    over = any(len(run) > REQUEST_TARGETS[case] for case, run in calls.items())
    with_token = figures.play_calls["with palette_token"].count(LOGIN_CALL)
    versus = statistics.median(figures.versus.times["module"]) / statistics.median(figures.versus.times["uri"])
    day = figures.install_day
    config = day.counted["palette_system_config"]
    day_ratio, _best = _ratio(day.times, "palette_system_config")
    day_checks = (
        config.logins <= CONFIG_LOGINS and not config.read_twice and len(config.modules) == CONFIG_MODULE_PROCESSES
    )
    fair = not any(any(unlike_calls(day.counted[name], config)) for name in ("role", "uri"))
    first = figures.first_run
    best_forks = min(figures.fleet, key=lambda forks: figures.fleet[forks].wall)
    per_host = figures.fleet[best_forks].wall / figures.consoles
    fleet_forks, per_console = figures.console_fleet.best()
    first_per_console = figures.console_fleet.first.seconds_per_console()
    return [
        "## Summary",
        "",
        "| figure | measured | target | verdict |",
        "|---|---|---|---|",
        f"| one `palette_smtp` task: requests (change / no change / with a token) | {counts} | <= {targets} | "
        f"{'missed' if over else 'met'} |",
        f"| logins per play of the `palette_smtp` role and a task, with `palette_token` | {with_token} | "
        f"{LOGINS_WITH_TOKEN} | {verdict(with_token, LOGINS_WITH_TOKEN, 0)} |",
        f"| {figures.tasks} `palette_smtp` tasks / the same flow in `uri` tasks, wall time | {versus:.2f} | "
        f"<= {MODULE_TO_URI_RATIO} | {verdict(versus, MODULE_TO_URI_RATIO, 2)} |",
        f"| install day, unchanged: `palette_system_config` / the `uri` play, wall time | {day_ratio:.2f} | "
        f"<= {CONFIG_TO_URI_RATIO} | {verdict(day_ratio, CONFIG_TO_URI_RATIO, 2)} |",
        f"| install day, unchanged, `palette_system_config`: logins, module processes, sections read twice | "
        f"{config.logins}, {len(config.modules)}, {len(config.read_twice)} | {CONFIG_LOGINS}, "
        f"{CONFIG_MODULE_PROCESSES}, 0 | {'met' if day_checks else 'missed'} |",
        f"| install day, unchanged: requests of `palette_system_config` / the role / the `uri` play | "
        f"{' / '.join(str(len(run.calls)) for run in day.counted.values())} | the same calls | "
        f"{'met' if fair else 'missed'} |",
        f"| first run from the install password: module processes; requests; wall time, median | "
        f"{len(first.counted.modules)}; {len(first.counted.calls)}; {statistics.median(first.times):.2f} s | "
        f"{CONFIG_MODULE_PROCESSES} module process | "
        f"{'met' if len(first.counted.modules) == CONFIG_MODULE_PROCESSES else 'missed'} |",
        f"| `palette_smtp` on {figures.consoles} consoles, from scratch: seconds per host (forks {best_forks}) | "
        f"{per_host:.3f} | <= {SECONDS_PER_HOST} | {verdict(per_host, SECONDS_PER_HOST, 3, ' s')} |",
        f"| `palette_system_config` on {figures.config_consoles} consoles, every section, unchanged: seconds per "
        f"console (forks {fleet_forks}) | {per_console:.3f} | none set | - |",
        f"| the same, first run from scratch (forks {figures.console_fleet.first_forks}): seconds per console | "
        f"{first_per_console:.3f} | none set | - |",
    ]


def render(figures):
    header = [
        "# Performance",
        "",
        f"Measured with `make bench` (`bench/run.py`) on {platform.machine()}, {os.cpu_count()} cores,",
        f"Python {platform.python_version()}, ansible-core from `requirements-dev.txt`, against the bundled lab",
        "(simulated Palette system API; a real SMTP server, a local S3 and an OCI registry, Debian's",
        "docker-registry, on 127.0.0.1), whose consoles serve plain HTTP but for the whole console's, which",
        "serve HTTPS as Palette does (see install day). Times are wall-clock seconds of",
        "whole `ansible-playbook` runs unless said otherwise; nothing here is asserted by a timed test. CI runs",
        "`make bench-smoke`, the same code on small numbers, which fails on a request count over its target.",
        *_others(figures),
    ]
    sections = [
        header,
        _summary(figures),
        _requests(figures),
        _logins(figures),
        _versus(figures),
        _install_day(figures),
        _first_run(figures),
        _fleet(figures),
        _console_fleet(figures),
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
    figure, axis = plt.subplots(figsize=(6.4, 4.2), dpi=110)
    axis.plot(
        forks,
        [figures.fleet[value].wall / hosts for value in forks],
        marker="o",
        label=f"palette_smtp, from scratch ({hosts} consoles)",
    )
    axis.plot(
        forks,
        [figures.fleet[value].ansible_cpu / hosts for value in forks],
        marker="s",
        linestyle=":",
        label="palette_smtp: Ansible CPU per host (all cores)",
    )
    whole = figures.console_fleet.unchanged
    axis.plot(
        sorted(whole),
        [statistics.median(run.seconds_per_console() for run in whole[value]) for value in sorted(whole)],
        marker="^",
        label=f"palette_system_config, every section, unchanged ({figures.config_consoles} consoles)",
    )
    axis.axhline(
        SECONDS_PER_HOST, linestyle="--", color="grey", label=f"target for palette_smtp, {SECONDS_PER_HOST} s per host"
    )
    axis.set_xscale("log", base=2)
    ticks = sorted(set(forks) | set(whole))
    axis.set_xticks(ticks, [str(value) for value in ticks])
    axis.set_xlabel("forks")
    axis.set_ylabel("seconds")
    axis.set_title(f"Seconds per console by forks, simulated consoles, {os.cpu_count()} cores")
    axis.set_ylim(bottom=0)
    axis.legend(fontsize="small")
    figure.tight_layout()
    figure.savefig(path)
