"""The deep-list line (issue 15): does a list page past row 900,000 cost what the first does?

    .venv/bin/python bench/deep_list.py [--rows 1000000] [--database sqlite|postgresql|both]
        [--repeats 51] [--warmup 2] [--template PATH] [--keep] [--max-seconds 3600]

For each database: bakes the default project (``database=postgresql`` for PostgreSQL),
migrates a SQLite file, or a database on a PostgreSQL server of this run on 127.0.0.1,
creates one account and inserts ``--rows`` posts it owns in one SQL statement (a
recursive CTE on SQLite, ``generate_series`` on PostgreSQL), one second apart, then
ANALYZE (``VACUUM (ANALYZE)`` on PostgreSQL). It serves the bake with gunicorn (2 sync
workers, ``APP_ENV=production``) and times, with a token, in ``--repeats`` interleaved
rounds after ``--warmup`` discarded ones, four pages of ``GET /api/v1/posts`` (20 rows,
default sort ``-created_at``):

- numbers, first: ``page=1`` (rows 1-20);
- numbers, deep: ``page=45001`` (rows 900,001-900,020 of 1,000,000; the page past 90 %);
- cursor, first: ``cursor=`` page 1's ``meta.next_cursor`` (rows 21-40);
- cursor, deep: ``cursor=`` the ``meta.next_cursor`` of page 45000, asked once (the
  same rows as the deep numbered page, which is checked).

It prints each one's median and p90 in ms and the deep/first ratio of each mode. Exit
status: 0 when the cursor's ratio is within 1.5 on every database measured, 1 when it
is not, 2 when the benchmark itself failed. Every process it starts is stopped by PID.
"""

from __future__ import annotations

import argparse
import datetime
import http.client
import json
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import urlencode

import psycopg
from procs import HOST, TEMPLATE_DIR, BenchError, Deadline, free_ports, in_work_directory
from project import EMAIL, PASSWORD, app_env, bake, migrate_and_create_user
from report import load_average, machine, say
from servers import WORKERS, Server, sign_in

from tests.servers import Postgres, postgres_binaries

LIST = "/api/v1/posts"
PER_PAGE = 20
GOAL = 1.5  # the cursor's deep page within 1.5x of its first
DEEP_FRACTION = 0.9  # the deep pages start past 90 % of the rows
BASE_TIME = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
DESCRIPTION = "The body of a post of the deep-list benchmark, about as long as a short note. "
REQUEST_TIMEOUT = 60

# Row i (1..rows) was created i seconds after BASE_TIME: distinct times, newest last.
# SQLite: the text SQLAlchemy stores (UTC, microseconds) and a UUID as 32 hex digits.
SQLITE_INSERT = """
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < :rows)
INSERT INTO posts (id, created_at, updated_at, row_version, name, description, owner_id)
SELECT lower(hex(randomblob(16))), stamp, stamp, 1, 'Post ' || i, :description, :owner
FROM (SELECT i, strftime('%Y-%m-%d %H:%M:%S', :base, '+' || i || ' seconds') || '.000000'
      AS stamp FROM n)
"""
POSTGRESQL_INSERT = """
INSERT INTO posts (id, created_at, updated_at, row_version, name, description, owner_id)
SELECT gen_random_uuid(), stamp, stamp, 1, 'Post ' || i, %(description)s, %(owner)s
FROM generate_series(1, %(rows)s) AS i,
     LATERAL (SELECT %(base)s::timestamptz + i * interval '1 second' AS stamp) AS times
"""


@dataclass(frozen=True)
class Page:
    """One of the four timed pages: its label, the rows it holds, its path."""

    label: str
    rows: str
    path: str


@dataclass(frozen=True)
class Line:
    """What one database measured: seconds per request of each page, seeding time."""

    database: str
    rows: int
    seed_seconds: float
    pages: list[Page]
    seconds: dict[str, list[float]]

    def median_ms(self, label: str) -> float:
        return statistics.median(self.seconds[label]) * 1000

    def p90_ms(self, label: str) -> float:
        return statistics.quantiles(self.seconds[label], n=10, method="inclusive")[-1] * 1000

    def ratio(self, mode: str) -> float:
        return self.median_ms(f"{mode}, deep") / self.median_ms(f"{mode}, first")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="posts in the table")
    parser.add_argument(
        "--database", choices=("sqlite", "postgresql", "both"), default="both", help="(both)"
    )
    parser.add_argument("--repeats", type=int, default=51, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=2, help="discarded rounds first")
    parser.add_argument("--template", type=Path, default=TEMPLATE_DIR)
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument("--max-seconds", type=float, default=3600, help="limit of the whole run")
    args = parser.parse_args(argv)
    if args.rows < 10 * PER_PAGE:
        parser.error(f"--rows must be at least {10 * PER_PAGE}")
    if args.repeats < 2:
        parser.error("--repeats must be at least 2 (a p90 needs two values)")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, stop_on_signal)  # so the cleanup still runs

    def run_in(workdir: Path) -> int:
        try:
            return deep_list(args, workdir, Deadline(args.max_seconds))
        except BenchError:
            raise
        except (
            OSError,
            RuntimeError,
            ValueError,
            KeyError,
            TypeError,
            sqlite3.Error,
            psycopg.Error,
            subprocess.SubprocessError,
        ) as error:
            raise BenchError(f"{type(error).__name__}: {error}") from error

    return in_work_directory("bench-deep-list-", args.keep, run_in)


