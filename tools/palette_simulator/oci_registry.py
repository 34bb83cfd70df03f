"""A real OCI registry for the simulator's registry validation to talk to, on loopback: Debian's
docker-registry (the CNCF distribution registry 2.8) with TLS from a private CA and one htpasswd
user; and ``probe``, the check Palette makes of an OCI registry (GET /v2/), which reports a registry
it cannot use in the words of a Go HTTP client.

The registry logs every API request (as JSON lines, with the access log's lines among them) to a
file in its work directory, so tests can prove the validation reached it."""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import re
import secrets
import socket
import ssl
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import requests
import urllib3

from palette_simulator.net import free_port

# A spec with insecureSkipVerify is probed unverified, as Palette would; urllib3's warning about each such
# request says nothing the test does not know. Set once: warning filters are the process's, and probes run
# in the simulator's threads.
urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)

BINARY = "/usr/bin/docker-registry"
NOT_INSTALLED = "Debian's docker-registry package is not installed (make oci-registry)"
START_TIMEOUT = 10.0
START_ATTEMPTS = 3
LOOPBACK_NAMES = ("127.0.0.1", "localhost")
# start() waits on /v2/ with this User-Agent, so that received() can leave its own requests out.
READINESS_AGENT = "palette-lab-readiness"
# What Go's URL.Redacted() puts in place of a password in a URL it shows.
REDACTED = "xxxxx"
# OpenSSL's verify codes for a chain that ends at no CA the client trusts (X509_V_ERR_*).
_UNKNOWN_AUTHORITY_CODES = {2, 18, 19, 20, 21}
_EXPIRED_CODES = {9, 10}
_NAME_MISMATCH_CODES = {62, 64}
_REFUSED_USER = re.compile(r'error authenticating user ("(?:[^"\\]|\\.)*")')
_PEM_CERTIFICATE = re.compile(r"-----BEGIN CERTIFICATE-----.+?-----END CERTIFICATE-----", re.DOTALL)


class RegistryRefused(Exception):
    """A registry that Palette could not use; the message names why, as Palette's Go client would,
    and never holds the password or token it was given."""


class _PortTaken(Exception):
    pass


@dataclass(frozen=True)
class RegistryRequest:
    """One API request as the registry logged it."""

    method: str
    path: str  # with the query string, as sent
    status: int  # None: no answer logged (yet)
    user: str  # who it authenticated as; None: no basic credentials


