"""palette_feature_flag end to end through its main(): found by key, enabled and read back from the list,
no change when it is as given, refused the way back and an unknown key before any write, check mode
and diff, and a console without the inferred API. The keyed engine's rules are tested in module_utils."""

from __future__ import annotations

from ansible_collections.palette.selfhosted.plugins.module_utils._settings.feature_flag import FEATURE_FLAG
from ansible_collections.palette.selfhosted.plugins.modules import palette_feature_flag
from fake_palette import CONNECTION, LOGIN, fixture

DATA = fixture("feature_flag")
ARGS = {**CONNECTION, **DATA["params"]}
AWS, LXD = DATA["listed"]
LIST = f"GET {FEATURE_FLAG.list_path}"
PATCH = "PATCH /v1/system/features/feature-uid-lxd"
WRITES = ("PATCH", "PUT", "POST", "DELETE")


def enabled(item):
    return {**item, "spec": {**item["spec"], "isAllowed": True}}


def writes(palette):
    return [call for call in palette.calls if call.split()[0] in WRITES and call != LOGIN]


def test_a_flag_is_enabled_and_read_back(palette, run_module):
    palette.accepts_login().lists(FEATURE_FLAG, [AWS, LXD]).lists_next(FEATURE_FLAG, [AWS, enabled(LXD)])
    result = run_module(palette_feature_flag, ARGS, diff=True)
    assert result["changed"] is True
    assert result["feature_flag"] == {"key": "LxdMaas", "enabled": True}
    assert result["diff"] == {
        "before": {"key": "LxdMaas", "enabled": False},
        "after": {"key": "LxdMaas", "enabled": True},
    }
    assert palette.calls == [LOGIN, LIST, PATCH, LIST]
    assert palette.sent("PATCH", "/v1/system/features/feature-uid-lxd") == [{"isAllowed": True}]


def test_an_enabled_flag_only_lists(palette, run_module):
    palette.accepts_login().lists(FEATURE_FLAG, [AWS, enabled(LXD)])
    result = run_module(palette_feature_flag, ARGS, diff=True)
    assert result["changed"] is False
    assert result["feature_flag"] == {"key": "LxdMaas", "enabled": True}
    assert "diff" not in result
    assert palette.calls == [LOGIN, LIST]


def test_a_disabled_flag_given_as_disabled_is_no_change(palette, run_module):
    palette.accepts_login().lists(FEATURE_FLAG, [AWS, LXD])
    result = run_module(palette_feature_flag, {**ARGS, "enabled": False})
    assert result["changed"] is False
    assert palette.calls == [LOGIN, LIST]


def test_disabling_an_enabled_flag_fails_and_writes_nothing(palette, run_module):
    palette.accepts_login().lists(FEATURE_FLAG, [AWS, enabled(LXD)])
    result = run_module(palette_feature_flag, {**ARGS, "enabled": False})
    assert result["failed"] is True
    assert result["changed"] is False
    assert result["msg"] == (
        "The feature flag 'LxdMaas' has enabled: true, which Palette cannot undo (once true, enabled stays true). "
        "Give enabled: true; nothing was changed."
    )
    assert writes(palette) == []


def test_an_unknown_key_fails_naming_the_known_ones_and_writes_nothing(palette, run_module):
    palette.accepts_login().lists(FEATURE_FLAG, [AWS, LXD])
    result = run_module(palette_feature_flag, {**ARGS, "key": "LxdMass"})
    assert result["failed"] is True
    assert result["msg"] == (
        "Palette has no feature flag 'LxdMass' (its feature flags are 'AwsSecretPartition', 'LxdMaas'), and "
        "feature flags cannot be created: give the key of one it has."
    )
    assert writes(palette) == []


def test_check_mode_enables_nothing_and_shows_the_diff(palette, run_module):
    palette.accepts_login().lists(FEATURE_FLAG, [AWS, LXD])
    result = run_module(palette_feature_flag, ARGS, check_mode=True, diff=True)
    assert result["changed"] is True
    assert result["diff"]["after"] == {"key": "LxdMaas", "enabled": True}
    assert palette.calls == [LOGIN, LIST]


def test_check_mode_refuses_the_way_back_too(palette, run_module):
    palette.accepts_login().lists(FEATURE_FLAG, [enabled(LXD)])
    result = run_module(palette_feature_flag, {**ARGS, "enabled": False}, check_mode=True)
    assert result["failed"] is True
    assert "cannot undo" in result["msg"]


def test_a_console_without_the_inferred_api_fails_with_a_sentence(palette, run_module):
    palette.accepts_login()
    palette.api.get(palette.url(FEATURE_FLAG.list_path), status=404, json={"code": "NotFound", "message": "not found"})
    result = run_module(palette_feature_flag, ARGS)
    assert result["failed"] is True
    assert result["msg"].startswith(
        f"Palette at {palette.base_url} answered 404 to GET /v1/system/features (not found): this console does not "
        "offer the API for feature flags that the collection uses. The collection infers that API from Palette's "
        "API spec"
    )
    assert "Set host" not in result["msg"]
    assert result["error"]["status"] == 404
    assert result["error"]["code"] == "NotFound"


def test_a_patch_the_console_refuses_with_405_says_the_api_is_not_offered(palette, run_module):
    palette.accepts_login().lists(FEATURE_FLAG, [AWS, LXD])
    palette.answer("PATCH", "/v1/system/features/feature-uid-lxd", status=405, json={})
    result = run_module(palette_feature_flag, ARGS)
    assert result["failed"] is True
    assert "answered 405 to PATCH /v1/system/features/feature-uid-lxd: this console does not offer" in result["msg"]
    assert result["error"]["status"] == 405


def test_there_is_no_state_option(palette, run_module):
    result = run_module(palette_feature_flag, {**ARGS, "state": "absent"})
    assert result["failed"] is True
    assert "state" in result["msg"]
    assert palette.calls == []


def test_enabled_is_required_before_any_call(palette, run_module):
    result = run_module(palette_feature_flag, {**CONNECTION, "key": "LxdMaas"})
    assert result["failed"] is True
    assert "missing required arguments: enabled" in result["msg"]
    assert palette.calls == []


def test_a_bad_key_fails_before_any_call(palette, run_module):
    result = run_module(palette_feature_flag, {**ARGS, "key": " "})
    assert result["msg"] == "Invalid options: key must not be empty."
    assert palette.calls == []