def stop_on_signal(signum: int, _frame: object) -> NoReturn:
    raise SystemExit(128 + signum)


def deep_list(args: argparse.Namespace, workdir: Path, deadline: Deadline) -> int:
    started = time.perf_counter()
    say(f"Deep-list benchmark (issue 15) of the default bake of {args.template}")
    say(f"machine: {machine()}")
    say(f"load average before: {load_average()}")
    say()
    lines = []
    if args.database in ("sqlite", "both"):
        lines.append(sqlite_line(args, workdir, deadline))
    if args.database in ("postgresql", "both"):
        line = postgresql_line(args, workdir, deadline)
        if line is not None:
            lines.append(line)
    say(f"load average after: {load_average()}")
    say()
    say(f"Deep-list line (issue 15), goal: the cursor's deep page within {GOAL}x of its first:")
    for line in lines:
        within = line.ratio("cursor") <= GOAL
        say(
            f"  {'PASS' if within else 'FAIL'}  {line.database}, {line.rows:,} rows: cursor "
            f"deep/first {line.ratio('cursor'):.2f}x (numbers: {line.ratio('numbers'):.2f}x)"
        )
    say(f"total run time: {time.perf_counter() - started:.0f} s")
    return 0 if all(line.ratio("cursor") <= GOAL for line in lines) else 1


def sqlite_line(args: argparse.Namespace, workdir: Path, deadline: Deadline) -> Line:
    say("SQLite: a file database, the default bake")
    project = bake(args.template.resolve(), workdir / "sqlite", 1, deadline).project
    database = workdir / "deep.db"
    env = app_env(f"sqlite:///{database}")
    migrate_and_create_user(project, env, deadline)
    started = time.perf_counter()
    seed_sqlite(database, args.rows)
    seed_seconds = time.perf_counter() - started
    return measure("SQLite", project, env, workdir, args, seed_seconds, deadline)


def postgresql_line(args: argparse.Namespace, workdir: Path, deadline: Deadline) -> Line | None:
    """The PostgreSQL line on a server of this run; None, saying so, if PostgreSQL is
    missing and SQLite was measured too."""
    try:
        postgres_binaries()
    except RuntimeError as missing:
        if args.database == "postgresql":
            raise BenchError(str(missing)) from missing
        say(f"PostgreSQL: skipped ({missing})")
        say()
        return None
    say("PostgreSQL: a server of this run on 127.0.0.1, a bake with database=postgresql")
    # Not in workdir: as root, the server runs as the postgres user, who cannot enter it.
    root = Path(tempfile.mkdtemp(prefix="bench-deep-list-pg-"))
    server: Postgres | None = None
    try:
        server = Postgres(root=root)
        server.start()
        url = server.create_database("deep")
        env = app_env(url)
        answers = {"database": "postgresql"}
        project = bake(args.template.resolve(), workdir / "postgresql", 1, deadline, answers)
        migrate_and_create_user(project.project, env, deadline)
        started = time.perf_counter()
        seed_postgresql(url.replace("+psycopg", ""), args.rows)
        seed_seconds = time.perf_counter() - started
        return measure("PostgreSQL", project.project, env, workdir, args, seed_seconds, deadline)
    finally:
        if server is not None:
            server.remove()
        shutil.rmtree(root, ignore_errors=True)


def seed_sqlite(database: Path, rows: int) -> None:
    """``rows`` posts owned by the account EMAIL, in one transaction, then ANALYZE."""
    connection = sqlite3.connect(database, isolation_level=None)
    try:
        connection.execute("PRAGMA foreign_keys = ON")
        connection.execute("PRAGMA cache_size = -524288")  # 512 MiB while inserting
        connection.execute("BEGIN IMMEDIATE")
        [owner] = connection.execute("SELECT id FROM users WHERE email = ?", (EMAIL,)).fetchone()
        base = BASE_TIME.strftime("%Y-%m-%d %H:%M:%S")
        values = {"rows": rows, "description": DESCRIPTION, "owner": owner, "base": base}
        connection.execute(SQLITE_INSERT, values)
        connection.execute("COMMIT")
        connection.execute("ANALYZE")
    finally:
        connection.close()


def seed_postgresql(dsn: str, rows: int) -> None:
    """``rows`` posts owned by the account EMAIL, in one statement, then VACUUM (ANALYZE):
    the statistics, and the visibility map a table long in use has."""
    with psycopg.connect(dsn, autocommit=True) as connection:
        found = connection.execute("SELECT id FROM users WHERE email = %s", (EMAIL,)).fetchone()
        if found is None:
            raise BenchError(f"no account {EMAIL} in the PostgreSQL database")
        values = {"rows": rows, "description": DESCRIPTION, "owner": found[0], "base": BASE_TIME}
        connection.execute(POSTGRESQL_INSERT, values)
        connection.execute("VACUUM (ANALYZE) posts")


