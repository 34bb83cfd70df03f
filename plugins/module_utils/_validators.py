# Copyright (c) palette.selfhosted contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Input checks that settings share. Each returns sentences naming the option, empty when fine.

FOR INTERNAL COLLECTION USE ONLY: no compatibility promise outside palette.selfhosted.
A sentence never quotes a value that may carry an injected header or a secret.
"""

from __future__ import annotations

import base64
import binascii
import ipaddress
import re

_HOST_LABEL = r"(?!-)[A-Za-z0-9-]{1,63}(?<!-)"
_HOSTNAME_RE = re.compile(rf"^{_HOST_LABEL}(\.{_HOST_LABEL})*\.?$")
# A deliberately plain address check: one @, a dot-atom-ish local part and a host name.
_LOCAL_PART_RE = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+$")
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")
_PEM_BLOCK_RE = re.compile(r"-----BEGIN ([A-Z0-9 ]+)-----\s*(.*?)\s*-----END \1-----", re.DOTALL)


def server_problems(option, value):
    """A host name or IP address, without scheme, path or port."""
    server = (value or "").strip()
    if not server:
        return [f"{option} must not be empty."]
    if "://" in server or "/" in server:
        return [f"{option} {server!r} must be a host name or IP address, without scheme or path."]
    if not (_HOSTNAME_RE.match(server) or _is_ip_address(server)):
        return [f"{option} {server!r} is not a valid host name or IP address."]
    return []


def range_problems(option, value, lowest, highest):
    if value is None or not lowest <= value <= highest:
        return [f"{option} must be between {lowest} and {highest}, got {value}."]
    return []


def port_problems(option, value):
    return range_problems(option, value, 1, 65535)


def email_problems(option, value):
    address = value or ""
    if _CONTROL_RE.search(address):
        # Quoting the value would put the injected header into the output.
        return [f"{option} must not contain control characters such as CR or LF."]
    address = address.strip()
    local_part, at, domain = address.rpartition("@")
    if not at or not local_part or not domain:
        return [f"{option} {address!r} is not an email address (expected name@domain)."]
    if not _LOCAL_PART_RE.match(local_part) or ".." in local_part:
        return [f"{option} {address!r} has an invalid part before the @."]
    if not (_HOSTNAME_RE.match(domain) and "." in domain.strip(".")):
        return [f"{option} {address!r} has an invalid domain after the @."]
    return []


def control_character_problems(option, value):
    if value is not None and _CONTROL_RE.search(value):
        return [f"{option} must not contain control characters such as CR or LF."]
    return []


def pem_problems(option, value, label):
    """PEM text holding only blocks whose type ends with `label` (CERTIFICATE, PRIVATE KEY), each
    with a base64 body. The sentence never quotes the value: it may be a private key."""
    text = (value or "").strip()
    blocks = _PEM_BLOCK_RE.findall(text)
    if not blocks or _PEM_BLOCK_RE.sub("", text).strip():
        return [f"{option} must be PEM text: one or more -----BEGIN {label}----- blocks and nothing else."]
    for kind, body in blocks:
        if not kind.endswith(label):
            return [f"{option} has a block of type {kind} where {label} blocks are expected."]
        try:
            base64.b64decode("".join(body.split()), validate=True)
        except (binascii.Error, ValueError):
            return [f"{option} has a {kind} block whose content is not base64."]
    return []


def _is_ip_address(text):
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True
