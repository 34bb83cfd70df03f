"""A real SMTP server for the simulator's validation and mail to talk to: aiosmtpd with
STARTTLS (a trustme certificate) and AUTH, or anonymous. It keeps every message delivered to it."""

from __future__ import annotations

import email
import email.policy
import logging
import ssl
from dataclasses import dataclass, field

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from palette_simulator.net import free_port


class _WithoutOwnDeprecation(logging.Filter):
    """aiosmtpd 1.4 logs a warning about its own Session.login_data on every AUTH."""

    def filter(self, record):
        return "login_data is deprecated" not in record.getMessage()


logging.getLogger("mail.log").addFilter(_WithoutOwnDeprecation())


@dataclass
class SmtpLog:
    """What clients did; tests use it to prove the validation really reached the server."""

    logins: list = field(default_factory=list)  # (user name, accepted)
    messages: list = field(default_factory=list)  # email.message.EmailMessage, as delivered


class _Mailbox:
    """Keeps each delivered message, with the envelope's recipients as Delivered-To, and writes it
    to ``maildir`` as NNN.eml when given (for a lab in another process)."""

    def __init__(self, log, maildir=None):
        self._log = log
        self._maildir = maildir

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        for recipient in envelope.rcpt_tos:
            message["Delivered-To"] = recipient
        self._log.messages.append(message)
        if self._maildir is not None:
            self._maildir.mkdir(parents=True, exist_ok=True)
            (self._maildir / f"{len(self._log.messages):03d}.eml").write_bytes(message.as_bytes())
        return "250 Message accepted for delivery"


class _Authenticator:
    def __init__(self, users, log):
        self._users = users
        self._log = log

    def __call__(self, server, session, envelope, mechanism, auth_data):
        if not isinstance(auth_data, LoginPassword):
            return AuthResult(success=False, handled=False)
        user = auth_data.login.decode("utf-8", "replace")
        accepted = self._users.get(user) == auth_data.password.decode("utf-8", "replace")
        self._log.logins.append((user, accepted))
        return AuthResult(success=accepted, handled=False)


class SmtpServer:
    """STARTTLS-capable SMTP server on loopback.

    With ``users`` it requires TLS before AUTH and checks the credentials; without,
    it is an anonymous relay (AUTH always fails, mail without AUTH is accepted).
    """

    def __init__(self, certificate, users=None, host="127.0.0.1", port=None, maildir=None):
        self.host = host
        self.port = port or free_port(host)
        self.anonymous = not users
        self.log = SmtpLog()
        tls_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        certificate.configure_cert(tls_context)
        auth = {} if self.anonymous else {"authenticator": _Authenticator(users, self.log), "auth_require_tls": True}
        self._controller = Controller(
            _Mailbox(self.log, maildir),
            hostname=host,
            port=self.port,
            tls_context=tls_context,
            require_starttls=False,
            ready_timeout=10,
            **auth,
        )

    def start(self):
        self._controller.start()
        return self

    def stop(self):
        self._controller.stop()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()
