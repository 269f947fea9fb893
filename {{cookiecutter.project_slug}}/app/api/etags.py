"""ETags of single resources, for optimistic concurrency with If-Match."""

from __future__ import annotations

import hashlib

from flask import Response
from werkzeug.datastructures import ETags

from app.errors import PreconditionFailedError
from app.extensions import db
from app.models.base import Model


def etag_of(row: Model) -> str:
    """Changes whenever the row is updated: a hash of its id and ``updated_at``."""
    version = f"{row.id}:{row.updated_at.timestamp()}"
    return hashlib.sha256(version.encode()).hexdigest()[:32]


def with_etag(response: Response, row: Model) -> Response:
    response.set_etag(etag_of(row))
    return response


def require_match(row: Model, if_match: ETags) -> None:
    """412 unless ``row`` is still what the client read; no If-Match means no check.

    The row is re-read with a lock held until the update commits, so two clients
    holding the same ETag cannot both write.
    """
    if not if_match:
        return
    db.session.refresh(row, with_for_update=True)
    if not if_match.contains(etag_of(row)):
        raise PreconditionFailedError