class OciRegistry:
    """Debian's docker-registry on ``host`` (a free port), over TLS with a certificate that ``ca``
    (a trustme.CA) issues for 127.0.0.1 and localhost, and basic auth for ``user`` alone (htpasswd).
    Its config, certificate, htpasswd, storage and log live in ``workdir``."""

    def __init__(self, workdir, user, password, ca, host="127.0.0.1"):
        self.workdir = Path(workdir)
        self.user = user
        self._password = password
        self._ca = ca
        self.host = host
        self.port = None
        self.log_file = self.workdir / "registry.log"
        self.ca_file = self.workdir / "ca.pem"
        self._process = None
        self._log_offset = 0

    @property
    def endpoint(self):
        return f"https://{self.host}:{self.port}"

    @property
    def ca_pem(self):
        """The CA's certificate, PEM text: what a client must trust."""
        return self._ca.cert_pem.bytes().decode("ascii")

    def start(self):
        if not os.access(BINARY, os.X_OK):
            raise RuntimeError(NOT_INSTALLED)
        # Imported here: only labs with a registry need bcrypt.
        import bcrypt

        self.workdir.mkdir(parents=True, exist_ok=True)
        certificate = self._ca.issue_cert(*LOOPBACK_NAMES)
        cert_file, key_file = self.workdir / "cert.pem", self.workdir / "key.pem"
        cert_file.write_bytes(b"".join(blob.bytes() for blob in certificate.cert_chain_pems))
        certificate.private_key_pem.write_to_path(str(key_file))
        self._ca.cert_pem.write_to_path(str(self.ca_file))
        # distribution takes bcrypt hashes only; the lowest cost keeps each login quick.
        hashed = bcrypt.hashpw(self._password.encode("utf-8"), bcrypt.gensalt(rounds=4)).decode("ascii")
        htpasswd = self.workdir / "htpasswd"
        htpasswd.write_text(f"{self.user}:{hashed}\n")
        # free_port's port may be taken before the registry binds it (tests run side by side): then
        # the registry exits at once, and another port is tried.
        for attempt in range(START_ATTEMPTS):
            self.port = free_port(self.host)
            self._launch(cert_file, key_file, htpasswd)
            try:
                self._wait_until_up()
                return self
            except _PortTaken:
                if attempt == START_ATTEMPTS - 1:
                    raise RuntimeError(f"the lab's OCI registry found no free port: see {self.log_file}") from None

    def _launch(self, cert_file, key_file, htpasswd):
        config = {
            "version": "0.1",
            "log": {"level": "info", "formatter": "json", "accesslog": {"disabled": False}},
            "storage": {"filesystem": {"rootdirectory": str(self.workdir / "storage")}},
            "http": {
                "addr": f"{self.host}:{self.port}",
                # Without a secret of its own it warns, at every start, that it made one up.
                "secret": secrets.token_hex(16),
                "tls": {"certificate": str(cert_file), "key": str(key_file)},
            },
            "auth": {"htpasswd": {"realm": "palette-lab", "path": str(htpasswd)}},
        }
        config_file = self.workdir / "config.yml"
        config_file.write_text(json.dumps(config, indent=2))  # JSON is YAML
        # REGISTRY_* variables would override the config.
        env = {name: value for name, value in os.environ.items() if not name.startswith("REGISTRY_")}
        # The child keeps its own copy of the log's descriptor: ours can close at once.
        with self.log_file.open("ab") as log:
            self._log_offset = log.tell()  # where this run's lines begin
            self._process = subprocess.Popen(
                [BINARY, "serve", str(config_file)],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=self.workdir,
                env=env,
            )

    def _wait_until_up(self):
        url = f"{self.endpoint}/v2/"
        deadline = time.monotonic() + START_TIMEOUT
        with requests.Session() as session:
            session.trust_env = False  # a proxy from the environment must not stand in for it
            while True:
                status = self._process.poll()
                if status is not None:
                    self._process = None
                    if b"address already in use" in self.log_file.read_bytes()[self._log_offset :]:
                        raise _PortTaken
                    raise RuntimeError(f"the lab's OCI registry exited with status {status}: see {self.log_file}")
                try:
                    session.get(url, verify=str(self.ca_file), timeout=1, headers={"User-Agent": READINESS_AGENT})
                    return
                except requests.RequestException:
                    pass
                if time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(
                        f"the lab's OCI registry gave no answer on {url} in {START_TIMEOUT:g} s: see {self.log_file}"
                    )
                time.sleep(0.05)

    def stop(self):
        if self._process is None:
            return
        self._process.terminate()
        try:
            self._process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._process = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()

    def received(self, settle=2.0):
        """The API requests that reached the registry (RegistryRequest), in order, from its log,
        without start()'s own. The registry logs a request's answer just after sending it: this waits
        up to ``settle`` seconds for the answers still missing."""
        deadline = time.monotonic() + settle
        while True:
            seen = self._logged_requests()
            if all(request.status is not None for request in seen) or time.monotonic() > deadline:
                return seen
            time.sleep(0.05)

    def logins(self, settle=2.0):
        """(user name, accepted) for each request that came with basic credentials."""
        return [(request.user, request.status != 401) for request in self.received(settle) if request.user]

    def tls_failures(self, settle=2.0):
        """What the registry logged of each TLS handshake it failed ("remote error: tls: ...", as Go
        words it): a client that did not trust its certificate reached it all the same. The registry
        logs it a moment after the client gave up: while there is none, this waits up to ``settle``
        seconds for one."""
        marker = "http: TLS handshake error from "
        deadline = time.monotonic() + settle
        while True:
            lines = self.log_file.read_text(errors="replace").splitlines() if self.log_file.exists() else []
            # "2026/01/02 03:04:05 http: TLS handshake error from 127.0.0.1:40000: EOF"
            failures = [line.split(marker, 1)[1].split(": ", 1)[-1] for line in lines if marker in line]
            if failures or time.monotonic() > deadline:
                return failures
            time.sleep(0.05)

    def _logged_requests(self):
        requests_by_id = {}
        lines = self.log_file.read_text(errors="replace").splitlines() if self.log_file.exists() else []
        for line in lines:
            if not line.startswith("{"):
                continue  # the access log's lines and Go's own: they carry no request id
            try:
                entry = json.loads(line)
            except ValueError:
                continue  # a line the registry is still writing
            request_id = entry.get("http.request.id")
            if not request_id or entry.get("http.request.useragent") == READINESS_AGENT:
                continue
            request = requests_by_id.setdefault(
                request_id,
                {"method": entry.get("http.request.method"), "path": entry.get("http.request.uri"), "status": None},
            )
            message = entry.get("msg", "")
            if "http.response.status" in entry:
                request["status"] = entry["http.response.status"]
            elif "authentication challenge" in message:
                request["status"] = 401  # the registry answers a challenge with 401 and logs no status
            refused = _REFUSED_USER.search(message)
            if refused:
                request["user"] = _go_unquote(refused.group(1))
            elif message == "authorized request":
                # The log does not name who: htpasswd holds one user.
                request.setdefault("user", self.user)
        return [RegistryRequest(user=request.pop("user", None), **request) for request in requests_by_id.values()]


