"""Fixtures of the mail tests."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from unittest.mock import patch

import pytest
from flask import Flask


@pytest.fixture
def smtp_down(app: Flask) -> Iterator[None]:
    """Mail goes to a port of this machine where nothing listens: SMTP refuses.

    The port stays bound, never listening, until the test ends, so no other process
    can take it and no connection can land on itself through it.
    """
    state = app.extensions["mail"]
    with socket.socket() as unlistened:
        unlistened.bind(("127.0.0.1", 0))
        port = unlistened.getsockname()[1]
        with (
            patch.object(state, "suppress", False),
            patch.object(state, "port", port),
            patch.object(state, "server", "127.0.0.1"),
            patch.object(state, "use_tls", False),
        ):
            yield
