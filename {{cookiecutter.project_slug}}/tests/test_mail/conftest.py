"""Fixtures of the mail tests."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from unittest.mock import patch

import pytest
from flask import Flask


@pytest.fixture
def smtp_down(app: Flask) -> Iterator[None]:
    """Mail goes to a port of this machine where nothing listens: SMTP refuses."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    state = app.extensions["mail"]
    with (
        patch.object(state, "suppress", False),
        patch.object(state, "port", port),
        patch.object(state, "server", "127.0.0.1"),
        patch.object(state, "use_tls", False),
    ):
        yield
