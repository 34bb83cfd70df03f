"""The system address and its certificate (System Console > System Address Management, the docs
page SSL certificate management): GET and PUT /v1/system/config/domain/certificates with
v1SystemConfigDomainCertificatesSpec {rootDomain, certificates: v1SystemCertificatesSpec
{certificateBase64, keyBase64, caCertificateBase64, insecureSkipVerify}}, served by the console's
generic schema code (SYSTEM_ADDRESS).

The docs show the page only as UI steps; the path and the shapes are those of the API spec (4.8).
The certificate, its key and the CA travel as base64 of their PEM text. A console starts with the
address it serves on and, over TLS, the certificate, key and CA it serves with; over plain HTTP with
no certificates (reinstall(), which Console.reset() and Console.serve() call: the stored value
depends on how the console serves). GET leaves ``certificates`` out when none are stored (Go
omitempty: a fresh console over plain HTTP reads {"rootDomain": <host>}); inside it every field
shows, empty or not (x-omitempty false: always_shown), as a saved set always holds all four.
certificates.keyBase64 reads back as the console's secret_readback says (Palette does not document
whether GET returns it).

A PUT is checked as a whole, as Palette checks the set together: every field must be base64 of a
PEM certificate (a chain: the leaf first), key or CA bundle; the key must be the certificate's; the
certificate must be valid now, cover rootDomain and still cover the previous rootDomain in its SAN
(the docs require the new certificate to keep the old DNS name or IP), and be issued by the CA
given, if one is. Any refusal is a 400 v1Error that keeps the stored config. insecureSkipVerify is
stored and read back, and checks nothing here. Whether Palette also checks that the address is
reachable (SURFACE.md) is left out: a lab's names do not resolve.

A PUT that passes answers 204, then Palette "refreshes its listening ports": after RELOAD_DELAY
seconds the listener drops every connection and refuses new ones for the console's
``listener_reload_outage`` seconds, then serves the new certificate and key (server.py). Over plain
HTTP there is the same outage and no certificate change. The save hook schedules that reload just
before the generic code stores the set and answers; the delay lets the 204 go out first.
"""

from __future__ import annotations

import base64
import binascii
import ipaddress
import re
import ssl
from datetime import datetime, timezone

from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization

from palette_simulator.schema import Rejected, SettingSchema
from palette_simulator.server import tls_context

# NOTES: path inferred from the spec (V1SystemConfigDomainCertificatesGet / ...Put); the docs page
# shows only the UI steps.
PATH = "/v1/system/config/domain/certificates"
DEFINITION = "v1SystemConfigDomainCertificatesSpec"
CERTIFICATE_FIELDS = ("certificateBase64", "keyBase64", "caCertificateBase64", "insecureSkipVerify")
# Seconds between the 204 and the start of the listener's outage.
RELOAD_DELAY = 0.2
DEFAULT_OUTAGE = 1.5
_HOST_NAME = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$")


def reinstall(console):
    """Back to the address and certificate the console is installed with, as it serves now (called
    with the console's lock held, by Console.reset() and Console.serve()): the stored config, and at
    once (no outage) the listener's certificate; a reload still pending is cancelled."""
    if SYSTEM_ADDRESS.name in console.schemas:
        console.stored[SYSTEM_ADDRESS.name] = installed(console.server)
    if console.server is not None:
        console.server.reinstall()


def installed(server):
    """The v1SystemConfigDomainCertificatesSpec of a console served by ``server`` (None: not served)."""
    if server is None:
        return dict(SYSTEM_ADDRESS.default)
    spec = {"rootDomain": server.host}
    if server.installed is not None:
        certificate, key, ca = server.installed
        spec["certificates"] = {
            "certificateBase64": _encode(certificate),
            "keyBase64": _encode(key),
            "caCertificateBase64": _encode(ca),
            "insecureSkipVerify": False,
        }
    return spec


def _encode(pem):
    return base64.b64encode(pem).decode() if pem else ""


def saved(spec, console):
    """The on_save hook: the set as kept (every certificates field present), once checked against the
    stored rootDomain; schedules the listener reload. Rejected for a set Palette refuses."""
    certificates = {"certificateBase64": "", "keyBase64": "", "caCertificateBase64": "", "insecureSkipVerify": False}
    certificates.update(spec.get("certificates") or {})
    kept = {"rootDomain": spec.get("rootDomain", "").strip(), "certificates": certificates}
    with console._lock:
        previous = console.stored.get(SYSTEM_ADDRESS.name, {}).get("rootDomain", "")
        outage = console.settings["listener_reload_outage"]
    context = _checked(kept, previous, console.server)
    if console.server is not None:
        console.server.reload_listener(context, delay=RELOAD_DELAY, outage=outage)
    return kept


