"""Domain exceptions and the handlers that turn every error into the envelope.

Every error body is ``{"error": {"code", "message", "details"}}``. Messages are
written for clients: exception text and stack traces only reach the log.
"""

from __future__ import annotations

from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

from flask import Flask, Response, current_app, jsonify, request
from marshmallow import Schema, ValidationError, fields
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.orm.exc import ObjectDeletedError, StaleDataError
from werkzeug.exceptions import HTTPException

HANDLED_STATUSES = (400, 401, 403, 404, 405, 409, 412, 413, 415, 422, 429, 500, 503)
CLIENT_MESSAGES = {
    400: "The request is malformed: check the JSON body and the parameters.",
    401: "Authentication is required.",
    403: "You are not allowed to do this.",
    404: "The requested resource does not exist.",
    405: "This method is not allowed on this resource.",
    412: "The resource changed since you read it; fetch it again.",
    413: "The request body is too large.",
    415: "Send the body as JSON with Content-Type: application/json.",
    429: "Too many requests; retry later.",
    500: "The server could not complete the request.",
    503: "The service is unavailable; retry later.",
}


class ErrorSchema(Schema):
    """What went wrong: a stable ``code`` for programs, a ``message`` for people."""

    code = fields.String(required=True)
    message = fields.String(required=True)
    details = fields.Dict(
        required=True, metadata={"description": "Field-level details: {field: [problems]}."}
    )


class ErrorEnvelopeSchema(Schema):
    """Every error body, for the OpenAPI document (``error_response`` builds it)."""

    error = fields.Nested(ErrorSchema, required=True)


class APIError(Exception):
    """An error reported to the client with its status, code and message."""

    status_code = 500
    code = "internal_error"
    message = CLIENT_MESSAGES[500]

    def __init__(
        self, message: str | None = None, details: Mapping[str, Any] | None = None
    ) -> None:
        self.message = message or self.message
        self.details = dict(details or {})
        super().__init__(self.message)


class AuthenticationError(APIError):
    status_code = 401
    code = "unauthorized"
    message = CLIENT_MESSAGES[401]


class PermissionDeniedError(APIError):
    status_code = 403
    code = "forbidden"
    message = CLIENT_MESSAGES[403]


class ResourceNotFoundError(APIError):
    status_code = 404
    code = "not_found"
    message = CLIENT_MESSAGES[404]


class ConflictError(APIError):
    status_code = 409
    code = "conflict"
    message = "The request conflicts with the current state of the resource."


class PreconditionFailedError(APIError):
    """An If-Match that no longer matches: the update would overwrite someone else's."""

    status_code = 412
    code = "precondition_failed"
    message = CLIENT_MESSAGES[412]


class ServiceUnavailableError(APIError):
    status_code = 503
    code = "service_unavailable"
    message = CLIENT_MESSAGES[503]


def error_response(
    status: int, code: str, message: str, details: Mapping[str, Any] | None = None
) -> tuple[Response, int]:
    """Build the error envelope."""
    body = {"code": code, "message": message, "details": dict(details or {})}
    return jsonify(error=body), status


def register_error_handlers(app: Flask) -> None:
    """Send every error, expected or not, through the envelope."""
    app.register_error_handler(APIError, handle_api_error)
    app.register_error_handler(ValidationError, handle_validation_error)
    app.register_error_handler(OperationalError, handle_database_unavailable)
    app.register_error_handler(InterfaceError, handle_database_unavailable)
    app.register_error_handler(StaleDataError, handle_lost_write)
    app.register_error_handler(ObjectDeletedError, handle_deleted_meanwhile)
    for status in HANDLED_STATUSES:
        app.register_error_handler(status, handle_http_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(Exception, handle_unexpected_error)


def handle_api_error(error: APIError) -> tuple[Response, int]:
    return error_response(error.status_code, error.code, error.message, error.details)


def handle_validation_error(error: ValidationError) -> tuple[Response, int]:
    """Field-level details: ``{"field": ["what is wrong"]}``."""
    details = error.messages if isinstance(error.messages, dict) else {"_schema": error.messages}
    return error_response(422, "validation_error", "The input is invalid.", details)


def handle_http_error(error: HTTPException) -> tuple[Response, int]:
    """Werkzeug's errors (404, 405, 413, 429, ...) with their headers kept."""
    status = error.code or 500
    messages = getattr(error, "data", {}).get("messages")
    if status == 422 and isinstance(messages, dict):  # from @bp.arguments (webargs)
        return handle_validation_error(ValidationError(merge_locations(messages)))
    phrase = HTTPStatus(status).phrase
    code = phrase.lower().replace(" ", "_").replace("-", "_")
    response, _ = error_response(status, code, CLIENT_MESSAGES.get(status, phrase))
    for header, value in error.get_headers():
        if header.lower() != "content-type":
            response.headers[header] = value
    return response, status


def merge_locations(messages: dict[str, Any]) -> dict[str, Any]:
    """webargs keys errors by location (``{"json": {"name": [...]}}``); drop that level."""
    merged: dict[str, Any] = {}
    for location_errors in messages.values():
        merged |= location_errors
    return merged


def handle_database_unavailable(error: Exception) -> tuple[Response, int]:
    """The database is down or unreachable: a 503 the client may retry."""
    current_app.logger.exception("Database unavailable", exc_info=error)
    response, status = error_response(503, "service_unavailable", CLIENT_MESSAGES[503])
    response.headers["Retry-After"] = "5"
    return response, status


def handle_lost_write(error: StaleDataError) -> tuple[Response, int]:
    """Another request changed or deleted the row between this one's read and its
    write, which then matched no row (``VersionedModel``): nothing was written."""
    if request.if_match:
        return handle_api_error(PreconditionFailedError())
    message = "The resource changed while this request wrote it; read it and retry."
    return handle_api_error(ConflictError(message))


def handle_deleted_meanwhile(error: ObjectDeletedError) -> tuple[Response, int]:
    """A row this request had read was deleted by another before it was read again."""
    return handle_api_error(ResourceNotFoundError())


def handle_unexpected_error(error: Exception) -> tuple[Response, int]:
    """Log the traceback; tell the client nothing about it."""
    current_app.logger.exception("Unhandled error", exc_info=error)
    return error_response(500, "internal_error", CLIENT_MESSAGES[500])
