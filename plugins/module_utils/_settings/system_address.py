# Copyright (c) palette.selfhosted contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The system address and its TLS certificate (System Console > System Address Management):
v1SystemConfigDomainCertificatesSpec.

FOR INTERNAL COLLECTION USE ONLY: no compatibility promise outside palette.selfhosted.
The address is the name (or IP address) of the console's UI and API. Palette checks the set as a
whole when it saves it, and its docs require the new certificate to keep the console's current name
in its subject alternative names; this module checks the same before any call, so that a console is
never sent a set it refuses or one that cuts the task off from it. After a new certificate Palette
reloads its listeners: the write waits, with a time limit, until the console serves the new
certificate, verified with the new CA, and only then reads back.
"""

from __future__ import annotations

import contextlib
import dataclasses
from urllib.parse import urlsplit

from ansible_collections.palette.selfhosted.plugins.module_utils import _certificates
from ansible_collections.palette.selfhosted.plugins.module_utils._certificates import Chain
from ansible_collections.palette.selfhosted.plugins.module_utils._engine import Field, Setting
from ansible_collections.palette.selfhosted.plugins.module_utils._resource import Failed
from ansible_collections.palette.selfhosted.plugins.module_utils._transport import PaletteApiError
from ansible_collections.palette.selfhosted.plugins.module_utils._validators import server_problems

# NOTES: the API path is INFERRED. Palette documents the page only as steps in the system console
# (ssl-certificate-management.md); GET and PUT /v1/system/config/domain/certificates
# (V1SystemConfigDomainCertificatesGet/Put: rootDomain, certificates {certificateBase64, keyBase64,
# caCertificateBase64, insecureSkipVerify}, PEM text base64-encoded; 204) come from its API spec.
# Whether GET returns keyBase64 is not documented: the key is a secret handled by update_private_key.
PATH = "/v1/system/config/domain/certificates"
INFERRED = (
    "The collection infers that API from Palette's API spec, since Palette documents the system address only "
    "as steps in the system console: upload the certificate there (System Console > System Address Management)."
)
# How long a write waits, by default, for the console to serve the new certificate.
RELOAD_TIMEOUT = 300
OLD_ADDRESS_WARNING = (
    "The system address changes from {old} to {new}. Clusters deployed before the change keep reaching "
    "Palette at {old}: keep that name resolving to the console, or point each cluster's hubble-info "
    "ConfigMap (apiEndpoint) at {new}."
)
NO_CRYPTOGRAPHY = (
    "The system address is checked with the Python library cryptography, which the Python that runs the module "
    "cannot import: install it there (ansible-core itself requires it)."
)


def _parsed(option, params, parse, problems):
    """What ``parse`` makes of the option's PEM text; None, with the problem added, when it fails."""
    try:
        return parse(params[option].strip())
    except ValueError as exc:
        problems.append(f"{option} {exc}.")
        return None


def _certificate_problems(params, moment):
    """The PEMs parse, the key is the certificate's, the certificate is valid now, covers the address
    and leads to the CA given: what Palette would refuse, said before any call."""
    problems = []
    chain = _parsed("certificate", params, Chain.parse, problems)
    key = _parsed("private_key", params, _certificates.private_key, problems)
    ca = _parsed("ca_certificate", params, Chain.parse, problems) if params.get("ca_certificate") else None
    if chain is None:
        return problems
    if key is not None and not _certificates.key_matches(key, chain):
        problems.append("private_key is not the key of certificate (their public keys differ).")
    if moment > chain.not_after:
        problems.append(f"certificate expired at {chain.not_after.isoformat()}.")
    elif moment < chain.not_before:
        problems.append(f"certificate is not valid before {chain.not_before.isoformat()}.")
    address = params["address"].strip()
    if not chain.covers(address):
        problems.append(f"certificate does not cover address {address!r}: {_names(chain)}.")
    if ca is not None and not chain.issued_by(ca):
        problems.append(
            "certificate was not issued by ca_certificate (nor by a certificate that ca_certificate issued)."
        )
    return problems


