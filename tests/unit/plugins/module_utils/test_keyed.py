"""Keyed resources, one object (KeyedResource) and many as a console-document section (KeyedList),
on throwaway descriptors shaped like Palette's tenants."""

from __future__ import annotations

import dataclasses

import pytest

from ansible_collections.palette.selfhosted.plugins.module_utils import _transport
from ansible_collections.palette.selfhosted.plugins.module_utils._engine import Field
from ansible_collections.palette.selfhosted.plugins.module_utils._keyed import (
    KeyedList,
    KeyedResource,
    Update,
    read_list,
)
from ansible_collections.palette.selfhosted.plugins.module_utils._resource import Failed, Run, run_one
from ansible_collections.palette.selfhosted.plugins.module_utils._transport import PaletteApiError, PaletteClient
from fake_palette import PAGE_LIMIT, TOKEN, continue_token

TEAM = KeyedResource(
    name="team",
    title="team",
    list_path="/v1/teams",
    item_path="/v1/teams/{uid}",
    key=Field("name", "spec.name"),
    fields=(Field("email", "spec.email"), Field("active", "status.isActive", type="bool")),
    updates={"active": Update("PATCH", "/activate", "isActive")},
)
TEAMS = KeyedList("teams", TEAM)


def team(uid, name, email, active):
    return {"metadata": {"uid": uid}, "spec": {"name": name, "email": email}, "status": {"isActive": active}}


BLUE = team("uid-blue", "blue", "blue@example.com", True)
GREEN = team("uid-green", "green", "green@example.com", True)
LIST, CREATE = "GET /v1/teams", "POST /v1/teams"


def client(palette):
    return PaletteClient(palette.base_url, token=TOKEN, retries=0)


def params(resource, desired, state="present"):
    """What AnsibleModule hands the resource: every option, None where the task gives none."""
    return {**{option: None for option in resource.argument_spec()}, "state": state, **desired}


def run(palette, desired, state="present", check_mode=False, diff=False, resource=TEAM):
    return run_one(resource, Run(client(palette), check_mode, diff), params(resource, desired, state))


class TestPresent:
    def test_a_missing_one_is_created_then_changed_as_palette_allows_then_read_back(self, palette):
        palette.lists(TEAM, [BLUE]).item(
            TEAM,
            "new-uid",
            team("new-uid", "red", "red@example.com", False),
            team("new-uid", "red", "red@example.com", True),
        )
        result = run(palette, {"name": "red", "email": "red@example.com", "active": True})
        assert result == {"changed": True, "team": {"name": "red", "email": "red@example.com", "active": True}}
        assert palette.calls == [
            LIST,
            CREATE,
            "GET /v1/teams/new-uid",
            "PATCH /v1/teams/new-uid/activate",
            "GET /v1/teams/new-uid",
        ]
        assert palette.sent("POST", "/v1/teams") == [{"spec": {"name": "red", "email": "red@example.com"}}]
        assert palette.sent("PATCH", "/v1/teams/new-uid/activate") == [{"isActive": True}]

    def test_a_created_one_palette_made_as_given_is_not_changed_afterwards(self, palette):
        palette.lists(TEAM, []).item(TEAM, "new-uid", team("new-uid", "red", "red@example.com", True))
        result = run(palette, {"name": "red", "email": "red@example.com", "active": True})
        assert result == {"changed": True, "team": {"name": "red", "email": "red@example.com", "active": True}}
        assert palette.calls == [LIST, CREATE, "GET /v1/teams/new-uid"]

    def test_an_existing_one_as_desired_only_lists(self, palette):
        palette.lists(TEAM, [BLUE])
        result = run(palette, {"name": "blue", "active": True})
        assert result == {"changed": False, "team": {"name": "blue", "email": "blue@example.com", "active": True}}
        assert palette.calls == [LIST]

    def test_a_field_palette_can_change(self, palette):
        palette.lists(TEAM, [BLUE]).item(TEAM, "uid-blue", {**BLUE, "status": {"isActive": False}})
        result = run(palette, {"name": "blue", "active": False})
        assert result == {"changed": True, "team": {"name": "blue", "email": "blue@example.com", "active": False}}
        assert palette.calls == [LIST, "PATCH /v1/teams/uid-blue/activate", "GET /v1/teams/uid-blue"]
        assert palette.sent("PATCH", "/v1/teams/uid-blue/activate") == [{"isActive": False}]

    def test_a_field_palette_cannot_change_fails_the_plan_before_any_write(self, palette):
        palette.lists(TEAM, [BLUE])
        given = {"name": "blue", "email": "new@example.com", "active": False}
        with pytest.raises(Failed) as caught:
            TEAM.plan(Run(client(palette)), params(TEAM, given))
        assert str(caught.value) == TEAM.cannot_change_sentence(("email",), TEAM.values(BLUE), given)
        assert caught.value.sentence == (
            "Palette cannot change email (it has 'blue@example.com', the task gives 'new@example.com') of the "
            "existing team 'blue'. Give the values it has, or remove it (state: absent) and create it anew."
        )
        assert caught.value.result == {"changed": False}
        # active, which Palette could change, is not changed either.
        assert palette.calls == [LIST]

    def test_a_change_palette_did_not_keep_fails_with_what_it_reads_back(self, palette):
        palette.lists(TEAM, [BLUE]).item(TEAM, "uid-blue", BLUE)
        with pytest.raises(Failed) as caught:
            run(palette, {"name": "blue", "active": False})
        assert caught.value.message(str) == (
            "Palette saved the team 'blue' but did not keep active (sent False, reads back True)."
        )
        assert caught.value.result["changed"] is True
        assert palette.calls == [LIST, "PATCH /v1/teams/uid-blue/activate", "GET /v1/teams/uid-blue"]

    def test_a_created_one_that_does_not_read_back_as_given_fails_with_the_hint(self, palette):
        hinted = dataclasses.replace(TEAM, unkept_hints={"active": "activate it from its page"})
        palette.lists(hinted, []).item(hinted, "new-uid", team("new-uid", "red", "red@example.com", False))
        with pytest.raises(Failed) as caught:
            run(palette, {"name": "red", "email": "red@example.com", "active": True}, resource=hinted)
        assert caught.value.sentence == (
            "Palette saved the team 'red' but did not keep active (sent True, reads back False): "
            "activate it from its page."
        )
        assert caught.value.result["changed"] is True
        assert palette.calls[-2:] == ["PATCH /v1/teams/new-uid/activate", "GET /v1/teams/new-uid"]

    def test_check_mode_only_lists(self, palette):
        palette.lists(TEAM, [BLUE])
        assert run(palette, {"name": "red"}, check_mode=True) == {"changed": True, "team": {"name": "red"}}
        assert run(palette, {"name": "blue", "active": False}, check_mode=True)["changed"] is True
        assert palette.calls == [LIST, LIST]


