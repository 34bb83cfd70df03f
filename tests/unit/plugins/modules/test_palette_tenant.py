"""palette_tenant end to end through its main(): found by name, created with its admin (with a
warning when SMTP cannot carry the invitation), activated, refused a change Palette cannot make,
removed. The keyed engine's rules are tested in module_utils."""

from __future__ import annotations

import copy

from ansible_collections.palette.selfhosted.plugins.module_utils._settings.smtp import SMTP
from ansible_collections.palette.selfhosted.plugins.module_utils._settings.tenant import TENANT
from ansible_collections.palette.selfhosted.plugins.modules import palette_tenant
from fake_palette import CONNECTION, LOGIN, fixture, get, warning_texts

DATA = fixture("tenant")
ARGS = {**CONNECTION, **DATA["params"]}
LISTED = DATA["listed"]
UID = LISTED["metadata"]["uid"]
LIST, CREATE = f"GET {TENANT.list_path}", f"POST {TENANT.list_path}"
ITEM = f"{TENANT.list_path}/{UID}"
SMTP_PAYLOAD = fixture("smtp")["payload"]


def inactive(item):
    changed = copy.deepcopy(item)
    changed["status"]["isActive"] = False
    return changed


def test_a_new_tenant_is_created_activated_and_read_back(palette, run_module):
    palette.accepts_login().lists(TENANT, [], created_uid=UID).item(TENANT, UID, inactive(LISTED), LISTED)
    palette.stores(SMTP, SMTP_PAYLOAD)
    result = run_module(palette_tenant, ARGS, diff=True)
    assert result["changed"] is True
    assert result["tenant"] == DATA["params"]
    assert result["diff"] == {"before": {}, "after": DATA["params"]}
    assert warning_texts(result) == []
    assert palette.calls == [LOGIN, LIST, get(SMTP), CREATE, f"GET {ITEM}", f"PATCH {ITEM}/activate", f"GET {ITEM}"]
    assert palette.sent("POST", TENANT.list_path) == [DATA["create_payload"]]
    assert palette.sent("PATCH", f"{ITEM}/activate") == [{"isActive": True}]


def test_without_smtp_the_tenant_is_created_with_a_warning(palette, run_module):
    palette.accepts_login().lists(TENANT, [], created_uid=UID).item(TENANT, UID, LISTED)
    palette.stores(SMTP, {})
    result = run_module(palette_tenant, ARGS)
    assert result["changed"] is True
    (warning,) = warning_texts(result)
    assert warning.startswith("SMTP is not configured on this console, so Palette cannot email the invitation")
    assert "platform-lead@example.com" in warning


def test_an_existing_tenant_as_given_only_lists(palette, run_module):
    palette.accepts_login().lists(TENANT, [LISTED])
    result = run_module(palette_tenant, ARGS)
    assert result["changed"] is False
    assert result["tenant"] == DATA["params"]
    assert palette.calls == [LOGIN, LIST]


def test_an_existing_tenant_is_deactivated(palette, run_module):
    palette.accepts_login().lists(TENANT, [LISTED]).item(TENANT, UID, inactive(LISTED))
    result = run_module(palette_tenant, {**ARGS, "active": False})
    assert result["changed"] is True
    assert result["tenant"]["active"] is False
    assert palette.calls == [LOGIN, LIST, f"PATCH {ITEM}/activate", f"GET {ITEM}"]


def test_a_field_palette_cannot_change_fails_naming_it(palette, run_module):
    palette.accepts_login().lists(TENANT, [LISTED])
    result = run_module(palette_tenant, {**ARGS, "org_email": "team@example.com"})
    assert result["failed"] is True
    assert result["msg"].startswith(
        "Palette cannot change org_email (it has 'platform@example.com', the task gives 'team@example.com') "
        "of the existing tenant 'platform'."
    )
    assert palette.calls == [LOGIN, LIST]


def test_check_mode_creates_nothing(palette, run_module):
    palette.accepts_login().lists(TENANT, [])
    palette.stores(SMTP, SMTP_PAYLOAD)
    result = run_module(palette_tenant, ARGS, check_mode=True)
    assert result["changed"] is True
    assert CREATE not in palette.calls


def test_absent_removes_it_and_then_is_no_change(palette, run_module):
    palette.accepts_login().lists(TENANT, [LISTED])
    result = run_module(palette_tenant, {**CONNECTION, "name": "platform", "state": "absent"}, diff=True)
    assert result["changed"] is True
    assert result["tenant"] is None
    assert result["diff"]["after"] == {}
    assert palette.calls == [LOGIN, LIST, f"DELETE {ITEM}"]


def test_present_needs_the_admin_before_any_call(palette, run_module):
    result = run_module(palette_tenant, {**CONNECTION, "name": "platform"})
    assert result["failed"] is True
    assert "state is present but all of the following are missing: admin_email" in result["msg"]
    assert palette.calls == []


def test_a_bad_address_fails_before_any_call(palette, run_module):
    result = run_module(palette_tenant, {**ARGS, "admin_email": "ada.example.com"})
    assert result["msg"] == (
        "Invalid options: admin_email 'ada.example.com' is not an email address (expected name@domain)."
    )
    assert palette.calls == []
