"""The SMTP setting (v1SystemSmtpSpec) and its validation: a real SMTP session.

Palette does not document its exact checks or error codes; validation follows what its
docs describe (connect to the outgoing server, TLS, authenticate) and names the
underlying cause, the way a Go SMTP client would report it.
"""

from __future__ import annotations

import smtplib
import socket
import ssl

from palette_simulator.schema import Rejected, SettingSchema

IMPLICIT_TLS_PORT = 465


def open_session(spec, console):
    """An SMTP session as a spec says, as Palette opens one: TLS (implicit on 465, else STARTTLS
    when offered, the certificate verified unless insecureSkipVerifyTls), then AUTH when userName is
    set. Raises what smtplib, ssl and socket raise."""
    server, port = spec["smtpServer"], spec["smtpPort"]
    context = ssl.create_default_context(cafile=console.smtp_trust_file)
    if spec.get("insecureSkipVerifyTls"):
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    if port == IMPLICIT_TLS_PORT:
        session = smtplib.SMTP_SSL(server, port, timeout=console.validation_timeout, context=context)
    else:
        session = smtplib.SMTP(server, port, timeout=console.validation_timeout)
    try:
        session.ehlo()
        if port != IMPLICIT_TLS_PORT and session.has_extn("starttls"):
            session.starttls(context=context)
            session.ehlo()
        if spec.get("userName"):
            session.login(spec["userName"], spec.get("password") or "")
    except BaseException:
        session.close()
        raise
    return session


def validate(spec, console):
    """Open an SMTP session as the spec says; raise Rejected naming the cause."""
    server = spec.get("smtpServer")
    port = spec.get("smtpPort")
    if not server or not isinstance(port, int) or not 0 < port < 65536:
        raise Rejected("InvalidSmtpConfig", "smtp server and a port from 1 to 65535 are required")

    address = f"{server}:{port}"
    try:
        with open_session(spec, console):
            pass
    except smtplib.SMTPAuthenticationError as exc:
        reply = exc.smtp_error.decode("utf-8", "replace")
        raise Rejected("SmtpAuthFailed", f"smtp auth with {address} failed: {exc.smtp_code} {reply}") from None
    except ssl.SSLCertVerificationError as exc:
        raise Rejected("SmtpTlsFailed", f"tls handshake with {address} failed: x509: {exc.verify_message}") from None
    except ssl.SSLError as exc:
        raise Rejected("SmtpTlsFailed", f"tls handshake with {address} failed: {exc.reason}") from None
    except (socket.timeout, TimeoutError):
        raise Rejected("SmtpConnectFailed", f"dial tcp {address}: i/o timeout") from None
    except socket.gaierror as exc:
        raise Rejected("SmtpConnectFailed", f"dial tcp: lookup {server}: {exc.strerror}") from None
    except (OSError, smtplib.SMTPException) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise Rejected("SmtpConnectFailed", f"dial tcp {address}: {reason}") from None


def keep_tls_verification_on_vertex(spec, console):
    """Palette VerteX (FIPS) never lets TLS certificate verification be turned off."""
    return {**spec, "insecureSkipVerifyTls": False} if console.settings["edition"] == "vertex" else spec


SMTP = SettingSchema(
    name="smtp",
    definition="v1SystemSmtpSpec",
    path="/v1/system/config/smtp",
    fields={
        "smtpServer": str,
        "smtpPort": int,
        "fromEmailId": str,
        "userName": str,
        "password": str,
        "insecureSkipVerifyTls": bool,
    },
    secrets=("password",),
    validate_path="/v1/system/config/smtp/validate",
    validate=validate,
    on_save=keep_tls_verification_on_vertex,
)
