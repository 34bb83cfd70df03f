"""Tenants: list a page at a time (paging.py) and create (/v1/tenants), read and delete one
(/v1/tenants/{uid}), activate or deactivate it (PATCH /v1/tenants/{uid}/activate). Creating one
emails its first admin an invitation through the console's SMTP settings (the docs page Tenant
Management)."""

from __future__ import annotations

import re
import secrets

from palette_simulator import mailer
from palette_simulator.replies import answer, error

LIST_PATH = "/v1/tenants"
ITEM_PATH = re.compile(r"^/v1/tenants/(?P<uid>[^/]+)$")
ACTIVATE_PATH = re.compile(r"^/v1/tenants/(?P<uid>[^/]+)/activate$")
# v1TenantSpecEntity: what a create may carry.
CREATE_FIELDS = {
    "orgName": str,
    "emailId": str,
    "firstName": str,
    "lastName": str,
    "orgEmailId": str,
    "loginMode": str,
    "authType": str,
    "ssoApp": str,
}


def lists(console):
    """The lists the console pages: path -> handler(query parameters) of its GET."""
    return {LIST_PATH: lambda query: console.pager.page(LIST_PATH, list(console.tenants.values()), query)}


def routes(console):
    """(method, path pattern, handler(body, admin, **path parameters)) for the console."""
    return [
        ("POST", re.compile(f"^{LIST_PATH}$"), lambda body, _admin: _create(console, body)),
        ("GET", ITEM_PATH, lambda body, _admin, uid: _read(console, uid)),
        ("DELETE", ITEM_PATH, lambda body, _admin, uid: _delete(console, uid)),
        ("PATCH", ACTIVATE_PATH, lambda body, _admin, uid: _activate(console, uid, body)),
    ]


def _create(console, entity):
    spec = (entity or {}).get("spec") if isinstance(entity, dict) else None
    if not isinstance(spec, dict):
        return error(400, "InvalidRequest", "request body must be a v1TenantEntity object with a spec")
    for key, value in spec.items():
        if key not in CREATE_FIELDS or not isinstance(value, CREATE_FIELDS[key]):
            return error(400, "InvalidRequest", f"unknown or mistyped field spec.{key}")
    name = spec.get("orgName", "").strip()
    if not name or not spec.get("emailId"):
        return error(400, "InvalidRequest", "spec.orgName and spec.emailId are required")
    if any(tenant["spec"]["orgName"] == name for tenant in console.tenants.values()):
        return error(409, "TenantAlreadyExists", f"tenant {name} already exists")
    uid = secrets.token_hex(12)
    console.tenants[uid] = {
        "metadata": {"uid": uid, "name": name},
        "spec": {"orgName": name, "orgEmailId": spec.get("orgEmailId", ""), "authType": "password"},
        "status": {"isActive": False, "toBeDeleted": False},
    }
    admin = " ".join(part for part in (spec.get("firstName"), spec.get("lastName")) if part)
    mailer.send(
        console,
        spec["emailId"],
        f"You are invited to the Palette tenant {name}",
        f"Hello {admin or spec['emailId']},\n\nYou are the first admin of the tenant {name}. "
        "Sign in to set your password.\n",
    )
    return answer(201, {"uid": uid}, {"AuditUid": secrets.token_hex(12)})


def _read(console, uid):
    tenant = console.tenants.get(uid)
    return answer(200, tenant) if tenant else error(404, "ResourceNotFound", f"tenant {uid} not found")


def _delete(console, uid):
    if console.tenants.pop(uid, None) is None:
        return error(404, "ResourceNotFound", f"tenant {uid} not found")
    return answer(204)


def _activate(console, uid, body):
    tenant = console.tenants.get(uid)
    if tenant is None:
        return error(404, "ResourceNotFound", f"tenant {uid} not found")
    if not isinstance(body, dict) or not isinstance(body.get("isActive", True), bool):
        return error(400, "InvalidRequest", "request body must be a v1TenantActivate object")
    tenant["status"]["isActive"] = body.get("isActive", True)
    return answer(204)
