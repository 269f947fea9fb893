"""Tests for the list of {{ domain.label_plural }}: filters, search, sort, and pages by number
and by cursor."""

from __future__ import annotations

{% if domain.private %}
import functools
{% endif %}
from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient

from app.models import {{ ([domain.class_name] + (["User"] if domain.private else [])) | join(", ") }}
{% set listing = domain.listing %}
from tests.factories import {{ ([domain.class_name ~ "Factory"] + listing.sample_factories) | unique | sort | join(", ") }}
from tests.helpers import count_queries
from tests.samples import Sample, as_query, ascending, listed, malformed

URL = "/api/v1/{{ domain.name }}"
{% set client = "signed_in_client" if use_jwt else "client" %}
# Each key the list filters or sorts on -> (the factory's argument for it, its sample).
KEYS: dict[str, tuple[str, Sample]] = {
{% for key, (argument, sample) in listing.samples.items() %}
    "{{ key }}": ("{{ argument }}", {{ sample }}),
{% endfor %}
}
SORT_KEYS = [
    "created_at",
{% for key in listing.sort_keys %}
    "{{ key }}",
{% endfor %}
]
{% if listing.filters %}
FILTERS: list[str] = [
{% for parameter in listing.filters %}
    "{{ parameter }}",
{% endfor %}
]
{% else %}
FILTERS: list[str] = []
{% endif %}
{% if listing.searched %}
SEARCHED = [{% for name in listing.searched %}"{{ name }}"{{ ", " if not loop.last }}{% endfor %}]
{% endif %}
Create = Callable[..., {{ domain.class_name }}]


@pytest.fixture
{% if domain.private %}
def create(user: User) -> Create:
    """Make a {{ domain.label }} of the signed-in user's: the list shows no one else's."""
    return functools.partial({{ domain.class_name }}Factory.create, owner=user)
{% else %}
def create() -> Create:
    """Make a {{ domain.label }}."""
    return {{ domain.class_name }}Factory.create
{% endif %}


def test_numbered_pages_are_newest_first(
    {{ client }}: FlaskClient,
    create: Create,
) -> None:
    created = [create() for _ in range(3)]

    body = {{ client }}.get(URL, query_string={"page": 1, "per_page": 2}).get_json()
    last = {{ client }}.get(URL, query_string={"page": 2, "per_page": 2}).get_json()

    assert [item["id"] for item in body["data"]] == [str(created[2].id), str(created[1].id)]
    assert {**body["meta"], "next_cursor": "..."} == {
        "page": 1,
        "per_page": 2,
        "total": 3,
        "pages": 2,
        "next_cursor": "...",
    }
    assert body["meta"]["next_cursor"]
    assert last["meta"]["next_cursor"] is None


@pytest.mark.parametrize("sort", ["-created_at", "created_at", f"-{SORT_KEYS[-1]}"])
def test_a_cursor_walk_sees_each_row_once_while_rows_are_written(
    {{ client }}: FlaskClient, create: Create, sort: str
) -> None:
    moment = ascending("datetime")[1]  # rows made at one moment: only the id orders them
    existing = {str(create(created_at=moment).id) for _ in range(7)}
    seen: list[str] = []
    totals: list[int | None] = []
    query: dict[str, Any] = {"sort": sort, "per_page": 3}

    while True:
        body = {{ client }}.get(URL, query_string=query).get_json()
        seen += [item["id"] for item in body["data"]]
        totals.append(body["meta"]["total"])
        create()  # written during the walk: newer, or anywhere in this sort
        if body["meta"]["next_cursor"] is None:
            break
        query["cursor"] = body["meta"]["next_cursor"]

    assert len(seen) == len(set(seen))
    assert existing <= set(seen)
    assert totals[0] is not None
    assert set(totals[1:]) == {None}  # cursor pages count nothing


def test_a_sort_may_repeat_the_parameter_instead_of_joining_its_keys(
    {{ client }}: FlaskClient,
    create: Create,
) -> None:
    for _ in range(4):
        create()
    keys = [*SORT_KEYS[1:2], "-created_at"]

    repeated = listed({{ client }}, URL, {"sort": keys})
    assert repeated == listed({{ client }}, URL, {"sort": ",".join(keys)})


@pytest.mark.parametrize("key", SORT_KEYS)
def test_sort_orders_by_the_key_then_by_id(
    {{ client }}: FlaskClient,
    create: Create,
    key: str,
) -> None:
    argument, sample = KEYS[key]
    values = ascending(sample)
    positions = [2, 0, 1, 1, 0]
    rows = [create(**{argument: values[position]}) for position in positions]
    rank = [values.index(values[position]) for position in positions]

    ascending_ids = listed({{ client }}, URL, {"sort": key})
    descending_ids = listed({{ client }}, URL, {"sort": f"-{key}"})

    by_key_then_id = sorted(zip(rank, [str(row.id) for row in rows], strict=True))
    assert ascending_ids == [row_id for _, row_id in by_key_then_id]
    assert descending_ids == ascending_ids[::-1]
{% if listing.filters %}


