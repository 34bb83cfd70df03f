# Copyright (c) palette.selfhosted contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Tenants (v1TenantEntity to create, v1Tenant as read), keyed by organisation name.

FOR INTERNAL COLLECTION USE ONLY: no compatibility promise outside palette.selfhosted.
Palette creates a tenant with its first admin and emails that admin an invitation through the
system console's SMTP settings; it returns neither the admin's address nor name afterwards, so
those are sent at creation only. Activation is the one change it makes to an existing tenant.
"""

from __future__ import annotations

from ansible_collections.palette.selfhosted.plugins.module_utils._engine import Field
from ansible_collections.palette.selfhosted.plugins.module_utils._keyed import KeyedList, KeyedResource, Update
from ansible_collections.palette.selfhosted.plugins.module_utils._settings.smtp import unsent_mail_warnings
from ansible_collections.palette.selfhosted.plugins.module_utils._validators import (
    control_character_problems,
    email_problems,
)

NO_SMTP_WARNING = (
    "SMTP is not configured on this console, so Palette cannot email the invitation to the tenant's "
    "admin ({admin_email}). Configure it first (palette.selfhosted.palette_smtp), or send the invitation "
    "again from the tenant's page once it is."
)


def _problems(params):
    problems = control_character_problems("name", params.get("name"))
    if not (params.get("name") or "").strip():
        problems.append("name must not be empty.")
    for option in ("admin_email", "org_email"):
        if params.get(option) is not None:
            problems += email_problems(option, params[option])
    for option in ("admin_first_name", "admin_last_name"):
        problems += control_character_problems(option, params.get(option))
    return problems


TENANT = KeyedResource(
    name="tenant",
    title="tenant",
    list_path="/v1/tenants",
    item_path="/v1/tenants/{uid}",
    key=Field("name", "spec.orgName", strip=True),
    fields=(
        Field("admin_email", "spec.emailId", strip=True, compared=False),
        Field("admin_first_name", "spec.firstName", compared=False),
        Field("admin_last_name", "spec.lastName", compared=False),
        Field("org_email", "spec.orgEmailId", strip=True),
        Field("active", "status.isActive", type="bool"),
    ),
    updates={"active": Update("PATCH", "/activate", "isActive")},
    check=_problems,
    required_to_create=("admin_email", "admin_first_name", "admin_last_name"),
    creation_warnings=unsent_mail_warnings(NO_SMTP_WARNING),
)
TENANTS = KeyedList("tenants", TENANT)
