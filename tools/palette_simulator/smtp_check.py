"""What the simulator does for PUT /v1/system/config/smtp/validate: a real SMTP session.

Palette does not document its exact checks or error codes; this follows what its
docs describe (connect to the outgoing server, TLS, authenticate) and names the
underlying cause, the way a Go SMTP client would report it.
"""

from __future__ import annotations

import smtplib
import socket
import ssl

IMPLICIT_TLS_PORT = 465


class SmtpCheckFailed(Exception):
    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


def check_smtp(spec, trust_file=None, timeout=5.0):
    """Open an SMTP session as the spec says; raise SmtpCheckFailed naming the cause."""
    server = spec.get("smtpServer")
    port = spec.get("smtpPort")
    if not server or not isinstance(port, int) or not 0 < port < 65536:
        raise SmtpCheckFailed("InvalidSmtpConfig", "smtp server and a port from 1 to 65535 are required")

    context = ssl.create_default_context(cafile=trust_file)
    if spec.get("insecureSkipVerifyTls"):
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE

    address = f"{server}:{port}"
    try:
        if port == IMPLICIT_TLS_PORT:
            session = smtplib.SMTP_SSL(server, port, timeout=timeout, context=context)
        else:
            session = smtplib.SMTP(server, port, timeout=timeout)
        with session:
            session.ehlo()
            if port != IMPLICIT_TLS_PORT and session.has_extn("starttls"):
                session.starttls(context=context)
                session.ehlo()
            if spec.get("userName"):
                session.login(spec["userName"], spec.get("password") or "")
    except smtplib.SMTPAuthenticationError as exc:
        reply = exc.smtp_error.decode("utf-8", "replace")
        raise SmtpCheckFailed("SmtpAuthFailed", f"smtp auth with {address} failed: {exc.smtp_code} {reply}") from None
    except ssl.SSLCertVerificationError as exc:
        raise SmtpCheckFailed(
            "SmtpTlsFailed", f"tls handshake with {address} failed: x509: {exc.verify_message}"
        ) from None
    except ssl.SSLError as exc:
        raise SmtpCheckFailed("SmtpTlsFailed", f"tls handshake with {address} failed: {exc.reason}") from None
    except (socket.timeout, TimeoutError):
        raise SmtpCheckFailed("SmtpConnectFailed", f"dial tcp {address}: i/o timeout") from None
    except socket.gaierror as exc:
        raise SmtpCheckFailed("SmtpConnectFailed", f"dial tcp: lookup {server}: {exc.strerror}") from None
    except (OSError, smtplib.SMTPException) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise SmtpCheckFailed("SmtpConnectFailed", f"dial tcp {address}: {reason}") from None
