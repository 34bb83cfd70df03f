# Copyright (c) palette.selfhosted contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The SMTP settings (System Console > Administration > SMTP): v1SystemSmtpSpec.

FOR INTERNAL COLLECTION USE ONLY: no compatibility promise outside palette.selfhosted.
"""

from __future__ import annotations

from ansible_collections.palette.selfhosted.plugins.module_utils._engine import Field, Setting, read
from ansible_collections.palette.selfhosted.plugins.module_utils._validators import (
    control_character_problems,
    email_problems,
    port_problems,
    server_problems,
)

ANONYMOUS_WARNING = (
    "The SMTP config is anonymous (no username and password). Anonymous SMTP introduces "
    "additional security risks; Palette recommends authenticated SMTP whenever possible."
)
INSECURE_WARNING = (
    "insecure_skip_tls_verify is true: Palette will not verify the SMTP server's TLS certificate. "
    "Prefer a certificate that Palette trusts."
)


def _check(params):
    problems = server_problems("server", params.get("server"))
    problems += port_problems("port", params.get("port"))
    problems += email_problems("from_email", params.get("from_email"))
    problems += control_character_problems("username", params.get("username"))
    if bool(params.get("username")) != bool(params.get("password")):
        problems.append(
            "username and password go together: give both for authenticated SMTP, or neither for anonymous SMTP."
        )
    return problems


def _anonymous(values):
    return values["server"] is not None and values["username"] is None


def _warnings(values):
    return ([ANONYMOUS_WARNING] if _anonymous(values) else []) + (
        [INSECURE_WARNING] if values["insecure_skip_tls_verify"] else []
    )


SMTP = Setting(
    name="smtp",
    title="SMTP config",
    path="/v1/system/config/smtp",
    validate_path="/v1/system/config/smtp/validate",
    fields=(
        Field("server", "smtpServer", required=True, strip=True),
        Field("port", "smtpPort", type="int", required=True),
        Field("from_email", "fromEmailId", required=True, strip=True),
        Field("username", "userName"),
        Field("password", "password", secret=True),
        Field("insecure_skip_tls_verify", "insecureSkipVerifyTls", type="bool", default=False),
    ),
    check=_check,
    advice=_warnings,
    derived=lambda values: {"anonymous": _anonymous(values)},
    unkept_hints={
        "insecure_skip_tls_verify": "Palette VerteX never allows TLS certificate verification to be turned off "
        "(FIPS), set insecure_skip_tls_verify: false",
    },
)


def unsent_mail_warnings(sentence):
    """creation_warnings (see _keyed.KeyedResource) for an object whose creation Palette announces by
    email through these settings: ``sentence``, formatted with the given options, when the console
    has none, so that the mail cannot go out."""

    def warnings(client, given):
        if SMTP.is_configured(read(SMTP, client)):
            return []
        return [sentence.format(**given)]

    return warnings
