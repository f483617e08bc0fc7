"""A stand-in for Slack's Socket Mode server: says hello, sends envelopes, records the acks."""

from __future__ import annotations

import json
import queue
import threading
from typing import Any

from websockets.exceptions import ConnectionClosed
from websockets.sync.server import Server, ServerConnection, serve


class FakeSocketMode:
    def __init__(self) -> None:
        self.outgoing: queue.Queue[dict[str, Any]] = queue.Queue()
        self.received: queue.Queue[dict[str, Any]] = queue.Queue()
        self._server: Server | None = None

    def start(self) -> FakeSocketMode:
        self._server = serve(self._handle, "127.0.0.1", 0)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    @property
    def url(self) -> str:
        assert self._server is not None
        host, port = self._server.socket.getsockname()[:2]
        return f"ws://{host}:{port}/link"

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()

    def send(self, envelope: dict[str, Any]) -> None:
        self.outgoing.put(envelope)

    def _handle(self, connection: ServerConnection) -> None:
        connection.send(
            json.dumps({"type": "hello", "num_connections": 1, "connection_info": {"app_id": "A0ORAT"}})
        )
        reader = threading.Thread(target=self._read, args=(connection,), daemon=True)
        reader.start()
        while reader.is_alive():
            try:
                envelope = self.outgoing.get(timeout=0.1)
            except queue.Empty:
                continue
            try:
                connection.send(json.dumps(envelope))
            except ConnectionClosed:
                return

    def _read(self, connection: ServerConnection) -> None:
        try:
            for message in connection:
                self.received.put(json.loads(message))
        except ConnectionClosed:
            return
