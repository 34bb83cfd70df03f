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
from ansible_collections.palette.selfhosted.plugins.module_utils._resource import Failed, Plan, dict_section
from ansible_collections.palette.selfhosted.plugins.module_utils._transport import CREDENTIALS_REJECTED, PaletteApiError
from ansible_collections.palette.selfhosted.plugins.module_utils._validators import email_problems

ME_PATH = "/v1/system/users/me"
CHANGE_PASSWORD_PATH = "/v1/system/admins/{uid}/changePassword"
EMAIL_PATH = "/v1/system/admin/email"
# What a diff shows for the password: which option's value it has, never the value.
INITIAL, DESIRED = "(initial_password)", "(auth_password)"
# The password every console has after the installer, in Palette's docs: no secret, and masking it
# would hide every "admin" in the output, the user name and the document's section included.
INSTALL_DEFAULT = "admin"


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


def _verified(me):
    return bool(dig(me, "status.isEmailVerified"))


def describe(client):
    """The signed-in admin, as palette_system_info returns it."""
    me = client.request("GET", ME_PATH).body
    return {
        "username": dig(me, "metadata.name"),
        "email": dig(me, "spec.emailId") or None,
        "email_verified": _verified(me),
    }


class SystemAdmin:
    """The admin as a resource kind (see _resource).

    It signs in itself (``signs_in``): its plan logs in with the connection's password or, refused,
    the initial one, and then changes the password unless in check mode, since the console serves
    nothing else until then. Its checks need the connection's options (``uses_connection``).
    """

    name = "admin"
    signs_in = True
    uses_connection = True

    def argument_spec(self):
        return {
            "initial_password": {"type": "str", "no_log": True},
            "auth_password_refused": {"type": "bool", "default": False},
            "email": {"type": "str"},
        }

    def option_rules(self):
        return {}

    def section_spec(self):
        """In the console document the run signs in itself, so nothing was refused before it."""
        section = dict_section(self)
        del section["options"]["auth_password_refused"]
        return section

    def check(self, params):
        found = [] if params.get("email") is None else email_problems("email", params["email"])
        if not params.get("auth_password"):
            found.append("palette_system_admin needs auth_password: the password the admin is to have.")
        elif params.get("initial_password") == params["auth_password"]:
            found.append("initial_password must differ from auth_password, the password the admin is to have.")
        if params.get("auth_token") and params.get("initial_password"):
            found.append("initial_password needs a login with it, not auth_token: leave out auth_token.")
        if params.get("auth_password_refused") and not params.get("initial_password"):
            found.append("auth_password_refused needs initial_password, the password to log in with instead.")
        return found

    def warnings(self, _params):
        return []

    def public_values(self, params):
        """Values of its secret options that are no secret: the documented install default."""
        return [INSTALL_DEFAULT] if params.get("initial_password") == INSTALL_DEFAULT else []

    def plan(self, run, params):
        """Sign in (a client with a token is signed in already: its login proved the password),
        change a first-login password unless in check mode, and read the admin."""
        client = run.client
        password_changes = client.token is None and _sign_in(
            client, run.username, run.password, params.get("initial_password"), params.get("auth_password_refused")
        )
        me = client.request("GET", ME_PATH).body
        if password_changes and not run.check_mode:
            client.request(
                "PATCH",
                CHANGE_PASSWORD_PATH.format(uid=dig(me, "metadata.uid")),
                {"currentPassword": params["initial_password"], "newPassword": run.password},
            )
            client.login(run.username, run.password)  # proves the change; refused, it is the run's second refused login
        current_email = dig(me, "spec.emailId") or None
        email = params.get("email")
        email_changes = email is not None and email != current_email
        result = {
            "changed": password_changes or email_changes,
            "password_changed": password_changes,
            "email_changed": email_changes,
            "admin": {"username": run.username, "email": current_email, "email_verified": _verified(me)},
        }
        changes = ("password",) * password_changes + ("email",) * email_changes
        return Plan(
            changes,
            before={"password": INITIAL if password_changes else DESIRED, "email": current_email},
            after={"password": DESIRED, "email": email if email is not None else current_email},
            result=result,
            state=email if email_changes else None,
        )

    def validate(self, run, plan):
        """Palette has no validate call for the admin."""

    def apply(self, run, plan):
        """Set the new email address (Palette mails it a verification link) and read it back."""
        result = {**plan.result, "admin": dict(plan.result["admin"])}
        if not plan.changed:
            return result
        if run.diff:
            result["diff"] = {"before": plan.before, "after": plan.after}
        email = plan.state
        if email is None:
            return result
        if run.check_mode:
            result["admin"].update(email=email, email_verified=False)
            return result
        run.client.request("PATCH", EMAIL_PATH, {"email": email, "password": run.password, "insecureVerify": False})
        me = run.client.request("GET", ME_PATH).body
        if dig(me, "spec.emailId") != email:
            raise Failed(
                f"Palette accepted the admin's new email address but reads back {dig(me, 'spec.emailId')!r}.",
                {"changed": True},
            )
        result["admin"].update(email=email, email_verified=_verified(me))
        return result

    def describe(self, run):
        """The admin's email address; the initial password is gone once changed."""
        email = describe(run.client)["email"]
        return ({"email": email} if email else None), ()


SYSTEM_ADMIN = SystemAdmin()
