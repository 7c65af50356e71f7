"""An address outside the site, for tests that a build or an import never reaches out: a local
listener that records every connection made to it (a preconnect that sends nothing counts)."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field


@dataclass
class Outside:
    """`url` (no trailing slash) and what reached it: the first line of each connection."""

    url: str
    reached: list[str] = field(default_factory=list)

    def settle(self, seconds: float = 1.0) -> list[str]:
        """What reached it, after waiting for anything still on its way."""
        time.sleep(seconds)
        return self.reached


@contextlib.contextmanager
def outside_address() -> Iterator[Outside]:
    """A listener on a free port of 127.0.0.1 that answers nothing and records everything."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    server.settimeout(0.2)
    outside = Outside(f"http://127.0.0.1:{server.getsockname()[1]}")
    running = True

    def record() -> None:
        while running:
            try:
                connection, _ = server.accept()
            except OSError:  # the timeout: look whether the test is over
                continue
            with connection:
                connection.settimeout(1)
                try:
                    first = connection.recv(4096).split(b"\r\n", 1)[0]
                except OSError:
                    first = b""
                outside.reached.append(first.decode("latin-1") or "(a connection, no request)")

    thread = threading.Thread(target=record, daemon=True)
    thread.start()
    try:
        yield outside
    finally:
        running = False
        thread.join()
        server.close()