# A resource with a secret that Palette returns in clear.
LOCKER = KeyedResource(
    name="locker",
    title="locker",
    list_path="/v1/lockers",
    item_path="/v1/lockers/{uid}",
    key=Field("name", "spec.name"),
    fields=(Field("pin", "spec.pin", secret=True), Field("email", "spec.email")),
)


class TestSecrets:
    def test_a_secret_palette_cannot_change_is_named_without_its_value(self, palette):
        palette.lists(LOCKER, [{"metadata": {"uid": "l-1"}, "spec": {"name": "blue", "pin": "old-pin-1234"}}])
        with pytest.raises(Failed) as caught:
            run(palette, {"name": "blue", "pin": "new-pin-5678", "email": "e@example.com"}, resource=LOCKER)
        sentence = caught.value.message(str)
        assert sentence.startswith(
            "Palette cannot change pin; email (it has None, the task gives 'e@example.com') of the existing locker"
        )
        assert "old-pin-1234" not in sentence
        assert "new-pin-5678" not in sentence
        assert palette.calls == ["GET /v1/lockers"]

    def test_its_option_is_no_log(self):
        spec = LOCKER.argument_spec()
        assert spec["pin"] == {"type": "str", "no_log": True}
        assert spec["email"] == {"type": "str", "no_log": False}
        assert spec["name"] == {"type": "str", "required": True, "no_log": False}
        assert spec["state"] == {"type": "str", "choices": ["present", "absent"], "default": "present"}


# Names that Palette changes together in one call (a system account's profile), and that it also
# requires at creation; an object that must not be removed (the signed-in admin's own account).
PERSON = KeyedResource(
    name="person",
    title="person",
    list_path="/v1/people",
    item_path="/v1/people/{uid}",
    key=Field("email", "spec.email"),
    fields=(Field("first", "spec.first"), Field("last", "spec.last")),
    updates={
        "first": Update("PATCH", "/profile", "spec.first", at_creation=True),
        "last": Update("PATCH", "/profile", "spec.last", at_creation=True, inferred="The profile call is inferred."),
    },
    removal_refusal=lambda _client, item: "Not ada." if item["spec"]["email"] == "ada@example.com" else None,
)


def person(uid, email, first, last):
    return {"metadata": {"uid": uid}, "spec": {"email": email, "first": first, "last": last}}


ADA = person("uid-ada", "ada@example.com", "Ada", "Lovelace")
GRACE = person("uid-grace", "grace@example.com", "Grace", "Hopper")


class TestSharedUpdates:
    def test_fields_of_one_call_go_together_with_what_the_object_has(self, palette):
        palette.lists(PERSON, [GRACE]).item(
            PERSON, "uid-grace", person("uid-grace", "grace@example.com", "G.", "Hopper")
        )
        result = run(palette, {"email": "grace@example.com", "first": "G."}, resource=PERSON)
        assert result["changed"] is True
        assert palette.calls == ["GET /v1/people", "PATCH /v1/people/uid-grace/profile", "GET /v1/people/uid-grace"]
        assert palette.sent("PATCH", "/v1/people/uid-grace/profile") == [{"spec": {"first": "G.", "last": "Hopper"}}]

    def test_two_changes_of_one_call_are_one_call(self, palette):
        changed = person("uid-grace", "grace@example.com", "G.", "H.")
        palette.lists(PERSON, [GRACE]).item(PERSON, "uid-grace", changed)
        run(palette, {"email": "grace@example.com", "first": "G.", "last": "H."}, resource=PERSON)
        assert palette.sent("PATCH", "/v1/people/uid-grace/profile") == [{"spec": {"first": "G.", "last": "H."}}]

    def test_fields_palette_requires_at_creation_go_in_the_create_call(self, palette):
        palette.lists(PERSON, []).item(PERSON, "new-uid", person("new-uid", "alan@example.com", "Alan", "Turing"))
        result = run(palette, {"email": "alan@example.com", "first": "Alan", "last": "Turing"}, resource=PERSON)
        assert result["changed"] is True
        assert palette.sent("POST", "/v1/people") == [
            {"spec": {"email": "alan@example.com", "first": "Alan", "last": "Turing"}}
        ]
        assert palette.calls == ["GET /v1/people", "POST /v1/people", "GET /v1/people/new-uid"]

    def test_a_call_inferred_from_the_spec_says_so_when_the_console_lacks_it(self, palette):
        palette.lists(PERSON, [GRACE])
        palette.answer("PATCH", "/v1/people/uid-grace/profile", status=404, json={})
        with pytest.raises(
            PaletteApiError, match=r"does not offer the API for persons .* The profile call is inferred"
        ):
            run(palette, {"email": "grace@example.com", "last": "H."}, resource=PERSON)


