"""Filters, search, sort and pages of the domains' lists: one query shape for all.

A domain's ``<Name>ListQuerySchema`` declares what its list takes: ``title=``
(equality), ``price__gte=`` and ``price__lte=`` (ranges), ``tag__in=a&tag__in=b``
(any of), ``q=`` (a case-insensitive search of its text fields), ``sort=`` and a
page. ``Listing.page`` turns those into one SELECT, plus a COUNT for numbered pages.

Two ways to page. Numbered pages (``page=``) count the rows and skip the ones before
the page: the cost grows with the page number, fine for tables of thousands. Cursor
pages (``cursor=``, from ``meta.next_cursor``) start right after the last row sent,
through the index that serves the sort (keyset pagination): every page costs what the
first costs, and rows written during a walk neither repeat nor push rows out. The
cursor holds that row's sort key, signed with the app's secret key.
"""

from __future__ import annotations

import datetime
import decimal
import operator
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from marshmallow import RAISE, Schema, ValidationError, fields, post_load, validate
from sqlalchemy import ColumnElement, Select, and_, literal, or_, tuple_
from sqlalchemy.orm import InstrumentedAttribute
from sqlalchemy.types import TypeDecorator
from webargs.fields import DelimitedList

from app.api.fields import Text
from app.api.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE, MAX_PAGE_SIZE
from app.extensions import db

DEFAULT_SORT = ("-created_at",)
MAX_SORT_KEYS = 3
MAX_IN_VALUES = 50
MAX_SEARCH_LENGTH = 100
MAX_CURSOR_LENGTH = 1_000
CURSOR_SALT = "list-cursor"
# The parameters that are not filters.
CONTROLS = frozenset({"page", "per_page", "cursor", "sort", "q"})
OPERATORS: dict[str, Callable[[Any, Any], ColumnElement[bool]]] = {
    "": operator.eq,
    "gte": operator.ge,
    "lte": operator.le,
    "in": lambda column, values: column.in_(values),
}


class ListQuerySchema(Schema):
    """The page parameters every list takes; a domain's schema adds its filters and sort."""

    class Meta:
        unknown = RAISE

    page = fields.Integer(
        validate=validate.Range(min=1, max=MAX_PAGE),
        metadata={"description": "A numbered page (1 when neither page nor cursor is given)."},
    )
    per_page = fields.Integer(
        load_default=DEFAULT_PAGE_SIZE, validate=validate.Range(min=1, max=MAX_PAGE_SIZE)
    )
    cursor = fields.String(
        validate=validate.Length(min=1, max=MAX_CURSOR_LENGTH),
        metadata={
            "description": "meta.next_cursor of the page before, with the same sort: "
            "the next page, as fast at any depth. Not with page."
        },
    )

    @post_load
    def read_cursor(self, data: dict[str, Any], **_kwargs: object) -> dict[str, Any]:
        """Replace the cursor by the sort key it holds; 422 if it was not ours or was
        made for another sort."""
        if "cursor" not in data:
            return data
        if "page" in data:
            raise ValidationError("Give page or cursor, not both.", "cursor")
        try:
            made = serializer().loads(data["cursor"])
        except BadSignature:
            raise ValidationError("Not a cursor this API gave.", "cursor") from None
        if made.get("sort") != data["sort"]:
            raise ValidationError(
                f"This cursor pages sort={','.join(made.get('sort', []))}.", "cursor"
            )
        return {**data, "cursor": made["after"]}


class Sort(DelimitedList):
    """``sort=title,-created_at``: one or more keys, ``-`` for descending; the id breaks
    ties, so the order is total."""

    def __init__(self, *keys: str) -> None:
        keys = (*keys, "created_at")
        choices = [spelled for key in keys for spelled in (key, f"-{key}")]
        super().__init__(
            fields.String(validate=validate.OneOf(choices)),
            load_default=list(DEFAULT_SORT),
            validate=validate.Length(min=1, max=MAX_SORT_KEYS),
            # The default as the array the document's schema says (apispec would join it).
            metadata={
                "default": list(DEFAULT_SORT),
                "description": "Up to 3 keys, comma-separated, - for descending; the id "
                "breaks ties.",
            },
        )

    # Read every ``sort=`` of the query: some clients repeat the parameter instead
    # of joining the keys with commas, and a second key must not be lost.
    is_multiple = True

    def _deserialize(
        self, value: object, attr: str | None, data: Mapping[str, Any] | None, **kwargs: object
    ) -> list[Any | None]:
        joined = ",".join(value) if isinstance(value, list) else value
        keys: list[Any | None] = super()._deserialize(joined, attr, data, **kwargs)  # type: ignore[no-untyped-call] # webargs has no types here
        return keys

    @staticmethod
    def key(spelled: str) -> str:
        return spelled.removeprefix("-")


class Search(Text):
    """``q=``: rows whose searched fields contain it, in any case."""

    def __init__(self, *searched: str) -> None:
        super().__init__(
            validate=validate.Length(min=1, max=MAX_SEARCH_LENGTH),
            metadata={"description": f"Case-insensitive search in {', '.join(searched)}."},
        )


