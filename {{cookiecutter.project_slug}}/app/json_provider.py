"""Flask's JSON provider, hardened against bodies built to crash the parser."""

from __future__ import annotations

from typing import Any

from flask.json.provider import DefaultJSONProvider


class JSONProvider(DefaultJSONProvider):
    """JSON nested deeper than the recursion limit (2 KB of ``[``) is a 400, not a 500."""

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:  # noqa: ANN401 (any JSON value)
        try:
            return super().loads(s, **kwargs)
        except RecursionError as error:
            # request.get_json() answers a ValueError from the parser with a 400.
            raise ValueError("The JSON is nested too deeply.") from error