class TestRemovalRefusal:
    def test_a_refused_removal_fails_before_any_write(self, palette):
        palette.lists(PERSON, [ADA])
        with pytest.raises(Failed) as caught:
            run(palette, {"email": "ada@example.com"}, state="absent", resource=PERSON)
        assert caught.value.sentence == "Not ada."
        assert caught.value.result == {"changed": False}
        assert palette.calls == ["GET /v1/people"]

    def test_in_check_mode_too(self, palette):
        palette.lists(PERSON, [ADA])
        with pytest.raises(Failed):
            run(palette, {"email": "ada@example.com"}, state="absent", check_mode=True, resource=PERSON)

    def test_others_are_removed(self, palette):
        palette.lists(PERSON, [ADA, GRACE])
        assert run(palette, {"email": "grace@example.com"}, state="absent", resource=PERSON)["changed"] is True
        assert palette.calls[-1] == "DELETE /v1/people/uid-grace"

    def test_a_missing_one_is_not_asked_about(self, palette):
        palette.lists(PERSON, [])
        assert run(palette, {"email": "ada@example.com"}, state="absent", resource=PERSON)["changed"] is False


class TestAbsent:
    def test_an_existing_one_is_deleted(self, palette):
        palette.lists(TEAM, [BLUE])
        assert run(palette, {"name": "blue"}, state="absent") == {"changed": True, "team": None}
        assert palette.calls == [LIST, "DELETE /v1/teams/uid-blue"]

    def test_a_missing_one_is_no_change(self, palette):
        palette.lists(TEAM, [BLUE])
        assert run(palette, {"name": "red"}, state="absent", diff=True) == {"changed": False, "team": None}
        assert palette.calls == [LIST]

    def test_check_mode_never_deletes(self, palette):
        palette.lists(TEAM, [BLUE])
        assert run(palette, {"name": "blue"}, state="absent", check_mode=True)["changed"] is True
        assert palette.calls == [LIST]

    def test_its_diff_shows_it_before_and_nothing_after(self, palette):
        palette.lists(TEAM, [BLUE])
        result = run(palette, {"name": "blue"}, state="absent", check_mode=True, diff=True)
        assert result["diff"] == {"before": TEAM.values(BLUE), "after": {}}


# A resource with a field Palette takes at creation but never returns, and a warning about creating.
INVITED = KeyedResource(
    name="team",
    title="team",
    list_path="/v1/teams",
    item_path="/v1/teams/{uid}",
    key=Field("name", "spec.name"),
    fields=(Field("lead", "spec.lead", compared=False), Field("active", "status.isActive", type="bool")),
    updates={"active": Update("PATCH", "/activate", "isActive")},
    required_to_create=("lead",),
    creation_warnings=lambda _client, given: [f"no invitation for {given['lead']}"],
)
LISTED_BLUE = {"metadata": {"uid": "uid-blue"}, "spec": {"name": "blue"}, "status": {"isActive": True}}


def run_invited(palette, desired, check_mode=False, diff=False):
    return run(palette, desired, check_mode=check_mode, diff=diff, resource=INVITED)


class TestCreationOnlyFields:
    def test_sent_at_creation_and_kept_in_the_result(self, palette):
        palette.lists(INVITED, []).item(INVITED, "new-uid", {**LISTED_BLUE, "metadata": {"uid": "new-uid"}})
        result = run_invited(palette, {"name": "blue", "lead": "ada@example.com", "active": True})
        assert result["team"] == {"name": "blue", "lead": "ada@example.com", "active": True}
        assert result["warnings"] == ["no invitation for ada@example.com"]
        assert palette.sent("POST", "/v1/teams") == [{"spec": {"name": "blue", "lead": "ada@example.com"}}]

    def test_never_compared_afterwards(self, palette):
        palette.lists(INVITED, [LISTED_BLUE])
        result = run_invited(palette, {"name": "blue", "lead": "someone-else@example.com", "active": True})
        assert result["changed"] is False
        assert "warnings" not in result
        assert palette.calls == [LIST]

    def test_required_to_create_only(self):
        assert INVITED.option_rules() == {"required_if": [("state", "present", ["lead"])]}
        assert INVITED.create_only == ("lead",)


