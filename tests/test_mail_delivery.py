"""Mail through the outbox, against real processes on 127.0.0.1: a bake served by
gunicorn (2 sync workers) on a SQLite file or PostgreSQL, a real `celery worker`
(with beat) fed by a real Redis, and a real SMTP server (tests/smtp_server.py)
that writes down every message it accepts, so that deliveries and duplicates are
counted by Message-ID.

- SMTP down: a reset answers 202 at once; the message is delivered once SMTP is
  back on the same port, with nothing restarted.
- The worker killed with SIGKILL mid-send: a new worker delivers every message.
- 100 resets under load: every message delivered, duplicates counted.
- SMTP answering in 2 s: the reset request's p99 stays under 50 ms.
- Without Celery: SMTP down, then `flask mail deliver` sends what was kept; a mail
  server that accepts and never answers holds no web worker past MAIL_TIMEOUT.
"""

from __future__ import annotations

import itertools
import math
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, suppress
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TypeVar

import pytest
import redis
import sqlalchemy as sa

from tests.helpers import VARIANTS, BakeVariant, run_ok
from tests.served import ServedClient, gunicorn, migrate, production_env, tail_of
from tests.servers import Postgres, Redis
from tests.smtp_server import SmtpServer

T = TypeVar("T")

REGISTER = "/api/v1/auth/register"
RESET = "/api/v1/auth/password-reset"
RESET_SUBJECT = "Reset your password"
PASSWORD = "correct horse battery"
# The limiter must never answer 429 here: these tests are about mail.
NO_RATE_LIMITS = {
    "RATELIMIT_DEFAULT": "1000000 per minute",
    "AUTH_RATE_LIMIT": "1000000 per minute",
}
# Short delays, so that what production does in minutes happens here in seconds.
MAIL_SETTINGS = {
    "MAIL_SERVER": "127.0.0.1",
    "MAIL_USE_TLS": "false",
    "MAIL_RETRY_DELAY": "1",
    "MAIL_RETRY_MAX_DELAY": "2",
    "MAIL_SWEEP_SECONDS": "1",
    # Longer than a slow send (2 s) takes: a claim must not run out mid-send.
    "MAIL_CLAIM_SECONDS": "3",
    # A mail server that never answers fails an attempt after this long: longer than
    # the slowest server here takes to answer (2 s).
    "MAIL_TIMEOUT": "3",
    # Signing up 100 accounts costs a cheap hash less time; no test here signs in.
    "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
}
# Redis databases of this module's own: test_real_servers.py uses 1 to 3,
# test_races.py 4 and 5. Each stack with a worker takes the next one.
REDIS_DATABASES = itertools.count(6)
WORKER_CONCURRENCY = 2
CLIENT_THREADS = 8
WORKER_START_SECONDS = 30
WORKER_STOP_SECONDS = 15
POLL_SECONDS = 0.05
# A request that waits on SMTP would take at least its delay; "at once" is far below.
AT_ONCE_SECONDS = 0.5
DELIVERY_TIMEOUT_SECONDS = 60

# Test 2: SMTP takes this long per message; the worker dies once one has arrived.
SLOW_SMTP_SECONDS = 1.0
KILLED_RESETS = 10
# Test 3.
LOAD_RESETS = 100
# Test 4: the request's p99 with SMTP this slow.
SLOWEST_SMTP_SECONDS = 2.0
TIMED_RESETS = 100
TIMED_THREADS = 4
# Well below what 2 sync workers can take (on SQLite, about 50 a second): each
# reset holds its worker after the response, to look the account up and write the
# row; a load beyond that would measure the queue, whatever SMTP does.
TIMED_RATE = 20.0
WARM_UP_RESETS = 8
P99_LIMIT_SECONDS = 0.050

CELERY_VARIANTS = {"sqlite": "celery", "postgres": "celery_postgres"}


@dataclass(frozen=True)
class OutboxRow:
    recipient: str
    subject: str
    message_id: str
    attempts: int
    last_error: str | None
    sent: bool


class Outbox:
    """The outbox table, read straight from the bake's database."""

    def __init__(self, database_url: str) -> None:
        self.engine = sa.create_engine(database_url)

    def rows(self) -> list[OutboxRow]:
        query = sa.text(
            "SELECT recipient, subject, message_id, attempts, last_error, sent_at "
            "FROM outbox_messages"
        )
        with self.engine.connect() as connection:
            return [
                OutboxRow(
                    recipient=row.recipient,
                    subject=row.subject,
                    message_id=row.message_id.strip(),
                    attempts=row.attempts,
                    last_error=row.last_error,
                    sent=row.sent_at is not None,
                )
                for row in connection.execute(query)
            ]

    def close(self) -> None:
        self.engine.dispose()


