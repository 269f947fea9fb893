"""Real concurrent clients against a bake served by gunicorn (2 sync workers) on
127.0.0.1, on a SQLite file and on PostgreSQL: If-Match under contention, refresh
tokens replayed at once, access tokens outliving their session, deletes racing
updates, and list caches across workers.

Requests that race leave together: each runs in its own thread, held at a
barrier until all are ready. Where a check must reach both workers, requests are
pinned to each in turn (`on_each_worker`); unpinned, most of them land on one.
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TypeVar

import psycopg
import pytest

from tests.helpers import VARIANTS, BakeVariant
from tests.served import (
    REPLY_TIMEOUT_SECONDS,
    JsonClient,
    Reply,
    ServedClient,
    gunicorn,
    migrate,
    on_each_worker,
    production_env,
    sign_in,
    sign_up_and_in,
)
from tests.servers import Postgres, Redis

T = TypeVar("T")

# The limiter must never answer 429 here: these tests are about the app's state.
NO_RATE_LIMITS = {
    "RATELIMIT_DEFAULT": "1000000 per minute",
    "AUTH_RATE_LIMIT": "1000000 per minute",
}
# The database behind each parametrized case of the shared server: variant to bake.
DATABASE_VARIANTS = {"sqlite": "default", "postgres": "jwt_postgres"}
PASSWORD = "correct horse battery"
NEW_PASSWORD = "another horse battery staple"
REFRESH = "/api/v1/auth/refresh"
ME = "/api/v1/users/me"
POSTS = "/api/v1/posts"

WRITERS = 4
IF_MATCH_ROUNDS = 30
INCREMENTERS = 4
INCREMENT_SECONDS = 5.0
REFRESH_TRIALS = 15
DELETE_RACES = 100
# Requests of each kind sent to each worker when a check must reach both.
PER_WORKER = 2
LISTINGS_PER_WORKER = 3
WALKED_ROWS = 30
WALK_PAGE = 5
ROWS_PER_WRITER = 10


@dataclass(frozen=True)
class Served:
    """One gunicorn server (2 workers) of a migrated bake, shared by a module's tests."""

    database: str
    client: ServedClient
    token: str  # an access token of the account that owns the posts made here


@pytest.fixture(scope="module", params=list(DATABASE_VARIANTS))
def served(
    request: pytest.FixtureRequest,
    bake_variant: BakeVariant,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Served]:
    database: str = request.param
    root = tmp_path_factory.mktemp(f"races-{database}")
    project = copy_project(bake_variant(DATABASE_VARIANTS[database]), root)
    if database == "sqlite":
        url = f"sqlite:///{root / 'x.db'}"
    else:
        postgres: Postgres = request.getfixturevalue("postgres")
        url = postgres.create_database(f"races_{uuid.uuid4().hex[:12]}")
    env = production_env(url, **NO_RATE_LIMITS)
    migrate(project, env)
    with gunicorn(project, env, workers=2) as client:
        yield Served(database, client, sign_up_and_in(client)["access_token"])


def copy_project(baked: Path, root: Path) -> Path:
    """A copy of the bake of its own, so tests can run in parallel under xdist."""
    return Path(shutil.copytree(baked, root / "project"))


def race(calls: Sequence[Callable[[], T]]) -> list[T]:
    """Run each call in a thread of its own, all released at once by a barrier.

    The results come back in the order of ``calls``; whatever a call raised (a
    connection error, say) is raised here.
    """
    barrier = threading.Barrier(len(calls))

    def run(call: Callable[[], T]) -> T:
        barrier.wait(timeout=REPLY_TIMEOUT_SECONDS)
        return call()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        futures = [pool.submit(run, call) for call in calls]
        return [future.result() for future in futures]


def error_code(reply: Reply) -> str | None:
    body = reply.body
    if isinstance(body, dict) and isinstance(body.get("error"), dict):
        code = body["error"].get("code")
        return str(code) if code is not None else None
    return None


def shown(reply: Reply) -> str:
    """A reply in a few words: its status, and its error code if any."""
    code = error_code(reply)
    return f"{reply.status} {code}" if code else str(reply.status)


def create(client: JsonClient, token: str, name: str, collection: str = POSTS) -> str:
    reply = client.call("POST", collection, {"name": name}, token=token)
    assert reply.status == 201, f"creating {name!r}: {reply.status} {reply.body}"
    item_id: str = reply.body["data"]["id"]
    return item_id