class TestDiff:
    def test_a_creation_shows_nothing_before(self, palette):
        palette.lists(INVITED, [])
        result = run_invited(palette, {"name": "red", "lead": "l@example.com"}, check_mode=True, diff=True)
        assert result["diff"] == {"before": {}, "after": {"name": "red", "lead": "l@example.com"}}
        assert palette.calls == [LIST]

    def test_a_change_shows_both_sides(self, palette):
        palette.lists(INVITED, [LISTED_BLUE])
        result = run_invited(palette, {"name": "blue", "active": False}, check_mode=True, diff=True)
        assert result["diff"]["before"]["active"] is True
        assert result["diff"]["after"]["active"] is False
        assert palette.calls == [LIST]

    def test_no_change_no_diff(self, palette):
        palette.lists(INVITED, [LISTED_BLUE])
        assert "diff" not in run_invited(palette, {"name": "blue", "active": True}, diff=True)

    def test_without_diff_mode_no_diff(self, palette):
        palette.lists(INVITED, [LISTED_BLUE])
        assert "diff" not in run_invited(palette, {"name": "blue", "active": False}, check_mode=True)


def test_describe_all_returns_what_palette_returns(palette):
    palette.lists(INVITED, [LISTED_BLUE])
    assert INVITED.describe_all(Run(client(palette))) == [{"name": "blue", "active": True}]
    assert palette.calls == [LIST]


# 120 teams: three pages of Palette's list, the last one short.
MANY = [team(f"uid-{number}", f"team-{number:03d}", f"team-{number}@example.com", True) for number in range(120)]
ON_PAGE_3 = MANY[110]["spec"]["name"]
THREE_PAGES = [
    {"limit": str(PAGE_LIMIT)},
    {"limit": str(PAGE_LIMIT), "continue": continue_token(2)},
    {"limit": str(PAGE_LIMIT), "continue": continue_token(3)},
]


class TestPages:
    def test_every_page_is_read_each_with_the_token_of_the_one_before(self, palette):
        palette.lists(TEAM, MANY)
        assert read_list(TEAM, client(palette)) == MANY
        assert palette.calls == [LIST] * 3
        # The fake's tokens hold "+", "/" and "=": only a URL-encoded one finds its page.
        assert palette.pages(TEAM) == THREE_PAGES

    def test_one_on_the_third_page_is_found_and_not_created_again(self, palette):
        palette.lists(TEAM, MANY)
        result = run(palette, {"name": ON_PAGE_3, "active": True})
        assert result["changed"] is False
        assert result["team"]["email"] == "team-110@example.com"
        assert palette.calls == [LIST] * 3
        assert CREATE not in palette.calls

    def test_describe_all_reads_every_page(self, palette):
        palette.lists(TEAM, MANY)
        described = TEAM.describe_all(Run(client(palette)))
        assert [item["name"] for item in described] == [item["spec"]["name"] for item in MANY]

    def test_a_console_that_gives_a_token_again_fails_instead_of_reading_forever(self, palette):
        palette.api.get(palette.url(TEAM.list_path), json={"items": [BLUE], "listmeta": {"continue": "again"}})
        with pytest.raises(PaletteApiError, match="continue token it had given before") as caught:
            read_list(TEAM, client(palette))
        assert caught.value.kind == _transport.ENDLESS_LIST
        assert palette.calls == [LIST, LIST]


# KeyedList: many objects as one section of the console document ----------------------------------


def items(resource, *desired):
    return [params(resource, item) for item in desired]


def run_list(palette, desired, check_mode=False, diff=False, kind=TEAMS):
    return run_one(kind, Run(client(palette), check_mode, diff), desired)


class TestListSpec:
    def test_a_list_of_the_objects_options_with_their_rules(self):
        spec = KeyedList("teams", INVITED).section_spec()
        assert spec["type"] == "list"
        assert spec["elements"] == "dict"
        assert spec["options"] == INVITED.argument_spec()
        assert spec["required_if"] == [("state", "present", ["lead"])]


def _email_problems(item):
    email = item.get("email")
    if email is not None and "@" not in email:
        return ["email must hold an @.", "A team without a mailbox cannot be invited."]
    return []


CHECKED = KeyedList("teams", dataclasses.replace(TEAM, check=_email_problems))


class TestListCheck:
    def test_sound_items_have_no_problems(self):
        assert CHECKED.check(items(TEAM, {"name": "blue", "email": "b@example.com"}, {"name": "red"})) == []

    def test_each_sentence_names_its_item(self):
        desired = items(TEAM, {"name": "blue", "email": "b@example.com"}, {"name": "red", "email": "nowhere"})
        assert CHECKED.check(desired) == [
            "[1].email must hold an @.",
            "[1]: A team without a mailbox cannot be invited.",
        ]

    def test_a_key_given_twice_is_refused_once(self):
        desired = items(TEAM, {"name": "blue"}, {"name": "red"}, {"name": "blue", "active": False})
        assert TEAMS.check(desired) == ["lists 'blue' more than once: give each team once."]

    def test_keys_are_compared_as_the_key_field_reads_them(self):
        stripped = KeyedList("teams", dataclasses.replace(TEAM, key=Field("name", "spec.name", strip=True)))
        assert stripped.check(items(TEAM, {"name": "blue"}, {"name": " blue "})) == [
            "lists 'blue' more than once: give each team once."
        ]

    def test_a_present_and_an_absent_one_of_the_same_key_is_refused(self):
        desired = [params(TEAM, {"name": "blue"}), params(TEAM, {"name": "blue"}, state="absent")]
        assert TEAMS.check(desired) == ["lists 'blue' more than once: give each team once."]


