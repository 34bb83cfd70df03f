"""What only the system account has: its input checks, the role under Palette's own word for it, the
names changed together in one inferred profile call, the warning when the console has no SMTP to
email the activation link, and the refusal to remove the account the task signs in with.
palette_system_account's tests run it end to end."""

from __future__ import annotations

import pytest

from ansible_collections.palette.selfhosted.plugins.module_utils._resource import Failed, Run, run_one
from ansible_collections.palette.selfhosted.plugins.module_utils._settings.smtp import SMTP
from ansible_collections.palette.selfhosted.plugins.module_utils._settings.system_account import (
    NO_SMTP_WARNING,
    PROFILE_INFERRED,
    ROLES,
    SYSTEM_ACCOUNT,
)
from ansible_collections.palette.selfhosted.plugins.module_utils._transport import (
    UNOFFERED,
    PaletteApiError,
    PaletteClient,
)
from fake_palette import ME_PATH, TOKEN, fixture, get, me

DATA = fixture("system_account")
PARAMS = DATA["params"]
LISTED, ROOT = DATA["listed"], DATA["root"]
UID = LISTED["metadata"]["uid"]
ITEM = SYSTEM_ACCOUNT.item_url(UID)
PROFILE = f"{ITEM}/profile"
FIELDS = {f.option: f for f in (SYSTEM_ACCOUNT.key, *SYSTEM_ACCOUNT.fields)}
CONTROL = "must not contain control characters such as CR or LF."
SMTP_DATA = fixture("smtp")


def a_run(palette, **options):
    return Run(PaletteClient(palette.base_url, token=TOKEN, retries=0), **options)


def renamed(first, last):
    return {**LISTED, "spec": {**LISTED["spec"], "firstName": first, "lastName": last}}


class TestCheck:
    def test_accepted(self):
        assert SYSTEM_ACCOUNT.check(PARAMS) == []

    def test_the_email_alone_is_enough_for_the_check(self):
        assert SYSTEM_ACCOUNT.check({"email": "oncall@example.com", "state": "absent"}) == []

    @pytest.mark.parametrize(
        ("change", "problem"),
        [
            (
                {"email": "oncall.example.com"},
                "email 'oncall.example.com' is not an email address (expected name@domain).",
            ),
            ({"email": ""}, "email '' is not an email address (expected name@domain)."),
            ({"email": "on call@example.com"}, "email 'on call@example.com' has an invalid part before the @."),
            ({"email": "oncall@localhost"}, "email 'oncall@localhost' has an invalid domain after the @."),
            ({"email": "oncall@example.com\r\nBcc: victim@example.org"}, f"email {CONTROL}"),
            ({"first_name": "Ada\nBcc: victim@example.org"}, f"first_name {CONTROL}"),
            ({"last_name": "Love\x00lace"}, f"last_name {CONTROL}"),
        ],
    )
    def test_refused(self, change, problem):
        assert SYSTEM_ACCOUNT.check({**PARAMS, **change}) == [problem]

    def test_every_problem_at_once_and_no_injected_header_quoted(self):
        problems = SYSTEM_ACCOUNT.check(
            {**PARAMS, "email": "a@example.com\nBcc: victim@example.org", "first_name": "A\rda", "last_name": "L\nx"}
        )
        assert [problem.split(" ", 1)[0] for problem in problems] == ["email", "first_name", "last_name"]
        assert not any("victim" in problem for problem in problems)

    def test_the_role_is_one_of_the_two(self):
        assert SYSTEM_ACCOUNT.argument_spec()["role"] == {
            "type": "str",
            "no_log": False,
            "choices": ["operations_admin", "account_admin"],
        }

    def test_names_and_role_are_required_to_create(self):
        assert SYSTEM_ACCOUNT.option_rules() == {
            "required_if": [("state", "present", ["first_name", "last_name", "role"])]
        }