def measure(
    database: str,
    project: Path,
    env: dict[str, str],
    workdir: Path,
    args: argparse.Namespace,
    seed_seconds: float,
    deadline: Deadline,
) -> Line:
    """Serve the bake, find the four pages, time them; print the table."""
    [port] = free_ports(1)
    with Server(f"deep-{database.lower()}", "wsgi:app", project, env, port, workdir) as server:
        server.wait_ready(deadline)
        token = sign_in(server, EMAIL, PASSWORD)
        pages = find_pages(port, token, args.rows)
        seconds = time_pages(port, token, pages, args.repeats, args.warmup, deadline)
    line = Line(database, args.rows, seed_seconds, pages, seconds)
    for text in table(line, args.repeats):
        say(text)
    say()
    return line


def find_pages(port: int, token: str, rows: int) -> list[Page]:
    """The four pages, the cursors taken from the numbered pages before them; checks
    that the table holds ``rows`` posts and that each cursor page holds the rows of
    the numbered page it stands for."""
    deep = int(rows * DEEP_FRACTION) // PER_PAGE + 1  # 45001 of 1,000,000 rows

    def numbered(page: int) -> str:
        return f"{LIST}?{urlencode({'page': page, 'per_page': PER_PAGE})}"

    def after(page: int) -> str:
        cursor = get(port, numbered(page), token)["meta"]["next_cursor"]
        if not cursor:
            raise BenchError(f"page {page} has no next_cursor")
        return f"{LIST}?{urlencode({'cursor': cursor, 'per_page': PER_PAGE})}"

    def span(page: int) -> str:
        return f"{(page - 1) * PER_PAGE + 1:,}-{page * PER_PAGE:,}"

    first = get(port, numbered(1), token)
    if first["meta"]["total"] != rows:
        raise BenchError(f"the list counts {first['meta']['total']} posts, not {rows}")
    pages = [
        Page("numbers, first", span(1), numbered(1)),
        Page("numbers, deep", span(deep), numbered(deep)),
        Page("cursor, first", span(2), after(1)),
        Page("cursor, deep", span(deep), after(deep - 1)),
    ]
    for cursor_page, same in ((pages[2], numbered(2)), (pages[3], pages[1].path)):
        cursor_ids = ids(get(port, cursor_page.path, token))
        if cursor_ids != ids(get(port, same, token)) or len(cursor_ids) != PER_PAGE:
            raise BenchError(f"{cursor_page.label}: not the rows of {same}")
    return pages


def ids(body: dict[str, Any]) -> list[str]:
    return [item["id"] for item in body["data"]]


def time_pages(
    port: int, token: str, pages: list[Page], repeats: int, warmup: int, deadline: Deadline
) -> dict[str, list[float]]:
    """Seconds per request of each page: rounds of one request each, the order
    rotating every round; the first ``warmup`` rounds are not counted."""
    seconds: dict[str, list[float]] = {page.label: [] for page in pages}
    for number in range(warmup + repeats):
        deadline.left()
        shift = number % len(pages)
        for page in pages[shift:] + pages[:shift]:
            elapsed = timed_get(port, page.path, token)
            if number >= warmup:
                seconds[page.label].append(elapsed)
    return seconds


def timed_get(port: int, path: str, token: str) -> float:
    """Seconds from sending the request to having read the whole answer (a new
    connection each time, as gunicorn's sync workers close it after each)."""
    started = time.perf_counter()
    get(port, path, token)
    return time.perf_counter() - started


def get(port: int, path: str, token: str) -> dict[str, Any]:
    connection = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
    try:
        connection.request("GET", path, headers={"Authorization": f"Bearer {token}"})
        response = connection.getresponse()
        body = response.read()
    finally:
        connection.close()
    if response.status != 200:
        raise BenchError(f"GET {path[:80]} answered {response.status}: {body[:500]!r}")
    answer: dict[str, Any] = json.loads(body)
    return answer


def table(line: Line, repeats: int) -> list[str]:
    path = f"GET {LIST}?per_page={PER_PAGE}, a token, default sort -created_at"
    head = f"  {'page':16} {'rows':>19} {'median ms':>10} {'p90 ms':>9}"
    lines = [
        f"{line.database}: {line.rows:,} posts, inserted and analyzed in {line.seed_seconds:.1f} s",
        f"{path}; gunicorn {WORKERS} sync workers; {repeats} requests per page, interleaved",
        head,
    ]
    for page in line.pages:
        lines.append(
            f"  {page.label:16} {page.rows:>19} {line.median_ms(page.label):10.2f} "
            f"{line.p90_ms(page.label):9.2f}"
        )
    for mode in ("numbers", "cursor"):
        lines.append(f"  deep/first, {mode + ':':8} {line.ratio(mode):.2f}x")
    within = "yes" if line.ratio("cursor") <= GOAL else "NO"
    lines.append(f"  cursor within {GOAL}x of its first page: {within}")
    return lines


if __name__ == "__main__":
    sys.exit(main())
