"""`make demo`'s server: gunicorn and the background-task worker (`manage.py db_worker`) side by
side, started together and stopped together.

    HAVEN_ENV=demo HAVEN_TASKS=database .venv/bin/python scripts/serve_demo.py --bind 127.0.0.1:8000

Ctrl+C (SIGINT), SIGTERM or SIGHUP to this script is passed on to both, once each: gunicorn
stops, and the worker finishes the task it is running (Ctrl+C again stops it at once). If either
stops by itself (a port already in use, say), the other is stopped too, so the demo never leaves
a server or a worker running behind it; should this script itself be killed outright, Linux
ends both (PR_SET_PDEATHSIG). Each runs in a process group of its own, so that the terminal's
Ctrl+C reaches this script only and nothing gets it twice by accident.

Exits 0 when stopped by a signal and both ended cleanly, otherwise with the status of the first
that failed. Both run with this script's interpreter, from the repository root, in its
environment (make demo sets HAVEN_ENV=demo and HAVEN_TASKS=database).
"""

import argparse
import ctypes
import signal
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# gunicorn's graceful_timeout (scripts/gunicorn.conf.py) is 30 s; a demo need not wait as long.
STOP_WAIT_SECONDS = 15
FORWARDED = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
PR_SET_PDEATHSIG = 1  # linux/prctl.h


def commands(bind: str, workers: int) -> dict[str, list[str]]:
    python = sys.executable
    return {
        "web server": [
            python,
            "-m",
            "gunicorn",
            "haven.wsgi",
            "--config",
            "scripts/gunicorn.conf.py",
            "--bind",
            bind,
            "--workers",
            str(workers),
        ],
        "task worker": [python, "manage.py", "db_worker", "--interval", "2"],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bind", default="127.0.0.1:8000")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)

    received: list[int] = []

    def on_signal(signum: int, _frame: object) -> None:
        received.append(signum)

    for signum in FORWARDED:
        signal.signal(signum, on_signal)

    children: dict[str, subprocess.Popen[bytes]] = {}
    for name, command in commands(args.bind, args.workers).items():
        children[name] = subprocess.Popen(  # noqa: S603 (our interpreter, fixed commands)
            command, cwd=REPO, process_group=0, preexec_fn=_end_with_parent
        )

    # Until a signal comes or one of them stops.
    while not received and all(child.poll() is None for child in children.values()):
        time.sleep(0.2)

    stopped = None
    if received:
        print("\nStopping the web server and the task worker...", file=sys.stderr, flush=True)
        first = received[0]
    else:
        stopped = next(name for name, child in children.items() if child.poll() is not None)
        print(f"The {stopped} stopped: stopping the other.", file=sys.stderr, flush=True)
        first = signal.SIGTERM
    _signal_all(children, first)
    forwarded = len(received)

    deadline = time.monotonic() + STOP_WAIT_SECONDS
    while any(child.poll() is None for child in children.values()):
        if len(received) > forwarded:  # Ctrl+C again: pass it on (the worker stops at once)
            _signal_all(children, received[-1])
            forwarded = len(received)
        if time.monotonic() > deadline:
            for child in children.values():
                if child.poll() is None:
                    child.kill()
            break
        time.sleep(0.1)
    for child in children.values():
        child.wait()

    if stopped is not None:
        # The status of the one that stopped by itself (killed by a signal: 128 + its number,
        # as a shell says); stopping cleanly without being asked is a failure of the demo too.
        status = children[stopped].returncode
        return status if status > 0 else 128 - status if status < 0 else 1
    statuses = [child.returncode for child in children.values()]
    if all(status in (0, -first) for status in statuses):
        return 0
    failed = next(status for status in statuses if status not in (0, -first))
    return failed if failed > 0 else 128 - failed


def _end_with_parent() -> None:
    """In the child, before it starts: should this script itself be killed outright (nothing
    then stops its children), Linux ends the child with SIGTERM rather than leave it behind."""
    if sys.platform == "linux":
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def _signal_all(children: dict[str, subprocess.Popen[bytes]], signum: int) -> None:
    for child in children.values():
        if child.poll() is None:
            child.send_signal(signum)


if __name__ == "__main__":
    sys.exit(main())