class TestRole:
    @pytest.mark.parametrize(
        ("role", "word"), [("operations_admin", "OperationAdmin"), ("account_admin", "AccountAdmin")]
    )
    def test_sent_as_palettes_word(self, role, word):
        assert FIELDS["role"].to_api(FIELDS["role"].from_param(role)) == word

    @pytest.mark.parametrize(
        ("word", "role"), [("OperationAdmin", "operations_admin"), ("AccountAdmin", "account_admin")]
    )
    def test_read_as_the_option(self, word, role):
        assert FIELDS["role"].from_api({"spec": {"adminType": word}}) == role

    def test_the_two_ways_agree(self):
        assert {FIELDS["role"].from_api({"spec": {"adminType": FIELDS["role"].to_api(r)}}) for r in ROLES} == set(ROLES)

    def test_a_word_the_collection_does_not_know_stays_and_differs(self):
        assert FIELDS["role"].from_api({"spec": {"adminType": "TenantAdmin"}}) == "TenantAdmin"

    @pytest.mark.parametrize("spec", [{}, {"adminType": ""}], ids=["absent", "empty"])
    def test_no_role_reads_as_none(self, spec):
        assert FIELDS["role"].from_api({"spec": spec}) is None


class TestMapping:
    def test_the_api_field_of_each_option(self):
        assert {option: f.api for option, f in FIELDS.items()} == {
            "email": "spec.emailId",
            "first_name": "spec.firstName",
            "last_name": "spec.lastName",
            "role": "spec.adminType",
        }

    def test_as_listed(self):
        assert SYSTEM_ACCOUNT.values(LISTED) == PARAMS

    def test_the_names_are_sent_at_creation_too(self, palette):
        palette.lists(SYSTEM_ACCOUNT, [], created_uid=UID).item(SYSTEM_ACCOUNT, UID, LISTED)
        palette.stores(SMTP, SMTP_DATA["payload"])
        result = run_one(SYSTEM_ACCOUNT, a_run(palette), PARAMS)
        assert result["changed"] is True
        assert palette.sent("POST", SYSTEM_ACCOUNT.list_path) == [DATA["create_payload"]]
        assert f"PATCH {PROFILE}" not in palette.calls

    @pytest.mark.parametrize("option", ["email", "first_name", "last_name"])
    def test_surrounding_white_space_is_not_part_of_a_name_or_address(self, option):
        assert FIELDS[option].from_param(f" {PARAMS[option]}\t") == PARAMS[option]


class TestProfile:
    def test_both_names_go_in_one_patch(self, palette):
        palette.lists(SYSTEM_ACCOUNT, [LISTED]).item(SYSTEM_ACCOUNT, UID, renamed("Augusta", "King"))
        result = run_one(SYSTEM_ACCOUNT, a_run(palette), {**PARAMS, "first_name": "Augusta", "last_name": "King"})
        assert result["changed"] is True
        assert palette.calls == [f"GET {SYSTEM_ACCOUNT.list_path}", f"PATCH {PROFILE}", f"GET {ITEM}"]
        assert palette.sent("PATCH", PROFILE) == [{"spec": {"firstName": "Augusta", "lastName": "King"}}]

    def test_a_name_left_out_goes_as_the_account_has_it(self, palette):
        palette.lists(SYSTEM_ACCOUNT, [LISTED]).item(SYSTEM_ACCOUNT, UID, renamed("Augusta", "Lovelace"))
        run_one(SYSTEM_ACCOUNT, a_run(palette), {"email": PARAMS["email"], "first_name": "Augusta"})
        assert palette.sent("PATCH", PROFILE) == [{"spec": {"firstName": "Augusta", "lastName": "Lovelace"}}]

    def test_the_same_names_send_nothing(self, palette):
        palette.lists(SYSTEM_ACCOUNT, [LISTED])
        assert run_one(SYSTEM_ACCOUNT, a_run(palette), PARAMS)["changed"] is False
        assert palette.calls == [f"GET {SYSTEM_ACCOUNT.list_path}"]

    def test_a_console_without_the_profile_call_says_so(self, palette):
        palette.lists(SYSTEM_ACCOUNT, [LISTED]).answer("PATCH", PROFILE, status=404, json={})
        with pytest.raises(PaletteApiError) as caught:
            run_one(SYSTEM_ACCOUNT, a_run(palette), {**PARAMS, "last_name": "King"})
        assert caught.value.kind == UNOFFERED
        assert "does not offer the API for system accounts that the collection uses." in str(caught.value)
        assert str(caught.value).endswith(PROFILE_INFERRED)

    def test_a_missing_account_is_not_taken_for_a_missing_api_on_the_documented_paths(self, palette):
        palette.lists(SYSTEM_ACCOUNT, [LISTED]).answer("DELETE", ITEM, status=404, json={"code": "NotFound"})
        palette.api.get(palette.url(ME_PATH), json=me("admin@example.com"))
        with pytest.raises(PaletteApiError) as caught:
            run_one(SYSTEM_ACCOUNT, a_run(palette), {"email": PARAMS["email"], "state": "absent"})
        assert caught.value.kind != UNOFFERED

    def test_a_new_role_is_refused_before_any_write(self, palette):
        palette.lists(SYSTEM_ACCOUNT, [LISTED])
        with pytest.raises(Failed, match=r"^Palette cannot change role \(it has 'operations_admin'"):
            SYSTEM_ACCOUNT.plan(a_run(palette), {**PARAMS, "role": "account_admin"})
        assert palette.calls == [f"GET {SYSTEM_ACCOUNT.list_path}"]


