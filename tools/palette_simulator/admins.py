"""The system console's admins: who a token belongs to (GET /v1/system/users/me), the first-login
password change (PATCH /v1/system/admins/{uid}/changePassword) and the admin's email address
(PATCH /v1/system/admin/email), which Palette verifies by mailing a link through its SMTP settings.

A console fresh from the installer has admin/admin and wants that password changed: its login
answers IsPasswordReset, and until the change the token serves nothing but these calls."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

from palette_simulator import mailer
from palette_simulator.replies import answer, error

ME_PATH = re.compile(r"^/v1/system/users/me$")
CHANGE_PASSWORD_PATH = re.compile(r"^/v1/system/admins/(?P<uid>[^/]+)/changePassword$")
EMAIL_PATH = re.compile(r"^/v1/system/admin/email$")
# What a token of an admin who must change the password may call (NOTES.md: the console forces
# the change at the first login).
BEFORE_PASSWORD_CHANGE = (ME_PATH, CHANGE_PASSWORD_PATH)


@dataclass
class Admin:
    name: str
    password: str
    must_change_password: bool = False
    email: str = ""
    email_verified: bool = False
    uid: str = ""

    def __post_init__(self):
        self.uid = self.uid or secrets.token_hex(12)

    def me(self):
        return {
            "metadata": {"uid": self.uid, "name": self.name},
            "spec": {"emailId": self.email, "adminType": "primary"},
            "status": {
                "isEmailSet": bool(self.email),
                "isEmailVerified": self.email_verified,
                "isPasswordReset": self.must_change_password,
            },
        }


def routes(console):
    """(method, path pattern, handler(body, admin, **path parameters)) for the console."""
    return [
        ("GET", ME_PATH, lambda body, admin: answer(200, admin.me())),
        ("PATCH", CHANGE_PASSWORD_PATH, lambda body, admin, uid: _change_password(admin, uid, body)),
        ("PATCH", EMAIL_PATH, lambda body, admin: _set_email(console, admin, body)),
    ]


def allowed_before_password_change(path):
    return any(pattern.match(path) for pattern in BEFORE_PASSWORD_CHANGE)


def _change_password(admin, uid, body):
    if uid != admin.uid:
        return error(403, "Forbidden", "an admin changes only its own password here")
    body = body if isinstance(body, dict) else {}
    new = body.get("newPassword")
    if body.get("currentPassword") != admin.password:
        return error(400, "InvalidCredentials", "the current password is not correct")
    if not isinstance(new, str) or len(new) < 8 or new == admin.password:
        return error(400, "InvalidPassword", "the new password must have 8 characters or more and differ")
    admin.password = new
    admin.must_change_password = False
    return answer(204, headers={"AuditUid": secrets.token_hex(12)})


def _set_email(console, admin, body):
    body = body if isinstance(body, dict) else {}
    email = body.get("email")
    if body.get("password") != admin.password:
        return error(400, "InvalidCredentials", "the password is not correct")
    if not isinstance(email, str) or "@" not in email:
        return error(400, "InvalidRequest", "email must be an email address")
    link = f"{console.base_url}/system/verify-email?token={secrets.token_urlsafe(16)}"
    sent = mailer.send(
        console, email, "Verify your Palette email address", f"Confirm {email} for the admin {admin.name}: {link}\n"
    )
    if not sent:
        return error(400, "SmtpNotConfigured", "the verification email could not be sent: configure SMTP first")
    admin.email, admin.email_verified = email, False
    return answer(204)