class Worker:
    """`celery --app wsgi:celery_app worker --beat` in a process group of its own,
    so that stopping or killing it by its PID reaches the pool's children and beat."""

    def __init__(self, project: Path, env: dict[str, str], root: Path) -> None:
        self.project = project
        self.env = env
        self.root = root
        self.process: subprocess.Popen[bytes] | None = None
        self.log = root / "worker.log"
        self.starts = 0

    def start(self) -> None:
        self.starts += 1
        name = f"mail-{uuid.uuid4().hex[:8]}@%h"
        schedule = self.root / f"beat-schedule-{self.starts}"
        command = [sys.executable, "-m", "celery", "--app", "wsgi:celery_app", "worker"]
        command += ["--loglevel", "INFO", "--concurrency", str(WORKER_CONCURRENCY), "-n", name]
        command += ["--beat", "--schedule", str(schedule)]
        # Alone on its Redis database: nobody to gossip or mingle with, and faster up.
        command += ["--without-gossip", "--without-mingle", "--without-heartbeat"]
        offset = self.log.stat().st_size if self.log.exists() else 0
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                command,
                cwd=self.project,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + WORKER_START_SECONDS
        while " ready." not in self.log.read_bytes()[offset:].decode(errors="replace"):
            if self.process.poll() is not None:
                raise AssertionError(
                    f"the worker exited with {self.process.returncode}:\n{self.log_tail()}"
                )
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"no worker ready in {WORKER_START_SECONDS} s\n{self.log_tail()}"
                )
            time.sleep(POLL_SECONDS)

    def kill(self) -> None:
        """SIGKILL to every process of the worker: no warm or cold shutdown at all."""
        if self.process is not None:
            signal_group(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=WORKER_STOP_SECONDS)
            self.process = None

    def stop(self) -> None:
        """A warm shutdown (SIGTERM to the main process, which lets its pool finish the
        tasks under way and stops beat), then SIGKILL to whatever is left of the group."""
        if self.process is not None:
            self.process.terminate()
            with suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=WORKER_STOP_SECONDS)
            self.kill()

    def log_tail(self, chars: int = 4000) -> str:
        return tail_of(self.log, chars) if self.log.exists() else "(no worker log)"


def signal_group(pid: int, signum: signal.Signals) -> None:
    """Send ``signum`` to the process group that ``pid`` leads, if any is left."""
    with suppress(ProcessLookupError):
        os.killpg(pid, signum)


@dataclass
class Stack:
    """One bake served by gunicorn, with its database, SMTP server and worker."""

    name: str
    project: Path
    env: dict[str, str]
    client: ServedClient
    outbox: Outbox
    smtp: SmtpServer
    worker: Worker | None

    def diagnosis(self) -> str:
        """The ends of the logs, for a failure's message."""
        worker = self.worker.log_tail() if self.worker else "(no worker)"
        return (
            f"--- worker log\n{worker}\n--- gunicorn log\n{self.client.log_tail()}\n"
            f"--- outbox\n{self.outbox.rows()[:20]}"
        )


@pytest.fixture
def stack_of(
    request: pytest.FixtureRequest, bake_variant: BakeVariant, tmp_path: Path
) -> Iterator[Callable[..., Stack]]:
    """Start the stack of ``variant``: a copy of its bake on a database of its own, an
    SMTP server on a port of its own (``smtp_delay`` seconds per message; started
    unless ``smtp_up`` is false), gunicorn with 2 workers and, with Celery, a worker
    on a Redis database of its own. Everything stops at the test's end, by PID."""
    with ExitStack() as stack:

        def start(variant: str, *, smtp_up: bool = True, smtp_delay: float = 0.0) -> Stack:
            answers = VARIANTS[variant]
            root = Path(tempfile.mkdtemp(prefix=f"{variant}-", dir=tmp_path))
            # A copy of the bake of the test's own: xdist runs tests side by side.
            project = Path(shutil.copytree(bake_variant(variant), root / "project"))
            if answers.get("database") == "postgresql":
                postgres: Postgres = request.getfixturevalue("postgres")
                url = postgres.create_database(f"mail_{uuid.uuid4().hex[:12]}")
            else:
                url = f"sqlite:///{root / 'app.db'}"
            smtp = SmtpServer(root / "received.jsonl", delay=smtp_delay)
            settings = NO_RATE_LIMITS | MAIL_SETTINGS | {"MAIL_PORT": str(smtp.port)}
            celery = answers.get("background_jobs") == "celery"
            if celery:
                redis_server: Redis = request.getfixturevalue("redis_server")
                redis_url = redis_server.url(next(REDIS_DATABASES))
                with redis.Redis.from_url(redis_url) as leftovers:
                    leftovers.flushdb()
                settings["REDIS_URL"] = redis_url
            env = production_env(url, **settings)
            migrate(project, env)
            outbox = Outbox(url)
            stack.callback(outbox.close)
            if smtp_up:
                smtp.start()
            stack.callback(smtp.stop)
            client = stack.enter_context(gunicorn(project, env, workers=2))
            worker = Worker(project, env, root) if celery else None
            if worker is not None:
                stack.callback(worker.stop)
                worker.start()
            return Stack(variant, project, env, client, outbox, smtp, worker)

        yield start