class TestListPlan:
    def test_several_items_are_planned_on_one_list_call(self, palette):
        palette.lists(TEAM, [BLUE, GREEN])
        desired = items(TEAM, {"name": "blue", "active": True}, {"name": "green", "active": False}, {"name": "red"})
        plan = TEAMS.plan(Run(client(palette)), desired)
        assert palette.calls == [LIST]
        assert plan.changes == ("green", "red")
        assert plan.result == {
            "changed": True,
            "teams": [
                {"name": "blue", "email": "blue@example.com", "active": True},
                {"name": "green", "email": "green@example.com", "active": False},
                {"name": "red"},
            ],
        }
        assert plan.before == {"green": TEAM.values(GREEN), "red": {}}
        assert plan.after == {"green": {**TEAM.values(GREEN), "active": False}, "red": {"name": "red"}}

    def test_items_on_three_pages_read_each_page_once(self, palette):
        palette.lists(TEAM, MANY)
        names = [MANY[3]["spec"]["name"], MANY[60]["spec"]["name"], ON_PAGE_3]
        plan = TEAMS.plan(Run(client(palette)), items(TEAM, *({"name": name, "active": True} for name in names)))
        assert palette.calls == [LIST] * 3
        assert palette.pages(TEAM) == THREE_PAGES
        assert plan.changed is False
        assert [item["email"] for item in plan.result["teams"]] == [
            "team-3@example.com",
            "team-60@example.com",
            "team-110@example.com",
        ]

    def test_a_field_palette_cannot_change_in_any_item_fails_before_any_write(self, palette):
        palette.lists(TEAM, [BLUE, GREEN])
        given = {"name": "green", "email": "new@example.com"}
        desired = items(TEAM, {"name": "blue", "active": False}, given)
        with pytest.raises(Failed) as caught:
            run_list(palette, desired)
        assert caught.value.sentence == TEAM.cannot_change_sentence(("email",), TEAM.values(GREEN), given)
        assert caught.value.result == {"changed": False}
        assert palette.calls == [LIST]

    def test_the_creation_warnings_of_every_item(self, palette):
        palette.lists(INVITED, [])
        desired = items(INVITED, {"name": "red", "lead": "r@example.com"}, {"name": "grey", "lead": "g@example.com"})
        plan = KeyedList("teams", INVITED).plan(Run(client(palette)), desired)
        assert plan.result["warnings"] == ["no invitation for r@example.com", "no invitation for g@example.com"]

    def test_no_change_no_warnings_key(self, palette):
        palette.lists(INVITED, [LISTED_BLUE])
        plan = KeyedList("teams", INVITED).plan(Run(client(palette)), items(INVITED, {"name": "blue"}))
        assert plan.result == {"changed": False, "teams": [{"name": "blue", "lead": None, "active": True}]}


RED_CALLS = [CREATE, "GET /v1/teams/new-uid"]
BLUE_CALLS = ["PATCH /v1/teams/uid-blue/activate", "GET /v1/teams/uid-blue"]


