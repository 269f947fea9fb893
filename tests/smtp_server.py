"""A real SMTP server on 127.0.0.1 for the mail delivery tests (aiosmtpd).

Run as a process of its own, started and stopped by its PID::

    python -m tests.smtp_server --port 2525 --log received.jsonl --delay 2

It accepts every message: as soon as it has a whole one it appends a JSON line to
``--log`` (its Message-ID, Subject and recipients), then waits ``--delay`` seconds
before it answers 250 (a mail server that has the message but answers slowly). A
sender that dies during that wait leaves a message that arrived but that it never
saw accepted, which it sends again: the duplicate of at-least-once delivery. A
test counts deliveries, and duplicates, by Message-ID from that file. `SmtpServer` is
the test's side: it starts the process on a port of its choosing, which may be
the port of an earlier server (the mail server coming back), and stops it.
"""

from __future__ import annotations

import argparse
import asyncio
import email
import json
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.helpers import TEMPLATE_DIR, clean_env
from tests.served import free_port
from tests.servers import wait_for_port

STOP_TIMEOUT_SECONDS = 10


@dataclass(frozen=True)
class Received:
    """One message the server received."""

    message_id: str
    subject: str
    recipients: tuple[str, ...]
    at: float  # time.time() when it arrived


@dataclass
class SmtpServer:
    """The SMTP server process; `start()` and `stop()` may be called again, on the same
    port and appending to the same log."""

    log: Path
    port: int = field(default_factory=free_port)
    delay: float = 0.0
    process: subprocess.Popen[bytes] | None = None

    def start(self, delay: float | None = None) -> None:
        if delay is not None:
            self.delay = delay
        command = [sys.executable, "-m", "tests.smtp_server", "--port", str(self.port)]
        command += ["--log", str(self.log), "--delay", str(self.delay)]
        self.process = subprocess.Popen(
            command,
            cwd=TEMPLATE_DIR,
            env=clean_env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.port, self.process)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=STOP_TIMEOUT_SECONDS)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=STOP_TIMEOUT_SECONDS)
            self.process = None

    def received(self) -> list[Received]:
        """Every message received so far, in the order they arrived."""
        if not self.log.exists():
            return []
        lines = self.log.read_text(encoding="utf-8").splitlines()
        records = [json.loads(line) for line in lines if line.endswith("}")]
        return [
            Received(
                message_id=record["message_id"],
                subject=record["subject"],
                recipients=tuple(record["recipients"]),
                at=record["at"],
            )
            for record in records
        ]

    def copies(self) -> Counter[str]:
        """How many copies of each Message-ID arrived."""
        return Counter(message.message_id for message in self.received())


class Recorder:
    """aiosmtpd's handler: write the message down, wait, then accept it."""

    def __init__(self, log: Path, delay: float) -> None:
        self.log = log
        self.delay = delay

    async def handle_DATA(self, _server: Any, _session: Any, envelope: Any) -> str:  # noqa: N802
        content = envelope.original_content or envelope.content
        raw = content if isinstance(content, bytes) else content.encode()
        message = email.message_from_bytes(raw)
        record = {
            "message_id": str(message.get("Message-ID", "")).strip(),
            "subject": str(message.get("Subject", "")),
            "recipients": list(envelope.rcpt_tos),
            "at": time.time(),
        }
        # One write per message, appended: a reader never sees half a line it keeps.
        with self.log.open("a", encoding="utf-8") as log:
            log.write(json.dumps(record) + "\n")
        await asyncio.sleep(self.delay)
        return "250 Message accepted for delivery"


def main() -> None:
    from aiosmtpd.controller import Controller

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--log", type=Path, required=True)
    parser.add_argument("--delay", type=float, default=0.0)
    options = parser.parse_args()
    # Blocked before the server's thread starts, so it inherits the mask and only
    # this thread takes the signals, in sigwait below.
    stop_signals = {signal.SIGTERM, signal.SIGINT}
    signal.pthread_sigmask(signal.SIG_BLOCK, stop_signals)
    controller = Controller(
        Recorder(options.log, options.delay),
        hostname="127.0.0.1",
        port=options.port,
        server_hostname="smtp.test",  # no getfqdn(): no name lookup at all
    )
    controller.start()
    try:
        signal.sigwait(stop_signals)
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
