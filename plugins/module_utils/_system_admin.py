# Copyright (c) palette.selfhosted contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The system console's admin: the first-login password change, and the admin's email address.

FOR INTERNAL COLLECTION USE ONLY: no compatibility promise outside palette.selfhosted.
Makes the connection's password the admin's: when the console refuses it and accepts the initial
one (the install default, which it wants changed), changes the password and proves the change
with a login. Never more than two refused logins per run: five lock the account for 15 minutes.
"""

from __future__ import annotations

from ansible_collections.palette.selfhosted.plugins.module_utils._engine import dig
from ansible_collections.palette.selfhosted.plugins.module_utils._transport import CREDENTIALS_REJECTED, PaletteApiError

ME_PATH = "/v1/system/users/me"
CHANGE_PASSWORD_PATH = "/v1/system/admins/{uid}/changePassword"
EMAIL_PATH = "/v1/system/admin/email"
# What a diff shows for the password: which option's value it has, never the value.
INITIAL, DESIRED = "(initial_password)", "(auth_password)"


class NotChanged(Exception):
    """Palette accepted a change of the admin but a read-back or login shows it did not happen."""


def _sign_in(client, username, password, initial_password, password_refused):
    """Log in with the desired password or else the initial one; returns whether the password must
    change. ``password_refused``: the caller saw the console refuse the desired one already."""
    if not password_refused:
        try:
            client.login(username, password)
            return False
        except PaletteApiError as refused:
            # IsPasswordReset for auth_password means it is the password to change: the hint says so.
            if refused.kind != CREDENTIALS_REJECTED or not initial_password:
                raise
    try:
        client.login(username, initial_password, password_change_allowed=True)
    except PaletteApiError as second:
        if second.kind != CREDENTIALS_REJECTED:
            raise
        raise PaletteApiError(
            f"Palette at {client.base_url} refused both auth_password and initial_password for {username}; "
            "no further login was tried (five refused logins lock the account for 15 minutes).",
            CREDENTIALS_REJECTED,
            status=second.status,
            code=second.code,
            message=second.message,
        ) from None
    return True


def apply_system_admin(
    client, username, password, initial_password=None, email=None, password_refused=False, check_mode=False, diff=False
):
    """Make ``password`` (and ``email``, when given) the admin's; returns the result of the run.

    A client with a token already is signed in: its login proved the password, nothing to change.
    """
    password_changes = client.token is None and _sign_in(client, username, password, initial_password, password_refused)
    me = client.request("GET", ME_PATH).body
    uid, current_email = dig(me, "metadata.uid"), dig(me, "spec.emailId") or None
    email_changes = email is not None and email != current_email
    result = {
        "changed": password_changes or email_changes,
        "password_changed": password_changes,
        "email_changed": email_changes,
        "admin": {
            "username": username,
            "email": current_email,
            "email_verified": _verified(me),
        },
    }
    if diff and result["changed"]:
        result["diff"] = {
            "before": {"password": INITIAL if password_changes else DESIRED, "email": current_email},
            "after": {"password": DESIRED, "email": email if email is not None else current_email},
        }
    if check_mode or not result["changed"]:
        if email_changes:
            result["admin"].update(email=email, email_verified=False)
        return result

    if password_changes:
        client.request(
            "PATCH",
            CHANGE_PASSWORD_PATH.format(uid=uid),
            {"currentPassword": initial_password, "newPassword": password},
        )
        client.login(username, password)  # proves the change; refused, it is the run's second refused login
    if email_changes:
        client.request("PATCH", EMAIL_PATH, {"email": email, "password": password, "insecureVerify": False})
        me = client.request("GET", ME_PATH).body
        if dig(me, "spec.emailId") != email:
            raise NotChanged(
                f"Palette accepted the admin's new email address but reads back {dig(me, 'spec.emailId')!r}."
            )
        result["admin"].update(email=email, email_verified=_verified(me))
    return result


def describe(client):
    """The signed-in admin, as palette_system_info returns it."""
    me = client.request("GET", ME_PATH).body
    return {
        "username": dig(me, "metadata.name"),
        "email": dig(me, "spec.emailId") or None,
        "email_verified": _verified(me),
    }


def _verified(me):
    return bool(dig(me, "status.isEmailVerified"))
