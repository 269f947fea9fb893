"""Benchmark the default bake against a hand-written ceiling (issue 16's budget).

    .venv/bin/python bench/run.py [--rounds 5] [--seconds 5] [--floor] [--keep]

Everything runs on 127.0.0.1 inside one temporary directory, within --max-seconds,
and every process it starts is stopped by PID before it exits. Exit status: 0 when
every budget line passes, 1 when one fails, 2 when the benchmark itself failed.
"""

from __future__ import annotations

import argparse
import signal
import statistics
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

from load import Comparison, LoadSettings, Target, compare, require_wrk
from procs import (
    TEMPLATE_DIR,
    BenchError,
    Deadline,
    free_ports,
    in_work_directory,
    use_bytecode_cache,
)
from project import (
    BAKED_START,
    BARE_START,
    CEILING_START,
    EMAIL,
    FLASK_SQLALCHEMY_START,
    FLOOR_START,
    PASSWORD,
    RULEBOOK_LIBRARIES_START,
    Baked,
    Probe,
    SuiteRun,
    app_env,
    bake,
    cold_starts,
    copy_app_files,
    prepare_database,
    project_venv,
    run_suite,
)
from report import (
    BudgetLine,
    budget,
    comparison_table,
    error_count,
    load_average,
    machine,
    numbers,
    read_budget,
    say,
)
from servers import WORKERS, Server, request_json, sign_in

from tests.servers import Postgres, Redis, postgres_binaries