def _names(chain):
    names = ", ".join(chain.names)
    return f"its subject alternative names are {names}" if names else "it has no subject alternative names"


def _derived(values):
    """The certificate's names and end, for a drift report or an expiry check."""
    chain = None
    if values.get("certificate") and _certificates.HAS_CRYPTOGRAPHY:
        # A stored certificate that does not parse has no names and no end to show.
        with contextlib.suppress(ValueError):
            chain = Chain.parse(values["certificate"])
    return {
        "certificate_names": list(chain.names) if chain else None,
        "certificate_expires_at": chain.not_after.isoformat() if chain else None,
    }


def _problems(params):
    """Bad input, before any call."""
    problems = server_problems("address", params.get("address"))
    address_is_bad = bool(problems)
    timeout = params.get("reload_timeout")
    if timeout is not None and timeout < 1:
        problems.append(f"reload_timeout must be 1 or more seconds, got {timeout}.")
    if not _certificates.HAS_CRYPTOGRAPHY:
        return [*problems, NO_CRYPTOGRAPHY]
    if address_is_bad:
        return problems
    return problems + _certificate_problems(params, _certificates.now())


@dataclasses.dataclass(frozen=True)
class SystemAddress(Setting):
    """The Setting of the system address, which also checks the certificate against the console's
    current address before a write, and waits for the listener reload after one."""

    def argument_spec(self):
        spec = super().argument_spec()
        spec["reload_timeout"] = {"type": "int", "default": RELOAD_TIMEOUT}
        return spec

    def plan(self, run, params):
        plan = super().plan(run, params)
        if not plan.changed:
            return plan
        chain = Chain.parse(params["certificate"].strip())
        old = plan.before["address"]
        reached = urlsplit(run.client.base_url).hostname
        uncovered = []
        if old and not chain.covers(old):
            uncovered.append(
                f"{old!r}, the console's current address (Palette requires the new certificate to keep it)"
            )
        if reached != old and not chain.covers(reached):
            uncovered.append(f"{reached!r}, where this task reaches the console (it could not verify it afterwards)")
        if uncovered:
            raise Failed(
                f"The certificate does not cover {' nor '.join(uncovered)}; {_names(chain)}. Add the name to the "
                "certificate; nothing was changed.",
                {"changed": False},
            )
        result = dict(plan.result)
        if old and old != plan.after["address"]:
            result["warnings"] = [OLD_ADDRESS_WARNING.format(old=old, new=plan.after["address"])]
        ca = params.get("ca_certificate")
        ca_pem = f"{ca.strip()}\n" if ca else None
        timeout = params.get("reload_timeout") or RELOAD_TIMEOUT
        return dataclasses.replace(
            plan, result=result, settle=lambda run: self._await_reload(run, chain, ca_pem, timeout)
        )

    def _await_reload(self, run, chain, ca_pem, timeout):
        """Wait until the console serves the new certificate, and trust the new CA from then on."""
        try:
            seconds = run.client.await_certificate(chain.der, ca_pem, timeout)
        except PaletteApiError as exc:
            raise Failed(
                "Palette saved the system address and certificate, but the console did not come back with them in "
                f"time: check it at {run.client.base_url}, then run the task again (it compares first, and changes "
                "nothing once the console serves them).",
                {"changed": True},
                cause=exc,
            ) from None
        return {"reload_seconds": round(seconds, 1)}


SYSTEM_ADDRESS = SystemAddress(
    name="system_address",
    title="system address and certificate",
    path=PATH,
    fields=(
        Field("address", "rootDomain", required=True, strip=True),
        Field("certificate", "certificates.certificateBase64", type="pem64", required=True),
        Field("private_key", "certificates.keyBase64", type="pem64", required=True, secret=True),
        Field("ca_certificate", "certificates.caCertificateBase64", type="pem64"),
    ),
    check=_problems,
    derived=_derived,
    inferred=INFERRED,
)