class InList(fields.List[Any]):
    """``name__in=a&name__in=b``: rows whose field is one of the values."""

    def __init__(self, values: fields.Field[Any]) -> None:
        super().__init__(values, validate=validate.Length(min=1, max=MAX_IN_VALUES))


def serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=CURSOR_SALT)


@dataclass(frozen=True)
class Page:
    """The rows of one page and the ``meta`` of its response."""

    items: Sequence[Any]
    meta: dict[str, Any]


class ListMetaSchema(Schema):
    """The ``meta`` of a list response, for the OpenAPI document (``Listing`` builds it).
    ``page``, ``total`` and ``pages`` are null on cursor pages, which count nothing."""

    per_page = fields.Integer(required=True)
    next_cursor = fields.String(required=True, allow_none=True)
    page = fields.Integer(required=True, allow_none=True)
    total = fields.Integer(required=True, allow_none=True)
    pages = fields.Integer(required=True, allow_none=True)


@dataclass(frozen=True)
class SortKey:
    column: InstrumentedAttribute[Any]
    descending: bool

    def ordered(self) -> ColumnElement[Any]:
        return self.column.desc() if self.descending else self.column.asc()


@dataclass(frozen=True)
class Listing:
    """How one domain's rows are listed: its model and the columns ``q`` searches."""

    model: type[Any]
    searched: tuple[InstrumentedAttribute[str | None], ...] = ()

    def page(self, query: Select[Any], args: dict[str, Any]) -> Page:
        """The page of ``query`` that ``args`` (a loaded list query schema) ask for."""
        keys = self.sort_keys(args["sort"])
        query = query.where(*self.conditions(args)).order_by(*(key.ordered() for key in keys))
        per_page = args["per_page"]
        if "cursor" in args:
            query = query.where(after(keys, self.values(keys, args["cursor"])))
            rows = db.session.scalars(query.limit(per_page + 1)).all()
            items, more = rows[:per_page], len(rows) > per_page
            meta: dict[str, int | None] = {"page": None, "total": None, "pages": None}
        else:
            found = db.paginate(query, page=args.get("page", 1), per_page=per_page, error_out=False)
            items, more = found.items, found.has_next
            meta = {"page": found.page, "total": found.total or 0, "pages": found.pages}
        next_cursor = cursor_after(keys, items[-1], args["sort"]) if more and items else None
        return Page(items, {**meta, "per_page": per_page, "next_cursor": next_cursor})

    def conditions(self, args: dict[str, Any]) -> Iterator[ColumnElement[bool]]:
        """``title=x`` -> ``title = x``, ``price__gte=1`` -> ``price >= 1``, and ``q``."""
        for parameter, value in args.items():
            if parameter not in CONTROLS:
                name, _, operation = parameter.partition("__")
                yield OPERATORS[operation](getattr(self.model, name), value)
        if "q" in args:
            pattern = "%" + escape_like(args["q"]) + "%"
            yield or_(*(column.ilike(pattern, escape="\\") for column in self.searched))

    def sort_keys(self, sort: list[str]) -> list[SortKey]:
        """The keys of ``sort`` (a key given again adds nothing: its first wins), then
        the id in the last key's direction."""
        first: dict[str, str] = {}
        for spelled in sort:
            first.setdefault(Sort.key(spelled), spelled)
        keys = [
            SortKey(getattr(self.model, key), spelled.startswith("-"))
            for key, spelled in first.items()
        ]
        return [*keys, SortKey(self.model.id, keys[-1].descending)]

    @staticmethod
    def values(keys: list[SortKey], after: list[Any]) -> list[Any]:
        """The JSON values of a cursor as the columns' Python types."""
        return [from_json(key.column, value) for key, value in zip(keys, after, strict=True)]


def after(keys: list[SortKey], values: list[Any]) -> ColumnElement[bool]:
    """Rows after ``values`` in the order of ``keys``. One direction is one row-value
    comparison, ``(a, id) < (x, y)``, which the index on ``(a, id)`` serves."""
    if len({key.descending for key in keys}) == 1:
        compare = operator.lt if keys[0].descending else operator.gt
        bounds = (literal(value, key.column.type) for key, value in zip(keys, values, strict=True))
        beyond: ColumnElement[bool] = compare(
            tuple_(*(key.column for key in keys)), tuple_(*bounds)
        )
        return beyond
    key, value = keys[0], values[0]
    beyond = key.column < value if key.descending else key.column > value
    return or_(beyond, and_(key.column == value, after(keys[1:], values[1:])))


def cursor_after(keys: list[SortKey], row: object, sort: list[str]) -> str:
    after = [to_json(getattr(row, key.column.key)) for key in keys]
    token: str = serializer().dumps({"sort": sort, "after": after})
    return token


def to_json(value: object) -> object:
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    return value


def from_json(column: InstrumentedAttribute[Any], value: Any) -> object:  # noqa: ANN401
    column_type = column.type
    if isinstance(column_type, TypeDecorator):  # UTCDateTime
        column_type = column_type.impl_instance
    kind = column_type.python_type
    if value is None or kind in {bool, int, float, str}:
        return value
    if kind in {datetime.datetime, datetime.date}:
        return kind.fromisoformat(value)
    return kind(value)


def escape_like(text: str) -> str:
    """``q`` as a LIKE pattern matches it literally: % and _ are no wildcards."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