class TestListApply:
    @pytest.mark.parametrize(
        ("red_first", "calls"),
        [(True, [LIST, *RED_CALLS, *BLUE_CALLS]), (False, [LIST, *BLUE_CALLS, *RED_CALLS])],
        ids=["red-then-blue", "blue-then-red"],
    )
    def test_items_are_applied_in_the_order_given(self, palette, red_first, calls):
        palette.lists(TEAM, [BLUE]).item(TEAM, "uid-blue", {**BLUE, "status": {"isActive": False}})
        palette.item(TEAM, "new-uid", team("new-uid", "red", "", False))
        red, blue = {"name": "red", "active": False}, {"name": "blue", "active": False}
        desired = items(TEAM, *((red, blue) if red_first else (blue, red)))
        result = run_list(palette, desired)
        assert palette.calls == calls
        red_done = {"name": "red", "email": None, "active": False}
        blue_done = {"name": "blue", "email": "blue@example.com", "active": False}
        assert result == {"changed": True, "teams": [red_done, blue_done] if red_first else [blue_done, red_done]}

    def test_unchanged_items_are_only_listed(self, palette):
        palette.lists(TEAM, [BLUE, GREEN])
        result = run_list(palette, items(TEAM, {"name": "blue"}, {"name": "green", "active": True}), diff=True)
        assert result == {"changed": False, "teams": [TEAM.values(BLUE), TEAM.values(GREEN)]}
        assert palette.calls == [LIST]

    def test_check_mode_writes_nothing_and_its_diff_is_by_key(self, palette):
        palette.lists(TEAM, [BLUE, GREEN])
        desired = items(TEAM, {"name": "blue", "active": False}, {"name": "green"}, {"name": "red"})
        result = run_list(palette, desired, check_mode=True, diff=True)
        assert palette.calls == [LIST]
        assert result["changed"] is True
        assert result["diff"] == {
            "before": {"blue": TEAM.values(BLUE), "red": {}},
            "after": {"blue": {**TEAM.values(BLUE), "active": False}, "red": {"name": "red"}},
        }

    def test_an_absent_item_is_deleted_in_its_turn(self, palette):
        palette.lists(TEAM, [BLUE, GREEN]).item(TEAM, "uid-blue", {**BLUE, "status": {"isActive": False}})
        desired = [params(TEAM, {"name": "green"}, state="absent"), params(TEAM, {"name": "blue", "active": False})]
        result = run_list(palette, desired)
        assert palette.calls == [LIST, "DELETE /v1/teams/uid-green", *BLUE_CALLS]
        assert result["teams"] == [None, {"name": "blue", "email": "blue@example.com", "active": False}]

    def test_a_failure_in_the_second_names_the_first_as_applied_and_stops(self, palette):
        palette.lists(TEAM, [BLUE, GREEN]).item(TEAM, "uid-blue", {**BLUE, "status": {"isActive": False}})
        palette.item(TEAM, "uid-green", GREEN)  # reads back still active
        desired = items(TEAM, {"name": "blue", "active": False}, {"name": "green", "active": False}, {"name": "red"})
        with pytest.raises(Failed) as caught:
            run_list(palette, desired)
        assert caught.value.message(str) == (
            "Applied 'blue'; then Palette saved the team 'green' but did not keep active (sent False, reads back True)."
        )
        assert caught.value.result == {
            "changed": True,
            "teams": [
                {"name": "blue", "email": "blue@example.com", "active": False},
                {"name": "green", "email": "green@example.com", "active": False},
            ],
        }
        assert caught.value.error is None
        assert CREATE not in palette.calls
        assert palette.calls[-2:] == ["PATCH /v1/teams/uid-green/activate", "GET /v1/teams/uid-green"]

    def test_a_failure_in_the_first_is_its_own_sentence(self, palette):
        palette.lists(TEAM, [BLUE]).item(TEAM, "uid-blue", BLUE)  # reads back still active
        with pytest.raises(Failed) as caught:
            run_list(palette, items(TEAM, {"name": "blue", "active": False}, {"name": "red"}))
        assert caught.value.message(str) == (
            "Palette saved the team 'blue' but did not keep active (sent False, reads back True)."
        )
        assert caught.value.result["teams"] == [{"name": "blue", "email": "blue@example.com", "active": False}]
        assert CREATE not in palette.calls

    def test_a_transport_error_in_the_second_names_the_first_as_applied(self, palette):
        palette.lists(TEAM, [BLUE, GREEN]).item(TEAM, "uid-blue", {**BLUE, "status": {"isActive": False}})
        palette.answer("PATCH", "/v1/teams/uid-green/activate", status=400, json={"message": "refused"})
        desired = items(TEAM, {"name": "blue", "active": False}, {"name": "green", "active": False})
        with pytest.raises(Failed) as caught:
            run_list(palette, desired)
        assert caught.value.message(str).startswith("Applied 'blue'; then ")
        assert caught.value.error.status == 400
        assert caught.value.result["changed"] is True

    def test_a_first_item_created_before_its_read_back_failed_is_a_change(self, palette):
        palette.lists(TEAM, []).item(TEAM, "new-uid", team("new-uid", "red", "", False))
        with pytest.raises(Failed) as caught:
            run_list(palette, items(TEAM, {"name": "red", "active": True}))
        assert CREATE in palette.calls
        assert caught.value.result["changed"] is True


# What a describe of the list reads: a create-only field, an optional one and a bool.
DESCRIBED = KeyedList(
    "teams",
    dataclasses.replace(
        INVITED, fields=(Field("lead", "spec.lead", compared=False), Field("email", "spec.email"), *INVITED.fields[1:])
    ),
)


class TestListDescribe:
    def test_items_without_unset_values_and_the_create_only_options_of_each(self, palette):
        grey = {"metadata": {"uid": "uid-grey"}, "spec": {"name": "grey", "lead": "x"}, "status": {"isActive": False}}
        palette.lists(DESCRIBED.resource, [BLUE, grey])
        described, left_out = DESCRIBED.describe(Run(client(palette)))
        assert described == [
            {"name": "blue", "email": "blue@example.com", "active": True},
            {"name": "grey", "active": False},
        ]
        assert left_out == ("[0].lead", "[1].lead")
        assert palette.calls == [LIST]

    def test_an_empty_list_is_not_configured(self, palette):
        palette.lists(DESCRIBED.resource, [])
        assert DESCRIBED.describe(Run(client(palette))) == (None, ())

    def test_a_resource_without_create_only_options_leaves_nothing_out(self, palette):
        palette.lists(TEAM, [BLUE])
        assert TEAMS.describe(Run(client(palette))) == ([TEAM.values(BLUE)], ())

    def test_an_object_without_its_key_or_a_value_creating_one_requires_stays_out(self, palette):
        required = dataclasses.replace(PERSON, required_to_create=("first", "last"))
        nameless = person("uid-root", "root@example.com", None, None)
        keyless = person("uid-nobody", None, "No", "Body")
        palette.lists(required, [nameless, keyless, GRACE])
        described, _left_out = KeyedList("people", required).describe(Run(client(palette)))
        assert described == [{"email": "grace@example.com", "first": "Grace", "last": "Hopper"}]

    def test_every_page_is_described(self, palette):
        palette.lists(TEAM, MANY)
        described, _left_out = TEAMS.describe(Run(client(palette)))
        assert len(described) == 120
        assert palette.calls == [LIST] * 3


