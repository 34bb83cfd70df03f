"""Keyed settings as a console-document section (KeyedSettingList): the list read once for every
object, each changed object validated before any write, objects applied in order with a failure
naming those applied, and the section described with each object's secrets left out by index. One
object end to end is palette_system_registry's test."""

from __future__ import annotations

import pytest

from ansible_collections.palette.selfhosted.plugins.module_utils._resource import Failed, Run
from ansible_collections.palette.selfhosted.plugins.module_utils._settings.system_registry import (
    BASIC,
    SYSTEM_REGISTRIES,
    SYSTEM_REGISTRY,
)
from ansible_collections.palette.selfhosted.plugins.module_utils._transport import PaletteClient
from fake_palette import AUDIT_UID, TOKEN, fixture

DATA = fixture("system_registry")
PARAMS, LISTED, STORED = DATA["params"], DATA["listed"], DATA["stored"]
UID = LISTED["metadata"]["uid"]
ITEM = BASIC.path.format(uid=UID)
SECOND = {**PARAMS, "name": "mirror-packs", "endpoint": "https://mirror.example.com"}
LIST = f"GET {SYSTEM_REGISTRY.list_path}"


def a_run(palette, **options):
    return Run(PaletteClient(palette.base_url, token=TOKEN, retries=0), **options)


@pytest.fixture
def console(palette):
    palette.lists_next(SYSTEM_REGISTRY, [LISTED])
    palette.api.get(palette.url(ITEM), json=STORED)
    palette.api.post(palette.url(BASIC.validate_path), status=204, headers={"AuditUid": AUDIT_UID})
    return palette


def test_the_list_is_read_once_for_every_object(console):
    plan = SYSTEM_REGISTRIES.plan(a_run(console), [PARAMS, SECOND])
    assert plan.changes == ("mirror-packs",)
    assert plan.validatable is True
    assert console.calls == [LIST, f"GET {ITEM}"]
    assert [item["name"] for item in plan.result["system_registries"]] == ["harbor-packs", "mirror-packs"]


def test_every_changed_object_is_validated_before_any_write(console):
    run = a_run(console)
    plan = SYSTEM_REGISTRIES.plan(run, [PARAMS, SECOND])
    SYSTEM_REGISTRIES.validate(run, plan)
    assert console.calls[-1] == f"POST {BASIC.validate_path}"
    assert console.sent("POST", BASIC.validate_path) == [
        {**DATA["body"]["spec"], "endpoint": "https://mirror.example.com"}
    ]


def test_a_failed_create_names_the_objects_applied(console):
    console.api.put(console.url(ITEM), status=204)
    console.api.get(console.url(ITEM), json=STORED)
    console.api.post(console.url("/v1/registries/oci/basic"), status=500, json={"code": "Boom", "message": "no"})
    run = a_run(console)
    plan = SYSTEM_REGISTRIES.plan(run, [{**PARAMS, "update_password": "always"}, SECOND])
    with pytest.raises(Failed) as failed:
        SYSTEM_REGISTRIES.apply(run, plan)
    assert failed.value.sentence == "Applied 'harbor-packs'; then"
    assert failed.value.result["changed"] is True
    assert console.calls[-2:] == [f"GET {ITEM}", "POST /v1/registries/oci/basic"]


def test_the_section_leaves_each_objects_secrets_out_by_index(console):
    section, left_out = SYSTEM_REGISTRIES.describe(a_run(console))
    assert section == [
        {
            "name": "harbor-packs",
            "type": "basic",
            "endpoint": "https://harbor.example.com",
            "base_content_path": "spectro-packs",
            "username": "palette-robot",
        }
    ]
    assert left_out == ("[0].password",)


def test_objects_of_other_scopes_are_not_the_sections(palette):
    palette.lists_next(SYSTEM_REGISTRY, [DATA["tenant_listed"]])
    assert SYSTEM_REGISTRIES.describe(a_run(palette)) == (None, ())


def test_an_object_given_twice_is_refused():
    assert SYSTEM_REGISTRIES.check([PARAMS, PARAMS]) == [
        "lists 'harbor-packs' more than once: give each system registry once."
    ]


def test_an_objects_bad_input_names_its_index():
    assert SYSTEM_REGISTRIES.check([PARAMS, {**SECOND, "password": None}]) == [
        "[1].password is required with authentication: basic."
    ]


def test_a_console_without_the_api_has_no_section(palette):
    palette.api.get(palette.url(SYSTEM_REGISTRY.list_path), status=404, json={"code": "NotFound", "message": "no"})
    assert SYSTEM_REGISTRIES.describe(a_run(palette)) == (None, ())


def test_what_system_info_returns_of_each_object_says_which_secrets_are_set(console):
    (registry,) = SYSTEM_REGISTRY.describe_all(a_run(console))
    assert registry["username"] == "palette-robot"
    assert (registry["password_set"], registry["token_set"]) == (True, False)
    assert "password" not in registry
