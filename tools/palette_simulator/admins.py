"""The system console's admins: who a token belongs to (GET /v1/system/users/me), the first-login
password change (PATCH /v1/system/admins/{uid}/changePassword), the admin's email address
(PATCH /v1/system/admin/email), which Palette verifies by mailing a link through its SMTP settings,
and the system accounts of Account Management (SURFACE.md, the docs page Create and Manage System
Accounts, the API spec 4.8).

A console fresh from the installer has admin/admin and wants that password changed: its login
answers IsPasswordReset, and until the change the token serves nothing but these calls. That admin
is the Root Admin (no adminType). The others are listed a page at a time (paging.py) and created
(/v1/system/admins), read and deleted (/v1/system/admins/{uid}); only their names change after that
(PATCH /v1/system/admins/{uid}/profile). A new account is Pending, with no password: Palette emails
its owner an activation link, valid 24 hours, whose token sets the password
(PATCH /v1/system/admins/auth/password/{passwordToken}/activate, called without a token). It then
signs in with its email as the username. An admin cannot delete its own account, nor anyone the
Root Admin's.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from palette_simulator import mailer
from palette_simulator.activation import stamp
from palette_simulator.replies import answer, error

ME_PATH = re.compile(r"^/v1/system/users/me$")
CHANGE_PASSWORD_PATH = re.compile(r"^/v1/system/admins/(?P<uid>[^/]+)/changePassword$")
EMAIL_PATH = re.compile(r"^/v1/system/admin/email$")
LIST_PATH = "/v1/system/admins"
ITEM_PATH = re.compile(r"^/v1/system/admins/(?P<uid>[^/]+)$")
PROFILE_PATH = re.compile(r"^/v1/system/admins/(?P<uid>[^/]+)/profile$")
ACTIVATE_PATH = re.compile(r"^/v1/system/admins/auth/password/(?P<token>[^/]+)/activate$")
# What a token of an admin who must change the password may call (NOTES.md: the console forces
# the change at the first login).
BEFORE_PASSWORD_CHANGE = (ME_PATH, CHANGE_PASSWORD_PATH)
# What needs no token at all: the owner of a new account has none before setting its password.
WITHOUT_TOKEN = (ACTIVATE_PATH,)
# adminType -> the role as the console names it (the Root Admin has none: it is implicit).
ADMIN_TYPES = {"AccountAdmin": "Account Admin", "OperationAdmin": "Operations Admin"}
# v1SystemAdminEntity's spec (all of it required) and v1SystemAdminProfileSpec.
CREATE_FIELDS = ("firstName", "lastName", "emailId", "adminType")
PROFILE_FIELDS = {"firstName": "first_name", "lastName": "last_name"}
LINK_VALIDITY = timedelta(hours=24)
ACTIVE, PENDING = "Active", "Pending"


@dataclass
class Admin:
    """One admin; ``admin_type`` "" is the Root Admin. The name is what it signs in with: the
    installer's "admin", or the email of an account created here."""

    name: str
    password: str
    must_change_password: bool = False
    email: str = ""
    email_verified: bool = False
    uid: str = ""
    first_name: str = ""
    last_name: str = ""
    admin_type: str = ""
    state: str = ACTIVE
    created_by: str = ""
    last_sign_in: datetime = None
    activation_token: str = ""
    activation_expiry: datetime = None

    def __post_init__(self):
        self.uid = self.uid or secrets.token_hex(12)

    def sign_in(self, password):
        """Whether ``password`` opens this account now (a Pending one has none); notes the sign-in."""
        if self.state != ACTIVE or password != self.password:
            return False
        self.last_sign_in = datetime.now(timezone.utc)
        return True

    def me(self):
        return {
            "metadata": {"uid": self.uid, "name": self.name},
            "spec": {"emailId": self.email, "adminType": self.admin_type or "primary"},
            "status": {
                "isEmailSet": bool(self.email),
                "isEmailVerified": self.email_verified,
                "isPasswordReset": self.must_change_password,
            },
        }

    def activation_link(self, base_url):
        return f"{base_url}/system/auth/activate?token={self.activation_token}"

    def document(self, base_url):
        """v1SystemAdmin, Go omitempty: the Root Admin has no adminType, and the activation link is
        there while the account waits for its password."""
        spec = {
            "firstName": self.first_name,
            "lastName": self.last_name,
            "emailId": self.email,
            "adminType": self.admin_type,
        }
        status = {"state": self.state, "createdBy": self.created_by}
        if self.last_sign_in is not None:
            status["lastSignIn"] = stamp(self.last_sign_in)
        if self.activation_token:
            status["activation"] = {"link": self.activation_link(base_url), "expiry": stamp(self.activation_expiry)}
        return {
            "metadata": {"uid": self.uid, "name": self.name},
            "spec": _shown(spec),
            "status": _shown(status),
        }


def lists(console):
    """The lists the console pages: path -> handler(query parameters) of its GET."""
    return {
        LIST_PATH: lambda query: console.pager.page(
            LIST_PATH, [admin.document(console.base_url) for admin in list(console.admins.values())], query
        )
    }


def routes(console):
    """(method, path pattern, handler(body, admin, **path parameters)) for the console."""
    return [
        ("GET", ME_PATH, lambda body, admin: answer(200, admin.me())),
        ("PATCH", CHANGE_PASSWORD_PATH, lambda body, admin, uid: _change_password(admin, uid, body)),
        ("PATCH", EMAIL_PATH, lambda body, admin: _set_email(console, admin, body)),
        ("POST", re.compile(f"^{LIST_PATH}$"), lambda body, admin: _create(console, admin, body)),
        ("GET", ITEM_PATH, lambda body, _admin, uid: _read(console, uid)),
        ("DELETE", ITEM_PATH, lambda body, admin, uid: _delete(console, admin, uid)),
        ("PATCH", PROFILE_PATH, lambda body, _admin, uid: _set_profile(console, uid, body)),
        # NOTES: inferred from the spec (v1SystemAdminsPasswordActivate); the docs show only the link.
        ("PATCH", ACTIVATE_PATH, lambda body, _admin, token: _activate(console, token, body)),
    ]


