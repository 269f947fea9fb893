"""The lists' indexes (``filter``, ``private``): migration 0001 creates each index that
serves a list, and the SELECTs the app sends for its lists use them.

A script run inside the bake signs up, seeds rows, sends each list request through
the app (``create_app`` and its test client) and EXPLAINs every SELECT the request
sent, on the same connection and with the same parameters, as SQLAlchemy sent it: a
change to the app's queries or to its indexes shows here. SQLite is EXPLAINed without
statistics, as a freshly migrated file is; PostgreSQL, a real server, with 50,000
rows a table, analyzed, so that its planner weighs indexes against scans as it would
in production.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import sys
from collections.abc import Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode
from uuid import UUID

import psycopg
import pytest

from tests.helpers import BakeVariant, clean_env, run_ok
from tests.served import migrate
from tests.servers import Postgres

SQLITE = "list_filters"
POSTGRES = "list_filters_postgres"
TABLES = ("authors", "books", "notes")
PG_ROWS = 50_000

# Migration 0001's indexes of the three domains, as issue 15 specifies them:
# table -> index -> columns. Both databases have these b-trees.
BTREES: dict[str, dict[str, tuple[str, ...]]] = {
    "authors": {  # no fields: its list filters on name:str
        "ix_authors_created_at": ("created_at", "id"),
        "ix_authors_name": ("name", "id"),
        "ix_authors_owner_id": ("owner_id",),  # the owner's foreign key
    },
    "books": {
        "ix_books_created_at": ("created_at", "id"),
        "ix_books_title": ("title", "id"),
        "ix_books_pages": ("pages", "id"),
        "ix_books_rating": ("rating", "id"),
        "ix_books_in_print": ("in_print", "id"),
        "ix_books_released": ("released", "id"),
        "ix_books_published_at": ("published_at", "id"),
        "ix_books_isbn": ("isbn", "id"),
        "ix_books_price": ("price", "id"),
        "ix_books_author_id": ("author_id", "id"),  # also serves its foreign key
        "ix_books_edition": ("edition",),  # nullable: no sort, no tiebreak
        "ix_books_owner_id": ("owner_id",),
        # remark:str? has no filter, so no index.
    },
    "notes": {  # private: the owner leads, and no index of the owner alone
        "ix_notes_owner_id_created_at": ("owner_id", "created_at", "id"),
        "ix_notes_owner_id_topic": ("owner_id", "topic", "id"),
        "ix_notes_owner_id_due": ("owner_id", "due"),
        "ix_notes_owner_id_book_id": ("owner_id", "book_id", "id"),
        "ix_notes_book_id": ("book_id",),  # the foreign key
    },
}
# Text filters: a b-tree on SQLite; on PostgreSQL only the trigram index below.
SQLITE_TEXT_INDEXES: dict[str, dict[str, tuple[str, ...]]] = {
    "authors": {},
    "books": {"ix_books_summary": ("summary",)},
    "notes": {"ix_notes_owner_id_body": ("owner_id", "body")},
}
# PostgreSQL: a pg_trgm GIN index on each str or text field that ?q= searches.
TRIGRAMS = {"authors": ("name",), "books": ("title", "summary"), "notes": ("topic", "body")}

# Run with ``python -c`` in the bake, with a spec file and the file to write results
# to: register and sign in, run the seed statements (``:owner_id`` is the user's id),
# then GET each request and EXPLAIN each SELECT it sends before it is sent.
EXPLAIN_SCRIPT = """
import json, sys, uuid
from urllib.parse import urlencode
from sqlalchemy import Uuid, bindparam, event, text
from app import create_app
from app.extensions import db

with open(sys.argv[1], encoding="utf-8") as spec_file:
    spec = json.load(spec_file)
app = create_app()
recording = []

def explain(cursor, statement, parameters):
    raw = cursor.connection.cursor()
    try:
        raw.execute(spec["explain"] + statement, parameters)
        rows = raw.fetchall()
    finally:
        raw.close()
    if len(rows[0]) == 1:  # PostgreSQL: the lines of the plan
        return [row[0] for row in rows]
    depth, lines = {0: -1}, []  # SQLite: id, parent, -, detail
    for node, parent, _, detail in rows:
        depth[node] = depth.get(parent, -1) + 1
        lines.append("  " * depth[node] + detail)
    return lines