# Enough posts that a page of 100 is full.
ROWS = 120


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--template", type=Path, default=TEMPLATE_DIR, help="template to bake (default: this repo)"
    )
    parser.add_argument("--rounds", type=int, default=5, help="A/B rounds per endpoint")
    parser.add_argument("--seconds", type=int, default=5, help="length of one wrk run")
    parser.add_argument("--warmup", type=int, default=2, help="seconds of warm-up per server")
    parser.add_argument("--threads", type=int, default=1, help="wrk threads")
    parser.add_argument("--connections", type=int, default=4, help="wrk connections")
    parser.add_argument("--bakes", type=int, default=5, help="timed bakes (median)")
    parser.add_argument("--cold-starts", type=int, default=7, help="timed starts (median)")
    parser.add_argument("--suite-runs", type=int, default=3, help="timed suite runs (median)")
    parser.add_argument("--max-seconds", type=float, default=1200, help="limit of the whole run")
    parser.add_argument(
        "--floor",
        action="store_true",
        help="also load bench/floor_app.py (the ceiling plus the required per-request work) "
        "against the ceiling and bare Flask; informational, about two minutes more",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    settings = LoadSettings(args.threads, args.connections, args.seconds, args.rounds, args.warmup)
    signal.signal(signal.SIGTERM, stop_on_signal)  # so the cleanup below still runs

    def run_in(workdir: Path) -> int:
        require_wrk()
        return benchmark(args, settings, workdir, Deadline(args.max_seconds))

    return in_work_directory("flask-api-bench-", args.keep, run_in)


def stop_on_signal(signum: int, _frame: object) -> NoReturn:
    raise SystemExit(128 + signum)


def benchmark(
    args: argparse.Namespace, settings: LoadSettings, workdir: Path, deadline: Deadline
) -> int:
    say(f"Benchmark of the default bake of {args.template}")
    say(f"machine: {machine()}")
    say(f"load average before: {load_average()}")
    started = time.perf_counter()
    use_bytecode_cache(workdir / "pycache", deadline)
    elapsed = time.perf_counter() - started
    say(f"bytecode: stdlib and venv precompiled into a PYTHONPYCACHEPREFIX ({elapsed:.0f} s)")
    say()
    baked, bake_median = time_bakes(args, workdir, deadline)
    suite = time_suite(baked.project, args.suite_runs, workdir, deadline)
    env = app_env(f"sqlite:///{workdir / 'bench.db'}")
    probe = prepare_database(baked.project, env, ROWS, deadline)
    apps = copy_app_files(workdir)
    cold_ratio = time_cold_starts(args, baked.project, apps, env, deadline)
    say(f"SQL queries per request (in process, {ROWS} posts):")
    for name, count in probe.queries.items():
        say(f"  {name}: {count}")
    say()

    comparisons, floor, peak_rss = load_sqlite(
        args, settings, baked.project, apps, env, probe, workdir, deadline
    )
    single, listing, health = comparisons
    lines = budget(single, listing, health, probe.queries, cold_ratio, bake_median, suite, peak_rss)
    postgresql_lines, postgresql_comparisons, postgresql_info = load_postgresql(
        args, settings, workdir, apps, deadline
    )
    lines += postgresql_lines
    comparisons += postgresql_comparisons
    say(f"load average after: {load_average()}")
    say()
    say("Budget (issue 16):")
    for line in lines:
        say(f"  {'PASS' if line.passed else 'FAIL'}  {line.text}")
    for summary in [*floor, *postgresql_info]:
        say(f"  info  {summary}")
    if any(error_count(comparison) for comparison in comparisons):
        say("  WARNING: errors under load; the ratios above are not trustworthy")
    return 0 if all(line.passed for line in lines) else 1


def time_bakes(args: argparse.Namespace, workdir: Path, deadline: Deadline) -> tuple[Baked, float]:
    """Bake the default project ``--bakes`` times; the first bake and the median time."""
    baked = bake(args.template.resolve(), workdir, args.bakes, deadline)
    bake_median = statistics.median(baked.bake_seconds)
    say(f"bake (cookiecutter --no-input), median of {args.bakes}: {bake_median:.3f} s")
    say(f"  runs: {numbers(baked.bake_seconds, digits=3)} s")
    return baked, bake_median


def time_suite(project: Path, runs: int, workdir: Path, deadline: Deadline) -> SuiteRun:
    suite = run_suite(project, project_venv(project, workdir, deadline), runs, deadline)
    outcome = suite.summary if suite.passed else f"FAILED: {suite.summary}"
    say(
        f"baked test suite (pytest in a venv of the bake's own dependencies, wall clock), "
        f"median of {runs} runs after the first: {suite.seconds:.2f} s ({outcome})"
    )
    say(f"  runs: {numbers(suite.runs)} s (the first writes the project's bytecode)")
    return suite


def time_cold_starts(
    args: argparse.Namespace, project: Path, apps: Path, env: dict[str, str], deadline: Deadline
) -> float:
    """Print each app's import + build time; return ``create_app()``'s ratio to the import
    of the rulebook's libraries."""
    start_codes = {
        "create_app()": (BAKED_START, project),
        "ceiling": (CEILING_START, apps),
        "bare Flask": (BARE_START, apps),
        # What no app on the card's ORM, and no rulebook app, can start below
        # (imports only); and the floor app.
        "Flask + ORM": (FLASK_SQLALCHEMY_START, apps),
        "rulebook libs": (RULEBOOK_LIBRARIES_START, apps),
    }
    if args.floor:
        start_codes["floor app"] = (FLOOR_START, apps)
    starts = cold_starts(start_codes, env, args.cold_starts, deadline)
    medians = {name: statistics.median(seconds) for name, seconds in starts.items()}
    say(f"cold start, import + build in a new process, median of {args.cold_starts}:")
    for name, seconds in medians.items():
        ratio = seconds / medians["bare Flask"]
        say(f"  {name + ':':15} {seconds * 1000:6.1f} ms  ({ratio:.2f}x bare Flask)")
    return medians["create_app()"] / medians["rulebook libs"]


def load_sqlite(
    args: argparse.Namespace,
    settings: LoadSettings,
    project: Path,
    apps: Path,
    env: dict[str, str],
    probe: Probe,
    workdir: Path,
    deadline: Deadline,
) -> tuple[list[Comparison], list[str], dict[str, list[float]]]:
    """The bake against the ceiling and bare Flask (and the floor app with ``--floor``):
    the single read, the list and ``/healthz`` comparisons, the floor's summary, and
    each server's peak RSS per worker."""
    say(
        f"load: wrk {settings.threads} thread(s), {settings.connections} connections, "
        f"{settings.rounds} rounds x {settings.seconds} s per server, A/B order alternating; "
        f"gunicorn {WORKERS} sync workers each; baked app with APP_ENV=production, JSON "
        "access log on (to a file), rate limiter on with its limit raised out of reach"
    )
    ports = free_ports(4)
    servers = [
        Server("baked", "wsgi:app", project, env, ports[0], workdir),
        Server("ceiling", "ceiling_app:app", apps, env, ports[1], workdir),
        Server("bare", "bare_app:app", apps, env, ports[2], workdir),
    ]
    if args.floor:
        servers.append(Server("floor", "floor_app:app", apps, env, ports[3], workdir))
    with serving(servers, deadline):
        token = sign_in(servers[0], EMAIL, PASSWORD)
        baked_app, ceiling, bare = servers[:3]
        pairs = [
            *post_reads(baked_app, ceiling, probe.post_id, token),
            health_check(baked_app, bare),
        ]
        comparisons = load_pairs(pairs, settings, deadline)
        floor = []
        if args.floor:
            floor = load_floor(servers[3], ceiling, bare, probe.post_id, token, settings, deadline)
        peak_rss = say_peak_rss(servers)
    return comparisons, floor, peak_rss


@contextmanager
def serving(servers: list[Server], deadline: Deadline) -> Iterator[None]:
    """Start every server and wait until each answers; all are stopped, by PID, on exit."""
    with ExitStack() as stack:
        for server in servers:
            stack.enter_context(server)
        for server in servers:
            server.wait_ready(deadline)
        yield


def say_peak_rss(servers: list[Server]) -> dict[str, list[float]]:
    """Print and return each server's peak RSS per worker; the baked app's first worker
    to answer signed the benchmark's user in (scrypt), the other did not."""
    say("peak RSS per worker (VmHWM), MiB:")
    peaks = {server.name: server.peak_rss_mib() for server in servers}
    for name, mib in peaks.items():
        say(f"  {name:10} {numbers(mib, digits=1)}")
    say()
    return peaks


@dataclass(frozen=True)
class Pair:
    """One endpoint loaded on two servers: ``mine`` against ``other``."""

    title: str
    path: str
    mine: Server
    other: Server
    token: str | None


def single_read(mine: Server, other: Server, post_id: str, token: str) -> Pair:
    path = f"/api/v1/posts/{post_id}"
    return Pair("GET /api/v1/posts/<id> with a token", path, mine, other, token)


def post_reads(mine: Server, other: Server, post_id: str, token: str) -> list[Pair]:
    """The two authenticated reads every bake is held to."""
    listing = "/api/v1/posts?per_page=20"
    return [
        single_read(mine, other, post_id, token),
        Pair(f"GET {listing} with a token", listing, mine, other, token),
    ]


def health_check(mine: Server, bare: Server) -> Pair:
    return Pair("GET /healthz", "/healthz", mine, bare, token=None)


def load_pairs(pairs: list[Pair], settings: LoadSettings, deadline: Deadline) -> list[Comparison]:
    """Check that both servers of each pair answer alike, then load the pair in A/B rounds."""
    comparisons = []
    for pair in pairs:
        answers = [
            request_json(server.url + pair.path, token=pair.token)
            for server in (pair.mine, pair.other)
        ]
        if any(status != 200 for status, _ in answers):
            raise BenchError(f"{pair.title}: expected 200 from both, got {answers}")
        mine, best = (
            Target(server.url + pair.path, server.cpu_seconds) for server in (pair.mine, pair.other)
        )
        comparison = compare(pair.title, mine, best, pair.token, settings, deadline)
        for line in comparison_table(comparison, f"{pair.mine.name} app", pair.other.name):
            say(line)
        say(f"same JSON body from both: {'yes' if answers[0][1] == answers[1][1] else 'NO'}")
        say()
        comparisons.append(comparison)
    return comparisons


def load_floor(
    floor: Server,
    ceiling: Server,
    bare: Server,
    post_id: str,
    token: str,
    settings: LoadSettings,
    deadline: Deadline,
) -> list[str]:
    """The floor app against the ceiling and bare Flask; one summary line per endpoint."""
    say("floor app (bench/floor_app.py): the ceiling plus only the per-request work required")
    pairs = [single_read(floor, ceiling, post_id, token), health_check(floor, bare)]
    return [
        f"{pair.mine.name}: {pair.title} (hand-written, required layers only): median ratio "
        f"{comparison.median_ratio:.3f} of {pair.other.name}"
        for pair, comparison in zip(pairs, load_pairs(pairs, settings, deadline), strict=True)
    ]


def load_postgresql(
    args: argparse.Namespace,
    settings: LoadSettings,
    workdir: Path,
    apps: Path,
    deadline: Deadline,
) -> tuple[list[BudgetLine], list[Comparison], list[str]]:
    """The two post reads again, each bake and the ceiling sharing a PostgreSQL server.

    The default PostgreSQL bake has no list cache (its workers may run on several
    hosts), so the list line is read on the bake with Redis, which caches lists for
    every worker; the uncached list is shown as information. The servers are this
    run's own, on 127.0.0.1, removed at the end. Without the PostgreSQL binaries
    (``scripts/install-servers.sh``) the step is skipped, and without Redis the list
    line is read on the uncached bake, saying so.
    """
    try:
        postgres_binaries()
    except RuntimeError as missing:
        say(f"PostgreSQL: skipped ({missing})")
        say()
        return [], [], []
    with ExitStack() as stack:
        server = Postgres()
        stack.callback(server.remove)
        server.start()
        leg = PostgresLeg(args, settings, workdir, apps, server, deadline)
        single, uncached_listing, queries = leg.load("baked-pg", {})
        listing, info = uncached_listing, []
        try:
            redis = Redis()
            stack.callback(redis.remove)
            redis.start()
        except RuntimeError as missing:
            say(f"PostgreSQL with Redis: skipped ({missing}); the list line is uncached")
            say()
        else:
            answers = {"use_redis": "yes"}
            _, listing, _ = leg.load("baked-pg-redis", answers, REDIS_URL=redis.url())
            info.append(
                f"PostgreSQL without Redis (no list cache): authenticated list of 20: "
                f"median ratio {uncached_listing.median_ratio:.3f} of ceiling"
            )
    lines = read_budget(single, listing, queries, database="PostgreSQL")
    return lines, [single, uncached_listing, listing], info


@dataclass(frozen=True)
class PostgresLeg:
    """Bakes with database=postgresql, each loaded against the ceiling on one server."""

    args: argparse.Namespace
    settings: LoadSettings
    workdir: Path
    apps: Path
    server: Postgres
    deadline: Deadline

    def load(
        self, name: str, answers: dict[str, str], **env: str
    ) -> tuple[Comparison, Comparison, dict[str, int]]:
        """Bake with ``answers``, seed a database of its own and load both post reads:
        the single read, the list, and the SQL queries per request."""
        answers = {"database": "postgresql", **answers}
        answered = " ".join(f"{question}={answer}" for question, answer in answers.items())
        say(f"PostgreSQL 127.0.0.1, a server of this run; {name}, a bake with {answered}:")
        app_settings = app_env(self.server.create_database(name.replace("-", "_")), **env)
        baked = bake(self.args.template.resolve(), self.workdir / name, 1, self.deadline, answers)
        probe = prepare_database(baked.project, app_settings, ROWS, self.deadline)
        for query, count in probe.queries.items():
            say(f"  SQL queries, {query}: {count}")
        say()
        ports = free_ports(2)
        baked_app = Server(name, "wsgi:app", baked.project, app_settings, ports[0], self.workdir)
        ceiling = Server(
            name.replace("baked", "ceiling"),
            "ceiling_app:app",
            self.apps,
            app_settings,
            ports[1],
            self.workdir,
        )
        with serving([baked_app, ceiling], self.deadline):
            token = sign_in(baked_app, EMAIL, PASSWORD)
            single, listing = load_pairs(
                post_reads(baked_app, ceiling, probe.post_id, token), self.settings, self.deadline
            )
            say_peak_rss([baked_app, ceiling])
        return single, listing, probe.queries


if __name__ == "__main__":
    sys.exit(main())