def allowed_before_password_change(path):
    return any(pattern.match(path) for pattern in BEFORE_PASSWORD_CHANGE)


def needs_no_token(path):
    return any(pattern.match(path) for pattern in WITHOUT_TOKEN)


def _shown(fields):
    return {key: value for key, value in fields.items() if value not in ("", None)}


def _strong_enough(password):
    return isinstance(password, str) and len(password) >= 8


def _change_password(admin, uid, body):
    if uid != admin.uid:
        return error(403, "Forbidden", "an admin changes only its own password here")
    body = body if isinstance(body, dict) else {}
    new = body.get("newPassword")
    if body.get("currentPassword") != admin.password:
        return error(400, "InvalidCredentials", "the current password is not correct")
    if not _strong_enough(new) or new == admin.password:
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


def _find(console, uid):
    return next((admin for admin in list(console.admins.values()) if admin.uid == uid), None)


def _not_found(uid):
    return error(404, "ResourceNotFound", f"system admin {uid} not found")


def _create(console, creator, entity):
    spec = entity.get("spec") if isinstance(entity, dict) else None
    if not isinstance(spec, dict):
        return error(400, "InvalidRequest", "request body must be a v1SystemAdminEntity object with a spec")
    for key, value in spec.items():
        if key not in CREATE_FIELDS or not isinstance(value, str):
            return error(400, "InvalidRequest", f"unknown or mistyped field spec.{key}")
    missing = [key for key in CREATE_FIELDS if not spec.get(key, "").strip()]
    if missing:
        return error(400, "InvalidRequest", f"required and missing: spec.{', spec.'.join(missing)}")
    if spec["adminType"] not in ADMIN_TYPES:
        return error(400, "InvalidRequest", f"spec.adminType must be one of {', '.join(ADMIN_TYPES)}")
    email = spec["emailId"].strip()
    if "@" not in email:
        return error(400, "InvalidRequest", "spec.emailId must be an email address")
    # The email is the new account's sign-in name, so it may be no admin's email nor name.
    if any(email in (admin.email, admin.name) for admin in list(console.admins.values())):
        return error(409, "AdminAlreadyExists", f"a system admin with the email {email} already exists")
    # metadata.name, optional in the entity, is not kept: the account is named by its email.
    admin = Admin(
        email,
        password="",
        email=email,
        first_name=spec["firstName"].strip(),
        last_name=spec["lastName"].strip(),
        admin_type=spec["adminType"],
        state=PENDING,
        created_by=creator.name,
        activation_token=secrets.token_urlsafe(24),
        activation_expiry=datetime.now(timezone.utc) + LINK_VALIDITY,
    )
    console.admins[email] = admin
    _mail_activation(console, admin)
    return answer(201, {"uid": admin.uid}, {"AuditUid": secrets.token_hex(12)})


def _mail_activation(console, admin):
    """The activation email; without SMTP it does not go out and the account stays as created."""
    mailer.send(
        console,
        admin.email,
        "Activate your Palette system console account",
        f"Hello {admin.first_name} {admin.last_name},\n\n{admin.created_by} made you an "
        f"{ADMIN_TYPES[admin.admin_type]} of the Palette system console. Set your password within 24 hours "
        f"at:\n\n{admin.activation_link(console.base_url)}\n\n"
        f"Then sign in with {admin.email} as the username.\n",
    )


def _read(console, uid):
    admin = _find(console, uid)
    return answer(200, admin.document(console.base_url)) if admin else _not_found(uid)


def _delete(console, signed_in, uid):
    admin = _find(console, uid)
    if admin is None:
        return _not_found(uid)
    if admin is signed_in:
        return error(400, "SelfDeletionNotAllowed", "an admin cannot delete its own account")
    if not admin.admin_type:
        return error(403, "Forbidden", "the Root Admin cannot be deleted")
    console.admins.pop(admin.name, None)
    return answer(204)


def _set_profile(console, uid, profile):
    admin = _find(console, uid)
    if admin is None:
        return _not_found(uid)
    spec = profile.get("spec") if isinstance(profile, dict) else None
    if not isinstance(spec, dict):
        return error(400, "InvalidRequest", "request body must be a v1SystemAdminProfile object with a spec")
    for key, value in spec.items():
        if key not in PROFILE_FIELDS or not isinstance(value, str):
            return error(400, "InvalidRequest", f"unknown or mistyped field spec.{key}: a profile has names only")
    for key, value in spec.items():
        setattr(admin, PROFILE_FIELDS[key], value.strip())
    return answer(204)


def _activate(console, token, body):
    admin = next((admin for admin in list(console.admins.values()) if admin.activation_token == token), None)
    if admin is None:
        return error(400, "InvalidPasswordToken", "the password token is not valid or has been used")
    if datetime.now(timezone.utc) >= admin.activation_expiry:
        return error(400, "PasswordTokenExpired", "the password token has expired: ask for a new link")
    password = body.get("password") if isinstance(body, dict) else None
    if not _strong_enough(password):
        return error(400, "InvalidPassword", "the password must have 8 characters or more")
    admin.password, admin.state = password, ACTIVE
    admin.activation_token, admin.activation_expiry = "", None
    # The link went to the account's email: following it proves the address.
    admin.email_verified = True
    return answer(204)
