"""The OpenAPI document, built by flask-smorest from the routes' own marshmallow schemas.

``Blueprint`` here is flask-smorest's, set up for this project: bodies are parsed as
``request.get_json()`` parses them (415, 400), each schema's ``Meta.unknown`` decides
about unknown fields in every location, and every operation documents the errors it
can answer with, in the error envelope. ``Api``, one per app, serves
``/api/v1/openapi.json`` and, unless ``API_DOCS_UI`` is off, Swagger UI at
``/api/v1/docs`` from an installed package: no CDN, and a CSP without 'unsafe-inline'.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from copy import deepcopy
from functools import cache
from http import HTTPStatus
from importlib.resources import files
from pathlib import Path
from typing import Any, TypeVar, cast

import flask_smorest
from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from apispec.ext.marshmallow.common import resolve_schema_instance
from flask import Blueprint as FlaskBlueprint
from flask import Flask, Request, Response, make_response, send_file, send_from_directory
from marshmallow import Schema, fields
from webargs.flaskparser import FlaskParser

from app.api.fields import Text
from app.api.listing import ListMetaSchema
from app.api.pagination import PageMetaSchema
from app.errors import ErrorEnvelopeSchema

F = TypeVar("F", bound=Callable[..., Any])
ACCESS_SCHEME = "accessToken"
REFRESH_SCHEME = "refreshToken"
REFRESH_DESCRIPTION = "The refresh token from /api/v1/auth/login"
CSRF_DESCRIPTION = (
    "POST, PUT, PATCH and DELETE must also send the value of the readable "
    "csrf_access_token cookie (csrf_refresh_token for /auth/refresh and /auth/logout) "
    "in an X-CSRF-TOKEN header."
)
# How tokens travel, as chosen at bake time: auth=jwt, Bearer headers; jwt-cookies, cookies.
SECURITY_SCHEMES: dict[str, dict[str, dict[str, str]]] = {
    "headers": {
        ACCESS_SCHEME: {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"},
        REFRESH_SCHEME: {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "JWT",
            "description": f"{REFRESH_DESCRIPTION}, as Bearer.",
        },
    },
    "cookies": {
        ACCESS_SCHEME: {
            "type": "apiKey",
            "in": "cookie",
            "name": "access_token_cookie",
            "description": CSRF_DESCRIPTION,
        },
        REFRESH_SCHEME: {
            "type": "apiKey",
            "in": "cookie",
            "name": "refresh_token_cookie",
            "description": f"{REFRESH_DESCRIPTION}, as a cookie. {CSRF_DESCRIPTION}",
        },
    },
}
# Statuses any operation can answer with: rate limit, unexpected error, database down.
COMMON_ERRORS = (429, 500, 503)
# And those of an operation that takes a JSON body.
BODY_ERRORS = (400, 413, 415, 422)
IF_MATCH = {
    "name": "If-Match",
    "in": "header",
    "required": False,
    "description": "The ETag you read: the write is refused with 412 if the resource "
    "changed since. Without it the write goes through (writes to one resource are "
    "applied one at a time).",
    "schema": {"type": "string"},
}
ETAG = {"description": "The resource's version, for If-Match.", "schema": {"type": "string"}}
SWAGGER_UI_ASSETS = files("flask_swagger_ui") / "dist"
# The page's one script of ours, a file so that a CSP without 'unsafe-inline' holds.
SWAGGER_UI_INITIALIZER = Path(__file__).parent / "swagger-initializer.js"
# Swagger UI's page may load its own scripts, styles and the spec, and nothing else.
DOCS_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
)


@cache
def envelope(schema: type[Schema]) -> type[Schema]:
    """``{"data": <schema>}``: the success body of one resource."""
    name = schema.__name__.removesuffix("Schema")
    return Schema.from_dict({"data": fields.Nested(schema, required=True)}, name=f"{name}Envelope")


@cache
def list_envelope(schema: type[Schema]) -> type[Schema]:
    """``{"data": [<schema>]}``: the success body of a short, unpaged list."""
    name = schema.__name__.removesuffix("Schema")
    body: dict[str, fields.Field[Any]] = {"data": fields.List(fields.Nested(schema), required=True)}
    return Schema.from_dict(body, name=f"{name}ListEnvelope")


@cache
def page_envelope(schema: type[Schema]) -> type[Schema]:
    """``{"data": [<schema>], "meta": <page meta>}``: the success body of a list."""
    return with_meta(schema, PageMetaSchema, "PageEnvelope")


@cache
def listing_envelope(schema: type[Schema]) -> type[Schema]:
    """``{"data": [<schema>], "meta": <list meta>}``: the body of a domain's list, which
    pages by number or by cursor (``app.api.listing``)."""
    return with_meta(schema, ListMetaSchema, "ListingEnvelope")


def with_meta(schema: type[Schema], meta: type[Schema], suffix: str) -> type[Schema]:
    name = schema.__name__.removesuffix("Schema")
    body = {
        "data": fields.List(fields.Nested(schema), required=True),
        "meta": fields.Nested(meta, required=True),
    }
    return Schema.from_dict(body, name=f"{name}{suffix}")


class Parser(FlaskParser):
    """webargs' parser, closer to ``request.get_json()`` and to the schemas."""

    # Empty: each schema's ``Meta.unknown`` (RAISE) applies to the query string too.
    DEFAULT_UNKNOWN_BY_LOCATION: dict[str, str | None] = {}  # noqa: RUF012

    def _raw_load_json(self, req: Request) -> Any:  # noqa: ANN401 (any JSON value)
        """Parse as ``request.get_json()`` does: 415 if not JSON, 400 if malformed."""
        return req.get_json()