def etag_of(reply: Reply, status: int = 200) -> str:
    """The ETag of a single resource's answer, which must have ``status``."""
    assert reply.status == status, f"{reply.status} {reply.body}"
    etag = reply.header("ETag")
    assert etag, f"no ETag in {dict(reply.headers)}"
    return etag


def register(client: JsonClient, label: str) -> dict[str, str]:
    """A new account of this test's own; its credentials."""
    credentials = {"email": f"{label}-{uuid.uuid4().hex[:8]}@example.com", "password": PASSWORD}
    reply = client.call("POST", "/api/v1/auth/register", credentials)
    assert reply.status == 201, f"register: {reply.status} {reply.body}"
    return credentials


def server_errors(client: ServedClient, kinds: int = 5) -> str:
    """The errors in the server's JSON log, each kind (its message and the last line
    of its traceback) with how often it was logged."""
    found: Counter[str] = Counter()
    for line in client.log_tail(10_000_000).splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if isinstance(record, dict) and record.get("level") == "ERROR":
            last_line = str(record.get("exc_info") or "").strip().rpartition("\n")[2]
            kind = f"{record.get('message')}: {last_line}"
            found[re.sub(r"0x[0-9a-f]+", "0x...", kind)] += 1  # objects' addresses vary
    shown_kinds = [f"{times}x {kind}" for kind, times in found.most_common(kinds)]
    return "\n".join(shown_kinds) or "(no ERROR line in the server's log)"


def test_requests_are_pinned_to_each_worker_in_turn(served: Served) -> None:
    """The harness itself: without Redis each worker counts rate limits on its own, so
    X-RateLimit-Remaining tells them apart. Pinned, a turn's count goes down one by one
    (one worker), and the second turn counts from the start again (the other worker)."""

    def remaining(_worker: int) -> list[str | None]:
        # A path no other test asks for: each worker's count for it starts here.
        replies = [served.client.call("GET", "/api/v1/openapi.json") for _ in range(3)]
        return [reply.header("X-RateLimit-Remaining") for reply in replies]

    first, second = on_each_worker(served.client, remaining)
    print(f"{served.database}: X-RateLimit-Remaining {first} on one worker, {second} on the other")
    assert all(first), f"no X-RateLimit-Remaining: {first}"
    counts = [int(value) for value in first if value]
    assert counts == list(range(counts[0], counts[0] - 3, -1)), f"not one worker: {first}"
    assert second == first, f"the second turn did not reach the other worker: {first}, {second}"


def test_one_of_n_writers_holding_the_same_etag_wins(served: Served) -> None:
    """N PUTs at once with one If-Match: one 200, N-1 412, the winner's body stays."""
    client, token = served.client, served.token
    outcomes: Counter[str] = Counter()
    broken: list[str] = []
    for round_number in range(IF_MATCH_ROUNDS):
        path = f"{POSTS}/{create(client, token, f'round-{round_number}')}"
        if_match = {"If-Match": etag_of(client.call("GET", path, token=token))}
        writes = [
            partial(client.call, "PUT", path, {"name": f"writer-{i}"}, token, if_match)
            for i in range(WRITERS)
        ]
        replies = race(writes)
        after = client.call("GET", path, token=token)
        final = after.body["data"]["name"] if after.status == 200 else f"GET {shown(after)}"
        winners = [f"writer-{i}" for i, reply in enumerate(replies) if reply.status == 200]
        statuses = sorted(shown(reply) for reply in replies)
        outcome = f"PUTs {statuses}"
        outcomes[outcome] += 1
        refused = ["412 precondition_failed"] * (WRITERS - 1)
        if statuses != ["200", *refused] or [final] != winners:
            broken.append(f"round {round_number}: {outcome}, winners {winners}, GET shows {final}")
    summary = (
        f"{served.database}: {IF_MATCH_ROUNDS} rounds of {WRITERS} PUTs with one If-Match, "
        f"{IF_MATCH_ROUNDS - len(broken)} with one 200 and {WRITERS - 1} 412 whose body stayed; "
        f"seen: {dict(outcomes)}"
    )
    print(summary)
    assert not broken, f"{summary}\n{len(broken)} rounds broke:\n" + "\n".join(broken[:10])