# A kind Palette only lists: neither created nor removed, one unpaged list without a GET of one object,
# a one-way field, and paths inferred from the spec (shaped like Palette's feature flags).
LAMP = KeyedResource(
    name="lamp",
    title="lamp",
    list_path="/v1/lamps",
    item_path="/v1/lamps/{uid}",
    key=Field("key", "spec.key"),
    fields=(Field("on", "spec.isOn", type="bool", required=True),),
    updates={"on": Update("PATCH", "", "isOn")},
    creatable=False,
    removable=False,
    one_way={"on": True},
    paged=False,
    reads_one=False,
    inferred="Its API is inferred from the spec: flip it in the console.",
)
LAMPS = KeyedList("lamps", LAMP)
LIST_LAMPS = "GET /v1/lamps"


def lamp(uid, key, on):
    return {"metadata": {"uid": uid}, "spec": {"key": key, "isOn": on}}


DARK, LIT = lamp("uid-dark", "dark", False), lamp("uid-lit", "lit", True)


def run_lamp(palette, desired, check_mode=False, diff=False):
    return run_one(LAMP, Run(client(palette), check_mode, diff), {**params(LAMP, desired), "state": None})


class TestNotRemovable:
    def test_no_state_option_and_no_rules_about_it(self):
        assert LAMP.argument_spec() == {
            "key": {"type": "str", "required": True, "no_log": False},
            "on": {"type": "bool", "no_log": False, "required": True},
        }
        assert LAMP.option_rules() == {}
        assert LAMPS.section_spec() == {"type": "list", "elements": "dict", "options": LAMP.argument_spec()}

    def test_a_removable_kind_keeps_its_state_option(self):
        assert "state" in TEAM.argument_spec()
        assert "state" in dataclasses.replace(TEAM, creatable=False).argument_spec()

    def test_a_change_palette_cannot_make_does_not_suggest_removing_it(self, palette):
        fixed = dataclasses.replace(LAMP, fields=(*LAMP.fields, Field("name", "spec.name")))
        palette.lists(fixed, [{**DARK, "spec": {**DARK["spec"], "name": "Dark"}}])
        with pytest.raises(Failed) as caught:
            run_one(fixed, Run(client(palette)), {"key": "dark", "on": False, "name": "Other"})
        assert caught.value.sentence == (
            "Palette cannot change name (it has 'Dark', the task gives 'Other') of the existing lamp 'dark'. "
            "Give the values it has."
        )


class TestNotCreatable:
    def test_an_unknown_key_fails_before_any_write_naming_the_known_ones(self, palette):
        palette.lists(LAMP, [LIT, DARK])
        with pytest.raises(Failed) as caught:
            run_lamp(palette, {"key": "Dark", "on": True})
        assert caught.value.sentence == (
            "Palette has no lamp 'Dark' (its lamps are 'dark', 'lit'), and lamps cannot be created: "
            "give the key of one it has."
        )
        assert caught.value.result == {"changed": False}
        assert palette.calls == [LIST_LAMPS]

    def test_an_empty_list_says_there_are_none(self, palette):
        palette.lists(LAMP, [])
        with pytest.raises(Failed, match=r"^Palette has no lamp 'dark' \(it has no lamps\), and lamps"):
            run_lamp(palette, {"key": "dark", "on": False})
        assert palette.calls == [LIST_LAMPS]

    def test_in_a_list_an_unknown_key_fails_before_the_known_ones_are_written(self, palette):
        palette.lists(LAMP, [DARK])
        desired = [{"key": "dark", "on": True}, {"key": "nowhere", "on": True}]
        with pytest.raises(Failed, match="Palette has no lamp 'nowhere'"):
            run_list(palette, desired, kind=LAMPS)
        assert palette.calls == [LIST_LAMPS]

    def test_a_console_that_cannot_be_read_yet_plans_it_as_a_new_console_has_it(self):
        class Unread:
            """What the document reads in check mode on a console still on its install password."""

            unread = True

            def request(self, method, path, body=None):
                return _transport.Answer(200, {}, None)

        plan = LAMPS.plan(Run(Unread(), check_mode=True), [{"key": "dark", "on": True}, {"key": "lit", "on": False}])
        assert plan.changes == ("dark",)
        assert plan.before == {"dark": {"key": "dark", "on": False}}
        assert plan.after == {"dark": {"key": "dark", "on": True}}


