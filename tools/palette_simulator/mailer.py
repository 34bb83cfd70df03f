"""The email a console sends (a tenant admin's invitation, an admin's address verification),
through the SMTP settings stored on it, the way Palette's mailer would: to the lab's SMTP server."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage

from palette_simulator.smtp import IMPLICIT_TLS_PORT


def send(console, to, subject, text):
    """Send one email through the console's stored SMTP settings; returns whether it went out.

    Without SMTP settings nothing can be sent, as on a real console: the caller's work still stands.
    """
    spec = console.stored["smtp"]
    server, port = spec.get("smtpServer"), spec.get("smtpPort")
    if not server or not port:
        return False
    message = EmailMessage()
    message["From"] = spec.get("fromEmailId") or "palette@localhost"
    message["To"] = to
    message["Subject"] = subject
    message.set_content(text)
    context = ssl.create_default_context(cafile=console.smtp_trust_file)
    if spec.get("insecureSkipVerifyTls"):
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    timeout = console.validation_timeout
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
            session.send_message(message)
    except (OSError, smtplib.SMTPException):
        # Palette logs a mail it could not send; the call that caused it still succeeds.
        return False
    return True