def record(_connection, cursor, statement, parameters, *_rest):
    if recording and statement.lstrip().upper().startswith("SELECT"):
        plan = explain(cursor, statement, parameters)
        recording[-1].append({"sql": statement, "plan": plan})

client = app.test_client()
credentials = {"email": "lister@example.com", "password": "a long enough password"}
registered = client.post("/api/v1/auth/register", json=credentials)
assert registered.status_code == 201, registered.get_json()
signed_in = client.post("/api/v1/auth/login", json=credentials)
assert signed_in.status_code == 200, signed_in.get_json()
headers = {"Authorization": "Bearer " + signed_in.get_json()["data"]["access_token"]}
owner_id = uuid.UUID(registered.get_json()["data"]["id"])
with app.app_context():
    for sql in spec["seed"]:
        statement = text(sql)
        if ":owner_id" in sql:
            statement = statement.bindparams(bindparam("owner_id", owner_id, type_=Uuid()))
        db.session.execute(statement)
    db.session.commit()
    event.listen(db.engine, "before_cursor_execute", record)

results = {}
for name, path, after in spec["requests"]:
    if after is not None:
        cursor = (results[after].get("meta") or {}).get("next_cursor")
        if not cursor:
            results[name] = {"error": f"the page of {after!r} has no next_cursor"}
            continue
        path += "&" + urlencode({"cursor": cursor})
    recording.append([])
    response = client.get(path, headers=headers)
    body = response.get_json()
    results[name] = {
        "path": path,
        "status": response.status_code,
        "error": None if response.status_code == 200 else body,
        "rows": len(body.get("data") or []),
        "meta": body.get("meta"),
        "statements": recording.pop(),
    }
with open(sys.argv[2], "w", encoding="utf-8") as out:
    json.dump(results, out)
"""


@dataclass(frozen=True)
class Case:
    """A list request, and patterns (``re.search``) that lines of the plan of its page
    must match: each pattern a line. ``count``: the same for its COUNT, which numbered
    pages send and cursor pages do not. ``ordered``: the index gives the order, so no
    step sorts. ``after``: a cursor page, from the next_cursor of that case's page."""

    name: str
    path: str
    page: tuple[str, ...] = ()
    count: tuple[str, ...] = ()
    ordered: bool = False
    after: str | None = None


def list_path(domain: str, **parameters: str | int) -> str:
    return f"/api/v1/{domain}?{urlencode(parameters)}"


def line(text: str) -> str:
    """A pattern for a whole plan line that reads ``text``."""
    return f"^{re.escape(text)}$"


def scan(table: str, index: str) -> str:
    """SQLite walks the whole index ``index`` in its order (stopping at the LIMIT)."""
    return line(f"SCAN {table} USING INDEX {index}")


def search(table: str, index: str, constraint: str, covering: bool = False) -> str:
    """SQLite seeks ``constraint`` in ``index``."""
    using = "COVERING INDEX" if covering else "INDEX"
    return line(f"SEARCH {table} USING {using} {index} ({constraint})")


