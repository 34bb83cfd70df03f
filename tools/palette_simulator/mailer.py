"""The email a console sends (a tenant admin's invitation, an admin's address verification),
through the SMTP settings stored on it, the way Palette's mailer would: to the lab's SMTP server."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage

from palette_simulator.smtp import open_session


def send(console, to, subject, text):
    """Send one email through the console's stored SMTP settings; returns whether it went out.

    Without SMTP settings nothing can be sent, as on a real console: the caller's work still stands.
    """
    spec = console.stored["smtp"]
    if not spec.get("smtpServer") or not spec.get("smtpPort"):
        return False
    message = EmailMessage()
    message["From"] = spec.get("fromEmailId") or "palette@localhost"
    message["To"] = to
    message["Subject"] = subject
    message.set_content(text)
    try:
        with open_session(spec, console) as session:
            session.send_message(message)
    except (OSError, smtplib.SMTPException):
        # Palette logs a mail it could not send; the call that caused it still succeeds.
        return False
    return True
