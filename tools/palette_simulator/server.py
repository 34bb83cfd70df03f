"""The HTTP side of a simulated console: a threaded server on loopback that applies injected
faults, then hands each call to the console.

Over TLS it serves a certificate it can swap: reload_listener() is what follows a new system
certificate (system_address.py). After a delay the listener "restarts": it drops every open
connection and, for the outage, resets every new one as soon as it is accepted; then new
connections get the new certificate. reinstall() puts the installed certificate back at once.
"""

from __future__ import annotations

import contextlib
import os
import socket
import ssl
import struct
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

MALFORMED_BODY = b'{"smtpServer": "smtp.exa'
NOT_PALETTE_404 = b"404 page not found\n"
# A client that connects and never finishes its TLS handshake must not hold the accept loop for ever.
HANDSHAKE_TIMEOUT = 10.0


def tls_context(certificate_pem, key_pem):
    """A server-side TLS context serving the PEM certificate chain (leaf first) and its key; raises
    ssl.SSLError when OpenSSL cannot load them."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    with tempfile.TemporaryDirectory(prefix="palette-simulator-tls-") as directory:
        certificate_file = os.path.join(directory, "certificate.pem")
        key_file = os.path.join(directory, "key.pem")
        for path, pem in ((certificate_file, certificate_pem), (key_file, key_pem)):
            with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as stream:
                stream.write(pem)
        context.load_cert_chain(certificate_file, key_file)
    return context


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address, handler):
        super().__init__(address, handler)
        self.lock = threading.Lock()
        self.context = None  # the TLS context new connections get; None: plain HTTP
        self.refusing = False  # during a listener reload's outage
        self.open = set()  # connections being served
        self.dropped = set()  # those a reload (or stop) cut

    def get_request(self):
        connection, address = self.socket.accept()
        with self.lock:
            refusing, context = self.refusing, self.context
        if refusing:
            # As a listener that is not there: the client's connection is reset.
            connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            connection.close()
            raise ConnectionRefusedError("the listener is reloading")
        if context is not None:
            try:
                connection.settimeout(HANDSHAKE_TIMEOUT)
                connection = context.wrap_socket(connection, server_side=True)
                connection.settimeout(None)
            except OSError:
                connection.close()
                raise
        with self.lock:
            self.open.add(connection)
        return connection, address

    def shutdown_request(self, request):
        with self.lock:
            self.open.discard(request)
        try:
            super().shutdown_request(request)
        finally:
            with self.lock:
                self.dropped.discard(request)

    def drop_connections(self):
        """Cut every open connection, as a listener that restarts does."""
        with self.lock:
            connections = list(self.open)
            self.dropped.update(connections)
        for connection in connections:
            # The plain socket's shutdown: SSLSocket.shutdown would also unhook its SSL object
            # from under the handler thread still reading it.
            with contextlib.suppress(OSError):
                socket.socket.shutdown(connection, socket.SHUT_RDWR)

    def handle_error(self, request, client_address):
        # A client that timed out on purpose (a slow-answer fault) has closed its end: not a fault of ours.
        # Nor is a connection that a reload cut.
        with self.lock:
            dropped = request in self.dropped
        if not dropped and not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


class ConsoleServer:
    """tls_certificate: a trustme LeafCert to serve (None: plain HTTP); tls_ca: the PEM of the CA that
    issued it, which the console reports as its CA. installed: (certificate chain, key, CA) PEMs of
    the installation, None over plain HTTP."""

    def __init__(self, console, host="127.0.0.1", tls_certificate=None, tls_ca=None):
        self.httpd = _QuietServer((host, 0), _Handler)
        self.httpd.console = console
        self.host = host
        self.installed = None
        self._installed_context = None
        scheme = "http"
        if tls_certificate is not None:
            chain = b"".join(blob.bytes() for blob in tls_certificate.cert_chain_pems)
            key = tls_certificate.private_key_pem.bytes()
            ca = tls_ca.encode() if isinstance(tls_ca, str) else (tls_ca or b"")
            self.installed = (chain, key, ca)
            self._installed_context = self.httpd.context = tls_context(chain, key)
            scheme = "https"
        self.base_url = f"{scheme}://{host}:{self.httpd.server_address[1]}"
        self._stopped = threading.Event()
        # One reload at a time; reinstall() makes the pending ones stale (their generation is gone).
        self._serial = threading.Lock()
        self._generation = 0
        self._reloads = []
        self._thread = threading.Thread(target=self.httpd.serve_forever, name="palette-simulator", daemon=True)
        self._thread.start()

    def reload_listener(self, context, delay, outage):
        """In ``delay`` seconds: drop every connection, refuse new ones for ``outage`` seconds, then
        serve with ``context`` (None: keep the current one, as over plain HTTP). Returns at once."""
        with self.httpd.lock:
            generation = self._generation
            self._reloads = [thread for thread in self._reloads if thread.is_alive()]
            thread = threading.Thread(
                target=self._reload,
                args=(generation, context, delay, outage),
                name="palette-simulator-reload",
                daemon=True,
            )
            self._reloads.append(thread)
        thread.start()

    def _reload(self, generation, context, delay, outage):
        if self._stopped.wait(delay):
            return
        with self._serial:
            with self.httpd.lock:
                if self._stopped.is_set() or generation != self._generation:
                    return
                self.httpd.refusing = True
            self.httpd.drop_connections()
            self._stopped.wait(outage)
            with self.httpd.lock:
                if generation == self._generation:
                    if context is not None:
                        self.httpd.context = context
                    self.httpd.refusing = False

    def wait_for_reloads(self, timeout=None):
        """Block until every reload asked for so far is over (the new certificate is served)."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self.httpd.lock:
            pending = list(self._reloads)
        for thread in pending:
            thread.join(None if deadline is None else max(0.0, deadline - time.monotonic()))
        return not any(thread.is_alive() for thread in pending)

    def reinstall(self):
        """Serve the installed certificate again, at once; cancel any reload still pending."""
        with self.httpd.lock:
            self._generation += 1
            self.httpd.context = self._installed_context
            self.httpd.refusing = False

    def stop(self):
        self._stopped.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        self._thread.join()
        with self.httpd.lock:
            pending = list(self._reloads)
        for thread in pending:
            thread.join()
        # Keep-alive connections would hold their handler threads until the client hangs up.
        self.httpd.drop_connections()


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
