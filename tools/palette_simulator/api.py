"""A Palette system API simulator for the SMTP flow, built from the public facts in
shared/palette-api (swagger excerpt, docs page, NOTES.md).

Real calls: POST /v1/auth/syslogin, GET and PUT /v1/system/config/smtp,
PUT /v1/system/config/smtp/validate (which opens a real SMTP session).
Switches for what Palette leaves undocumented (password read-back) or varies
(VerteX), fault injection, and a request log, all under /_sim/ and as methods.
"""

from __future__ import annotations

import json
import secrets
import ssl
import threading
import time
from dataclasses import asdict, dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from palette_simulator.smtp_check import SmtpCheckFailed, check_smtp

LOGIN_PATH = "/v1/auth/syslogin"
SMTP_PATH = "/v1/system/config/smtp"
VALIDATE_PATH = "/v1/system/config/smtp/validate"
CONTROL_PREFIX = "/_sim/"

READBACK_MODES = ("plain", "masked", "absent")
EDITIONS = ("palette", "vertex")
MASK = "********"
SPEC_FIELDS = {
    "smtpServer": str,
    "smtpPort": int,
    "fromEmailId": str,
    "userName": str,
    "password": str,
    "insecureSkipVerifyTls": bool,
}


@dataclass
class Fault:
    """Misbehaviour for the next ``count`` calls of ``method path`` (method None: any).

    status: answer this status (with a v1Error body) instead of serving the call;
    retry_after: add a Retry-After header; delay: sleep this long first;
    malformed: answer 200 with a body that is not JSON; drop: close the connection.
    """

    path: str
    method: str | None = None
    count: int = 1
    status: int | None = None
    retry_after: float | None = None
    delay: float = 0.0
    malformed: bool = False
    drop: bool = False

    def matches(self, method, path):
        return self.count > 0 and self.path == path and self.method in (None, method)


class PaletteSimulator:
    """State and behaviour of one simulated system console; serve() puts it on loopback."""

    def __init__(
        self,
        console_users=None,
        smtp_trust_file=None,
        password_readback="plain",
        edition="palette",
        token_ttl=3600.0,
        validation_timeout=5.0,
    ):
        self.console_users = dict(console_users or {"admin": "admin"})
        self.smtp_trust_file = smtp_trust_file
        self.validation_timeout = validation_timeout
        self.settings = {
            "password_readback": password_readback,
            "edition": edition,
            "token_ttl": token_ttl,
            # Like a careless server: error messages repeat the request, secrets included.
            "echo_request_in_errors": False,
        }
        self._lock = threading.Lock()
        self.reset()
        self.httpd = None

    # State ---------------------------------------------------------------

    def reset(self):
        with self._lock:
            self.stored = {}
            self.tokens = {}
            self.issued_tokens = []
            self.faults = []
            self.log = []

    def configure(self, **settings):
        unknown = set(settings) - set(self.settings)
        if unknown:
            raise ValueError(f"unknown settings: {sorted(unknown)}")
        if settings.get("password_readback", READBACK_MODES[0]) not in READBACK_MODES:
            raise ValueError(f"password_readback must be one of {READBACK_MODES}")
        if settings.get("edition", EDITIONS[0]) not in EDITIONS:
            raise ValueError(f"edition must be one of {EDITIONS}")
        with self._lock:
            self.settings.update(settings)

    def inject(self, fault):
        with self._lock:
            self.faults.append(fault)

    def expire_tokens(self):
        with self._lock:
            self.tokens.clear()

    def seed(self, stored):
        """Set the stored config directly, as an operator would have in the UI."""
        with self._lock:
            self.stored = dict(stored)

    def calls(self, method=None, path=None):
        """The request log, optionally filtered, as "METHOD /path" strings."""
        return [
            f"{entry['method']} {entry['path']}"
            for entry in list(self.log)
            if method in (None, entry["method"]) and path in (None, entry["path"])
        ]

    # HTTP ----------------------------------------------------------------

    def serve(self, host="127.0.0.1", port=0, tls_certificate=None):
        """Start serving in a thread; returns the base URL."""
        self.httpd = ThreadingHTTPServer((host, port), _Handler)
        self.httpd.daemon_threads = True
        self.httpd.simulator = self
        scheme = "http"
        if tls_certificate is not None:
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            tls_certificate.configure_cert(context)
            self.httpd.socket = context.wrap_socket(self.httpd.socket, server_side=True)
            scheme = "https"
        threading.Thread(target=self.httpd.serve_forever, name="palette-simulator", daemon=True).start()
        self.base_url = f"{scheme}://{host}:{self.httpd.server_address[1]}"
        return self.base_url

    def shutdown(self):
        if self.httpd is not None:
            self.httpd.shutdown()
            self.httpd.server_close()
            self.httpd = None

    # The API ---------------------------------------------------------------

    def handle(self, method, path, headers, body):
        """Serve one API call; returns (status, headers, body bytes)."""
        if path == LOGIN_PATH and method == "POST":
            return self._login(body)
        if path not in (SMTP_PATH, VALIDATE_PATH):
            return _error(404, "NotFound", f"{method} {path} not found")
        if not self._authorized(headers.get("Authorization")):
            return _error(401, "Unauthorized", "invalid or expired token")
        if path == SMTP_PATH and method == "GET":
            return 200, {}, json.dumps(self._readback()).encode()
        if method != "PUT":
            return _error(405, "MethodNotAllowed", f"{method} not allowed on {path}")
        spec, problem = _parse_spec(body)
        if problem:
            return _error(400, "InvalidRequest", problem)
        if path == VALIDATE_PATH:
            return self._validate(spec)
        self._save(spec)
        return 204, {}, b""

    def _login(self, body):
        try:
            credentials = json.loads(body or b"{}")
        except ValueError:
            return _error(400, "InvalidRequest", "request body is not JSON")
        user = credentials.get("username") or credentials.get("emailId")
        if not user or self.console_users.get(user) != credentials.get("password"):
            return _error(401, "Unauthorized", "Invalid credentials" + self._echo(credentials))
        token = secrets.token_urlsafe(32)
        with self._lock:
            self.tokens[token] = time.monotonic() + self.settings["token_ttl"]
            self.issued_tokens.append(token)
        answer = {
            "Authorization": token,
            "IsEmailSet": True,
            "IsEmailVerified": True,
            "IsMfa": False,
            "IsPasswordReset": False,
        }
        return 200, {}, json.dumps(answer).encode()

    def _authorized(self, token):
        with self._lock:
            expires = self.tokens.get(token or "")
        return expires is not None and expires > time.monotonic()

    def _readback(self):
        with self._lock:
            stored = dict(self.stored)
        mode = self.settings["password_readback"]
        if mode == "absent":
            stored.pop("password", None)
        elif mode == "masked" and stored.get("password"):
            stored["password"] = MASK
        # Go's omitempty: empty values are left out.
        return {key: value for key, value in stored.items() if value not in ("", 0, False, None)}

    def _validate(self, spec):
        audit = {"AuditUid": secrets.token_hex(12)}
        try:
            check_smtp(spec, trust_file=self.smtp_trust_file, timeout=self.validation_timeout)
        except SmtpCheckFailed as failure:
            return _error(400, failure.code, failure.message + self._echo(spec), extra_headers=audit)
        return 204, audit, b""

    def _echo(self, request):
        return f" (request: {json.dumps(request)})" if self.settings["echo_request_in_errors"] else ""

    def _save(self, spec):
        if self.settings["edition"] == "vertex":
            # Palette VerteX (FIPS) never lets TLS certificate verification be turned off.
            spec["insecureSkipVerifyTls"] = False
        with self._lock:
            self.stored = spec

    # Faults ----------------------------------------------------------------

    def take_fault(self, method, path):
        with self._lock:
            for fault in self.faults:
                if fault.matches(method, path):
                    fault.count -= 1
                    return Fault(**asdict(fault))
        return None

    def record(self, method, path, status):
        with self._lock:
            self.log.append({"method": method, "path": path, "status": status, "at": time.time()})