@pytest.mark.parametrize("parameter", FILTERS)
def test_each_filter_keeps_the_rows_it_names(
    {{ client }}: FlaskClient, create: Create, parameter: str
) -> None:
    key, _, operator = parameter.partition("__")
    argument, sample = KEYS[key]
    values = ascending(sample)
    rows = [create(**{argument: value}) for value in values]
    rank = [values.index(value) for value in values]
    asked = [values[0], values[2]] if operator == "in" else [values[1]]
    keeps: dict[str, Callable[[int], bool]] = {
        "": lambda row_rank: row_rank == rank[1],
        "gte": lambda row_rank: row_rank >= rank[1],
        "lte": lambda row_rank: row_rank <= rank[1],
        "in": lambda row_rank: row_rank in {rank[0], rank[2]},
    }

    found = listed({{ client }}, URL, {parameter: [as_query(value) for value in asked]})

    kept = [row for row, row_rank in zip(rows, rank, strict=True) if keeps[operator](row_rank)]
    assert sorted(found) == sorted(str(row.id) for row in kept)
{% endif %}
{% if listing.searched %}


def test_search_finds_the_text_in_any_case(
    {{ client }}: FlaskClient,
    create: Create,
) -> None:
    rows = [create(**dict.fromkeys(SEARCHED, word)) for word in ("alpha", "bravo", "charlie")]

    assert listed({{ client }}, URL, {"q": "RAV"}) == [str(rows[1].id)]
    assert listed({{ client }}, URL, {"q": "h_"}) == []  # _ and % match themselves only
    assert listed({{ client }}, URL, {"q": "%"}) == []
{% endif %}


def test_a_list_runs_the_same_statements_whatever_it_is_asked(
    {{ client }}: FlaskClient, create: Create
) -> None:
    for _ in range(30):
        create()
    middle = {key: as_query(ascending(sample)[1]) for key, (_, sample) in KEYS.items()}
    by_number: list[dict[str, Any]] = [
        {"per_page": 1},
        {"per_page": 100},
        *({"sort": f"-{key}"} for key in SORT_KEYS),
        *({parameter: middle[parameter.partition("__")[0]]} for parameter in FILTERS),
{% if listing.searched %}
        {"q": "a"},
{% endif %}
    ]
    first_page = {{ client }}.get(URL, query_string={"per_page": 5}).get_json()
    cursor = first_page["meta"]["next_cursor"]
    by_cursor = [{"cursor": cursor, "per_page": size} for size in (1, 5, 100)]

    def statements(query: dict[str, Any]) -> int:
        with count_queries() as ran:
            assert {{ client }}.get(URL, query_string=query).status_code == 200
        return len(ran)

    assert len({statements(query) for query in by_number}) == 1
    assert len({statements(query) for query in by_cursor}) == 1


def malformed_value(parameter: str) -> str:
    return malformed(KEYS[parameter.partition("__")[0]][1])


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ({"per_page": "101"}, "per_page"),
        ({"per_page": "0"}, "per_page"),
        ({"page": "-1"}, "page"),
        ({"page": "x"}, "page"),
        ({"sort": "nothing"}, "sort"),
        ({"sort": "created_at,created_at,created_at,created_at"}, "sort"),
        ({"sort": ""}, "sort"),
        ({"cursor": "not-a-cursor"}, "cursor"),
{% if listing.searched %}
        ({"q": ""}, "q"),
        ({"q": "x" * 101}, "q"),
{% endif %}
        ({"unknown": "1"}, "unknown"),
        *(({parameter: [malformed_value(parameter)]}, parameter) for parameter in FILTERS),
        *(({parameter: ["1"] * 51}, parameter) for parameter in FILTERS if "__in" in parameter),
    ],
)
def test_a_bad_parameter_is_422_naming_it(
    {{ client }}: FlaskClient, query: dict[str, Any], parameter: str
) -> None:
    response = {{ client }}.get(URL, query_string=query)

    assert response.status_code == 422
    assert parameter in response.get_json()["error"]["details"]


def test_a_cursor_pages_only_the_sort_it_was_made_for(
    {{ client }}: FlaskClient,
    create: Create,
) -> None:
    for _ in range(3):
        create()
    meta = {{ client }}.get(URL, query_string={"per_page": 1}).get_json()["meta"]
    cursor = meta["next_cursor"]
    payload, signature = cursor.rsplit(".", 1)

    other_sort = {{ client }}.get(URL, query_string={"cursor": cursor, "sort": "created_at"})
    with_a_page = {{ client }}.get(URL, query_string={"cursor": cursor, "page": 1})
    tampered = {{ client }}.get(URL, query_string={"cursor": f"{payload}.{signature[::-1]}"})

    assert [other_sort.status_code, with_a_page.status_code, tampered.status_code] == [422] * 3
    assert "cursor" in other_sort.get_json()["error"]["details"]