# SQLite: the seed's rows are i = 1..12; books and notes hold the same i.
SQLITE_ROWS = 12
PER_PAGE = 5
SERIES = f"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {SQLITE_ROWS}) "
# As SQLAlchemy stores them on SQLite: UUID(int=x) as 32 hex digits, UTC times as text.
SQLITE_UUID = "printf('%032x', {})"
SQLITE_TIME = "strftime('%Y-%m-%d %H:%M:%S.000000', '2024-01-01', '+' || i || ' minutes')"
SQLITE_SEED = [
    SERIES + "INSERT INTO authors (id, created_at, updated_at, row_version, name, owner_id) "
    f"SELECT {SQLITE_UUID.format('i')}, {SQLITE_TIME}, {SQLITE_TIME}, 1, 'author ' || i, "
    ":owner_id FROM n",
    SERIES + "INSERT INTO books (id, created_at, updated_at, row_version, title, summary, "
    "pages, rating, in_print, released, published_at, isbn, price, author_id, edition, "
    f"remark, owner_id) SELECT {SQLITE_UUID.format('1000 + i')}, {SQLITE_TIME}, "
    f"{SQLITE_TIME}, 1, 'title ' || i, 'summary ' || i, i, i * 0.5, i % 2, "
    f"date('2024-01-01', '+' || i || ' days'), {SQLITE_TIME}, "
    f"{SQLITE_UUID.format('2000 + i')}, i * 1.25, {SQLITE_UUID.format('1 + i % 3')}, "
    "i % 4, NULL, :owner_id FROM n",
    SERIES + "INSERT INTO notes (id, created_at, updated_at, row_version, topic, body, due, "
    f"book_id, owner_id) SELECT {SQLITE_UUID.format('3000 + i')}, {SQLITE_TIME}, "
    f"{SQLITE_TIME}, 1, 'topic ' || i, 'body ' || i, date('2024-01-01', '+' || i || ' days'), "
    f"{SQLITE_UUID.format('1000 + i')}, :owner_id FROM n",
]
# Each filter of books -> a value that rows of the seed hold (those of i = 3 mostly),
# and the filter's operators besides equality.
BOOK_FILTERS: dict[str, tuple[str, tuple[str, ...]]] = {
    "title": ("title 3", ("in",)),
    "summary": ("summary 3", ()),
    "pages": ("3", ("gte", "lte", "in")),
    "rating": ("1.5", ("gte", "lte")),
    "in_print": ("true", ()),
    "released": ("2024-01-04", ("gte", "lte")),
    "published_at": ("2024-01-01T00:03:00+00:00", ("gte", "lte")),
    "isbn": (str(UUID(int=2003)), ("in",)),
    "price": ("3.75", ("gte", "lte")),
    "author_id": (str(UUID(int=1)), ("in",)),
    "edition": ("2", ("gte", "lte", "in")),
}
BOOK_SORTS = (
    *("title", "pages", "rating", "in_print", "released", "published_at", "isbn", "price"),
    *("author_id", "created_at"),
)
NOTE_FILTERS = {
    "topic": "topic 3",
    "body": "body 3",
    "due": "2024-01-04",
    "book_id": str(UUID(int=1003)),
}
NOTE_SORTS = ("topic", "book_id", "created_at")
# A private list seeks the owner in an index that leads with it; which one the COUNT
# takes is SQLite's choice (the smallest).
OWNER_SEEK = r"^SEARCH notes USING INDEX ix_notes_owner_id_\w+ \(owner_id=\?"
OWNER_COUNT = r"^SEARCH notes USING COVERING INDEX ix_notes_owner_id_\w+ \(owner_id=\?\)$"


def sqlite_cases() -> Iterator[Case]:
    newest = "books, newest first"
    path = list_path("books", per_page=PER_PAGE)
    yield Case(newest, path, (scan("books", "ix_books_created_at"),), ordered=True)
    after = search("books", "ix_books_created_at", "(created_at,id)<(?,?)")
    yield Case(f"{newest}, next page", path, (after,), ordered=True, after=newest)
    for key, (value, operators) in BOOK_FILTERS.items():
        for operator in ("", *operators):
            parameter = f"{key}__{operator}" if operator else key
            sign = {"gte": ">", "lte": "<"}.get(operator, "=")  # SQLite writes >= as >
            counted = search("books", f"ix_books_{key}", f"{key}{sign}?", covering=True)
            # A range: SQLite may rather walk ix_books_created_at, the page's order.
            seeks = (search("books", f"ix_books_{key}", f"{key}=?"),) if sign == "=" else ()
            path = list_path("books", **{parameter: value})
            yield Case(f"books, {parameter}={value}", path, seeks, (counted,))
    for key in BOOK_SORTS:
        for sort in (key, f"-{key}"):
            name = f"books, sort={sort}"
            path = list_path("books", per_page=PER_PAGE, sort=sort)
            yield Case(name, path, (scan("books", f"ix_books_{key}"),), ordered=True)
            bound = f"({key},id){'<' if sort.startswith('-') else '>'}(?,?)"
            after = search("books", f"ix_books_{key}", bound)
            yield Case(f"{name}, next page", path, (after,), ordered=True, after=name)

    newest = "notes, newest first"
    path = list_path("notes", per_page=PER_PAGE)
    seek = search("notes", "ix_notes_owner_id_created_at", "owner_id=?")
    yield Case(newest, path, (seek,), (OWNER_COUNT,), ordered=True)
    bound = "owner_id=? AND (created_at,id)<(?,?)"
    after = search("notes", "ix_notes_owner_id_created_at", bound)
    yield Case(f"{newest}, next page", path, (after,), ordered=True, after=newest)
    for key, value in NOTE_FILTERS.items():
        # Without statistics SQLite pages by ix_notes_owner_id_created_at, filtering
        # the owner's rows; its COUNT seeks (owner_id, key).
        bound = f"owner_id=? AND {key}=?"
        counted = search("notes", f"ix_notes_owner_id_{key}", bound, covering=True)
        path = list_path("notes", **{key: value})
        yield Case(f"notes, {key}={value}", path, (OWNER_SEEK,), (counted,))
    for key in NOTE_SORTS:
        for sort in (key, f"-{key}"):
            seek = search("notes", f"ix_notes_owner_id_{key}", "owner_id=?")
            path = list_path("notes", per_page=PER_PAGE, sort=sort)
            yield Case(f"notes, sort={sort}", path, (seek,), (OWNER_COUNT,), ordered=True)