def _parse_spec(body):
    try:
        spec = json.loads(body or b"null")
    except ValueError:
        return None, "request body is not JSON"
    if not isinstance(spec, dict):
        return None, "request body must be a v1SystemSmtpSpec object"
    for key, value in spec.items():
        expected = SPEC_FIELDS.get(key)
        if expected is None:
            return None, f"unknown field {key}"
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            return None, f"field {key} must be of type {expected.__name__}"
    return spec, None


def _error(status, code, message, extra_headers=None):
    body = json.dumps({"code": code, "message": message, "details": {}, "ref": ""}).encode()
    return status, dict(extra_headers or {}), body


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

    def log_message(self, format, *args):
        # Silence the default stderr access log: the request log is kept in memory.
        pass

    def _dispatch(self):
        simulator = self.server.simulator
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        path = self.path.split("?", 1)[0]
        if path.startswith(CONTROL_PREFIX):
            self._send(*_control(simulator, self.command, path[len(CONTROL_PREFIX) :], body))
            return
        fault = simulator.take_fault(self.command, path)
        if fault and fault.delay:
            time.sleep(fault.delay)
        if fault and fault.drop:
            simulator.record(self.command, path, None)
            self.close_connection = True
            self.connection.shutdown(2)
            return
        if fault and fault.malformed:
            answer = (200, {}, b'{"smtpServer": "smtp.exa')
        elif fault and fault.status:
            answer = _error(fault.status, "Injected", f"injected status {fault.status}")
            if fault.retry_after is not None:
                answer[1]["Retry-After"] = f"{fault.retry_after:g}"
        else:
            answer = simulator.handle(self.command, path, self.headers, body)
        simulator.record(self.command, path, answer[0])
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


def _control(simulator, method, action, body):
    """The /_sim/ endpoints, for tests and the demo in other processes."""
    try:
        request = json.loads(body or b"{}")
        if method == "GET" and action == "state":
            return 200, {}, json.dumps({"stored": simulator.stored, "settings": simulator.settings}).encode()
        if method == "GET" and action == "log":
            return 200, {}, json.dumps(simulator.log).encode()
        if method == "POST" and action == "reset":
            simulator.reset()
        elif method == "POST" and action == "settings":
            simulator.configure(**request)
        elif method == "POST" and action == "faults":
            simulator.inject(Fault(**request))
        elif method == "POST" and action == "expire-tokens":
            simulator.expire_tokens()
        elif method == "POST" and action == "seed":
            simulator.seed(request)
        else:
            return _error(404, "NotFound", f"no control action {method} {action}")
    except (ValueError, TypeError) as exc:
        return _error(400, "InvalidRequest", str(exc))
    return 204, {}, b""
