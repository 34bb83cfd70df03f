"""Benchmarks of palette.selfhosted against the bundled lab. Writes docs/performance.md and
docs/fleet.png (or, with --smoke, a quick run into build/bench/ for CI).

    make bench          # the full run behind docs/performance.md (about 14 minutes on 2 cores)
    make bench-smoke    # the same code paths on small numbers (about 1 minute)

Needs the collection installed by `make collection` (ANSIBLE_COLLECTIONS_PATH points there), Debian's
docker-registry (`make oci-registry`) and PYTHONPATH=tools for the lab. Exits non-zero when a request count
misses its target (palette_system_config on an unchanged console: more than one login, a section read twice,
more than one module process), an unchanged run wrote, or the role or the uri play it is measured against
does not send the calls it sends; times are reported, never asserted.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

import install_day
import report
import scenarios
from palette_simulator.lab import Lab
from playbooks import Runner
from task_profile import profile

ROOT = Path(__file__).resolve().parent.parent
# config_consoles: the fleet of whole consoles (palette_system_config, every section); config_rounds: its
# unchanged runs per forks value.
SMOKE = {
    "tasks": 2,
    "rounds": 1,
    "repeats": 1,
    "consoles": 4,
    "forks": [2, 4],
    "config_consoles": 2,
    "config_forks": [2],
    "config_rounds": 1,
}
FULL = {
    "tasks": 10,
    "rounds": 5,
    "repeats": 10,
    "consoles": 200,
    "forks": [5, 10, 20, 40],
    "config_consoles": 50,
    "config_forks": [5, 10, 25, 50],
    "config_rounds": 2,
}


def _machine_busy_seconds():
    """CPU-seconds the whole machine has been busy (Linux /proc/stat), or None elsewhere."""
    try:
        fields = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return None
    user, nice, system, _idle, _iowait, irq, softirq, steal = (fields + [0] * 8)[:8]
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def _own_seconds():
    """CPU-seconds of this process and of every process it (or they) waited for."""
    return sum(
        usage.ru_utime + usage.ru_stime
        for usage in (resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN))
    )


def measure(workdir, sizes):
    """Every benchmark, and what the rest of the machine used while they ran (report.Figures.others)."""
    started, busy, own = time.perf_counter(), _machine_busy_seconds(), _own_seconds()
    figures = _measure(workdir, sizes)
    busy_after = _machine_busy_seconds()
    others = None if busy is None or busy_after is None else max(0.0, busy_after - busy - (_own_seconds() - own))
    figures.others = report.Others(time.perf_counter() - started, others)
    return figures


def _measure(workdir, sizes):
    runner = Runner(workdir)
    with Lab(Path(workdir) / "lab") as lab:
        print("requests per run ...", flush=True)
        calls = scenarios.requests_per_run(runner, lab)
        print("logins per play ...", flush=True)
        play_calls = scenarios.logins_per_play(runner, lab)
        print("module vs uri ...", flush=True)
        versus = scenarios.module_vs_uri(runner, lab, sizes["tasks"], sizes["rounds"])
        print("token reuse ...", flush=True)
        tokens = scenarios.token_reuse(runner, lab, sizes["tasks"], sizes["rounds"])
        print("profile ...", flush=True)
        pieces, urls_import = profile(runner, lab, sizes["repeats"])
        one_task, marginal = scenarios.marginal_task_time(runner, lab, sizes["tasks"], sizes["rounds"])
    # The labs of the whole console have what its every section validates against (SMTP, S3, an OCI
    # registry), and serve HTTPS, as Palette does: after the system address write the module waits until
    # the console serves the new certificate. Over plain HTTP it has nothing to wait for, and its next
    # calls race the console's listener reload.
    whole = {"https": True, "backup_targets": True, "oci_registry": True}
    with Lab(Path(workdir) / "install-day", fresh_console=True, **whole) as fresh_lab:
        print("first run from the install password ...", flush=True)
        first_run = install_day.first_run(runner, fresh_lab, sizes["rounds"])
        print("install day, unchanged: palette_system_config, role, uri ...", flush=True)
        day = install_day.measure(runner, fresh_lab, sizes["rounds"])
    with Lab(Path(workdir) / "fleet", consoles=sizes["consoles"]) as fleet_lab:
        print(f"fleet of {sizes['consoles']} ...", flush=True)
        fleet = scenarios.fleet(runner, fleet_lab, sizes["forks"])
    consoles = sizes["config_consoles"]
    with Lab(Path(workdir) / "console-fleet", consoles=consoles, **whole) as console_lab:
        print(f"whole console on {consoles} consoles ...", flush=True)
        console_fleet = install_day.console_fleet(runner, console_lab, sizes["config_forks"], sizes["config_rounds"])
    return report.Figures(
        calls=calls,
        play_calls=play_calls,
        versus=versus,
        tokens=tokens,
        fleet=fleet,
        install_day=day,
        first_run=first_run,
        console_fleet=console_fleet,
        pieces=pieces,
        urls_import=urls_import,
        one_task=one_task,
        marginal=marginal,
        tasks=sizes["tasks"],
        rounds=sizes["rounds"],
        repeats=sizes["repeats"],
        consoles=sizes["consoles"],
        config_consoles=consoles,
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="small numbers, output to build/bench/")
    args = parser.parse_args()
    out = ROOT / ("build/bench" if args.smoke else "docs")
    out.mkdir(parents=True, exist_ok=True)

    with tempfile.TemporaryDirectory(prefix="palette-bench-") as workdir:
        figures = measure(workdir, SMOKE if args.smoke else FULL)
    text = report.render(figures)
    (out / "performance.md").write_text(text)
    report.plot(figures, out / "fleet.png")
    print(text)
    print(f"\nwrote {out / 'performance.md'} and {out / 'fleet.png'}")
    wrong = report.problems(figures)
    if wrong:
        sys.exit("benchmark checks failed:\n" + "\n".join(wrong))


if __name__ == "__main__":
    main()