def _go_unquote(quoted):
    """A Go %q string's text (its escapes are JSON's, for the names a lab uses)."""
    try:
        return json.loads(quoted)
    except ValueError:
        return quoted[1:-1]


def probe(endpoint, username=None, password=None, token=None, ca_pem=None, insecure=False, timeout=5.0):
    """What Palette's validation of an OCI registry does: GET {endpoint}/v2/ (https:// when the
    endpoint has no scheme), with ``Authorization: Bearer <token>`` when a token is given, else with
    basic auth when a username or password is, trusting the CA certificates of ``ca_pem`` (PEM text;
    None: the system's) unless ``insecure``. Returns None when the registry answers 200; raises
    RegistryRefused otherwise, whose message is what a Go client says, such as
    ``Get "https://127.0.0.1:5000/v2/": x509: certificate signed by unknown authority``."""
    url = _v2_url(endpoint)
    shown = _redacted(url)
    if ca_pem is not None and not insecure and not _certificates(ca_pem):
        # Go's AppendCertsFromPEM skips what does not parse: a pool that trusts nothing.
        raise RegistryRefused(f'Get "{shown}": x509: certificate signed by unknown authority')
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    auth = (username or "", password or "") if not token and (username or password) else None
    with requests.Session() as session, _verify(ca_pem, insecure) as verify:
        # The console's own settings decide, not the environment the simulator runs in (proxies,
        # ~/.netrc, REQUESTS_CA_BUNDLE).
        session.trust_env = False
        try:
            response = session.get(url, auth=auth, headers=headers, verify=verify, timeout=timeout)
        except requests.RequestException as exc:
            raise RegistryRefused(_scrub(f'Get "{shown}": {_transport_cause(exc, url)}', password, token)) from None
    if response.status_code != 200:
        raise RegistryRefused(_scrub(f'Get "{shown}": {_status(response)}', password, token))


def _v2_url(endpoint):
    endpoint = endpoint.strip()
    if "://" not in endpoint:
        endpoint = f"https://{endpoint}"
    return f"{endpoint.rstrip('/')}/v2/"


