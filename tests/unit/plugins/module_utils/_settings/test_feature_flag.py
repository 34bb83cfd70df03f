"""What only the feature flag has: its input check, its fields in v1SystemFeatures (as listed) and
v1SystemFeaturesOperation (the change), and the rules Palette sets: every flag is Palette's (none is
created or removed), enabling is one-way, the list is not paged, and the paths are inferred."""

from __future__ import annotations

import pytest

from ansible_collections.palette.selfhosted.plugins.module_utils._resource import Failed, Run, run_one
from ansible_collections.palette.selfhosted.plugins.module_utils._settings.feature_flag import (
    FEATURE_FLAG,
    FEATURE_FLAGS,
    INFERRED,
)
from ansible_collections.palette.selfhosted.plugins.module_utils._transport import (
    UNOFFERED,
    PaletteApiError,
    PaletteClient,
)
from fake_palette import TOKEN, fixture

DATA = fixture("feature_flag")
PARAMS = DATA["params"]
LISTED = DATA["listed"]
AWS, LXD = LISTED
FIELDS = {f.option: f for f in (FEATURE_FLAG.key, *FEATURE_FLAG.fields)}
LIST = "GET /v1/system/features"
CONTROL = "must not contain control characters such as CR or LF."


def enabled(item):
    return {**item, "spec": {**item["spec"], "isAllowed": True}}


def run(palette, desired, check_mode=False, diff=False):
    client = PaletteClient(palette.base_url, token=TOKEN, retries=0)
    return run_one(FEATURE_FLAG, Run(client, check_mode, diff), desired)


class TestCheck:
    def test_accepted(self):
        assert FEATURE_FLAG.check(PARAMS) == []

    @pytest.mark.parametrize(
        ("key", "problem"),
        [
            ("", "key must not be empty."),
            ("  ", "key must not be empty."),
            (None, "key must not be empty."),
            ("Lxd\nMaas", f"key {CONTROL}"),
        ],
    )
    def test_refused(self, key, problem):
        assert FEATURE_FLAG.check({**PARAMS, "key": key}) == [problem]


class TestMapping:
    def test_the_api_field_of_each_option(self):
        assert {option: f.api for option, f in FIELDS.items()} == {"key": "spec.key", "enabled": "spec.isAllowed"}
        assert FIELDS["enabled"].type == "bool"

    def test_as_listed(self):
        assert [FEATURE_FLAG.values(item) for item in LISTED] == [
            {"key": "AwsSecretPartition", "enabled": False},
            {"key": "LxdMaas", "enabled": False},
        ]

    def test_a_flag_without_is_allowed_is_not_enabled(self):
        assert FIELDS["enabled"].from_api({"spec": {"key": "LxdMaas"}}) is False

    def test_enabling_is_the_patch_of_the_flag_with_is_allowed(self):
        assert FEATURE_FLAG.updates.keys() == {"enabled"}
        update = FEATURE_FLAG.updates["enabled"]
        assert (update.method, FEATURE_FLAG.item_url("uid-1") + update.path_suffix, update.body) == (
            "PATCH",
            "/v1/system/features/uid-1",
            "isAllowed",
        )
        assert {update.body: True} == DATA["patch_payload"]

    def test_the_list_and_its_items(self):
        assert FEATURE_FLAG.list_path == "/v1/system/features"
        assert FEATURE_FLAG.uid_at == "metadata.uid"
        assert FEATURE_FLAG.items_at == "items"


class TestPaletteRules:
    def test_flags_are_neither_created_nor_removed_so_there_is_no_state(self):
        assert (FEATURE_FLAG.creatable, FEATURE_FLAG.removable) == (False, False)
        assert FEATURE_FLAG.argument_spec() == {
            "key": {"type": "str", "required": True, "no_log": False},
            "enabled": {"type": "bool", "no_log": False, "required": True},
        }
        assert FEATURE_FLAG.option_rules() == {}

    def test_once_enabled_a_flag_stays_enabled(self):
        assert FEATURE_FLAG.one_way == {"enabled": True}

    def test_the_list_is_one_call_and_there_is_no_read_of_one_flag(self):
        # The spec's V1SystemFeaturesGet has no limit or continue, and there is no GET of /v1/system/features/{uid}.
        assert FEATURE_FLAG.paged is False
        assert FEATURE_FLAG.reads_one is False

    def test_the_paths_are_inferred(self):
        assert FEATURE_FLAG.inferred == INFERRED
        assert "Palette's API spec" in INFERRED
        assert "System Console > Feature Flags" in INFERRED

    def test_the_section_of_the_console_document(self):
        assert FEATURE_FLAGS.name == "feature_flags"
        assert FEATURE_FLAGS.resource is FEATURE_FLAG


class TestAgainstTheList:
    def test_an_unknown_key_names_the_keys_there_are(self, palette):
        palette.lists(FEATURE_FLAG, LISTED)
        with pytest.raises(Failed) as caught:
            run(palette, {"key": "lxdmaas", "enabled": True})
        assert caught.value.sentence == (
            "Palette has no feature flag 'lxdmaas' (its feature flags are 'AwsSecretPartition', 'LxdMaas'), and "
            "feature flags cannot be created: give the key of one it has."
        )
        assert palette.calls == [LIST]

    def test_disabling_an_enabled_flag_fails_before_any_write(self, palette):
        palette.lists(FEATURE_FLAG, [AWS, enabled(LXD)])
        with pytest.raises(Failed) as caught:
            run(palette, {"key": "LxdMaas", "enabled": False})
        assert caught.value.sentence == (
            "The feature flag 'LxdMaas' has enabled: true, which Palette cannot undo (once true, enabled stays "
            "true). Give enabled: true; nothing was changed."
        )
        assert palette.calls == [LIST]

    def test_enabling_is_read_back_from_the_list(self, palette):
        palette.lists(FEATURE_FLAG, LISTED).lists_next(FEATURE_FLAG, [AWS, enabled(LXD)])
        result = run(palette, PARAMS)
        assert result == {"changed": True, "feature_flag": {"key": "LxdMaas", "enabled": True}}
        assert palette.calls == [LIST, "PATCH /v1/system/features/feature-uid-lxd", LIST]
        assert palette.sent("PATCH", "/v1/system/features/feature-uid-lxd") == [DATA["patch_payload"]]

    @pytest.mark.parametrize("status", [404, 405])
    def test_a_console_without_the_inferred_api_says_so(self, palette, status):
        palette.api.get(palette.url(FEATURE_FLAG.list_path), status=status, json={"message": "Not Found"})
        with pytest.raises(PaletteApiError) as caught:
            run(palette, PARAMS)
        assert caught.value.kind == UNOFFERED
        assert str(caught.value) == (
            f"Palette at {palette.base_url} answered {status} to GET /v1/system/features (Not Found): this console "
            f"does not offer the API for feature flags that the collection uses. {INFERRED}"
        )
