# Copyright (c) palette.selfhosted contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""System accounts: the console's Operations Admins and Account Admins (v1SystemAdminEntity to
create, v1SystemAdmin as read), keyed by email address.

FOR INTERNAL COLLECTION USE ONLY: no compatibility promise outside palette.selfhosted.
Palette creates an account without a password and emails its owner an activation link (valid 24
hours) through the system console's SMTP settings; the owner sets the password there. Of an
existing account Palette changes the names (its profile), not the role. An admin cannot remove its
own account, so the signed-in one is never asked to.
"""

from __future__ import annotations

from ansible_collections.palette.selfhosted.plugins.module_utils._engine import Field, dig
from ansible_collections.palette.selfhosted.plugins.module_utils._keyed import KeyedList, KeyedResource, Update
from ansible_collections.palette.selfhosted.plugins.module_utils._settings.smtp import unsent_mail_warnings
from ansible_collections.palette.selfhosted.plugins.module_utils._system_admin import ME_PATH
from ansible_collections.palette.selfhosted.plugins.module_utils._validators import (
    control_character_problems,
    email_problems,
)

# NOTES: GET/POST /v1/system/admins and GET/DELETE /v1/system/admins/{uid} are in the system API
# (Create and Manage System Accounts); PATCH /v1/system/admins/{uid}/profile (v1SystemAdminProfile
# {metadata, spec {firstName, lastName}}, 204) is INFERRED from Palette's API spec. The spec gives the
# list call no limit or continue: it is read like every Palette list, page after page, which is one
# call when the console answers without a continue token.
LIST_PATH = "/v1/system/admins"
ITEM_PATH = "/v1/system/admins/{uid}"
# The console's roles, as the UI names them, and Palette's adminType for each.
ROLES = {"operations_admin": "OperationAdmin", "account_admin": "AccountAdmin"}
PROFILE_INFERRED = (
    "The collection infers that call from Palette's API spec, since Palette documents the names of a system "
    "account only as fields in the system console: change them there, or remove the account and create it anew."
)

NO_SMTP_WARNING = (
    "SMTP is not configured on this console, so Palette cannot email the activation link to {email}, "
    "and the account cannot be used until its owner sets a password through it. Configure SMTP first "
    "(palette.selfhosted.palette_smtp), then send the link again from System Console > Account Management."
)


def _problems(params):
    problems = email_problems("email", params.get("email"))
    for option in ("first_name", "last_name"):
        problems += control_character_problems(option, params.get(option))
    return problems


def _signed_in(client, account):
    """The signed-in admin's own account is not Palette's to remove on its request."""
    me = client.request("GET", ME_PATH).body
    if dig(me, "metadata.uid") != dig(account, "metadata.uid"):
        return None
    return (
        f"The system account {dig(account, 'spec.emailId')!r} is the one this task signs in with, and an admin "
        "cannot remove its own account: sign in as another admin to remove it. Nothing was changed."
    )


SYSTEM_ACCOUNT = KeyedResource(
    name="system_account",
    title="system account",
    list_path=LIST_PATH,
    item_path=ITEM_PATH,
    key=Field("email", "spec.emailId", strip=True),
    fields=(
        Field("first_name", "spec.firstName", strip=True),
        Field("last_name", "spec.lastName", strip=True),
        Field("role", "spec.adminType", choices=tuple(ROLES), api_values=ROLES),
    ),
    updates={
        "first_name": Update("PATCH", "/profile", "spec.firstName", at_creation=True, inferred=PROFILE_INFERRED),
        "last_name": Update("PATCH", "/profile", "spec.lastName", at_creation=True, inferred=PROFILE_INFERRED),
    },
    check=_problems,
    required_to_create=("first_name", "last_name", "role"),
    creation_warnings=unsent_mail_warnings(NO_SMTP_WARNING),
    removal_refusal=_signed_in,
)
SYSTEM_ACCOUNTS = KeyedList("system_accounts", SYSTEM_ACCOUNT)
