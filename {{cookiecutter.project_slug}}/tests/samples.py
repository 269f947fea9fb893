"""Values of each field type in ascending order, and one a list refuses, for the tests
of the lists' filters and sort (``tests/test_<domain>/test_lists.py``)."""

from __future__ import annotations

import datetime
import decimal
import uuid
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy.orm import DeclarativeBase

from tests.factories import ModelFactory

# Chosen to sort alike in Python and in any database collation; bool has two values.
ASCENDING: dict[str, list[Any]] = {
    "str": ["alpha", "bravo", "charlie"],
    "text": ["alpha", "bravo", "charlie"],
    "int": [1, 2, 3],
    "float": [1.5, 2.5, 3.5],
    "decimal": [decimal.Decimal("1.50"), decimal.Decimal("2.50"), decimal.Decimal("3.50")],
    "bool": [False, True, True],
    "date": [datetime.date(2024, 1, 1), datetime.date(2024, 6, 1), datetime.date(2025, 1, 1)],
    "datetime": [
        datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC),
        datetime.datetime(2024, 6, 1, 12, 30, tzinfo=datetime.UTC),
        datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC),
    ],
    "uuid": [uuid.UUID(int=1), uuid.UUID(int=2), uuid.UUID(int=3)],
}
# A query value of the wrong shape for each type.
MALFORMED = {
    "str": "\x00",
    "text": "\x00",
    "int": "1.5",
    "float": "nan",
    "decimal": "ten",
    "bool": "maybe",
    "date": "2024-02-30",
    "datetime": "2024-05-01T12:00:00",  # no offset
    "uuid": "not-a-uuid",
}

# A field's sample: its type, or for a ref the factory of the rows it points at.
Sample = str | type[ModelFactory]


def ascending(sample: Sample) -> list[Any]:
    """Three values in ascending order; for a ref, three new rows by id."""
    if isinstance(sample, str):
        return ASCENDING[sample]
    return sorted(sample.create_batch(3), key=lambda row: str(row.id))


def malformed(sample: Sample) -> str:
    return MALFORMED[sample if isinstance(sample, str) else "uuid"]


def as_query(value: object) -> str:
    """A value as a query string spells it."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, DeclarativeBase):
        return str(value.id)  # type: ignore[attr-defined]
    return str(value)


def listed(client: FlaskClient, url: str, query: dict[str, Any]) -> list[str]:
    """The ids a list answers with, in its order, on one page of 100."""
    response = client.get(url, query_string={"per_page": 100, **query})
    assert response.status_code == 200, response.get_json()
    return [item["id"] for item in response.get_json()["data"]]