def test_read_then_increment_under_load_loses_no_update(served: Served) -> None:
    """Threads loop GET, then PUT count+1 with If-Match: the count is the number of 200s."""
    client, token = served.client, served.token
    path = f"{POSTS}/{create(client, token, 'count-0')}"

    def increment_until_time_is_up() -> Counter[str]:
        seen: Counter[str] = Counter()
        deadline = time.monotonic() + INCREMENT_SECONDS
        while time.monotonic() < deadline:
            read = client.call("GET", path, token=token)
            seen[f"GET {shown(read)}"] += 1
            if read.status != 200:
                continue
            name = read.body["data"]["name"]
            count = re.fullmatch(r"count-(\d+)", name)
            if count is None:
                seen[f"GET name {name!r}"] += 1
                continue
            changes = {"name": f"count-{int(count[1]) + 1}"}
            write = client.call("PUT", path, changes, token, {"If-Match": etag_of(read)})
            seen[f"PUT {shown(write)}"] += 1
        return seen

    seen = sum(race([increment_until_time_is_up] * INCREMENTERS), Counter[str]())
    final = client.call("GET", path, token=token)
    assert final.status == 200, f"GET: {final.status} {final.body}"
    count = final.body["data"]["name"]
    allowed = {"GET 200", "PUT 200", "PUT 412 precondition_failed"}
    summary = (
        f"{served.database}: {INCREMENTERS} threads for {INCREMENT_SECONDS:g} s, "
        f"{seen['PUT 200']} PUTs answered 200 and the post says {count!r}; seen: {dict(seen)}"
    )
    print(summary)
    assert seen["PUT 200"] > 0, summary
    assert set(seen) <= allowed, f"{summary}\n{server_errors(client)}"
    assert count == f"count-{seen['PUT 200']}", summary


def test_one_refresh_token_sent_twice_at_once_ends_its_session(served: Served) -> None:
    """Two refreshes with one token at once: at most one 200, then the whole session
    is revoked: the winner's refresh token and the session's access tokens get 401."""
    client = served.client
    credentials = register(client, "refresh-race")
    outcomes: Counter[str] = Counter()
    broken: list[str] = []
    for trial in range(REFRESH_TRIALS):
        tokens = sign_in(client, credentials)
        refresh = partial(client.call, "POST", REFRESH, None, tokens["refresh_token"])
        replies = race([refresh, refresh])
        statuses = sorted(shown(reply) for reply in replies)
        won = [reply.body["data"] for reply in replies if reply.status == 200]
        refreshed = [shown(client.call("POST", REFRESH, token=w["refresh_token"])) for w in won]
        access = [tokens["access_token"], *(w["access_token"] for w in won)]
        me = [shown(client.call("GET", ME, token=token)) for token in access]
        outcome = f"refreshes {statuses}, winner's refresh {refreshed}, /users/me {me}"
        outcomes[outcome] += 1
        refused = all(status.startswith("401") for status in [*refreshed, *me])
        if len(won) > 1 or not all(s.startswith(("200", "401")) for s in statuses) or not refused:
            broken.append(f"trial {trial}: {outcome}")
    summary = (
        f"{served.database}: {REFRESH_TRIALS} trials of 2 refreshes at once, "
        f"{REFRESH_TRIALS - len(broken)} ended the session; seen: {dict(outcomes)}"
    )
    print(summary)
    assert not broken, f"{summary}\n{len(broken)} trials broke:\n" + "\n".join(broken[:10])


