"""One simulated Palette system console, built from the public facts in shared/palette-api
(swagger excerpt, docs pages, NOTES.md).

It serves POST /v1/auth/syslogin and, for every setting schema it is given, GET and PUT on the
setting's path and its validate call, all with the same generic code: Go omitempty on read-back,
secrets read back as ``secret_readback`` says (Palette does not document it), a v1Error for
anything Palette would refuse. Faults can be injected on any path; every call is logged.
"""

from __future__ import annotations

import json
import secrets
import threading
import time
from dataclasses import asdict

from palette_simulator import activation, admins, aws_sts, feature_flags, oci_registries, system_address, tenants
from palette_simulator.admins import Admin
from palette_simulator.backup import BACKUP_FTP, BACKUP_S3
from palette_simulator.classification_banner import CLASSIFICATION_BANNER
from palette_simulator.cloud_accounts import AWS_ACCOUNT, AZURE_ACCOUNT, GCP_ACCOUNT
from palette_simulator.faults import LOGIN_PATH, Fault
from palette_simulator.login_banner import LOGIN_BANNER
from palette_simulator.paging import Pager
from palette_simulator.replies import answer, error
from palette_simulator.reverse_proxy import REVERSE_PROXY
from palette_simulator.schema import Rejected, flatten, nest
from palette_simulator.server import ConsoleServer
from palette_simulator.session_timeout import SESSION_TIMEOUT
from palette_simulator.smtp import SMTP

SCHEMAS = (
    SMTP,
    system_address.SYSTEM_ADDRESS,
    SESSION_TIMEOUT,
    LOGIN_BANNER,
    CLASSIFICATION_BANNER,
    REVERSE_PROXY,
    AWS_ACCOUNT,
    AZURE_ACCOUNT,
    GCP_ACCOUNT,
    aws_sts.AWS_STS,
    aws_sts.AWS_GOV_STS,
    BACKUP_S3,
    BACKUP_FTP,
)
SECRET_READBACKS = ("plain", "masked", "empty", "absent")
# What GET answers for a backup never configured: {} (omitempty), or 404 with the schema's not_configured code.
UNCONFIGURED_BACKUPS = ("empty", "not_found")
EDITIONS = ("palette", "vertex")
MASK = "********"