# PostgreSQL: PG_ROWS books and notes; one note in 50 is the signed-in user's, the
# rest belong to 200 other users.
def pg_uuid(number: str) -> str:
    return f"lpad(to_hex({number}), 32, '0')::uuid"


PG_TIME = "timestamptz '2024-01-01' + i * interval '1 minute'"
PG_SEED = [
    "INSERT INTO users (id, created_at, updated_at, row_version, email, password_hash, "
    f"is_active, is_admin) SELECT {pg_uuid('i')}, {PG_TIME}, {PG_TIME}, 1, "
    "'user' || i || '@example.com', 'not a hash', true, false FROM generate_series(1, 200) i",
    "INSERT INTO authors (id, created_at, updated_at, row_version, name, owner_id) "
    f"SELECT {pg_uuid('i')}, {PG_TIME}, {PG_TIME}, 1, 'author ' || i, :owner_id "
    "FROM generate_series(1, 100) i",
    "INSERT INTO books (id, created_at, updated_at, row_version, title, summary, pages, "
    "rating, in_print, released, published_at, isbn, price, author_id, edition, remark, "
    f"owner_id) SELECT {pg_uuid('1000000 + i')}, {PG_TIME}, {PG_TIME}, 1, "
    "'title ' || left(md5('t' || i), 10), 'summary ' || left(md5('s' || i), 10), "
    "i % 1000, (i % 500) / 10.0, i % 2 = 0, date '2020-01-01' + i % 2000, "
    f"{PG_TIME}, md5('isbn' || i)::uuid, (i % 10000) / 100.0, {pg_uuid('1 + i % 100')}, "
    f"nullif(i % 5, 0), NULL, :owner_id FROM generate_series(1, {PG_ROWS}) i",
    "INSERT INTO notes (id, created_at, updated_at, row_version, topic, body, due, book_id, "
    f"owner_id) SELECT {pg_uuid('2000000 + i')}, {PG_TIME}, {PG_TIME}, 1, "
    "'topic ' || left(md5('n' || i), 10), 'body ' || left(md5('b' || i), 10), "
    f"date '2024-01-01' + i % 400, {pg_uuid('1000001 + i % 1000')}, "
    f"CASE WHEN i % 50 = 0 THEN :owner_id ELSE {pg_uuid('1 + i % 200')} END "
    f"FROM generate_series(1, {PG_ROWS}) i",
    "ANALYZE",
]


def seeded(text: str, i: int, length: int = 10) -> str:
    """The md5 digits the PostgreSQL seed puts in row i's text column."""
    return hashlib.md5(f"{text}{i}".encode()).hexdigest()[:length]


BOOK_TITLE = f"title {seeded('t', 7)}"
NOTE_TOPIC = f"topic {seeded('n', 100)}"  # the user's: 100 % 50 == 0
SEARCHED = seeded("t", 7, length=6)  # in the title of book 7


def pg_scan(index: str, table: str, backward: bool = False) -> str:
    return re.escape(f"Index Scan {'Backward ' if backward else ''}using {index} on {table} ")


def pg_cond(condition: str) -> str:
    return re.escape(f"Index Cond: {condition}")