def _redacted(url):
    """The URL with any password in it replaced, as Go's URL.Redacted() shows it."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    userinfo, _at, hostport = parts.netloc.rpartition("@")
    return urlunsplit(parts._replace(netloc=f"{userinfo.split(':', 1)[0]}:{REDACTED}@{hostport}"))


def _scrub(message, *given):
    # Nothing in the message should echo a secret; this makes sure. Shorter strings could be words.
    for secret in given:
        if secret and len(secret) >= 4:
            message = message.replace(secret, REDACTED)
    return message


@contextlib.contextmanager
def _verify(ca_pem, insecure):
    """requests' ``verify`` for the probe: False, the system's CA bundle, or a file of ``ca_pem``."""
    if insecure:
        yield False
        return
    if ca_pem is None:
        paths = ssl.get_default_verify_paths()
        yield paths.cafile or paths.capath or True
        return
    descriptor, path = tempfile.mkstemp(prefix="registry-ca-", suffix=".pem")
    try:
        with os.fdopen(descriptor, "w") as out:
            out.write("\n".join(_certificates(ca_pem)) + "\n")
        yield path
    finally:
        os.unlink(path)


def _certificates(ca_pem):
    """The PEM certificates of ``ca_pem`` that load, as Go's AppendCertsFromPEM takes them."""
    loaded = []
    for block in _PEM_CERTIFICATE.findall(ca_pem):
        try:
            ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT).load_verify_locations(cadata=block)
        except (ssl.SSLError, ValueError):
            continue
        loaded.append(block)
    return loaded


def _status(response):
    """'401 Unauthorized: authentication required': Go's status line, then the registry's errors."""
    try:
        phrase = http.HTTPStatus(response.status_code).phrase
    except ValueError:
        phrase = response.reason or ""
    line = f"{response.status_code} {phrase}".rstrip()
    try:
        errors = response.json().get("errors") or []
        messages = [error["message"] for error in errors if isinstance(error, dict) and error.get("message")]
    except (ValueError, AttributeError):
        messages = []
    return f"{line}: {'; '.join(messages)}" if messages else line


def _transport_cause(exc, url):
    """Why no answer came, in Go's words."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        return f'invalid port ":{parts.netloc.rpartition(":")[2]}" after host'
    address = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    chain = list(_causes(exc))

    def found(kind):
        return next((cause for cause in chain if isinstance(cause, kind)), None)

    if isinstance(exc, (requests.exceptions.InvalidSchema, requests.exceptions.MissingSchema)):
        return f'unsupported protocol scheme "{url.split("://", 1)[0]}"'
    verification = found(ssl.SSLCertVerificationError)
    if verification is not None:
        if verification.verify_code in _UNKNOWN_AUTHORITY_CODES:
            return "x509: certificate signed by unknown authority"
        if verification.verify_code in _EXPIRED_CODES:
            return "x509: certificate has expired or is not yet valid"
        if verification.verify_code in _NAME_MISMATCH_CODES:
            return f"x509: certificate is not valid for {host}"
        return f"x509: {verification.verify_message}"
    if isinstance(exc, requests.ConnectTimeout):
        return f"dial tcp {address}: i/o timeout"
    if isinstance(exc, requests.Timeout) or found(socket.timeout) is not None:
        return "context deadline exceeded (Client.Timeout exceeded while awaiting headers)"
    tls = found(ssl.SSLError)
    if tls is not None:
        if tls.reason == "WRONG_VERSION_NUMBER":
            return "http: server gave HTTP response to HTTPS client"
        return f"tls: {(tls.reason or str(tls)).lower().replace('_', ' ')}"
    if found(socket.gaierror) is not None:
        return f"dial tcp: lookup {host}: no such host"
    if found(ConnectionRefusedError) is not None:
        return f"dial tcp {address}: connect: connection refused"
    if found(ConnectionResetError) is not None:
        return f"read tcp {address}: read: connection reset by peer"
    if found(http.client.RemoteDisconnected) is not None:
        return "EOF"
    failure = next((cause for cause in chain if isinstance(cause, OSError) and cause.strerror), None)
    if failure is not None:
        return f"dial tcp {address}: connect: {failure.strerror.lower()}"
    return str(exc)


def _causes(exc):
    """``exc`` and every exception it wraps: requests and urllib3 nest the socket's and ssl's error
    in args, ``reason``, __cause__ and __context__."""
    pending, seen = [exc], set()
    while pending:
        current = pending.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        linked = [*current.args, getattr(current, "reason", None), current.__cause__, current.__context__]
        pending.extend(item for item in linked if isinstance(item, BaseException))
