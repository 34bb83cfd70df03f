# Copyright (c) palette.selfhosted contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The SMTP settings: module options <-> v1SystemSmtpSpec, input checks, comparison, diff.

Internal to palette.selfhosted. Pure functions only: no I/O, no Ansible objects,
so every rule here is unit-tested on its own.
"""

from __future__ import annotations

import ipaddress
import re
from collections import namedtuple

# What a diff shows in place of a password, on both sides.
PASSWORD_MASK = "********"

# How GET /v1/system/config/smtp returns the stored password (Palette does not document it).
PASSWORD_PLAIN = "plain"
PASSWORD_MASKED = "masked"
PASSWORD_ABSENT = "absent"

UPDATE_PASSWORD_ON_CHANGE = "on_change"
UPDATE_PASSWORD_ALWAYS = "always"

# Module option -> v1SystemSmtpSpec field.
API_FIELDS = {
    "server": "smtpServer",
    "port": "smtpPort",
    "from_email": "fromEmailId",
    "username": "userName",
    "password": "password",
    "insecure_skip_tls_verify": "insecureSkipVerifyTls",
}
SMTP_OPTIONS = tuple(API_FIELDS)
COMPARED_WITHOUT_PASSWORD = tuple(option for option in SMTP_OPTIONS if option != "password")

SmtpSpec = namedtuple("SmtpSpec", SMTP_OPTIONS)
SmtpSpec.__doc__ = "The six SMTP fields; username and password are None when unset (anonymous)."

SmtpPlan = namedtuple("SmtpPlan", ["changed_fields", "current", "password_readback"])
SmtpPlan.__doc__ = "What differs between the desired and the stored config, and how the password read back."

_HOST_LABEL = r"(?!-)[A-Za-z0-9-]{1,63}(?<!-)"
_HOSTNAME_RE = re.compile(rf"^{_HOST_LABEL}(\.{_HOST_LABEL})*\.?$")
# A deliberately plain address check: one @, a dot-atom-ish local part and a host name.
_LOCAL_PART_RE = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+$")
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")


def _blank_to_none(value):
    return value if value not in (None, "") else None


def spec_from_params(params):
    """The desired spec from module parameters."""
    return SmtpSpec(
        server=params["server"].strip(),
        port=params["port"],
        from_email=params["from_email"].strip(),
        username=_blank_to_none(params.get("username")),
        password=_blank_to_none(params.get("password")),
        insecure_skip_tls_verify=bool(params.get("insecure_skip_tls_verify")),
    )


def spec_from_api(payload):
    """The stored spec from a v1SystemSmtpSpec; absent fields read as unset (Go omitempty)."""
    payload = payload or {}
    port = payload.get(API_FIELDS["port"])
    return SmtpSpec(
        server=_blank_to_none(payload.get(API_FIELDS["server"])),
        port=port if isinstance(port, int) and port else None,
        from_email=_blank_to_none(payload.get(API_FIELDS["from_email"])),
        username=_blank_to_none(payload.get(API_FIELDS["username"])),
        password=_blank_to_none(payload.get(API_FIELDS["password"])),
        insecure_skip_tls_verify=bool(payload.get(API_FIELDS["insecure_skip_tls_verify"])),
    )


def spec_to_api(spec):
    """The v1SystemSmtpSpec to send. All six fields always go, so that an anonymous
    config clears stored credentials instead of leaving them to omitempty."""
    payload = {API_FIELDS[option]: getattr(spec, option) for option in SMTP_OPTIONS}
    payload[API_FIELDS["username"]] = spec.username or ""
    payload[API_FIELDS["password"]] = spec.password or ""
    return payload


def is_masked(value):
    """A placeholder such as ``********`` rather than a password."""
    return bool(value) and set(value) == {"*"}


def password_readback(payload):
    """How the API returned the stored password: plain, masked, or absent."""
    value = (payload or {}).get(API_FIELDS["password"])
    if not value:
        return PASSWORD_ABSENT
    return PASSWORD_MASKED if is_masked(value) else PASSWORD_PLAIN


def is_configured(spec):
    return spec.server is not None


def is_anonymous(spec):
    return spec.username is None and spec.password is None


def check_params(params):
    """Every problem with the SMTP options, as sentences; empty when they are fine.

    Never quotes the password. Runs before any API call.
    """
    problems = []
    server = (params.get("server") or "").strip()
    if not server:
        problems.append("server must not be empty.")
    elif "://" in server or "/" in server:
        problems.append(f"server {server!r} must be a host name or IP address, without scheme or path.")
    elif not (_HOSTNAME_RE.match(server) or _is_ip_address(server)):
        problems.append(f"server {server!r} is not a valid host name or IP address.")

    port = params.get("port")
    if port is None or not 1 <= port <= 65535:
        problems.append(f"port must be between 1 and 65535, got {port}.")

    problems.extend(_email_problems(params.get("from_email") or ""))

    username = params.get("username")
    if username is not None and _CONTROL_RE.search(username):
        problems.append("username must not contain control characters such as CR or LF.")
    has_username = bool(username)
    has_password = bool(params.get("password"))
    if has_username != has_password:
        problems.append(
            "username and password go together: give both for authenticated SMTP, or neither for anonymous SMTP."
        )
    return problems


def _is_ip_address(text):
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def _email_problems(address):
    if _CONTROL_RE.search(address):
        # Quoting the value would put the injected header into the output.
        return ["from_email must not contain control characters such as CR or LF."]
    address = address.strip()
    local_part, at, domain = address.rpartition("@")
    if not at or not local_part or not domain:
        return [f"from_email {address!r} is not an email address (expected name@domain)."]
    if not _LOCAL_PART_RE.match(local_part) or ".." in local_part:
        return [f"from_email {address!r} has an invalid part before the @."]
    if not (_HOSTNAME_RE.match(domain) and "." in domain.strip(".")):
        return [f"from_email {address!r} has an invalid domain after the @."]
    return []


def plan(desired, current_payload, update_password=UPDATE_PASSWORD_ON_CHANGE):
    """Compare the desired spec with the stored one.

    The password counts as changed when it reads back in plain text and differs;
    when stored credentials must go (desired is anonymous, stored is not); or, when
    it cannot be read back, with ``update_password=always``. With ``on_change`` an
    unreadable password is sent only along with another change (the whole spec is
    always sent, so the password is never left behind from an older config).
    """
    current = spec_from_api(current_payload)
    readback = password_readback(current_payload)
    changed = [option for option in COMPARED_WITHOUT_PASSWORD if getattr(desired, option) != getattr(current, option)]
    if readback == PASSWORD_PLAIN:
        password_changed = desired.password != current.password
    elif desired.password is None:
        password_changed = readback == PASSWORD_MASKED
    else:
        password_changed = update_password == UPDATE_PASSWORD_ALWAYS
    if password_changed:
        changed.append("password")
    return SmtpPlan(changed_fields=tuple(changed), current=current, password_readback=readback)


def unkept_fields(sent, saved_payload):
    """Fields Palette did not keep as sent, judged from its read-back after a write."""
    saved = spec_from_api(saved_payload)
    unkept = [option for option in COMPARED_WITHOUT_PASSWORD if getattr(sent, option) != getattr(saved, option)]
    readback = password_readback(saved_payload)
    if (readback == PASSWORD_PLAIN and saved.password != sent.password) or (
        sent.password is None and readback != PASSWORD_ABSENT
    ):
        unkept.append("password")
    return unkept


def public_view(spec):
    """A spec for return values: no password, plus whether it is anonymous."""
    view = {option: getattr(spec, option) for option in COMPARED_WITHOUT_PASSWORD}
    view["anonymous"] = is_configured(spec) and is_anonymous(spec)
    return view


def diff_view(spec):
    """A spec for ``--diff``: the six fields, the password as a fixed mask when set."""
    view = {option: getattr(spec, option) for option in SMTP_OPTIONS}
    view["password"] = PASSWORD_MASK if spec.password is not None else None
    return view