class TestRemoval:
    def refusal(self, palette, account, signed_in):
        palette.api.get(palette.url(ME_PATH), json=signed_in)
        refusal = SYSTEM_ACCOUNT.removal_refusal(a_run(palette).client, account)
        assert palette.calls == [f"GET {ME_PATH}"]
        return refusal

    def test_the_signed_in_account_is_refused(self, palette):
        assert self.refusal(palette, ROOT, me("admin@example.com")) == (
            "The system account 'admin@example.com' is the one this task signs in with, and an admin cannot remove "
            "its own account: sign in as another admin to remove it. Nothing was changed."
        )

    def test_it_is_known_by_its_uid_not_its_email(self, palette):
        assert self.refusal(palette, ROOT, me("someone-else@example.com")) is not None

    def test_another_account_may_go(self, palette):
        assert self.refusal(palette, LISTED, me("oncall@example.com")) is None

    def test_a_refused_removal_plans_nothing(self, palette):
        palette.lists(SYSTEM_ACCOUNT, [ROOT, LISTED])
        palette.api.get(palette.url(ME_PATH), json=me())
        with pytest.raises(Failed) as caught:
            SYSTEM_ACCOUNT.plan(a_run(palette), {"email": "admin@example.com", "state": "absent"})
        assert caught.value.result == {"changed": False}
        assert palette.calls == [f"GET {SYSTEM_ACCOUNT.list_path}", f"GET {ME_PATH}"]

    def test_an_account_that_is_not_there_is_not_asked_about(self, palette):
        palette.lists(SYSTEM_ACCOUNT, [ROOT])
        plan = SYSTEM_ACCOUNT.plan(a_run(palette), {"email": "oncall@example.com", "state": "absent"})
        assert plan.changed is False
        assert palette.calls == [f"GET {SYSTEM_ACCOUNT.list_path}"]


class TestWithoutSmtp:
    """Palette emails a new account's activation link through the console's SMTP settings."""

    GIVEN = {option: FIELDS[option].from_param(value) for option, value in PARAMS.items()}

    def warnings(self, palette, stored_smtp):
        palette.stores(SMTP, stored_smtp)
        warnings = SYSTEM_ACCOUNT.creation_warnings(a_run(palette).client, self.GIVEN)
        assert palette.calls == [get(SMTP)]
        return warnings

    def test_a_console_without_smtp_is_warned_of_naming_the_account(self, palette):
        (warning,) = self.warnings(palette, {})
        assert warning == NO_SMTP_WARNING.format(email="oncall@example.com")
        assert warning.startswith("SMTP is not configured on this console, so Palette cannot email the activation link")
        assert "to oncall@example.com," in warning
        assert "palette.selfhosted.palette_smtp" in warning

    @pytest.mark.parametrize("stored", ["payload", "anonymous_payload"], ids=["authenticated", "anonymous"])
    def test_a_console_with_smtp_is_not(self, palette, stored):
        assert self.warnings(palette, SMTP_DATA[stored]) == []

    def test_a_creation_in_check_mode_carries_the_warning(self, palette):
        palette.lists(SYSTEM_ACCOUNT, [ROOT])
        palette.stores(SMTP, {})
        result = run_one(SYSTEM_ACCOUNT, a_run(palette, check_mode=True), PARAMS)
        assert result["warnings"] == [NO_SMTP_WARNING.format(email="oncall@example.com")]

    def test_an_existing_account_is_not_warned_of(self, palette):
        palette.lists(SYSTEM_ACCOUNT, [LISTED])
        assert "warnings" not in run_one(SYSTEM_ACCOUNT, a_run(palette), PARAMS)
        assert get(SMTP) not in palette.calls