def postgres_cases() -> Iterator[Case]:
    newest = "books, newest first"
    path = list_path("books", per_page=20)
    walk = pg_scan("ix_books_created_at", "books", backward=True)
    yield Case(newest, path, (walk,), ordered=True)
    after = pg_cond("(ROW(created_at, id) < ROW(")
    yield Case(f"{newest}, next page", path, (walk, after), ordered=True, after=newest)
    path = list_path("books", per_page=20, pages__gte=990, sort="pages")
    walk, bound = pg_scan("ix_books_pages", "books"), pg_cond("(pages >= 990)")
    yield Case("books, pages__gte=990, sort=pages", path, (walk, bound), ordered=True)
    path = list_path("books", per_page=20, price__lte="5", sort="-price")
    walk, bound = pg_scan("ix_books_price", "books", backward=True), pg_cond("(price <= 5.00)")
    yield Case("books, price__lte=5, sort=-price", path, (walk, bound), ordered=True)
    path = list_path("books", title=BOOK_TITLE)
    yield Case(f"books, title={BOOK_TITLE}", path, (pg_scan("ix_books_title", "books"),))
    trigrams = tuple(
        re.escape(f"Bitmap Index Scan on ix_books_{key}_trgm ") for key in ("title", "summary")
    )
    yield Case(f"books, q={SEARCHED}", list_path("books", q=SEARCHED), trigrams, trigrams)

    newest = "notes, newest first"
    path = list_path("notes", per_page=20)
    walk = pg_scan("ix_notes_owner_id_created_at", "notes", backward=True)
    yield Case(newest, path, (walk, pg_cond("(owner_id = ")), ordered=True)
    after = pg_cond("((owner_id = ") + r".* AND \(ROW\(created_at, id\) < ROW\("
    yield Case(f"{newest}, next page", path, (walk, after), ordered=True, after=newest)
    path = list_path("notes", topic=NOTE_TOPIC)
    seek = pg_scan("ix_notes_owner_id_topic", "notes")
    yield Case(f"notes, topic={NOTE_TOPIC}", path, (seek,))
    path = list_path("notes", per_page=20, sort="-topic")
    walk = pg_scan("ix_notes_owner_id_topic", "notes", backward=True)
    yield Case("notes, sort=-topic", path, (walk,), ordered=True)


def explain_lists(
    project: Path, env: dict[str, str], root: Path, seed: list[str], cases: Iterable[Case]
) -> dict[str, Any]:
    """Run EXPLAIN_SCRIPT in ``project``: each case's name -> what its request gave."""
    explain = "EXPLAIN " if "postgresql" in env["DATABASE_URL"] else "EXPLAIN QUERY PLAN "
    requests = [(case.name, case.path, case.after) for case in cases]
    spec = root / "spec.json"
    spec.write_text(json.dumps({"explain": explain, "seed": seed, "requests": requests}))
    out = root / "results.json"
    run_ok([sys.executable, "-c", EXPLAIN_SCRIPT, spec, out], project, env)
    results: dict[str, Any] = json.loads(out.read_text())
    return results


def show(statement: dict[str, Any]) -> str:
    plan = "\n".join(f"    {plan_line}" for plan_line in statement["plan"])
    return f"  {statement['sql']}\n{plan}"


def problems_of(case: Case, result: dict[str, Any], table: str, bad_lines: str) -> list[str]:
    """What is wrong with the plans of ``case``'s request; ``bad_lines``: a pattern
    that no line of its plans may match."""
    if result.get("status") != 200 or not result.get("rows"):
        return [f"{case.name}: no rows, or not 200: {json.dumps(result)[:2000]}"]
    statements = result["statements"]
    pages = [s for s in statements if s["sql"].startswith(f"SELECT {table}.")]
    counts = [s for s in statements if s["sql"].startswith("SELECT count(")]
    if len(pages) != 1 or len(counts) != (0 if case.after else 1):
        everything = "\n".join(map(show, statements))
        return [f"{case.name}: not one page and one COUNT (none for a cursor):\n{everything}"]
    problems = []
    # A COUNT of the whole list reads it all: its plan is checked where the case says.
    checks = [(pages[0], case.page), *((count, case.count) for count in counts if case.count)]
    for statement, patterns in checks:
        lines = [plan_line.strip() for plan_line in statement["plan"]]
        missing = [p for p in patterns if not any(re.search(p, text) for text in lines)]
        bad = [text for text in lines if re.search(bad_lines, text)]
        if statement is pages[0] and case.ordered:
            bad += [text for text in lines if "TEMP B-TREE" in text or "Sort Key" in text]
        if missing or bad:
            wanted = [re.sub(r"\\(.)", r"\1", pattern) for pattern in missing]  # unescaped
            problems.append(f"{case.name}: missing {wanted}, unwanted {bad}:\n{show(statement)}")
    return problems


def check_plans(cases: list[Case], results: dict[str, Any], bad_lines: str) -> None:
    problems = []
    for case in cases:
        table = case.path.removeprefix("/api/v1/").partition("?")[0]
        problems += problems_of(case, results[case.name], table, bad_lines)
    assert not problems, f"{len(problems)} of {len(cases)} lists:\n\n" + "\n\n".join(problems)


