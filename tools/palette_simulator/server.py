"""The HTTP side of a simulated console: a threaded server on loopback that applies injected
faults, then hands each call to the console."""

from __future__ import annotations

import ssl
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

MALFORMED_BODY = b'{"smtpServer": "smtp.exa'
NOT_PALETTE_404 = b"404 page not found\n"


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # A client that timed out on purpose (a slow-answer fault) has closed its end: not a fault of ours.
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


class ConsoleServer:
    def __init__(self, console, host="127.0.0.1", tls_certificate=None):
        self.httpd = _QuietServer((host, 0), _Handler)
        self.httpd.daemon_threads = True
        self.httpd.console = console
        scheme = "http"
        if tls_certificate is not None:
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            tls_certificate.configure_cert(context)
            self.httpd.socket = context.wrap_socket(self.httpd.socket, server_side=True)
            scheme = "https"
        self.base_url = f"{scheme}://{host}:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, name="palette-simulator", daemon=True).start()

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


class _Handler(BaseHTTPRequestHandler):
    server_version = "palette-simulator"
    protocol_version = "HTTP/1.1"
    # Headers and body go out in separate writes; without TCP_NODELAY every keep-alive
    # request after the first waits ~40 ms for a delayed ACK (Nagle).
    disable_nagle_algorithm = True

    def do_GET(self):
        self._dispatch()

    def do_POST(self):
        self._dispatch()

    def do_PUT(self):
        self._dispatch()

    def do_PATCH(self):
        self._dispatch()

    def do_DELETE(self):
        self._dispatch()

    def log_message(self, format, *args):
        # Silence the default stderr access log: the console keeps its request log in memory.
        pass

    def _dispatch(self):
        console = self.server.console
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        # The log and the faults name a call by its path; the handlers also get its query.
        path, _mark, query = self.path.partition("?")
        fault = console.take_fault(self.command, path)
        if fault and fault.delay:
            time.sleep(fault.delay)
        if fault and fault.drop:
            console.record(self.command, path, None)
            self.close_connection = True
            self.connection.shutdown(2)
            return
        if fault and fault.malformed:
            answer = (200, {}, MALFORMED_BODY)
        elif fault and fault.status:
            answer = _injected(fault)
        else:
            answer = console.handle(self.command, path, self.headers, body, _parameters(query))
        console.record(self.command, path, answer[0])
        self._send(*answer)

    def _send(self, status, headers, body):
        self.send_response(status)
        if body:
            self.send_header("Content-Type", "application/json")
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def _parameters(query):
    """Query parameters as name -> value; of a repeated one, the first (as Go's Query().Get reads it)."""
    return {name: values[0] for name, values in parse_qs(query, keep_blank_values=True).items()}


def _injected(fault):
    headers = {} if fault.retry_after is None else {"Retry-After": f"{fault.retry_after:g}"}
    if fault.status == 404:
        # A 404 with Palette's v1Error says the object asked for is not there; an injected one
        # stands for the wrong address, so it answers as a web server that is not Palette does.
        return 404, headers, NOT_PALETTE_404
    body = b'{"code": "Injected", "message": "injected status %d", "details": {}, "ref": ""}' % fault.status
    return fault.status, headers, body
