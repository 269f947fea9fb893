"""Work that runs after the response has been sent, so the client never waits for it.

The WSGI server closes a response once it has sent it to the client (gunicorn does
so before it takes the next request); ``call_on_close`` runs the work then, in the
same process, inside an app context of its own. A failure is logged, not raised.
Outside a request (a command, a task, work already after a response) nobody waits:
the work runs at once.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Response, after_this_request, current_app, has_request_context


def after_response(task: Callable[..., object], *args: object, **kwargs: object) -> None:
    """Call ``task(*args, **kwargs)`` once this request's response has been sent, or
    now outside a request."""
    if not has_request_context():
        task(*args, **kwargs)
        return
    app = current_app._get_current_object()  # type: ignore[attr-defined]  # noqa: SLF001

    def run() -> None:
        with app.app_context():
            try:
                task(*args, **kwargs)
            except Exception:
                app.logger.exception("Work after the response failed: %s", task.__qualname__)

    @after_this_request
    def run_once_sent(response: Response) -> Response:
        response.call_on_close(run)
        return response