def in_threads(calls: Sequence[Callable[[], T]], threads: int = CLIENT_THREADS) -> list[T]:
    with ThreadPoolExecutor(max_workers=threads) as pool:
        futures = [pool.submit(call) for call in calls]
        return [future.result() for future in futures]


def register(client: ServedClient, label: str, count: int) -> list[str]:
    """``count`` new accounts, signed up from several threads; their emails."""
    emails = [f"{label}-{number}-{uuid.uuid4().hex[:6]}@example.com" for number in range(count)]

    def sign_up(email: str) -> int:
        return client.call("POST", REGISTER, {"email": email, "password": PASSWORD}).status

    statuses = in_threads([partial(sign_up, email) for email in emails])
    assert statuses == [201] * count, f"sign-ups answered {Counter(statuses)}"
    return emails


def reset(client: ServedClient, email: str) -> float:
    """Ask for a reset link for ``email``; the seconds the 202 took."""
    started = time.perf_counter()
    reply = client.call("POST", RESET, {"email": email})
    took = time.perf_counter() - started
    assert reply.status == 202, f"reset: {reply.status} {reply.body}\n{client.log_tail()}"
    return took


def resets(
    client: ServedClient, emails: Sequence[str], threads: int = CLIENT_THREADS
) -> list[float]:
    """A reset for each of ``emails``, sent from ``threads`` threads; the seconds each took."""
    return in_threads([partial(reset, client, email) for email in emails], threads)


