"""A real SMTP server on loopback for tests, which can be told to refuse mail."""

from dataclasses import dataclass, field

import pytest
from aiosmtpd.controller import Controller

from tests.db_support import free_port


@dataclass
class Sink:
    refuse: bool = False
    messages: list = field(default_factory=list)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse:
            return "550 mailbox unavailable (test server refusing)"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 Message accepted"


@pytest.fixture
def smtp_server(monkeypatch):
    """Starts before the worker so the worker inherits EMAIL_URL."""
    sink = Sink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setenv("EMAIL_URL", f"smtp://127.0.0.1:{port}")
    sink.port = port
    yield sink
    controller.stop()