def expected_sqlite_indexes() -> dict[str, dict[str, tuple[str, ...]]]:
    return {table: BTREES[table] | SQLITE_TEXT_INDEXES[table] for table in TABLES}


def expected_postgres_indexes() -> dict[str, dict[str, str]]:
    """Table -> index -> its method and columns, as pg_indexes writes them."""
    expected = {}
    for table in TABLES:
        btrees = {name: f"btree ({', '.join(columns)})" for name, columns in BTREES[table].items()}
        trigrams = {
            f"ix_{table}_{column}_trgm": f"gin ({column} gin_trgm_ops)"
            for column in TRIGRAMS[table]
        }
        expected[table] = btrees | trigrams
    return expected


@pytest.fixture(scope="module")
def sqlite_lists(
    bake_variant: BakeVariant, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, Path, dict[str, str]]:
    """The SQLite bake, its database file migrated to 0001, and its environment."""
    project = bake_variant(SQLITE)
    root = tmp_path_factory.mktemp("sqlite-lists")
    database = root / "lists.db"
    # Every request must reach the database: a page from the bake's file cache shows no plan.
    env = clean_env(
        APP_ENV="development", DATABASE_URL=f"sqlite:///{database}", CACHE_TYPE="NullCache"
    )
    migrate(project, env)
    return project, database, env


@pytest.fixture(scope="module")
def postgres_lists(
    bake_variant: BakeVariant, postgres: Postgres, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, str, dict[str, str]]:
    """The PostgreSQL bake, a database of its own migrated to 0001, and its environment."""
    project = bake_variant(POSTGRES)
    url = postgres.create_database("list_queries")
    env = clean_env(APP_ENV="development", DATABASE_URL=url)
    migrate(project, env)
    return project, url, env


def test_sqlite_migration_creates_the_list_indexes(
    sqlite_lists: tuple[Path, Path, dict[str, str]],
) -> None:
    _project, database, _env = sqlite_lists
    found: dict[str, dict[str, tuple[str, ...]]] = {}
    with closing(sqlite3.connect(database)) as connection:
        for table in TABLES:
            names = [row[1] for row in connection.execute(f"PRAGMA index_list({table})")]
            found[table] = {
                name: tuple(row[2] for row in connection.execute(f"PRAGMA index_info({name})"))
                for name in names
                if name.startswith("ix_")
            }
    assert found == expected_sqlite_indexes()


def test_postgres_migration_creates_the_list_indexes(
    postgres_lists: tuple[Path, str, dict[str, str]],
) -> None:
    _project, url, _env = postgres_lists
    query = (
        "SELECT tablename, indexname, indexdef FROM pg_indexes "
        "WHERE schemaname = 'public' AND tablename = ANY(%s) AND indexname LIKE 'ix\\_%%'"
    )
    found: dict[str, dict[str, str]] = {table: {} for table in TABLES}
    with psycopg.connect(url.replace("+psycopg", "")) as connection:
        for table, name, definition in connection.execute(query, [list(TABLES)]):
            found[table][name] = definition.partition(" USING ")[2]
    assert found == expected_postgres_indexes()


def test_sqlite_lists_use_their_indexes(
    sqlite_lists: tuple[Path, Path, dict[str, str]], tmp_path: Path
) -> None:
    """Each filter seeks its index, each sort walks its own, cursor pages seek the
    row-value bound, and the private list only the owner's rows; nothing reads a
    whole table (a bare ``SCAN t``), and what an index orders is not sorted again."""
    project, _database, env = sqlite_lists
    cases = list(sqlite_cases())
    results = explain_lists(project, env, tmp_path, SQLITE_SEED, cases)
    check_plans(cases, results, bad_lines=r"^SCAN \w+$")


def test_postgres_lists_use_their_indexes(
    postgres_lists: tuple[Path, str, dict[str, str]], tmp_path: Path
) -> None:
    """Newest first and its cursor page, a filter with a sort, ?q= by the trigram
    indexes, and the private list by its owner, on analyzed tables of PG_ROWS rows."""
    project, _url, env = postgres_lists
    cases = list(postgres_cases())
    results = explain_lists(project, env, tmp_path, PG_SEED, cases)
    check_plans(cases, results, bad_lines=r"Seq Scan on (books|notes) ")
