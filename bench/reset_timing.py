"""Does a password-reset request answer faster for an unknown email than for a known one?

Bakes the default project, serves it as production serves it (gunicorn, 2 sync
workers, ``APP_ENV=production``) on 127.0.0.1, and sends ``--pairs`` pairs of
``POST /api/v1/auth/password-reset``: one for the email of an account, one for an
email that has none, in turns (which goes first alternates). It prints each kind's
median time, and in how many pairs the known email took longer. A timing that
tells nothing has about half the pairs either way and medians within noise.

    .venv/bin/python bench/reset_timing.py [--pairs 400] [--template PATH] [--keep]

Mail is suppressed (``MAIL_SUPPRESS_SEND``: logged, not sent): what is measured is
the request, and whatever the app does before it answers.
"""

from __future__ import annotations

import argparse
import http.client
import json
import statistics
import sys
import time
from pathlib import Path

from procs import (
    HOST,
    TEMPLATE_DIR,
    BenchError,
    Deadline,
    free_ports,
    in_work_directory,
)
from project import EMAIL, app_env, bake, migrate_and_create_user
from report import machine, say
from servers import Server

RESET = "/api/v1/auth/password-reset"
UNKNOWN_EMAIL = "nobody-here@flask-api-template.dev"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=int, default=400)
    parser.add_argument("--template", type=Path, default=TEMPLATE_DIR)
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument("--max-seconds", type=float, default=600)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)

    def run_in(workdir: Path) -> int:
        report(*measure(args, workdir, Deadline(args.max_seconds)))
        return 0

    return in_work_directory("bench-reset-", args.keep, run_in)


def measure(
    args: argparse.Namespace, workdir: Path, deadline: Deadline
) -> tuple[list[float], list[float]]:
    """Seconds per request for the known and for the unknown email, pair by pair."""
    project = bake(args.template, workdir, 1, deadline).project
    env = app_env(
        f"sqlite:///{workdir / 'reset.db'}",
        AUTH_RATE_LIMIT="1000000 per second",
        MAIL_SUPPRESS_SEND="true",
    )
    migrate_and_create_user(project, env, deadline)
    [port] = free_ports(1)
    with Server("baked", "wsgi:app", project, env, port, workdir) as server:
        server.wait_ready(deadline)
        for email in (EMAIL, UNKNOWN_EMAIL) * 20:  # warm both workers up
            time_reset(port, email)
        known: list[float] = []
        unknown: list[float] = []
        for number in range(args.pairs):
            deadline.left()
            order = [(EMAIL, known), (UNKNOWN_EMAIL, unknown)]
            for email, times in order if number % 2 == 0 else reversed(order):
                times.append(time_reset(port, email))
    return known, unknown


def time_reset(port: int, email: str) -> float:
    """Seconds from sending the request to having read the whole answer."""
    body = json.dumps({"email": email})
    connection = http.client.HTTPConnection(HOST, port, timeout=10)
    try:
        started = time.perf_counter()
        connection.request("POST", RESET, body, {"Content-Type": "application/json"})
        response = connection.getresponse()
        response.read()
        elapsed = time.perf_counter() - started
    finally:
        connection.close()
    if response.status != 202:
        raise BenchError(f"password reset for {email} answered {response.status}")
    return elapsed


def report(known: list[float], unknown: list[float]) -> None:
    """Medians, and how often the known email was slower: in all pairs, and apart for
    the pairs it went first in and those it went second in (work left over from one
    request can slow the next)."""
    pairs = list(zip(known, unknown, strict=True))
    say(f"machine: {machine()}")
    say(f"{len(pairs)} interleaved pairs of POST {RESET}, gunicorn 2 sync workers, production")
    say(f"  known email:   median {statistics.median(known) * 1000:.3f} ms")
    say(f"  unknown email: median {statistics.median(unknown) * 1000:.3f} ms")
    say(f"  the known email was slower in {slower_count(pairs)} of {len(pairs)} pairs")
    say(f"    when it went first:  {slower_count(pairs[0::2])} of {len(pairs[0::2])}")
    say(f"    when it went second: {slower_count(pairs[1::2])} of {len(pairs[1::2])}")


def slower_count(pairs: list[tuple[float, float]]) -> int:
    return sum(known > unknown for known, unknown in pairs)


if __name__ == "__main__":
    sys.exit(main())