class Console:
    """State and behaviour of one console; serve() puts it on loopback."""

    def __init__(
        self,
        schemas=SCHEMAS,
        console_users=None,
        password_change_required=(),
        smtp_trust_file=None,
        s3_endpoint=None,
        secret_readback="plain",
        edition="palette",
        token_ttl=3600.0,
        validation_timeout=5.0,
        unconfigured_backup="empty",
        activation_keys=(),
    ):
        self.schemas = {schema.name: schema for schema in schemas}
        self.console_users = dict(console_users or {"admin": "admin"})
        self.password_change_required = set(password_change_required)
        self.smtp_trust_file = smtp_trust_file
        self.s3_endpoint = s3_endpoint
        self.validation_timeout = validation_timeout
        # The activation keys issued for this installation, each good once (activation.py).
        self.activation_keys = tuple(activation_keys)
        self.settings = {
            "secret_readback": secret_readback,
            "edition": edition,
            "token_ttl": token_ttl,
            "unconfigured_backup": unconfigured_backup,
            # Like a careless server: error messages repeat the request, secrets included.
            "echo_request_in_errors": False,
            # Seconds a new system certificate's listener reload refuses connections (system_address.py).
            "listener_reload_outage": system_address.DEFAULT_OUTAGE,
            # How the AWS STS accounts are created: POST as the docs say, or PUT as the spec has it (aws_sts.py).
            "sts_create_method": aws_sts.CREATE_METHODS[0],
            # Seconds a registry's pack sync stays InProgress before its outcome (oci_registries.py).
            "registry_sync_seconds": oci_registries.DEFAULT_SYNC_SECONDS,
        }
        self.routes = {("POST", LOGIN_PATH): self._login}
        # The lists Palette pages: path -> handler(query parameters) of their GET.
        self.lists = {**tenants.lists(self), **admins.lists(self), **oci_registries.lists(self)}
        # Calls that depend on the signed-in admin or have a parameter in their path:
        # (method, compiled pattern, handler(body, admin, **parameters)).
        self.patterns = tenants.routes(self) + admins.routes(self) + feature_flags.routes(self)
        self.patterns += activation.routes(self) + oci_registries.routes(self)
        # Those that also read the query: handler(body, admin, query parameters, **parameters).
        self.query_patterns = oci_registries.query_routes(self)
        for schema in schemas:
            self.routes[("GET", schema.path)] = lambda _body, schema=schema: self._read(schema)
            self.routes[("PUT", schema.path)] = lambda body, schema=schema: self.save(schema, body)
        # A registry's validate call is a setting's: its spec checked against the real server.
        for schema in (*schemas, *oci_registries.KINDS.values()):
            if schema.validate_path:
                self.routes[(schema.validate_method, schema.route)] = lambda body, schema=schema: self._validate(
                    schema, body
                )
        # The STS accounts' POST, and their PUT in place of the generic one.
        self.routes.update(aws_sts.routes(self))
        self._lock = threading.Lock()
        self.server = None
        self.reset()

    # State ---------------------------------------------------------------

    def reset(self):
        with self._lock:
            self.stored = {name: dict(schema.default) for name, schema in self.schemas.items()}
            self.tenants = {}
            self.registries = {}  # uid -> {kind, metadata, spec, scope} (oci_registries.py)
            self.registry_syncs = {}  # uid -> the registry's last pack sync
            self.feature_flags = feature_flags.seeded()
            self.activation = activation.Activation(self.activation_keys)
            self.pager = Pager()
            self.admins = {
                name: Admin(name, password, must_change_password=name in self.password_change_required)
                for name, password in self.console_users.items()
            }
            self.tokens = {}  # token -> (expiry, admin name)
            self.issued_tokens = []
            self.faults = []
            self.log = []
            system_address.reinstall(self)

    def configure(self, **settings):
        unknown = set(settings) - set(self.settings)
        if unknown:
            raise ValueError(f"unknown settings: {sorted(unknown)}")
        if settings.get("secret_readback", SECRET_READBACKS[0]) not in SECRET_READBACKS:
            raise ValueError(f"secret_readback must be one of {SECRET_READBACKS}")
        if settings.get("edition", EDITIONS[0]) not in EDITIONS:
            raise ValueError(f"edition must be one of {EDITIONS}")
        if settings.get("unconfigured_backup", UNCONFIGURED_BACKUPS[0]) not in UNCONFIGURED_BACKUPS:
            raise ValueError(f"unconfigured_backup must be one of {UNCONFIGURED_BACKUPS}")
        if settings.get("sts_create_method", aws_sts.CREATE_METHODS[0]) not in aws_sts.CREATE_METHODS:
            raise ValueError(f"sts_create_method must be one of {aws_sts.CREATE_METHODS}")
        for name in ("listener_reload_outage", "registry_sync_seconds"):
            if not 0 <= settings.get(name, 0) < float("inf"):
                raise ValueError(f"{name} must be a number of seconds, 0 or more")
        with self._lock:
            self.settings.update(settings)

    def inject(self, fault):
        with self._lock:
            self.faults.append(fault)

    def seed(self, name, stored):
        """Set a stored setting directly, as an operator would have in the UI."""
        with self._lock:
            self.stored[name] = dict(stored)

    def seed_registry(self, kind, name, spec, scope="tenant"):
        """Store an OCI registry (kind "basic" or "ecr") directly, as a tenant's admin would have made
        it; returns its uid."""
        return oci_registries.seed(self, kind, name, spec, scope)

    def calls(self, method=None, path=None):
        """The request log, optionally filtered, as "METHOD /path" strings."""
        return [
            f"{entry['method']} {entry['path']}"
            for entry in list(self.log)
            if method in (None, entry["method"]) and path in (None, entry["path"])
        ]

    # HTTP ----------------------------------------------------------------

    @property
    def base_url(self):
        return self.server.base_url

    def serve(self, host="127.0.0.1", tls_certificate=None, tls_ca=None):
        """Start serving in a thread; returns the base URL."""
        self.server = ConsoleServer(self, host, tls_certificate, tls_ca)
        with self._lock:
            # The system address a console stores is the one it serves on, with its certificate.
            system_address.reinstall(self)
        return self.base_url

    def shutdown(self):
        if self.server is not None:
            self.server.stop()
            self.server = None

    # The API ---------------------------------------------------------------

    def handle(self, method, path, headers, body, query=None):
        """Serve one API call (``query``: its query parameters, name -> value); returns (status,
        headers, body bytes)."""
        admin = self._admin_of(headers.get("Authorization"))
        query = query or {}
        # A route the console's settings take away answers as one it never had.
        route = None
        if (method, path) not in aws_sts.withdrawn(self):
            route = (
                self.routes.get((method, path))
                or self._list_route(method, path, query)
                or self._pattern_route(method, path, admin, query)
            )
        if route is None:
            known = (
                path in self.lists
                or any(known_path == path for _method, known_path in self.routes)
                or any(pattern.match(path) for _method, pattern, _handler in self.patterns + self.query_patterns)
            )
            if known:
                return error(405, "MethodNotAllowed", f"{method} not allowed on {path}")
            return error(404, "NotFound", f"{method} {path} not found")
        if path != LOGIN_PATH and not admins.needs_no_token(path):
            if admin is None:
                return error(401, "Unauthorized", "invalid or expired token")
            if admin.must_change_password and not admins.allowed_before_password_change(path):
                return error(403, "PasswordResetRequired", "change the password before anything else")
        try:
            request = json.loads(body or b"null")
        except ValueError:
            return error(400, "InvalidRequest", "request body is not JSON")
        return route(request)

    def _list_route(self, method, path, query):
        handler = self.lists.get(path) if method == "GET" else None
        return None if handler is None else lambda _body: handler(query)

    def _pattern_route(self, method, path, admin, query):
        candidates = [(route, ()) for route in self.patterns] + [(route, (query,)) for route in self.query_patterns]
        for (route_method, pattern, handler), arguments in candidates:
            match = pattern.match(path)
            if match and route_method == method:
                return lambda body: handler(body, admin, *arguments, **match.groupdict())
        return None

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

    def _login(self, credentials):
        credentials = credentials if isinstance(credentials, dict) else {}
        admin = self.admins.get(credentials.get("username") or credentials.get("emailId") or "")
        if admin is None or not admin.sign_in(credentials.get("password")):
            return error(401, "Unauthorized", "Invalid credentials" + self._echo(credentials))
        token = secrets.token_urlsafe(32)
        with self._lock:
            self.tokens[token] = (time.monotonic() + self.settings["token_ttl"], admin.name)
            self.issued_tokens.append(token)
        user_token = {
            "Authorization": token,
            "IsEmailSet": bool(admin.email),
            "IsEmailVerified": admin.email_verified,
            "IsMfa": False,
            "IsPasswordReset": admin.must_change_password,
        }
        return answer(200, user_token)

    def _admin_of(self, token):
        """The admin a live token was issued to; None for no token or an expired one."""
        with self._lock:
            expires, name = self.tokens.get(token or "", (0, None))
        return self.admins.get(name) if expires > time.monotonic() else None

    def _read(self, schema):
        with self._lock:
            stored = flatten(self.stored[schema.name])
        if not stored and schema.not_configured and self.settings["unconfigured_backup"] == "not_found":
            return error(404, schema.not_configured, f"no {schema.definition} is configured")
        mode = self.settings["secret_readback"]
        for secret in schema.secrets:
            if mode == "absent":
                stored.pop(secret, None)
            elif stored.get(secret):
                stored[secret] = {"masked": MASK, "empty": ""}.get(mode, stored[secret])
        # Go's omitempty leaves empty values out, but for fields the schema always shows, and for a
        # secret that reads back "".
        shown = {
            key: value
            for key, value in stored.items()
            if value not in ("", 0, False, None) or key in schema.always_shown
        }
        if mode == "empty":
            shown.update({secret: "" for secret in schema.secrets if secret in stored})
        return answer(200, nest(shown))

    def _validate(self, schema, spec):
        problem = schema.parse(spec, schema.validate_part)
        if problem:
            return error(400, "InvalidRequest", problem)
        audit = {"AuditUid": secrets.token_hex(12)}
        try:
            schema.validate(spec, self)
        except Rejected as rejected:
            return error(400, rejected.code, rejected.message + self._echo(spec), headers=audit)
        return 204, audit, b""

    def save(self, schema, spec, refuse=None):
        """Store a setting as its PUT does: 204, or a v1Error. ``refuse(stored)``: the answer instead
        of saving, given the value stored (None: save); asked, once the spec has passed its checks
        and on_save, with the lock held, so that no other call stores in between."""
        problem = schema.parse(spec)
        if problem:
            return error(400, "InvalidRequest", problem)
        try:
            kept = schema.on_save(dict(spec), self)
        except Rejected as rejected:
            return error(400, rejected.code, rejected.message + self._echo(spec))
        with self._lock:
            refused = refuse(self.stored[schema.name]) if refuse else None
            if refused:
                return refused
            self.stored[schema.name] = kept
        return 204, {}, b""

    def _echo(self, request):
        return f" (request: {json.dumps(request)})" if self.settings["echo_request_in_errors"] else ""
