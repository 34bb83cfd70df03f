# Copyright (c) palette.selfhosted contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""X.509 facts about PEM text: a certificate chain, its private key and the CA that issued it.

FOR INTERNAL COLLECTION USE ONLY: no compatibility promise outside palette.selfhosted.
Knows certificates, not settings: callers turn its ValueErrors and facts into sentences. Needs the
cryptography library, which ansible-core itself requires on the controller.
"""

from __future__ import annotations

import ipaddress
import re
import traceback
from dataclasses import dataclass
from datetime import datetime, timezone

try:
    from cryptography import x509
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import serialization
except ImportError:
    x509 = None
    CRYPTOGRAPHY_IMPORT_ERROR = traceback.format_exc()
else:
    CRYPTOGRAPHY_IMPORT_ERROR = None

HAS_CRYPTOGRAPHY = x509 is not None
_CERTIFICATE_BLOCK = re.compile(r"-----BEGIN CERTIFICATE-----.+?-----END CERTIFICATE-----", re.S)


def _utc(certificate, name):
    """not_valid_before/after as an aware UTC time (the _utc properties arrived in cryptography 42)."""
    aware = getattr(certificate, f"{name}_utc", None)
    return aware if aware is not None else getattr(certificate, name).replace(tzinfo=timezone.utc)


@dataclass(frozen=True)
class Chain:
    """PEM certificates, the server's own first, then any intermediates that lead to its CA."""

    certificates: tuple

    @classmethod
    def parse(cls, text):
        """The chain in ``text``; raises ValueError when it holds no certificate or one that does not parse."""
        blocks = _CERTIFICATE_BLOCK.findall(text or "")
        if not blocks:
            raise ValueError("holds no PEM certificate (-----BEGIN CERTIFICATE-----)")
        try:
            return cls(tuple(x509.load_pem_x509_certificate(block.encode()) for block in blocks))
        except ValueError as exc:
            raise ValueError(f"holds a certificate that does not parse ({exc})") from None

    @property
    def leaf(self):
        return self.certificates[0]

    @property
    def der(self):
        """The server certificate as a TLS handshake shows it."""
        return self.leaf.public_bytes(serialization.Encoding.DER)

    @property
    def not_before(self):
        return _utc(self.leaf, "not_valid_before")

    @property
    def not_after(self):
        return _utc(self.leaf, "not_valid_after")

    def valid_at(self, moment):
        return self.not_before <= moment <= self.not_after

    def _alternative_names(self):
        """The DNS names and the IP addresses among the subject alternative names."""
        try:
            extension = self.leaf.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        except x509.ExtensionNotFound:
            return [], []
        return extension.get_values_for_type(x509.DNSName), extension.get_values_for_type(x509.IPAddress)

    @property
    def names(self):
        """The subject alternative names, as text: DNS names and IP addresses (the subject's CN counts
        for no TLS client that matters)."""
        dns, ips = self._alternative_names()
        return tuple(dns + [str(ip) for ip in ips])

    def covers(self, host):
        """Whether TLS clients take this certificate for ``host`` (a name, or an IP address): an IP
        address only by an IP address entry, never by a DNS name that spells it."""
        dns, ips = self._alternative_names()
        try:
            ip = ipaddress.ip_address(host)
        except ValueError:
            return any(_name_matches(name, host) for name in dns)
        return ip in ips

    def issued_by(self, authorities):
        """Whether the chain leads to one of ``authorities`` (a Chain): each certificate is signed by
        the next, and the last by an authority (or is one)."""
        for child, parent in zip(self.certificates, self.certificates[1:]):
            if not _signed_by(child, parent):
                return False
        last = self.certificates[-1]
        return any(last == authority or _signed_by(last, authority) for authority in authorities.certificates)


def private_key(text):
    """The private key in PEM ``text``; raises ValueError when there is none or it is encrypted."""
    try:
        return serialization.load_pem_private_key((text or "").encode(), password=None)
    except TypeError:
        raise ValueError("is encrypted: give it without a passphrase, as Palette serves it") from None
    except ValueError:
        raise ValueError("holds no PEM private key that parses (-----BEGIN PRIVATE KEY-----)") from None


def key_matches(key, chain):
    """Whether ``key`` is the private half of the server certificate's public key."""
    public = serialization.PublicFormat.SubjectPublicKeyInfo
    encoding = serialization.Encoding.DER
    return key.public_key().public_bytes(encoding, public) == chain.leaf.public_key().public_bytes(encoding, public)


def now():
    return datetime.now(timezone.utc)


def _name_matches(pattern, host):
    """RFC 6125 matching: case-insensitive, a wildcard only as the whole leftmost label, one label deep."""
    pattern, host = pattern.lower().rstrip("."), host.lower().rstrip(".")
    if not pattern.startswith("*."):
        return pattern == host
    first, _dot, rest = host.partition(".")
    return bool(first) and rest == pattern[2:]


def _signed_by(child, parent):
    if child.issuer != parent.subject:
        return False
    try:
        child.verify_directly_issued_by(parent)
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True