class TestOneWay:
    def test_the_way_there_is_an_update(self, palette):
        palette.lists(LAMP, [DARK]).lists_next(LAMP, [lamp("uid-dark", "dark", True)])
        result = run_lamp(palette, {"key": "dark", "on": True}, diff=True)
        assert result == {
            "changed": True,
            "lamp": {"key": "dark", "on": True},
            "diff": {"before": {"key": "dark", "on": False}, "after": {"key": "dark", "on": True}},
        }
        # No GET of one object: the change is read back from the list.
        assert palette.calls == [LIST_LAMPS, "PATCH /v1/lamps/uid-dark", LIST_LAMPS]
        assert palette.sent("PATCH", "/v1/lamps/uid-dark") == [{"isOn": True}]

    def test_the_way_back_fails_before_any_write(self, palette):
        palette.lists(LAMP, [LIT])
        with pytest.raises(Failed) as caught:
            run_lamp(palette, {"key": "lit", "on": False})
        assert caught.value.sentence == (
            "The lamp 'lit' has on: true, which Palette cannot undo (once true, on stays true). "
            "Give on: true; nothing was changed."
        )
        assert caught.value.result == {"changed": False}
        assert palette.calls == [LIST_LAMPS]

    def test_the_way_back_fails_in_check_mode_too(self, palette):
        palette.lists(LAMP, [LIT])
        with pytest.raises(Failed, match="cannot undo"):
            run_lamp(palette, {"key": "lit", "on": False}, check_mode=True)

    @pytest.mark.parametrize(("listed", "on"), [(LIT, True), (DARK, False)], ids=["still on", "still off"])
    def test_staying_is_no_change(self, palette, listed, on):
        palette.lists(LAMP, [listed])
        assert run_lamp(palette, {"key": listed["spec"]["key"], "on": on})["changed"] is False
        assert palette.calls == [LIST_LAMPS]

    def test_in_a_list_the_way_back_fails_before_the_others_are_written(self, palette):
        palette.lists(LAMP, [DARK, LIT])
        with pytest.raises(Failed, match="The lamp 'lit' has on: true"):
            run_list(palette, [{"key": "dark", "on": True}, {"key": "lit", "on": False}], kind=LAMPS)
        assert palette.calls == [LIST_LAMPS]

    def test_a_change_the_list_does_not_show_afterwards_fails(self, palette):
        palette.lists(LAMP, [DARK])
        with pytest.raises(Failed) as caught:
            run_lamp(palette, {"key": "dark", "on": True})
        assert (
            caught.value.sentence == "Palette saved the lamp 'dark' but did not keep on (sent True, reads back False)."
        )

    def test_one_gone_from_the_list_after_the_change_fails(self, palette):
        palette.lists(LAMP, [DARK]).lists_next(LAMP, [])
        with pytest.raises(Failed) as caught:
            run_lamp(palette, {"key": "dark", "on": True})
        assert caught.value.sentence == "After the change, Palette no longer lists the lamp 'dark'."
        assert caught.value.result["changed"] is True


class TestNotPaged:
    def test_one_call_without_a_query(self, palette):
        palette.lists(LAMP, [DARK, LIT])
        assert read_list(LAMP, client(palette)) == [DARK, LIT]
        assert palette.pages(LAMP) == [{}]

    def test_described_from_that_call(self, palette):
        palette.lists(LAMP, [DARK, LIT])
        assert LAMPS.describe(Run(client(palette))) == ([{"key": "dark", "on": False}, {"key": "lit", "on": True}], ())


class TestInferred:
    @pytest.mark.parametrize("status", [404, 405])
    @pytest.mark.parametrize("coded", [True, False], ids=["v1Error", "plain"])
    def test_a_list_the_console_does_not_offer_says_so(self, palette, status, coded):
        body = {"code": "NotFound", "message": "no such route"} if coded else {}
        palette.api.get(palette.url("/v1/lamps"), status=status, json=body)
        with pytest.raises(PaletteApiError) as caught:
            read_list(LAMP, client(palette))
        says = " (no such route)" if coded else ""
        assert str(caught.value) == (
            f"Palette at {palette.base_url} answered {status} to GET /v1/lamps{says}: this console does not "
            "offer the API for lamps that the collection uses. Its API is inferred from the spec: flip it in "
            "the console."
        )
        assert caught.value.kind == _transport.UNOFFERED
        assert caught.value.status == status
        assert caught.value.to_dict()["code"] == ("NotFound" if coded else None)

    def test_a_change_the_console_does_not_offer_says_so(self, palette):
        palette.lists(LAMP, [DARK])
        palette.answer("PATCH", "/v1/lamps/uid-dark", status=405, json={})
        with pytest.raises(PaletteApiError, match="answered 405 to PATCH /v1/lamps/uid-dark: this console") as caught:
            run_lamp(palette, {"key": "dark", "on": True})
        assert caught.value.kind == _transport.UNOFFERED

    def test_other_errors_are_what_they_are(self, palette):
        palette.api.get(palette.url("/v1/lamps"), status=403, json={})
        with pytest.raises(PaletteApiError) as caught:
            read_list(LAMP, client(palette))
        assert caught.value.kind == _transport.FORBIDDEN

    def test_paths_that_are_not_inferred_keep_their_404(self, palette):
        palette.api.get(palette.url("/v1/teams"), status=404)
        with pytest.raises(PaletteApiError) as caught:
            read_list(TEAM, client(palette))
        assert caught.value.kind == _transport.NOT_FOUND

    def test_a_document_leaves_out_a_list_the_console_does_not_offer(self, palette):
        palette.api.get(palette.url("/v1/lamps"), status=404, json={})
        assert LAMPS.describe(Run(client(palette))) == (None, ())
