"""Keyed resources, on a throwaway descriptor shaped like Palette's tenants."""

from __future__ import annotations

import pytest

from ansible_collections.palette.selfhosted.plugins.module_utils._engine import Field, NotKept
from ansible_collections.palette.selfhosted.plugins.module_utils._keyed import (
    CannotChange,
    KeyedResource,
    Update,
    apply_keyed,
    list_all,
)
from ansible_collections.palette.selfhosted.plugins.module_utils._transport import PaletteClient
from fake_palette import TOKEN

TEAM = KeyedResource(
    name="team",
    title="team",
    list_path="/v1/teams",
    item_path="/v1/teams/{uid}",
    key=Field("name", "spec.name"),
    fields=(Field("email", "spec.email"), Field("active", "status.isActive", type="bool")),
    updates={"active": Update("PATCH", "/activate", "isActive")},
)


def team(uid, name, email, active):
    return {"metadata": {"uid": uid}, "spec": {"name": name, "email": email}, "status": {"isActive": active}}


BLUE = team("uid-blue", "blue", "blue@example.com", True)
LIST, CREATE = "GET /v1/teams", "POST /v1/teams"


def run(palette, desired, state="present", check_mode=False):
    client = PaletteClient(palette.base_url, token=TOKEN, retries=0)
    full = {"name": None, "email": None, "active": None, **desired}
    return apply_keyed(TEAM, client, full, state, check_mode=check_mode)


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

    def test_an_existing_one_as_desired_only_lists(self, palette):
        palette.lists(TEAM, [BLUE])
        result = run(palette, {"name": "blue", "active": True})
        assert result == {"changed": False, "team": {"name": "blue", "email": "blue@example.com", "active": True}}
        assert palette.calls == [LIST]

    def test_a_field_palette_can_change(self, palette):
        palette.lists(TEAM, [BLUE]).item(TEAM, "uid-blue", {**BLUE, "status": {"isActive": False}})
        assert run(palette, {"name": "blue", "active": False})["changed"] is True
        assert palette.sent("PATCH", "/v1/teams/uid-blue/activate") == [{"isActive": False}]

    def test_a_field_palette_cannot_change_is_reported_and_nothing_is_sent(self, palette):
        palette.lists(TEAM, [BLUE])
        with pytest.raises(CannotChange) as caught:
            run(palette, {"name": "blue", "email": "new@example.com", "active": False})
        assert caught.value.options == ("email",)
        assert caught.value.current["email"] == "blue@example.com"
        assert palette.calls == [LIST]

    def test_check_mode_only_lists(self, palette):
        palette.lists(TEAM, [BLUE])
        assert run(palette, {"name": "red"}, check_mode=True) == {"changed": True, "team": {"name": "red"}}
        assert run(palette, {"name": "blue", "active": False}, check_mode=True)["changed"] is True
        assert palette.calls == [LIST, LIST]

    def test_a_change_palette_did_not_keep(self, palette):
        palette.lists(TEAM, [BLUE]).item(TEAM, "uid-blue", BLUE)
        with pytest.raises(NotKept) as caught:
            run(palette, {"name": "blue", "active": False})
        assert caught.value.options == ("active",)


class TestAbsent:
    def test_an_existing_one_is_deleted(self, palette):
        palette.lists(TEAM, [BLUE])
        assert run(palette, {"name": "blue"}, state="absent") == {"changed": True, "team": None}
        assert palette.calls == [LIST, "DELETE /v1/teams/uid-blue"]

    def test_a_missing_one_is_no_change(self, palette):
        palette.lists(TEAM, [BLUE])
        assert run(palette, {"name": "red"}, state="absent") == {"changed": False, "team": None}
        assert palette.calls == [LIST]

    def test_check_mode_never_deletes(self, palette):
        palette.lists(TEAM, [BLUE])
        assert run(palette, {"name": "blue"}, state="absent", check_mode=True)["changed"] is True
        assert palette.calls == [LIST]


# A resource with a field Palette takes at creation but never returns, and a warning about creating.
INVITED = KeyedResource(
    name="team",
    title="team",
    list_path="/v1/teams",
    item_path="/v1/teams/{uid}",
    key=Field("name", "spec.name"),
    fields=(Field("lead", "spec.lead", compared=False), Field("active", "status.isActive", type="bool")),
    updates={"active": Update("PATCH", "/activate", "isActive")},
    creation_warnings=lambda _client, given: [f"no invitation for {given['lead']}"],
)
LISTED_BLUE = {"metadata": {"uid": "uid-blue"}, "spec": {"name": "blue"}, "status": {"isActive": True}}


def run_invited(palette, desired, **options):
    client = PaletteClient(palette.base_url, token=TOKEN, retries=0)
    return apply_keyed(INVITED, client, {"name": None, "lead": None, "active": None, **desired}, "present", **options)


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


class TestDiff:
    def test_a_creation_shows_nothing_before(self, palette):
        palette.lists(INVITED, [])
        result = run_invited(palette, {"name": "red", "lead": "l@example.com"}, check_mode=True, diff=True)
        assert result["diff"] == {"before": {}, "after": {"name": "red", "lead": "l@example.com"}}

    def test_a_change_shows_both_sides(self, palette):
        palette.lists(INVITED, [LISTED_BLUE])
        result = run_invited(palette, {"name": "blue", "active": False}, check_mode=True, diff=True)
        assert result["diff"]["before"]["active"] is True
        assert result["diff"]["after"]["active"] is False

    def test_no_change_no_diff(self, palette):
        palette.lists(INVITED, [LISTED_BLUE])
        assert "diff" not in run_invited(palette, {"name": "blue", "active": True}, diff=True)


def test_list_all_returns_what_palette_returns(palette):
    palette.lists(INVITED, [LISTED_BLUE])
    client = PaletteClient(palette.base_url, token=TOKEN, retries=0)
    assert list_all(INVITED, client) == [{"name": "blue", "active": True}]
