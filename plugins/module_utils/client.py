# Copyright (c) palette.selfhosted contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""HTTP client for the Palette system API.

Internal to palette.selfhosted: no compatibility promise outside this collection.
It owns the requests session, system-console login, bounded retries and the
translation of every failure into one exception type, PaletteApiError.
"""

from __future__ import annotations

import time
import traceback
from urllib.parse import urlsplit

try:
    import requests
except ImportError:
    requests = None
    REQUESTS_IMPORT_ERROR = traceback.format_exc()
else:
    REQUESTS_IMPORT_ERROR = None

from ansible_collections.palette.selfhosted.plugins.module_utils.smtp import is_masked

HAS_REQUESTS = requests is not None

LOGIN_PATH = "/v1/auth/syslogin"
SMTP_PATH = "/v1/system/config/smtp"
SMTP_VALIDATE_PATH = "/v1/system/config/smtp/validate"

# Statuses a proxy or an overloaded Palette answers with that are worth another try.
RETRY_STATUSES = frozenset((429, 502, 503, 504))
BACKOFF_FIRST = 1.0
BACKOFF_MAX = 8.0
# A Retry-After larger than this is cut down, so the retry budget stays bounded in time.
RETRY_AFTER_MAX = 30.0

USER_AGENT = "palette.selfhosted-ansible-collection"


class PaletteApiError(Exception):
    """A Palette system API call failed.

    str() is a sentence a user can act on; the attributes are what Palette answered
    (its v1Error fields, the HTTP status and the AuditUid header), None where it did not.
    """

    def __init__(self, sentence, status=None, code=None, message=None, details=None, ref=None, audit_uid=None):
        super().__init__(sentence)
        self.status = status
        self.message = message
        self.code = code
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


def normalize_host(host):
    """Turn ``palette.example.com``, ``https://palette.example.com:8443/`` and the like
    into a base URL; raise ValueError with a user-facing sentence when it is not one."""
    text = (host or "").strip()
    if not text:
        raise ValueError("host must not be empty.")
    if "://" not in text:
        text = "https://" + text
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as exc:
        raise ValueError(f"host {host!r} is not a valid address: {exc}.") from None
    if parts.scheme not in ("https", "http"):
        raise ValueError(f"host {host!r} must use https:// (or http://), not {parts.scheme}://.")
    if not parts.hostname:
        raise ValueError(f"host {host!r} has no host name.")
    if parts.username or parts.password:
        raise ValueError("host must not carry credentials; use auth_username and auth_password.")
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise ValueError(
            f"host {host!r} must be the system console address only, without a path or query "
            "(for example https://palette.example.com)."
        )
    hostname = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    return f"{parts.scheme}://{hostname}" + (f":{port}" if port else "")


def _retry_after_seconds(response):
    """Seconds a 429/503 asks us to wait (numeric Retry-After only), capped."""
    value = response.headers.get("Retry-After", "")
    try:
        seconds = float(value)
    except ValueError:
        return None
    return min(max(seconds, 0.0), RETRY_AFTER_MAX)


def _error_from_body(response):
    """The v1Error fields of an error response, or empty ones when it has none."""
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


class PaletteClient:
    """A session with one Palette system console.

    Every secret it receives (a login token, a password Palette returns readable) is
    added to `secrets`; a module passes its no_log_values, so output scrubs them.
    """

    def __init__(self, host, token=None, validate_certs=True, ca_path=None, timeout=30, retries=3, secrets=None):
        self.base_url = normalize_host(host)
        self.token = token
        self.secrets = set() if secrets is None else secrets
        self.timeout = timeout
        self.retries = retries
        self.validate_certs = validate_certs
        # Passed on every call: a session-wide verify loses to REQUESTS_CA_BUNDLE in the environment.
        self.verify = (ca_path or True) if validate_certs else False
        self.session = requests.Session()
        self.session.headers.update({"Accept": "application/json", "User-Agent": USER_AGENT})

    # The API calls ---------------------------------------------------------

    def login(self, username, password):
        """System console login; keeps and returns the token."""
        response = self._request("POST", LOGIN_PATH, body={"username": username, "password": password})
        token = self._json(response, LOGIN_PATH).get("Authorization")
        if not isinstance(token, str) or not token:
            raise PaletteApiError(
                f"{self.base_url} accepted the login but returned no token: this is not a Palette system API.",
                status=response.status_code,
            )
        self.token = token
        self.secrets.add(token)
        return token

    def get_smtp(self):
        """The stored SMTP config as the API returns it (a v1SystemSmtpSpec dict)."""
        payload = self._json(self._request("GET", SMTP_PATH), SMTP_PATH)
        password = payload.get("password")
        if isinstance(password, str) and password and not is_masked(password):
            self.secrets.add(password)
        return payload

    def validate_smtp(self, spec):
        """Ask Palette to try the SMTP config; returns the AuditUid of the check."""
        response = self._request("PUT", SMTP_VALIDATE_PATH, body=spec)
        # Palette answers 204; a 2xx with a body that is not JSON (a proxy's page) is not a pass.
        self._json(response, SMTP_VALIDATE_PATH)
        return response.headers.get("AuditUid")

    def update_smtp(self, spec):
        self._json(self._request("PUT", SMTP_PATH, body=spec), SMTP_PATH)

    # Transport -------------------------------------------------------------

    def _request(self, method, path, body=None):
        """Send one call with bounded retries; return the 2xx response or raise PaletteApiError.

        Retries happen here rather than in a urllib3 Retry on the adapter so that every
        attempt goes through the same error mapping and Retry-After can be capped.
        Every call we make is idempotent (login, GET, and two full-replace PUTs).
        """
        url = self.base_url + path
        headers = {"Authorization": self.token} if self.token and path != LOGIN_PATH else {}
        attempt = 0
        while True:
            attempt += 1
            retry_after = None
            try:
                response = self.session.request(
                    method, url, json=body, headers=headers, timeout=self.timeout, verify=self.verify
                )
            except requests.exceptions.SSLError as exc:
                raise self._tls_error(exc) from None
            except requests.exceptions.Timeout:
                raise PaletteApiError(
                    f"{method} {path} on {self.base_url} got no answer within {self.timeout} seconds (time-out). "
                    "Check that the address is reachable, or raise the timeout option."
                ) from None
            except requests.exceptions.ConnectionError as exc:
                if attempt > self.retries:
                    raise PaletteApiError(
                        f"Cannot connect to {self.base_url} ({self._reason(exc)}), tried {attempt} time(s). "
                        "Check host and that the Palette system console is reachable from where the task runs."
                    ) from None
            else:
                if response.status_code not in RETRY_STATUSES or attempt > self.retries:
                    return self._check(response, method, path, attempt)
                retry_after = _retry_after_seconds(response)
            time.sleep(retry_after if retry_after is not None else self._backoff(attempt))

    @staticmethod
    def _backoff(attempt):
        return min(BACKOFF_FIRST * 2 ** (attempt - 1), BACKOFF_MAX)

    def _check(self, response, method, path, attempt):
        status = response.status_code
        if status < 400:
            return response
        fields = _error_from_body(response)
        audit_uid = response.headers.get("AuditUid")
        palette_says = f": {fields['message']}" if fields["message"] else ""
        if fields["code"]:
            palette_says += f" (code {fields['code']})"
        if status == 401 and path == LOGIN_PATH:
            sentence = (
                f"Palette at {self.base_url} rejected the system console credentials (401){palette_says}. "
                "Check auth_username and auth_password (or PALETTE_USERNAME / PALETTE_PASSWORD)."
            )
        elif status == 401:
            sentence = (
                f"Palette at {self.base_url} rejected the token on {method} {path} (401){palette_says}. "
                "The token may have expired: log in again, or give auth_username and auth_password."
            )
        elif status == 403:
            sentence = (
                f"The system console user may not {method} {path} on {self.base_url} (403){palette_says}. "
                "Use a system admin account."
            )
        elif status == 404:
            sentence = (
                f"{self.base_url} answered 404 for {method} {path}: there is no Palette system API at this address. "
                "Set host to the system console of a self-hosted Palette or Palette VerteX."
            )
        else:
            sentence = f"Palette at {self.base_url} answered {status} to {method} {path}{palette_says}."
            if status in RETRY_STATUSES:
                sentence += f" Gave up after {attempt} tries."
        raise PaletteApiError(sentence, status=status, audit_uid=audit_uid, **fields)

    def _json(self, response, path):
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
                status=response.status_code,
            )
        return payload

    def _tls_error(self, exc):
        hint = (
            "Set ca_path to the CA bundle that signed the Palette certificate, "
            "or (not recommended) validate_certs: false."
            if self.validate_certs
            else "Check that the address speaks HTTPS."
        )
        return PaletteApiError(f"TLS connection to {self.base_url} failed ({self._reason(exc)}). {hint}")

    @staticmethod
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