class Blueprint(flask_smorest.Blueprint):
    """A flask-smorest blueprint that documents the errors each operation can return."""

    ARGUMENTS_PARSER = Parser()

    def __init__(self, name: str, import_name: str, **kwargs: Any) -> None:  # noqa: ANN401
        # The routes module's docstring describes the tag of its operations.
        kwargs.setdefault("description", sys.modules[import_name].__doc__)
        super().__init__(name, import_name, **kwargs)
        self._prepare_doc_cbks.append(document_operation)

    def _store_endpoint_docs(
        self,
        endpoint: str,
        obj: Callable[..., object],
        parameters: list[dict[str, object]] | None,
        tags: list[str] | None,
        **options: object,
    ) -> None:
        """Keep what flask-smorest keeps, and name each operation after its handler
        (``operationId: create_post``), so generated clients read as the code does."""
        super()._store_endpoint_docs(endpoint, obj, parameters, tags, **options)
        for method, doc in self._docs[endpoint].items():
            if method != "parameters":
                doc.setdefault("manual_doc", {}).setdefault("operationId", obj.__name__)

    def arguments(self, schema: type[Schema] | Schema, *args: Any, **kwargs: Any) -> Any:  # noqa: ANN401
        """flask-smorest's, given a schema built once: from a class, webargs builds a new
        schema on every request (about a tenth of a list request)."""
        return super().arguments(resolve_schema_instance(schema), *args, **kwargs)

    @staticmethod
    def errors(*statuses: int) -> Callable[[F], F]:
        """Document the errors only this operation raises, e.g. ``@bp.errors(403, 404)``."""
        return annotate(errors=list(statuses))

    @staticmethod
    def versioned(func: F) -> F:
        """Document the ``ETag`` of the resource answered, and on PUT, PATCH and DELETE
        the optional ``If-Match`` with its 412 (see ``app.api.etags``)."""
        return annotate(versioned=True)(func)

    def public(self, func: F) -> F:
        """Document an operation that needs no token (the API's default when it has auth)."""
        return cast(F, self.doc(security=[])(func))

    def no_content(self, func: F) -> F:
        """Document a 204 without a body; the view returns ``"", 204`` as it stands."""
        return cast(F, self.alt_response(204, success=True)(func))

    def refresh_token(self, func: F) -> F:
        """Document an operation that takes the refresh token, not the access token."""
        return cast(F, self.doc(security=[{REFRESH_SCHEME: []}])(func))


def annotate(**info: Any) -> Callable[[F], F]:  # noqa: ANN401
    """Add to the documentation info flask-smorest keeps on a view function."""

    def decorator(func: F) -> F:
        apidoc = deepcopy(getattr(func, "_apidoc", {}))
        for key, value in info.items():
            apidoc[key] = apidoc.get(key, []) + value if isinstance(value, list) else value
        func._apidoc = apidoc  # type: ignore[attr-defined]  # noqa: SLF001
        return func

    return decorator