def test_access_tokens_end_with_their_session_on_every_worker(served: Served) -> None:
    """After a logout, and for the other sessions after a password change, access
    tokens get 401 token_revoked from both workers; the changing session keeps working."""
    client = served.client
    credentials = register(client, "sessions")
    ended = sign_in(client, credentials)
    assert client.call("GET", ME, token=ended["access_token"]).status == 200
    logout = client.call("POST", "/api/v1/auth/logout", token=ended["refresh_token"])
    assert logout.status == 204, f"logout: {logout.status} {logout.body}"

    def after_logout(worker: int) -> list[str]:
        token = ended["access_token"]
        return [
            f"worker {worker} {what}: {shown(client.call(method, path, body, token))}"
            for _ in range(PER_WORKER)
            for what, method, path, body in (
                ("GET /users/me", "GET", ME, None),
                ("POST /posts", "POST", POSTS, {"name": "after logout"}),
            )
        ]

    logged_out = [seen for worker in on_each_worker(client, after_logout) for seen in worker]

    changing, other = sign_in(client, credentials), sign_in(client, credentials)
    change = {"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    changed = client.call("POST", "/api/v1/auth/password", change, changing["access_token"])
    assert changed.status == 204, f"password change: {changed.status} {changed.body}"

    def after_password_change(worker: int) -> tuple[list[str], list[str]]:
        other_session = [
            f"worker {worker} session B {what}: {shown(client.call(method, path, body, token))}"
            for _ in range(PER_WORKER)
            for what, method, path, body, token in (
                ("GET /users/me", "GET", ME, None, other["access_token"]),
                ("POST /posts", "POST", POSTS, {"name": "session B"}, other["access_token"]),
            )
        ]
        same_session = [
            f"worker {worker} session A GET /users/me: "
            + shown(client.call("GET", ME, token=changing["access_token"]))
            for _ in range(PER_WORKER)
        ]
        return other_session, same_session

    seen = on_each_worker(client, after_password_change)
    other_sessions = [line for others, _ in seen for line in others]
    same_sessions = [line for _, same in seen for line in same]

    revoked = [*logged_out, *other_sessions]
    alive = [line for line in revoked if not line.endswith(": 401 token_revoked")]
    dead = [line for line in same_sessions if not line.endswith(": 200")]
    summary = (
        f"{served.database}: {len(revoked) - len(alive)}/{len(revoked)} requests with an "
        f"ended session's access token got 401 token_revoked, "
        f"{len(same_sessions) - len(dead)}/{len(same_sessions)} of the session that changed "
        f"the password got 200"
    )
    print(summary)
    assert not alive, f"{summary}; answered otherwise:\n" + "\n".join(alive)
    assert not dead, f"{summary}; answered otherwise:\n" + "\n".join(dead)


def test_a_delete_racing_an_update_answers_no_5xx(served: Served) -> None:
    """DELETE against PUT or PATCH (with and without If-Match) on one row: every
    answer a 200, 204, 404 or 412, and a 204 leaves the row gone."""
    client, token = served.client, served.token
    allowed = {200, 204, 404, 412}
    counts: Counter[str] = Counter()
    broken: list[str] = []
    for race_number in range(DELETE_RACES):
        method = ("PUT", "PATCH")[race_number % 2]
        conditional = race_number // 2 % 2 == 0
        created = client.call("POST", POSTS, {"name": f"doomed-{race_number}"}, token=token)
        assert created.status == 201, f"create: {created.status} {created.body}"
        path = f"{POSTS}/{created.body['data']['id']}"
        headers = {"If-Match": etag_of(created, 201)} if conditional else None
        delete = partial(client.call, "DELETE", path, None, token)
        write = partial(client.call, method, path, {"name": f"kept-{race_number}"}, token, headers)
        deleted, written = race([delete, write])
        label = f"{method} with If-Match" if conditional else method
        counts[f"DELETE {shown(deleted)}"] += 1
        counts[f"{label} {shown(written)}"] += 1
        after = client.call("GET", path, token=token).status
        if {deleted.status, written.status} - allowed or (deleted.status == 204 and after != 404):
            broken.append(
                f"race {race_number}: DELETE {shown(deleted)}, {label} {shown(written)}, "
                f"then GET {after}"
            )
    summary = f"{served.database}: {DELETE_RACES} DELETE/update races; seen: {dict(counts)}"
    print(summary)
    assert not broken, (
        f"{summary}\n{len(broken)} races broke:\n"
        + "\n".join(broken[:10])
        + f"\nserver errors:\n{server_errors(client)}"
    )


@dataclass(frozen=True)
class FreshLists:
    """How one bake of the fresh-list test keeps its lists."""

    cache: str  # the CACHE_TYPE it serves with
    # A Redis database of the case's own: test_real_servers.py uses 1 to 3.
    redis_database: int | None = None


FRESH_LIST_VARIANTS = {
    "default": FreshLists("FileSystemCache"),
    "jwt_redis": FreshLists("RedisCache", 4),
    "jwt_postgres": FreshLists("NullCache"),
    "postgres_redis": FreshLists("RedisCache", 5),
}
# What a row is renamed to straight in the database, where the app cannot see it.
BEHIND_THE_CACHE = "changed in the database"


def rename_in_the_database(url: str, table: str, old: str, new: str) -> None:
    """Rename the row named ``old`` without a request: the app forgets no cached list,
    so only a list read from the database shows it."""
    statement = f'UPDATE "{table}" SET name = %s WHERE name = %s'
    if url.startswith("sqlite:///"):
        with closing(sqlite3.connect(url.removeprefix("sqlite:///"))) as sqlite, sqlite:
            renamed = sqlite.execute(statement.replace("%s", "?"), (new, old)).rowcount
    else:
        with psycopg.connect(url.replace("+psycopg", ""), autocommit=True) as postgres:
            renamed = postgres.execute(statement, (new, old)).rowcount
    assert renamed == 1, f"{old!r} in {table}: {renamed} rows renamed"


def cache_files(folder: Path) -> list[str]:
    """The files of a FileSystemCache's folder: a page each, a version per list, and
    the cache's count of them; none without the folder."""
    return sorted(path.name for path in folder.iterdir()) if folder.exists() else []


@pytest.mark.parametrize("variant", list(FRESH_LIST_VARIANTS))
def test_lists_are_fresh_on_every_worker_after_a_write(
    variant: str, bake_variant: BakeVariant, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """With the list cached in both workers, a PATCH and then a DELETE show in every
    list that follows, whichever worker answers it.

    The cache is proven in use: a row renamed straight in the database stays unseen on
    both workers until a write forgets the cached lists (except with ``NullCache``);
    the file cache of a SQLite bake holds the list's files in the instance folder.
    """
    answers, case = VARIANTS[variant], FRESH_LIST_VARIANTS[variant]
    domain = str(answers.get("domains", "posts")).split(",")[0].strip()
    collection = f"/api/v1/{domain}"
    listing = f"{collection}?per_page=100"
    if answers.get("database") == "postgresql":
        postgres: Postgres = request.getfixturevalue("postgres")
        url = postgres.create_database(f"fresh_{variant}")
    else:
        url = f"sqlite:///{tmp_path / 'x.db'}"
    extra = dict(NO_RATE_LIMITS)
    if case.redis_database is not None:
        redis_server: Redis = request.getfixturevalue("redis_server")
        extra["REDIS_URL"] = redis_server.url(case.redis_database)
    project = copy_project(bake_variant(variant), tmp_path)
    cache_folder = project / "instance" / "cache"
    env = production_env(url, **extra)
    migrate(project, env)

    with gunicorn(project, env, workers=2) as client:
        token = sign_up_and_in(client)["access_token"]
        renamed, removed, kept = (create(client, token, name, collection) for name in "abc")

        def listings(worker: int) -> list[dict[str, str] | str]:
            """What each list shows: item id -> name, or the status of a failure."""
            shown_lists: list[dict[str, str] | str] = []
            for _ in range(LISTINGS_PER_WORKER):
                reply = client.call("GET", listing, token=token)
                if reply.status == 200:
                    shown_lists.append({item["id"]: item["name"] for item in reply.body["data"]})
                else:
                    shown_lists.append(f"worker {worker}: GET {shown(reply)}")
            return shown_lists

        original = {renamed: "a", removed: "b", kept: "c"}
        files_before = cache_files(cache_folder)
        warm = on_each_worker(client, listings)
        assert warm == [[original] * LISTINGS_PER_WORKER] * 2, f"before the writes: {warm}"
        files_warm = cache_files(cache_folder)
        rename_in_the_database(url, domain, "c", BEHIND_THE_CACHE)
        behind = on_each_worker(client, listings)

        patched = client.call("PATCH", f"{collection}/{renamed}", {"name": "renamed"}, token)
        assert patched.status == 200, f"PATCH: {patched.status} {patched.body}"
        after_patch = on_each_worker(client, listings)
        deleted = client.call("DELETE", f"{collection}/{removed}", token=token)
        assert deleted.status == 204, f"DELETE: {deleted.status} {deleted.body}"
        after_delete = on_each_worker(client, listings)

    changed = original | {kept: BEHIND_THE_CACHE}
    unseen = changed if case.cache == "NullCache" else original
    assert behind == [[unseen] * LISTINGS_PER_WORKER] * 2, (
        f"{variant} ({case.cache}): after a row was renamed in the database, the lists "
        f"showed {behind}, not {unseen}"
    )
    if case.cache == "FileSystemCache":
        # The page, beside the list's version (which each write replaces) and the count.
        assert set(files_warm) > set(files_before), (files_before, files_warm)
    else:
        assert files_warm == [], f"{case.cache} wrote files in {cache_folder}: {files_warm}"
    expected = {
        "PATCH": changed | {renamed: "renamed"},
        "DELETE": {renamed: "renamed", kept: BEHIND_THE_CACHE},
    }
    stale: list[str] = []
    figures = []
    for write, seen in (("PATCH", after_patch), ("DELETE", after_delete)):
        for worker, lists in enumerate(seen):
            wrong = [shown_list for shown_list in lists if shown_list != expected[write]]
            figures.append(f"after the {write}, worker {worker}: {len(wrong)}/{len(lists)} stale")
            stale += [
                f"after the {write}, worker {worker} listed {wrong_list}" for wrong_list in wrong
            ]
    summary = f"{variant} ({domain}, {case.cache}): " + "; ".join(figures)
    print(summary)
    assert not stale, f"{summary}\n" + "\n".join(stale)


@pytest.mark.parametrize("sort", ["-created_at", "created_at"])
def test_a_cursor_walk_sees_each_row_once_while_others_write(served: Served, sort: str) -> None:
    """One client walks the list by cursor while 4 others create posts on both workers:
    every post that existed before the walk is seen, and no post twice."""
    client, token = served.client, served.token
    before = {create(client, token, f"walked {number}") for number in range(WALKED_ROWS)}
    pages: list[str] = []

    def walk() -> list[str]:
        seen: list[str] = []
        query = f"{POSTS}?sort={sort}&per_page={WALK_PAGE}"
        reply = client.call("GET", query, token=token)
        while reply.status == 200:
            seen += [item["id"] for item in reply.body["data"]]
            cursor = reply.body["meta"]["next_cursor"]
            if cursor is None:
                return seen
            reply = client.call("GET", f"{query}&cursor={cursor}", token=token)
        pages.append(shown(reply))
        return seen

    def write(writer: int) -> list[str]:
        return [create(client, token, f"writer {writer} #{n}") for n in range(ROWS_PER_WRITER)]

    calls: list[Callable[[], list[str]]] = [walk]
    calls += [partial(write, writer) for writer in range(WRITERS)]
    seen, *written = race(calls)

    new = {item for items in written for item in items}
    summary = (
        f"{served.database}, sort={sort}: {len(seen)} rows walked in pages of {WALK_PAGE}, "
        f"{len(new)} written meanwhile, {len(new & set(seen))} of those seen"
    )
    print(summary)
    assert pages == [], f"{summary}; a page failed: {pages}"
    assert len(seen) == len(set(seen)), f"{summary}; seen twice: {len(seen) - len(set(seen))}"
    assert before <= set(seen), f"{summary}; missed: {len(before - set(seen))}"


def test_private_lists_stay_private_on_every_worker_while_both_users_write(
    bake_variant: BakeVariant, tmp_path: Path, redis_server: Redis
) -> None:
    """Two users of a private domain list and write at once, with the lists cached in
    Redis for both workers: each list shows its caller's notes, and only those."""
    project = copy_project(bake_variant("private_redis"), tmp_path)
    env = production_env(f"sqlite:///{tmp_path / 'x.db'}", **NO_RATE_LIMITS)
    env["REDIS_URL"] = redis_server.url(6)
    migrate(project, env)
    notes = "/api/v1/notes"

    with gunicorn(project, env, workers=2) as client:
        tokens = [sign_in(client, register(client, label))["access_token"] for label in "ab"]
        owned: list[set[str]] = [set(), set()]
        listed: list[list[set[str]]] = [[], []]

        def work(user: int) -> None:
            for number in range(ROWS_PER_WRITER):
                reply = client.call("GET", f"{notes}?per_page=100", token=tokens[user])
                assert reply.status == 200, f"list: {shown(reply)}"
                listed[user].append({item["id"] for item in reply.body["data"]})
                body = {"body": f"user {user} note {number}"}
                created = client.call("POST", notes, body, token=tokens[user])
                assert created.status == 201, f"create: {shown(created)}"
                owned[user].add(created.body["data"]["id"])

        def cache_on(worker: int) -> None:
            for token in tokens:
                assert client.call("GET", f"{notes}?per_page=100", token=token).status == 200

        on_each_worker(client, cache_on)
        race([partial(work, 0), partial(work, 1)])
        final = [
            {
                item["id"]
                for item in client.call("GET", f"{notes}?per_page=100", token=token).body["data"]
            }
            for token in tokens
        ]

    for user in (0, 1):
        others = owned[1 - user]
        leaked = [shown_list for shown_list in listed[user] if shown_list & others]
        assert leaked == [], f"user {user} was listed another user's notes: {leaked}"
        assert all(shown_list <= owned[user] for shown_list in listed[user])
        assert final[user] == owned[user], f"user {user}: {final[user]} != {owned[user]}"
    print(f"private notes: {len(owned[0])} and {len(owned[1])} notes, 0 leaked across users")
