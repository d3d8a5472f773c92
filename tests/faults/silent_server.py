"""A TCP server that accepts connections and never answers: a client connecting to it
waits (in its connect stage) until its own timeout, which gives a fault test a moment
to interrupt it that it can see (a connection was accepted)."""

from __future__ import annotations

import socket
import threading


class SilentServer:
    """Listening on 127.0.0.1 on a free port; counts the connections it accepted."""

    def __init__(self) -> None:
        self._socket = socket.create_server(("127.0.0.1", 0))
        self.port = self._socket.getsockname()[1]
        self.dsn = f"host=127.0.0.1 port={self.port} user=nobody dbname=nothing"
        self.accepted = 0
        self._held: list[socket.socket] = []
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while True:
            try:
                connection, _ = self._socket.accept()
            except OSError:  # closed
                return
            self._held.append(connection)
            self.accepted += 1

    def close(self) -> None:
        self._socket.close()
        for connection in self._held:
            connection.close()