def paced_resets(
    client: ServedClient, emails: Sequence[str], count: int, rate: float
) -> list[float]:
    """``count`` resets at ``rate`` a second, spread over TIMED_THREADS threads, each
    thread sending its next one on schedule (or at once when it is late); the seconds
    each took."""
    interval = TIMED_THREADS / rate
    started = time.monotonic()

    def thread(number: int) -> list[float]:
        took = []
        for turn in range(count // TIMED_THREADS):
            due = started + (turn + number / TIMED_THREADS) * interval
            time.sleep(max(0.0, due - time.monotonic()))
            took.append(reset(client, emails[number % len(emails)]))
        return took

    calls = [partial(thread, number) for number in range(TIMED_THREADS)]
    return [took for thread_took in in_threads(calls, TIMED_THREADS) for took in thread_took]


def p99(durations: Sequence[float]) -> float:
    """The nearest-rank 99th percentile."""
    ordered = sorted(durations)
    return ordered[math.ceil(0.99 * len(ordered)) - 1]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def wait_for(
    what: str, check: Callable[[], bool], stack: Stack, timeout: float = DELIVERY_TIMEOUT_SECONDS
) -> float:
    """Poll ``check`` until it holds; the seconds that took. Fail after ``timeout``."""
    started = time.monotonic()
    while not check():
        if time.monotonic() - started > timeout:
            raise AssertionError(f"not within {timeout:g} s: {what}\n{stack.diagnosis()}")
        time.sleep(POLL_SECONDS)
    return time.monotonic() - started


def reset_rows(stack: Stack, emails: Sequence[str]) -> list[OutboxRow]:
    wanted = set(emails)
    return [r for r in stack.outbox.rows() if r.subject == RESET_SUBJECT and r.recipient in wanted]


def all_delivered(stack: Stack, rows: Sequence[OutboxRow]) -> Callable[[], bool]:
    """Whether every one of ``rows`` arrived at the SMTP server and is marked sent."""
    wanted = {row.message_id for row in rows}

    def check() -> bool:
        arrived = set(stack.smtp.copies())
        sent = {row.message_id for row in stack.outbox.rows() if row.sent}
        return wanted <= arrived and wanted <= sent

    return check


def duplicates(copies: Counter[str]) -> int:
    """Copies beyond the first of each Message-ID."""
    return sum(count - 1 for count in copies.values())


@pytest.mark.parametrize("database", list(CELERY_VARIANTS))
def test_a_reset_with_smtp_down_is_delivered_once_smtp_is_back(
    database: str, stack_of: Callable[..., Stack]
) -> None:
    """SMTP down: the reset answers 202 at once, the worker's attempts fail and are
    kept; SMTP starts on the same port and the message arrives, once, with the
    outbox's Message-ID, while gunicorn and the worker keep running."""
    stack = stack_of(CELERY_VARIANTS[database], smtp_up=False)
    assert stack.worker is not None
    assert stack.worker.process is not None
    worker_pid = stack.worker.process.pid
    [email] = register(stack.client, "down", 1)

    took = reset(stack.client, email)
    assert took < AT_ONCE_SECONDS, f"{database}: the reset took {ms(took)} with SMTP down"
    wait_for("a reset row", lambda: len(reset_rows(stack, [email])) == 1, stack)
    failing = wait_for(
        "two failed attempts",
        lambda: reset_rows(stack, [email])[0].attempts >= 2,
        stack,
    )
    [row] = reset_rows(stack, [email])
    assert not row.sent, f"{database}: marked sent with SMTP down: {row}"
    assert row.last_error, f"{database}: no error kept after {row.attempts} attempts: {row}"
    assert not stack.smtp.received(), "something was received with SMTP down"
    attempts_down, error_down = row.attempts, row.last_error

    stack.smtp.start()
    delivered_in = wait_for("the delivery after SMTP came back", all_delivered(stack, [row]), stack)
    [row] = reset_rows(stack, [email])
    copies = stack.smtp.copies()
    received = [m for m in stack.smtp.received() if m.message_id == row.message_id]
    summary = (
        f"{database}: reset answered 202 in {ms(took)} with SMTP down; {attempts_down} attempts "
        f"failed within {failing:.1f} s (last error {error_down!r}); "
        f"SMTP back on port {stack.smtp.port}: delivered in {delivered_in:.1f} s after "
        f"{row.attempts} attempts, {copies[row.message_id]} copy of {row.message_id}"
    )
    print(summary)
    assert copies[row.message_id] == 1, summary
    assert received[0].subject == RESET_SUBJECT, summary
    assert received[0].recipients == (email,), summary
    assert row.last_error is None, f"{summary}: the error stayed after the delivery: {row}"
    assert stack.worker.process is not None, summary
    assert stack.worker.process.pid == worker_pid, f"{summary}: the worker was restarted"
    assert stack.worker.process.poll() is None, f"{summary}: the worker exited"


def test_messages_of_a_worker_killed_mid_send_are_delivered_by_the_next_worker(
    stack_of: Callable[..., Stack],
) -> None:
    """SMTP answers 1 s after a message arrived; once the first of 10 has arrived, while
    its sender waits for that answer, the worker's whole process group gets SIGKILL.
    Claims run out (MAIL_CLAIM_SECONDS), a new worker's sweep finds what is left, and
    every message arrives. What was in flight at the kill arrives again with the same
    Message-ID (at least once); copies beyond the first are counted."""
    stack = stack_of("celery", smtp_delay=SLOW_SMTP_SECONDS)
    assert stack.worker is not None
    emails = register(stack.client, "killed", KILLED_RESETS)
    resets(stack.client, emails)
    # Each row is written after its response: all of them within a few milliseconds,
    # long before the first sender hears back from SMTP.
    wait_for("a row per reset", lambda: len(reset_rows(stack, emails)) == KILLED_RESETS, stack)
    wait_for("the first message", lambda: bool(stack.smtp.received()), stack)
    stack.worker.kill()
    killed_at = time.monotonic()
    arrived_before = stack.smtp.copies()
    rows = reset_rows(stack, emails)
    sent_before = sum(row.sent for row in rows)
    # Arrived, but its sender died before it could mark it sent.
    in_flight = set(arrived_before) - {row.message_id for row in rows if row.sent}

    assert sent_before < KILLED_RESETS, f"all {sent_before} sent before the kill: too late"
    stack.worker.start()
    restarted_in = time.monotonic() - killed_at
    delivered_in = wait_for("every message after the restart", all_delivered(stack, rows), stack)
    rows = reset_rows(stack, emails)
    copies = stack.smtp.copies()
    wanted = {row.message_id for row in rows}
    summary = (
        f"sqlite: {KILLED_RESETS} resets, SMTP {SLOW_SMTP_SECONDS:g} s a message; worker "
        f"killed (SIGKILL to its process group) with {len(arrived_before)} message(s) "
        f"arrived, {sent_before} marked sent, {len(in_flight)} in flight; new worker up in "
        f"{restarted_in:.1f} s, every message delivered {delivered_in:.1f} s later: "
        f"{len(wanted & set(copies))}/{KILLED_RESETS} Message-IDs arrived, "
        f"{sum(copies.values())} copies, {duplicates(copies)} duplicate(s); copies of those "
        f"in flight {[copies[message_id] for message_id in in_flight]}; attempts per "
        f"message {sorted(row.attempts for row in rows)}"
    )
    print(summary)
    assert wanted <= set(copies), summary
    assert set(copies) <= wanted, f"{summary}: unknown Message-IDs arrived"
    assert all(row.sent for row in rows), summary
    assert in_flight, f"{summary}: no message was in flight at the kill"
    assert all(copies[message_id] >= 2 for message_id in in_flight), (
        f"{summary}: a message in flight at the kill was not sent again"
    )


@pytest.mark.parametrize("database", list(CELERY_VARIANTS))
def test_100_resets_under_load_are_all_delivered(
    database: str, stack_of: Callable[..., Stack]
) -> None:
    """100 accounts, a reset each from 8 threads at once: 100 rows, 100 Message-IDs
    arrived and marked sent, none lost; copies beyond the first are counted."""
    stack = stack_of(CELERY_VARIANTS[database])
    emails = register(stack.client, "load", LOAD_RESETS)
    started = time.monotonic()
    took = resets(stack.client, emails)
    rows_in = wait_for(
        "a row per reset", lambda: len(reset_rows(stack, emails)) == LOAD_RESETS, stack
    )
    rows = reset_rows(stack, emails)
    wait_for("every reset delivered", all_delivered(stack, rows), stack)
    delivered_in = time.monotonic() - started
    every_row = stack.outbox.rows()  # with email verification, sign-ups mail too
    wait_for("every message delivered", all_delivered(stack, every_row), stack)
    copies = stack.smtp.copies()
    wanted = {row.message_id for row in rows}
    arrived = Counter({message_id: copies[message_id] for message_id in wanted})
    summary = (
        f"{database}: {LOAD_RESETS} resets from {CLIENT_THREADS} threads (p50 "
        f"{ms(sorted(took)[len(took) // 2])}, p99 {ms(p99(took))}); {len(rows)} reset rows "
        f"within {rows_in:.1f} s; all delivered {delivered_in:.1f} s after the first request: "
        f"{len(wanted & set(copies))}/{len(wanted)} Message-IDs arrived, "
        f"{sum(arrived.values())} copies, {duplicates(arrived)} duplicate(s); "
        f"every outbox row: {len(every_row)} rows, {sum(copies.values())} messages received, "
        f"{duplicates(copies)} duplicate(s)"
    )
    print(summary)
    assert len(wanted) == LOAD_RESETS, summary
    assert wanted <= set(copies), f"{summary}: lost {sorted(wanted - set(copies))[:5]}"
    assert set(copies) == {row.message_id for row in every_row}, summary


@pytest.mark.parametrize("database", list(CELERY_VARIANTS))
def test_a_reset_stays_fast_while_smtp_answers_in_2_seconds(
    database: str, stack_of: Callable[..., Stack]
) -> None:
    """With the SMTP server taking 2 s a message, so that the worker is busy with it,
    100 resets from 4 threads at 20 a second against gunicorn's 2 workers: p99
    under 50 ms. The client never waits for SMTP."""
    stack = stack_of(CELERY_VARIANTS[database], smtp_delay=SLOWEST_SMTP_SECONDS)
    emails = register(stack.client, "slow", TIMED_THREADS)
    resets(stack.client, emails[:1] * WARM_UP_RESETS, TIMED_THREADS)  # both workers warm
    wait_for("a warm-up message", lambda: bool(stack.smtp.received()), stack)
    started = time.monotonic()
    took = paced_resets(stack.client, emails, TIMED_RESETS, TIMED_RATE)
    window = time.monotonic() - started
    received = stack.smtp.received()
    rows = stack.outbox.rows()
    ordered = sorted(took)
    summary = (
        f"{database}: SMTP {SLOWEST_SMTP_SECONDS:g} s a message; {TIMED_RESETS} resets from "
        f"{TIMED_THREADS} threads in {window:.1f} s ({TIMED_RESETS / window:.0f}/s): p50 "
        f"{ms(ordered[len(ordered) // 2])}, p99 {ms(p99(took))}, max {ms(ordered[-1])}; "
        f"meanwhile {len(received)} of {len(rows)} messages delivered"
    )
    print(summary)
    assert p99(took) < P99_LIMIT_SECONDS, summary
    # The worker was slow indeed: most messages were still waiting for SMTP.
    assert len(received) < len(rows) / 2, summary


def test_without_celery_flask_mail_deliver_sends_what_was_kept(
    stack_of: Callable[..., Stack],
) -> None:
    """No Celery: with SMTP down the gunicorn worker's one attempt after the response
    fails and the row stays (attempts 1, the error kept); SMTP comes up, and once the
    retry delay has passed `flask mail deliver` sends it."""
    stack = stack_of("default", smtp_up=False)
    [email] = register(stack.client, "kept", 1)
    took = reset(stack.client, email)
    assert took < AT_ONCE_SECONDS, f"the reset took {ms(took)} with SMTP down"
    wait_for(
        "a failed attempt",
        lambda: any(row.last_error for row in reset_rows(stack, [email])),
        stack,
    )
    failed_at = time.monotonic()
    [row] = reset_rows(stack, [email])
    assert (row.attempts, row.sent) == (1, False), row
    assert "refused" in str(row.last_error).lower(), row

    stack.smtp.start()
    due_at = failed_at + int(MAIL_SETTINGS["MAIL_RETRY_DELAY"]) + 0.2
    time.sleep(max(0.0, due_at - time.monotonic()))
    [kept] = reset_rows(stack, [email])
    assert (kept.attempts, kept.sent) == (1, False), f"sent with nobody asking: {kept}"
    command = [sys.executable, "-m", "flask", "--app", "wsgi", "mail", "deliver"]
    first = run_ok(command, stack.project, stack.env).stdout.strip()
    again = run_ok(command, stack.project, stack.env).stdout.strip()
    [row] = reset_rows(stack, [email])
    copies = stack.smtp.copies()
    summary = (
        f"default (no Celery), sqlite: reset answered 202 in {ms(took)} with SMTP down; kept "
        f"with attempts {kept.attempts}, error {kept.last_error!r}; SMTP up, then `flask mail "
        f"deliver`: {first!r}, and run again: {again!r}; {copies[row.message_id]} copy of "
        f"{row.message_id} received"
    )
    print(summary)
    assert first.endswith("Sent 1 message(s); 0 failed."), summary
    assert again.endswith("Sent 0 message(s); 0 failed."), summary
    assert row.sent, summary
    assert row.attempts == 2, summary
    assert copies == Counter({row.message_id: 1}), summary


def test_without_celery_a_mail_server_that_never_answers_holds_no_web_worker(
    stack_of: Callable[..., Stack],
) -> None:
    """The web process sends after the response: without MAIL_TIMEOUT a server that
    accepts the connection and never greets would hold both gunicorn workers."""
    stack = stack_of("default", smtp_up=False)
    emails = register(stack.client, "silent", 2)
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", stack.smtp.port))
        silent.listen(16)  # the kernel completes connections; nobody ever answers
        took = in_threads([partial(reset, stack.client, email) for email in emails], threads=2)
        failed_after = wait_for(
            "both attempts timed out",
            lambda: (
                sorted("timed out" in str(row.last_error) for row in reset_rows(stack, emails))
                == [True, True]
            ),
            stack,
        )
        started = time.perf_counter()
        health = stack.client.call("GET", "/healthz")
        health_took = time.perf_counter() - started
    summary = (
        f"default (no Celery), sqlite, SMTP silent: resets answered in "
        f"{', '.join(ms(seconds) for seconds in took)}; both attempts timed out within "
        f"{failed_after:.1f} s; then /healthz answered {health.status} in {ms(health_took)}"
    )
    print(summary)
    assert max(took) < AT_ONCE_SECONDS, summary
    assert health.status == 200, summary
    assert [row.sent for row in reset_rows(stack, emails)] == [False, False], summary