def _checked(kept, previous, server):
    """The TLS context the listener is to serve with (None over plain HTTP), or Rejected."""
    root = kept["rootDomain"]
    if not root:
        raise Rejected("InvalidRequest", "rootDomain is required")
    address = _address(root)
    fields = kept["certificates"]
    for name in ("certificateBase64", "keyBase64"):
        if not fields[name]:
            raise Rejected("InvalidRequest", f"certificates.{name} is required")
    chain_pem = _decoded(fields, "certificateBase64")
    key_pem = _decoded(fields, "keyBase64")
    ca_pem = _decoded(fields, "caCertificateBase64") if fields["caCertificateBase64"] else b""
    chain = _certificates(chain_pem, "certificateBase64", "a PEM certificate")
    leaf = chain[0]
    key = _key(key_pem)
    if _public(key.public_key()) != _public(leaf.public_key()):
        raise Rejected("CertificateKeyMismatch", "the private key in keyBase64 does not match the certificate")
    now = datetime.now(timezone.utc)
    if now >= leaf.not_valid_after_utc:
        raise Rejected("CertificateExpired", f"the certificate expired on {_stamp(leaf.not_valid_after_utc)}")
    if now < leaf.not_valid_before_utc:
        raise Rejected(
            "CertificateNotYetValid", f"the certificate is not valid before {_stamp(leaf.not_valid_before_utc)}"
        )
    names = _names(leaf)
    if not _covers(names, address):
        raise Rejected(
            "CertificateDomainMismatch",
            f"the certificate is not valid for rootDomain {root}: its subject alternative names are {_listed(names)}",
        )
    if previous and previous.lower() != root.lower() and not _covers(names, _address(previous)):
        raise Rejected(
            "CertificatePreviousDomainMissing",
            f"the certificate must still be valid for the current system address {previous} (keep it in the"
            f" subject alternative names): they are {_listed(names)}",
        )
    if ca_pem:
        authorities = _certificates(ca_pem, "caCertificateBase64", "a PEM CA certificate")
        if not _issued_by(leaf, chain[1:], authorities):
            raise Rejected(
                "CertificateAuthorityMismatch", "the certificate was not issued by the CA in caCertificateBase64"
            )
    if server is None or server.installed is None:
        return None
    try:
        return tls_context(chain_pem, key_pem)
    except ssl.SSLError as failure:
        raise Rejected("InvalidCertificate", f"the certificate and key cannot be served: {failure}") from None


def _address(host):
    """An IP address, or the host name in lower case without a final dot; Rejected for anything else."""
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    name = host.lower().rstrip(".")
    if not _HOST_NAME.match(name):
        raise Rejected(
            "InvalidRequest", f"rootDomain must be a host name or an IP address, without scheme, port or path: {host}"
        )
    return name


def _decoded(fields, name):
    # Go's base64.StdEncoding skips line breaks; anything else outside the alphabet is an error.
    text = fields[name].replace("\r", "").replace("\n", "")
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise Rejected(
            "InvalidCertificate", f"certificates.{name} is not valid base64 (send the PEM text base64-encoded)"
        ) from None


def _certificates(pem, name, what):
    try:
        return x509.load_pem_x509_certificates(pem)
    except ValueError:
        raise Rejected("InvalidCertificate", f"certificates.{name} does not hold {what} once decoded") from None


def _key(pem):
    try:
        return serialization.load_pem_private_key(pem, password=None)
    except (ValueError, TypeError, UnsupportedAlgorithm):
        raise Rejected(
            "InvalidCertificate", "certificates.keyBase64 does not hold an unencrypted PEM private key once decoded"
        ) from None


def _public(key):
    return key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)


def _names(certificate):
    """The SAN's DNS names (lower case) and IP addresses; none without the extension (the CN counts
    for nothing, as in Go)."""
    try:
        extension = certificate.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        return []
    dns = [name.lower().rstrip(".") for name in extension.get_values_for_type(x509.DNSName)]
    return dns + extension.get_values_for_type(x509.IPAddress)


def _covers(names, address):
    if not isinstance(address, str):
        return address in names
    for name in names:
        if not isinstance(name, str):
            continue
        if name == address:
            return True
        # A wildcard stands for exactly one left-most label.
        if name.startswith("*.") and "." in address and address.split(".", 1)[1] == name[2:]:
            return True
    return False


def _listed(names):
    if not names:
        return "none"
    return ", ".join(f"DNS:{name}" if isinstance(name, str) else f"IP:{name}" for name in names)


def _issued_by(leaf, intermediates, authorities):
    """Whether leaf chains to one of authorities, through the intermediates sent with it."""
    current, pool = leaf, list(intermediates)
    for _depth in range(len(pool) + 1):
        if any(_signed(current, authority) for authority in authorities):
            return True
        issuer = next((candidate for candidate in pool if _signed(current, candidate)), None)
        if issuer is None:
            return False
        pool.remove(issuer)
        current = issuer
    return False


def _signed(certificate, issuer):
    try:
        certificate.verify_directly_issued_by(issuer)
    except (ValueError, TypeError, InvalidSignature, UnsupportedAlgorithm):
        return False
    return True


def _stamp(moment):
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


SYSTEM_ADDRESS = SettingSchema(
    name="system_address",
    definition=DEFINITION,
    path=PATH,
    fields={
        "rootDomain": str,
        "certificates": {
            "certificateBase64": str,
            "keyBase64": str,
            "caCertificateBase64": str,
            "insecureSkipVerify": bool,
        },
    },
    # A console not (yet) served; reinstall() stores the address and certificate it serves with.
    default={"rootDomain": "127.0.0.1"},
    always_shown=tuple(f"certificates.{name}" for name in CERTIFICATE_FIELDS),
    secrets=("certificates.keyBase64",),
    on_save=saved,
)
