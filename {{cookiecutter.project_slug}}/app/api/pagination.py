"""Page parameters and page metadata shared by every list endpoint."""

from __future__ import annotations

from flask_sqlalchemy.pagination import Pagination
from marshmallow import RAISE, Schema, fields, validate

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
# Far beyond any real page; keeps OFFSET arithmetic sane.
MAX_PAGE = 1_000_000


class PageQuerySchema(Schema):
    """``?page=&per_page=``; out-of-range values are a 422, not a silent cap."""

    class Meta:
        unknown = RAISE

    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=MAX_PAGE))
    per_page = fields.Integer(
        load_default=DEFAULT_PAGE_SIZE, validate=validate.Range(min=1, max=MAX_PAGE_SIZE)
    )


class PageMetaSchema(Schema):
    """The ``meta`` of a list response, for the OpenAPI document (``page_meta`` builds it)."""

    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)
    total = fields.Integer(required=True)
    pages = fields.Integer(required=True)


def page_meta(page: Pagination) -> dict[str, int]:
    """The ``meta`` of a list response."""
    return {
        "page": page.page,
        "per_page": page.per_page,
        "total": page.total or 0,
        "pages": page.pages,
    }
