# Copyright (c) palette.selfhosted contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""HTTP transport to the Palette system API: session, login, retries, errors.

FOR INTERNAL COLLECTION USE ONLY: no compatibility promise outside palette.selfhosted.
Knows HTTP and Palette's login and error shapes; knows no setting and no option name.
Every failure becomes one PaletteApiError whose text states what happened; callers add
what the user should change.
"""

from __future__ import annotations

import atexit
import os
import socket
import ssl
import tempfile
import time
import traceback
from dataclasses import dataclass
from urllib.parse import urlsplit

try:
    import requests
except ImportError:
    requests = None
    REQUESTS_IMPORT_ERROR = traceback.format_exc()
else:
    REQUESTS_IMPORT_ERROR = None

from ansible_collections.palette.selfhosted.plugins.module_utils._retry import RetryPolicy

HAS_REQUESTS = requests is not None
LOGIN_PATH = "/v1/auth/syslogin"
USER_AGENT = "palette.selfhosted-ansible-collection"

# PaletteApiError.kind: what went wrong, for callers that add their own advice.
UNREACHABLE = "unreachable"
TLS = "tls"
TIMEOUT = "timeout"
CREDENTIALS_REJECTED = "credentials_rejected"
PASSWORD_CHANGE_REQUIRED = "password_change_required"
MFA_REQUIRED = "mfa_required"
TOKEN_REJECTED = "token_rejected"
FORBIDDEN = "forbidden"
NOT_FOUND = "not_found"
# Palette's own 404 (a v1Error): the console is there, the object or config asked for is not.
MISSING = "missing"
NOT_PALETTE = "not_palette"
# A list whose next-page token comes back again: reading on would never end.
ENDLESS_LIST = "endless_list"
# A 404 or 405 on a path the collection infers from Palette's spec: the console does not offer it.
UNOFFERED = "unoffered"
# A console that took a new TLS certificate but did not serve it in the time allowed.
NOT_RELOADED = "not_reloaded"
STATUS = "status"


class PaletteApiError(Exception):
    """A Palette system API call failed.

    str() states what happened; ``kind`` says which of the kinds above it is; the other
    attributes are what Palette answered (its v1Error fields, the HTTP status and the
    AuditUid header), None where it did not answer so.
    """

    def __init__(self, sentence, kind, status=None, code=None, message=None, details=None, ref=None, audit_uid=None):
        super().__init__(sentence)
        self.kind = kind
        self.status = status
        self.code = code
        self.message = message
        self.details = details
        self.ref = ref
        self.audit_uid = audit_uid

    def to_dict(self):
        """The ``error`` return value of a failed task."""
        return {
            "status": self.status,
            "code": self.code,
            "message": self.message,
            "details": self.details,
            "ref": self.ref,
            "audit_uid": self.audit_uid,
        }


class InvalidAddress(ValueError):
    """An address that is not a system console base URL; str() is the reason, without the address,
    which must not be quoted when it carries credentials."""

    def __init__(self, reason, carries_credentials=False):
        super().__init__(reason)
        self.carries_credentials = carries_credentials


def normalize_host(address):
    """Turn ``palette.example.com``, ``https://palette.example.com:8443/`` and the like into a
    base URL; raise InvalidAddress saying why when it is not one."""
    text = (address or "").strip()
    if not text:
        raise InvalidAddress("must not be empty")
    if "://" not in text:
        text = "https://" + text
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as exc:
        raise InvalidAddress(f"is not a valid address: {exc}") from None
    if parts.scheme not in ("https", "http"):
        raise InvalidAddress(f"must use https:// (or http://), not {parts.scheme}://")
    if not parts.hostname:
        raise InvalidAddress("has no host name")
    if parts.username or parts.password:
        raise InvalidAddress("must not carry credentials", carries_credentials=True)
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise InvalidAddress(
            "must be the system console address only, without a path or query (for example https://palette.example.com)"
        )
    hostname = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    return f"{parts.scheme}://{hostname}" + (f":{port}" if port else "")


@dataclass(frozen=True)
class Answer:
    """A successful answer: its JSON object ({} for an empty body) and its AuditUid header."""

    status: int
    body: dict
    audit_uid: str | None


class PaletteClient:
    """A session with one Palette system console.

    Every secret it receives or is told of (a login token, a secret a setting reads back) is
    added to ``secrets``; a module passes its no_log_values, so that output scrubs them.
    ``credentials`` (user name, password) renew the token once it is rejected; login() keeps them.
    """

    def __init__(
        self,
        host,
        token=None,
        credentials=None,
        validate_certs=True,
        ca_path=None,
        timeout=30,
        retries=3,
        secrets=None,
    ):
        self.base_url = normalize_host(host)
        self.token = token
        self.secrets = set() if secrets is None else secrets
        self.timeout = timeout
        self.retry_policy = RetryPolicy(retries=retries)
        self.validate_certs = validate_certs
        # Passed on every call: a session-wide verify loses to REQUESTS_CA_BUNDLE in the environment.
        self.verify = (ca_path or True) if validate_certs else False
        self._credentials = credentials
        self.session = requests.Session()
        self.session.headers.update({"Accept": "application/json", "User-Agent": USER_AGENT})

    def remember_secret(self, value):
        if value:
            self.secrets.add(value)

    def await_certificate(self, certificate_der, ca_pem, timeout, interval=1.0):
        """Wait until the console serves the certificate ``certificate_der`` (DER), verified with the
        CA in ``ca_pem`` (as the client verifies when None), then trust that CA for every later call;
        returns the seconds it took. A console that changes its certificate reloads its listeners:
        until it is done it serves the old one, or refuses connections. Raises PaletteApiError
        (NOT_RELOADED) when it did not serve the new one within ``timeout`` seconds. A console
        spoken to over plain HTTP has no certificate to wait for: its calls retry a short outage."""
        address = urlsplit(self.base_url)
        if address.scheme != "https":
            return 0.0
        started = time.monotonic()
        deadline = started + timeout
        last = "no connection was tried"
        while True:
            try:
                if self._served_certificate(address, ca_pem, deadline) == certificate_der:
                    self._trust(ca_pem)
                    return time.monotonic() - started
                last = "it still served its previous certificate"
            except (OSError, ssl.SSLError) as exc:
                last = _reason(exc)
            if time.monotonic() + interval > deadline:
                raise PaletteApiError(
                    f"Palette at {self.base_url} took the new certificate but did not serve it within {timeout} "
                    f"seconds ({last}).",
                    NOT_RELOADED,
                )
            time.sleep(interval)

    def _served_certificate(self, address, ca_pem, deadline):
        """The certificate the console's TLS handshake shows, verified as this client verifies, with
        ``ca_pem`` as the trusted CA when given."""
        if not self.validate_certs:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
            context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
        elif ca_pem:
            context = ssl.create_default_context(cadata=ca_pem)
        else:
            context = ssl.create_default_context(cafile=self.verify if isinstance(self.verify, str) else None)
        wait = max(0.1, min(self.timeout, deadline - time.monotonic()))
        # Nested, not one parenthesised with: modules run on Pythons older than 3.10.
        with socket.create_connection((address.hostname, address.port or 443), timeout=wait) as raw:  # noqa: SIM117
            with context.wrap_socket(raw, server_hostname=address.hostname) as tls:
                return tls.getpeercert(binary_form=True)

    def _trust(self, ca_pem):
        """Verify later calls with the CA in ``ca_pem``: requests takes a CA bundle as a file."""
        if not (ca_pem and self.validate_certs):
            return
        handle, path = tempfile.mkstemp(prefix="palette-ca-", suffix=".pem")
        with os.fdopen(handle, "w") as bundle:
            bundle.write(ca_pem)
        atexit.register(os.remove, path)
        self.verify = path

    def login(self, username, password, password_change_allowed=False):
        """System console login; keeps and returns the token.

        A login is never retried after Palette refused it: five failed ones lock the account.
        A console that wants its password changed (IsPasswordReset) fails the login, unless
        the caller is about to change it.
        """
        answer = self.request("POST", LOGIN_PATH, {"username": username, "password": password})
        token = answer.body.get("Authorization")
        if answer.body.get("IsPasswordReset") and not password_change_allowed:
            raise PaletteApiError(
                f"Palette at {self.base_url} accepted the credentials but answered IsPasswordReset: "
                "the console still needs its first password change.",
                PASSWORD_CHANGE_REQUIRED,
                status=answer.status,
            )
        if answer.body.get("IsMfa"):
            raise PaletteApiError(
                f"Palette at {self.base_url} answered the login with IsMfa: the account uses multi-factor "
                "authentication or passkeys, which a system console login (syslogin) cannot complete.",
                MFA_REQUIRED,
                status=answer.status,
            )
        if not isinstance(token, str) or not token:
            raise PaletteApiError(
                f"{self.base_url} accepted the login but returned no token: this is not a Palette system API.",
                NOT_PALETTE,
                status=answer.status,
            )
        self.token = token
        self.remember_secret(token)
        self._credentials = (username, password)
        return token

    def request(self, method, path, body=None):
        """Send one call, retried as the policy says; return its Answer or raise PaletteApiError.

        A call answered 401 is sent once more after a fresh login when the client has credentials:
        tokens expire (15 minutes by default), a long play outlives its first one.
        """
        response, attempt = self._send(method, path, body)
        if response.status_code == 401 and path != LOGIN_PATH and self._credentials:
            self.login(*self._credentials)
            response, attempt = self._send(method, path, body)
        return self._answer(response, method, path, attempt)

    def _send(self, method, path, body):
        """The response to a call and how many tries it took, after the retries the policy allows.

        Retries happen here rather than in a urllib3 Retry on the adapter so that every
        attempt goes through the same error mapping and Retry-After can be capped. The
        callers only send idempotent calls (login, GET, full-replace PUTs, validations).
        """
        url = self.base_url + path
        headers = {"Authorization": self.token} if self.token and path != LOGIN_PATH else {}
        attempt = 0
        while True:
            attempt += 1
            try:
                response = self.session.request(
                    method, url, json=body, headers=headers, timeout=self.timeout, verify=self.verify
                )
            except requests.exceptions.SSLError as exc:
                raise PaletteApiError(f"TLS connection to {self.base_url} failed ({_reason(exc)}).", TLS) from None
            except requests.exceptions.Timeout:
                raise PaletteApiError(
                    f"{method} {path} on {self.base_url} got no answer within {self.timeout} seconds (time-out).",
                    TIMEOUT,
                ) from None
            except requests.exceptions.ConnectionError as exc:
                wait = self.retry_policy.wait_before_next(attempt)
                if wait is None:
                    raise PaletteApiError(
                        f"Cannot connect to {self.base_url} ({_reason(exc)}), tried {attempt} time(s).", UNREACHABLE
                    ) from None
            else:
                wait = None
                if self.retry_policy.retries_status(response.status_code):
                    wait = self.retry_policy.wait_before_next(attempt, response.headers.get("Retry-After"))
                if wait is None:
                    return response, attempt
            time.sleep(wait)

    def _answer(self, response, method, path, attempt):
        if response.status_code >= 400:
            raise self._status_error(response, method, path, attempt)
        return Answer(response.status_code, self._json_object(response, path), response.headers.get("AuditUid"))

    def _status_error(self, response, method, path, attempt):
        status = response.status_code
        fields = _v1_error(response)
        says = f": {fields['message']}" if fields["message"] else ""
        if fields["code"]:
            says += f" (code {fields['code']})"
        if status == 401 and path == LOGIN_PATH:
            kind, sentence = CREDENTIALS_REJECTED, f"Palette at {self.base_url} rejected the system console credentials"
            sentence += f" (401){says}."
        elif status == 401:
            kind, sentence = TOKEN_REJECTED, f"Palette at {self.base_url} rejected the token on {method} {path}"
            sentence += f" (401){says}."
        elif status == 403:
            kind = FORBIDDEN
            sentence = f"The system console user may not {method} {path} on {self.base_url} (403){says}."
        elif status == 404 and fields["code"]:
            kind, sentence = MISSING, f"Palette at {self.base_url} has no {method} {path} (404){says}."
        elif status == 404:
            kind = NOT_FOUND
            sentence = (
                f"{self.base_url} answered 404 for {method} {path}: there is no Palette system API at this address."
            )
        else:
            kind, sentence = STATUS, f"Palette at {self.base_url} answered {status} to {method} {path}{says}."
            if self.retry_policy.retries_status(status):
                sentence += f" Gave up after {attempt} tries."
        return PaletteApiError(sentence, kind, status=status, audit_uid=response.headers.get("AuditUid"), **fields)

    def _json_object(self, response, path):
        """The body of a 2xx answer; one that is not a JSON object (a proxy's page) is not a success."""
        if not response.content:
            return {}
        try:
            payload = response.json()
        except ValueError:
            payload = None
        if not isinstance(payload, dict):
            raise PaletteApiError(
                f"{self.base_url} answered {path} with a body that is not a JSON object: "
                "this does not look like a Palette system API.",
                NOT_PALETTE,
                status=response.status_code,
            )
        return payload


def _v1_error(response):
    """The v1Error fields of an error answer, None where it has none."""
    try:
        body = response.json()
    except ValueError:
        body = None
    body = body if isinstance(body, dict) else {}

    def field(name, kinds=str):
        value = body.get(name)
        return value if isinstance(value, kinds) else None

    return {
        "code": field("code"),
        "message": field("message"),
        "details": field("details", (dict, list, str)),
        "ref": field("ref"),
    }


def request_inferred(client, method, path, body=None, api="API", note=""):
    """One call on a path inferred from Palette's spec rather than shown by its docs: a 404 or 405
    there says the console does not offer ``api`` (with Palette's answer and ``note``), instead of
    a missing object or a wrong address."""
    try:
        return client.request(method, path, body)
    except PaletteApiError as exc:
        if exc.status not in (404, 405):
            raise
        says = f" ({exc.message})" if exc.message else ""
        raise PaletteApiError(
            f"Palette at {getattr(client, 'base_url', 'the console')} answered {exc.status} to {method} {path}"
            f"{says}: this console does not offer the {api} that the collection uses. {note}".rstrip(),
            UNOFFERED,
            status=exc.status,
            code=exc.code,
            message=exc.message,
            details=exc.details,
            ref=exc.ref,
            audit_uid=exc.audit_uid,
        ) from None


def _reason(exc):
    """The innermost cause of a requests/urllib3 error (say "[Errno 111] Connection refused")."""
    cause, seen = exc, set()
    while id(cause) not in seen:
        seen.add(id(cause))
        # urllib3 keeps the cause in .reason (MaxRetryError) or chains it (NewConnectionError).
        nested = getattr(cause, "reason", None)
        if not isinstance(nested, BaseException):
            nested = cause.__cause__ or cause.__context__
        if nested is None:
            break
        cause = nested
    return str(cause) or type(cause).__name__