def document_operation(
    doc: dict[str, Any], info: dict[str, Any], *, spec: APISpec, method: str, **_kwargs: object
) -> dict[str, Any]:
    """Add the error responses that follow from what the operation is, in status order,
    and its ETag headers.

    Runs after flask-smorest has turned ``@bp.arguments`` into ``requestBody`` and
    parameters (with their 422) and ``@bp.response`` into the success response.
    """
    responses = doc.setdefault("responses", {})
    for status in error_statuses(doc, info, spec):
        responses.setdefault(status, HTTPStatus(status).name)
    if info.get("versioned"):
        for status, response in responses.items():
            if int(status) < 300 and int(status) != 204:  # a 204 has no resource
                response.setdefault("headers", {})["ETag"] = "ETAG"
        if method in {"put", "patch", "delete"}:
            doc.setdefault("parameters", []).append("IF_MATCH")
            responses.setdefault(412, HTTPStatus(412).name)
    doc["responses"] = dict(sorted(responses.items(), key=lambda item: int(item[0])))
    return doc


def error_statuses(doc: dict[str, Any], info: dict[str, Any], spec: APISpec) -> list[int]:
    statuses = [*COMMON_ERRORS, *info.get("errors", [])]
    if "requestBody" in doc:
        statuses.extend(BODY_ERRORS)
    if info.get("manual_doc", {}).get("security", spec.options.get("security")):
        statuses.append(401)
    return statuses


def text_properties(_converter: object, field: fields.Field[Any], **_kwargs: Any) -> dict[str, str]:  # noqa: ANN401
    """``Text`` refuses NUL characters: the spec says so with a pattern."""
    return {"pattern": "^[^\\x00]*$"} if isinstance(field, Text) else {}


def schema_name(schema: type[Schema] | Schema) -> str:
    """Component name: the class name without ``Schema``; ``Partial`` when loaded partially."""
    cls = schema if isinstance(schema, type) else type(schema)
    name = cls.__name__.removesuffix("Schema")
    return f"{name}Partial" if getattr(schema, "partial", False) else name


class Api(flask_smorest.Api):
    """flask-smorest's Api with the error envelope, Bearer tokens and local Swagger UI."""

    ERROR_SCHEMA = ErrorEnvelopeSchema
    DEFAULT_ERROR_RESPONSE_NAME = None  # each status is listed; no catch-all "default"

    def __init__(self, app: Flask, *, auth: str | None = None) -> None:
        """``auth``: where tokens travel, ``"headers"`` or ``"cookies"``; None for an
        API without sign-in."""
        self.security_schemes = SECURITY_SCHEMES[auth] if auth else {}
        plugin = MarshmallowPlugin(schema_name_resolver=schema_name)
        super().__init__(app, spec_kwargs={"marshmallow_plugin": plugin})

    def _init_spec(self, **kwargs: Any) -> None:  # noqa: ANN401
        if self.security_schemes:
            kwargs["security"] = [{ACCESS_SCHEME: []}]
        super()._init_spec(**kwargs)
        self.ma_plugin.converter.add_attribute_function(text_properties)
        for name, scheme in self.security_schemes.items():
            self.spec.components.security_scheme(name, scheme)

    def _register_etag_headers(self) -> None:
        """Our If-Match is optional (see ``app.api.etags``), unlike flask-smorest's."""
        self.spec.components.parameter("IF_MATCH", "header", IF_MATCH, lazy=True)
        self.spec.components.header("ETAG", ETAG, lazy=True)

    def _register_pagination_header(self) -> None:
        """Pages are described in the body's ``meta``, not in an X-Pagination header."""

    def _register_error_handlers(self) -> None:
        """Errors are app.errors' job: the envelope, with headers such as ``Allow`` kept."""

    def _openapi_swagger_ui(self) -> Response:
        """The page, with a CSP that lets it run (app.middleware keeps a CSP already set)."""
        response = make_response(super()._openapi_swagger_ui())
        response.headers["Content-Security-Policy"] = DOCS_CSP
        return response

    def _register_swagger_ui_rule(self, blueprint: FlaskBlueprint) -> None:
        """Swagger UI's page, plus its scripts and styles served from the installed package."""
        super()._register_swagger_ui_rule(blueprint)
        path = self.config.get("OPENAPI_SWAGGER_UI_PATH")
        if path is not None:
            rule = f"/{path}/<path:filename>"
            blueprint.add_url_rule(rule, "swagger_ui_asset", swagger_ui_asset)


def swagger_ui_asset(filename: str) -> Response:
    if filename == SWAGGER_UI_INITIALIZER.name:
        return send_file(SWAGGER_UI_INITIALIZER, mimetype="text/javascript")
    return send_from_directory(str(SWAGGER_UI_ASSETS), filename)
