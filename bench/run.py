"""Benchmarks of palette.selfhosted against the bundled lab. Writes docs/performance.md and
docs/fleet.png (or, with --smoke, a quick run into build/bench/ for CI).

    make bench          # the full run behind docs/performance.md (about 10 minutes on 2 cores)
    make bench-smoke    # the same code paths on small numbers (about 1 minute)

Needs the collection installed by `make collection` (ANSIBLE_COLLECTIONS_PATH points there) and
PYTHONPATH=tools for the lab. Exits non-zero when a request count misses its target or an
unchanged run wrote; times are reported, never asserted.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import install_day
import report
import scenarios
from palette_simulator.lab import Lab
from playbooks import Runner
from task_profile import profile

ROOT = Path(__file__).resolve().parent.parent
SMOKE = {"tasks": 2, "rounds": 1, "repeats": 1, "consoles": 4, "forks": [2, 4]}
FULL = {"tasks": 10, "rounds": 5, "repeats": 10, "consoles": 200, "forks": [5, 10, 20, 40]}


def measure(workdir, sizes):
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
    with Lab(Path(workdir) / "install-day", fresh_console=True, backup_targets=True) as fresh_lab:
        print("install day ...", flush=True)
        day_calls, day = install_day.measure(runner, fresh_lab, sizes["rounds"])
    with Lab(Path(workdir) / "fleet", consoles=sizes["consoles"]) as fleet_lab:
        print(f"fleet of {sizes['consoles']} ...", flush=True)
        fleet = scenarios.fleet(runner, fleet_lab, sizes["forks"])
    return report.Figures(
        calls=calls,
        play_calls=play_calls,
        versus=versus,
        tokens=tokens,
        fleet=fleet,
        install_day_calls=day_calls,
        install_day=day,
        pieces=pieces,
        urls_import=urls_import,
        one_task=one_task,
        marginal=marginal,
        tasks=sizes["tasks"],
        rounds=sizes["rounds"],
        repeats=sizes["repeats"],
        consoles=sizes["consoles"],
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
