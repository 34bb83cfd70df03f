"""palette_system_account end to end through its main(): found by email, created with its role (with a
warning when SMTP cannot carry the activation link), renamed in one profile call, refused a new role,
removed, and never the account the task signs in with. The keyed engine's rules are tested in
module_utils."""

from __future__ import annotations

from ansible_collections.palette.selfhosted.plugins.module_utils._settings.smtp import SMTP
from ansible_collections.palette.selfhosted.plugins.module_utils._settings.system_account import SYSTEM_ACCOUNT
from ansible_collections.palette.selfhosted.plugins.modules import palette_system_account
from fake_palette import CONNECTION, LOGIN, ME_PATH, fixture, get, me, warning_texts

DATA = fixture("system_account")
ARGS = {**CONNECTION, **DATA["params"]}
LISTED, ROOT = DATA["listed"], DATA["root"]
UID = LISTED["metadata"]["uid"]
LIST, CREATE = f"GET {SYSTEM_ACCOUNT.list_path}", f"POST {SYSTEM_ACCOUNT.list_path}"
ITEM = f"{SYSTEM_ACCOUNT.list_path}/{UID}"
SMTP_PAYLOAD = fixture("smtp")["payload"]


def renamed(first, last):
    return {**LISTED, "spec": {**LISTED["spec"], "firstName": first, "lastName": last}}


def test_a_new_account_is_created_with_its_role_and_read_back(palette, run_module):
    palette.accepts_login().lists(SYSTEM_ACCOUNT, [ROOT], created_uid=UID).item(SYSTEM_ACCOUNT, UID, LISTED)
    palette.stores(SMTP, SMTP_PAYLOAD)
    result = run_module(palette_system_account, ARGS, diff=True)
    assert result["changed"] is True
    assert result["system_account"] == DATA["params"]
    assert result["diff"] == {"before": {}, "after": DATA["params"]}
    assert warning_texts(result) == []
    assert palette.calls == [LOGIN, LIST, get(SMTP), CREATE, f"GET {ITEM}"]
    assert palette.sent("POST", SYSTEM_ACCOUNT.list_path) == [DATA["create_payload"]]


def test_without_smtp_the_account_is_created_with_a_warning(palette, run_module):
    palette.accepts_login().lists(SYSTEM_ACCOUNT, [], created_uid=UID).item(SYSTEM_ACCOUNT, UID, LISTED)
    palette.stores(SMTP, {})
    result = run_module(palette_system_account, ARGS)
    assert result["changed"] is True
    (warning,) = warning_texts(result)
    assert warning.startswith("SMTP is not configured on this console, so Palette cannot email the activation link")
    assert "oncall@example.com" in warning


def test_an_existing_account_as_given_only_lists(palette, run_module):
    palette.accepts_login().lists(SYSTEM_ACCOUNT, [ROOT, LISTED])
    result = run_module(palette_system_account, ARGS)
    assert result["changed"] is False
    assert result["system_account"] == DATA["params"]
    assert palette.calls == [LOGIN, LIST]


def test_a_new_last_name_goes_with_the_first_in_one_profile_call(palette, run_module):
    palette.accepts_login().lists(SYSTEM_ACCOUNT, [LISTED]).item(SYSTEM_ACCOUNT, UID, renamed("Ada", "King"))
    result = run_module(palette_system_account, {**ARGS, "last_name": "King"})
    assert result["changed"] is True
    assert result["system_account"]["last_name"] == "King"
    assert palette.calls == [LOGIN, LIST, f"PATCH {ITEM}/profile", f"GET {ITEM}"]
    assert palette.sent("PATCH", f"{ITEM}/profile") == [{"spec": {"firstName": "Ada", "lastName": "King"}}]


def test_another_role_fails_naming_it_before_any_write(palette, run_module):
    palette.accepts_login().lists(SYSTEM_ACCOUNT, [LISTED])
    result = run_module(palette_system_account, {**ARGS, "role": "account_admin"})
    assert result["failed"] is True
    assert result["msg"].startswith(
        "Palette cannot change role (it has 'operations_admin', the task gives 'account_admin') of the existing "
        "system account 'oncall@example.com'."
    )
    assert palette.calls == [LOGIN, LIST]


def test_absent_removes_another_account(palette, run_module):
    palette.accepts_login().lists(SYSTEM_ACCOUNT, [ROOT, LISTED])
    palette.api.get(palette.url(ME_PATH), json=me("admin@example.com"))
    result = run_module(palette_system_account, {**CONNECTION, "email": "oncall@example.com", "state": "absent"})
    assert result["changed"] is True
    assert result["system_account"] is None
    assert palette.calls == [LOGIN, LIST, f"GET {ME_PATH}", f"DELETE {ITEM}"]


def test_the_signed_in_account_is_never_removed(palette, run_module):
    palette.accepts_login().lists(SYSTEM_ACCOUNT, [ROOT, LISTED])
    palette.api.get(palette.url(ME_PATH), json=me("admin@example.com"))
    result = run_module(palette_system_account, {**CONNECTION, "email": "admin@example.com", "state": "absent"})
    assert result["failed"] is True
    assert result["changed"] is False
    assert result["msg"] == (
        "The system account 'admin@example.com' is the one this task signs in with, and an admin cannot remove "
        "its own account: sign in as another admin to remove it. Nothing was changed."
    )
    assert palette.calls == [LOGIN, LIST, f"GET {ME_PATH}"]


def test_check_mode_creates_nothing(palette, run_module):
    palette.accepts_login().lists(SYSTEM_ACCOUNT, [])
    palette.stores(SMTP, SMTP_PAYLOAD)
    result = run_module(palette_system_account, ARGS, check_mode=True)
    assert result["changed"] is True
    assert CREATE not in palette.calls


def test_present_needs_names_and_role_before_any_call(palette, run_module):
    result = run_module(palette_system_account, {**CONNECTION, "email": "oncall@example.com"})
    assert result["failed"] is True
    assert "state is present but all of the following are missing: first_name, last_name, role" in result["msg"]
    assert palette.calls == []


def test_a_bad_address_fails_before_any_call(palette, run_module):
    result = run_module(palette_system_account, {**ARGS, "email": "oncall.example.com"})
    assert (
        result["msg"] == "Invalid options: email 'oncall.example.com' is not an email address (expected name@domain)."
    )
    assert palette.calls == []
