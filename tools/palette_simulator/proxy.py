"""A small HTTP CONNECT proxy on loopback that records what passed through it, for the tests that
prove the modules honour HTTPS_PROXY and NO_PROXY."""

from __future__ import annotations

import select
import socket
import socketserver
import threading


class ConnectProxy:
    """``tunnels`` lists each CONNECT target ("host:port") it opened, in order."""

    def __init__(self, host="127.0.0.1"):
        self.tunnels = []
        self._server = socketserver.ThreadingTCPServer((host, 0), _Tunnel)
        self._server.daemon_threads = True
        self._server.proxy = self
        self.url = f"http://{host}:{self._server.server_address[1]}"

    def start(self):
        threading.Thread(target=self._server.serve_forever, name="connect-proxy", daemon=True).start()
        return self

    def stop(self):
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()


class _Tunnel(socketserver.StreamRequestHandler):
    def handle(self):
        method, target, _version = self.rfile.readline().decode("latin-1").split(" ", 2)
        while self.rfile.readline() not in (b"\r\n", b"\n", b""):
            pass  # the request's headers
        if method != "CONNECT":
            self.wfile.write(b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n")
            return
        host, port = target.rsplit(":", 1)
        self.server.proxy.tunnels.append(target)
        with socket.create_connection((host, int(port)), timeout=10) as upstream:
            self.wfile.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
            self.wfile.flush()
            _relay(self.connection, upstream)


def _relay(client, upstream):
    """Copy bytes both ways until either side closes."""
    sockets = (client, upstream)
    while True:
        readable, _writable, _failed = select.select(sockets, (), (), 30)
        if not readable:
            return
        for source in readable:
            data = source.recv(65536)
            if not data:
                return
            (upstream if source is client else client).sendall(data)
