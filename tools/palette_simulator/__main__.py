"""Command line: run a lab in the foreground, or start/stop one in the background.

    python -m palette_simulator serve --workdir DIR [--https] [--anonymous-smtp] [--fresh-console] ...
    python -m palette_simulator start --workdir DIR [same options]   # returns once it is up
    python -m palette_simulator stop --workdir DIR

`serve` writes DIR/lab.json (addresses, demo credentials, CA files) once it is up; the email the
lab's SMTP server receives lands in DIR/mail, one .eml file per message.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from palette_simulator.console import EDITIONS, SECRET_READBACKS
from palette_simulator.lab import Lab

READY_FILE = "lab.json"


def _parser():
    parser = argparse.ArgumentParser(prog="palette_simulator", description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("serve", "start", "stop"))
    parser.add_argument("--workdir", required=True, type=Path)
    parser.add_argument("--https", action="store_true", help="serve the API over HTTPS with its own CA")
    parser.add_argument("--anonymous-smtp", action="store_true", help="the SMTP server takes no AUTH")
    parser.add_argument("--secret-readback", choices=SECRET_READBACKS, default="plain")
    parser.add_argument("--edition", choices=EDITIONS, default="palette")
    parser.add_argument("--consoles", type=int, default=1, help="how many Palette consoles to simulate")
    parser.add_argument(
        "--fresh-console", action="store_true", help="the admin is admin/admin, to be changed at the first login"
    )
    parser.add_argument("--backup-targets", action="store_true", help="also run an FTP server and a local S3")
    return parser


def serve(args):
    lab = Lab(
        args.workdir,
        https=args.https,
        anonymous_smtp=args.anonymous_smtp,
        secret_readback=args.secret_readback,
        edition=args.edition,
        consoles=args.consoles,
        fresh_console=args.fresh_console,
        backup_targets=args.backup_targets,
    ).start()
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    ready = args.workdir / READY_FILE
    ready.write_text(json.dumps({**lab.describe(), "pid": os.getpid()}, indent=2))
    ready.chmod(0o600)
    try:
        stop.wait()
    finally:
        ready.unlink(missing_ok=True)
        lab.stop()


def start(args, argv):
    args.workdir.mkdir(parents=True, exist_ok=True)
    ready = args.workdir / READY_FILE
    ready.unlink(missing_ok=True)
    serve_argv = ["serve" if arg == "start" else arg for arg in argv]
    with open(args.workdir / "lab.log", "ab") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "palette_simulator", *serve_argv],
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)},
        )
    deadline = time.monotonic() + 30
    while not ready.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            sys.exit(f"the lab did not start; see {args.workdir / 'lab.log'}")
        time.sleep(0.1)
    # Addresses only: the credentials stay in the 0600 file, out of logs such as Molecule's at -vvvv.
    described = json.loads(ready.read_text())
    print(
        f"lab up: Palette at {described['palette_host']}, SMTP server at "
        f"{described['smtp_server']}:{described['smtp_port']}; credentials and CA files in {ready}"
    )


def stop(args):
    ready = args.workdir / READY_FILE
    if not ready.exists():
        return
    pid = json.loads(ready.read_text())["pid"]
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + 10
    while ready.exists() and time.monotonic() < deadline:
        time.sleep(0.1)


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    args = _parser().parse_args(argv)
    if args.command == "serve":
        serve(args)
    elif args.command == "start":
        start(args, argv)
    else:
        stop(args)


if __name__ == "__main__":
    main()
