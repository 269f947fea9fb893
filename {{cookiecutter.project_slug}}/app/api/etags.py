"""ETags of single resources, for optimistic concurrency with If-Match."""

from __future__ import annotations

import hashlib

from flask import Response
from werkzeug.datastructures import ETags

from app.errors import PreconditionFailedError
from app.models.base import VersionedModel


def etag_of(row: VersionedModel) -> str:
    """Changes with every write to the row: a hash of its id and version."""
    version = f"{row.id}:{row.row_version}"
    return hashlib.sha256(version.encode()).hexdigest()[:32]


def with_etag(response: Response, row: VersionedModel) -> Response:
    response.set_etag(etag_of(row))
    return response


def require_match(row: VersionedModel, if_match: ETags) -> None:
    """412 unless ``row`` is the version the client read; no If-Match means no check.

    The write that follows names that version in its WHERE clause, so a request
    that changes the row between this check and the commit makes the write fail
    (``StaleDataError``, a 412 as well) instead of being overwritten.
    """
    if if_match and not if_match.contains(etag_of(row)):
        raise PreconditionFailedError
