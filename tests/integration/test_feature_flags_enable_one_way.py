"""palette_feature_flag against the lab: a flag is found by its key and enabled, then left alone; once
enabled it cannot be disabled, and a task that asks fails with a sentence and writes nothing; an unknown
key (a VerteX-only flag on Palette) fails naming the keys there are, writing nothing; check mode and
--diff show the change and save nothing; the flags as the feature_flags section of
palette_system_config, planned in check mode even on a console still on its install password; a
console that does not offer the inferred API fails with a sentence, and palette_system_info warns."""

from __future__ import annotations

import pytest

from lab_tasks import LOGIN, config_task, connection_for
from palette_simulator import feature_flags
from palette_simulator.faults import Fault

LIST = f"GET {feature_flags.LIST_PATH}"
WRITES = ("PUT", "POST", "PATCH", "DELETE")
ONE_WAY = (
    "The feature flag 'LxdMaas' has enabled: true, which Palette cannot undo (once true, enabled stays true). "
    "Give enabled: true; nothing was changed."
)


def patch(key):
    return f"PATCH {feature_flags.LIST_PATH}/{feature_flags.seeded()[key]['metadata']['uid']}"


def flag_task(key="LxdMaas", enabled=True):
    return {"name": f"Flag {key}", "palette.selfhosted.palette_feature_flag": {"key": key, "enabled": enabled}}


def allowed(console, key):
    return console.feature_flags[key]["spec"]["isAllowed"]


def writes(console):
    return [call for call in console.calls() if call.split()[0] in WRITES and not call.startswith(LOGIN)]


def test_a_flag_is_enabled_then_left_alone(lab, ansible_playbook):
    first = ansible_playbook([flag_task()], connection_for(lab))
    assert first.rc == 0, first.stdout
    assert first.results["r0"]["changed"] is True
    assert first.results["r0"]["feature_flag"] == {"key": "LxdMaas", "enabled": True}
    assert allowed(lab.console, "LxdMaas") is True
    assert allowed(lab.console, "AwsSecretPartition") is False
    # Unpaged (the spec's list call takes no limit or continue), and read back from the list.
    assert lab.console.calls() == [LOGIN, LIST, patch("LxdMaas"), LIST]

    lab.console.log.clear()
    second = ansible_playbook([flag_task()], connection_for(lab))
    assert second.rc == 0, second.stdout
    assert second.results["r0"]["changed"] is False
    assert lab.console.calls() == [LOGIN, LIST]


def test_disabling_an_enabled_flag_fails_with_a_sentence_and_writes_nothing(lab, ansible_playbook):
    enabled = ansible_playbook([flag_task()], connection_for(lab))
    assert enabled.rc == 0, enabled.stdout

    lab.console.log.clear()
    refused = ansible_playbook([flag_task(enabled=False)], connection_for(lab))
    assert refused.rc != 0
    result = refused.results["r0"]
    assert result["msg"] == ONE_WAY
    assert result["changed"] is False
    assert writes(lab.console) == []
    assert allowed(lab.console, "LxdMaas") is True


def test_a_flag_not_enabled_given_as_disabled_is_no_change(lab, ansible_playbook):
    run = ansible_playbook([flag_task("AwsSecretPartition", enabled=False)], connection_for(lab))
    assert run.rc == 0, run.stdout
    assert run.results["r0"]["changed"] is False
    assert writes(lab.console) == []


def test_the_simulated_console_refuses_the_way_back_too(lab):
    # Palette's own rule, in the simulator: a 400 v1Error for isAllowed false on an allowed flag.
    flag = lab.console.feature_flags["LxdMaas"]
    flag["spec"]["isAllowed"] = True
    status, _headers, body = feature_flags._allow(lab.console, flag["metadata"]["uid"], {"isAllowed": False})
    assert status == 400
    assert b"FeatureCannotBeDisabled" in body
    assert flag["spec"]["isAllowed"] is True


def test_an_unknown_key_fails_naming_the_known_ones_and_writes_nothing(lab, ansible_playbook):
    # AzureUSSecretCloud is a Palette VerteX flag: this console (Palette) does not list it.
    run = ansible_playbook([flag_task("AzureUSSecretCloud")], connection_for(lab))
    assert run.rc != 0
    assert run.results["r0"]["msg"] == (
        "Palette has no feature flag 'AzureUSSecretCloud' (its feature flags are 'AwsSecretPartition', 'LxdMaas'), "
        "and feature flags cannot be created: give the key of one it has."
    )
    assert lab.console.calls() == [LOGIN, LIST]


def test_a_vertex_console_has_its_own_flag(lab_factory, ansible_playbook):
    lab = lab_factory(edition="vertex")
    run = ansible_playbook([flag_task("AzureUSSecretCloud")], connection_for(lab))
    assert run.rc == 0, run.stdout
    assert run.results["r0"]["changed"] is True
    assert allowed(lab.console, "AzureUSSecretCloud") is True


def test_check_mode_and_diff_show_the_change_and_save_nothing(lab, ansible_playbook):
    run = ansible_playbook([flag_task()], connection_for(lab), check=True, diff=True)
    assert run.rc == 0, run.stdout
    result = run.results["r0"]
    assert result["changed"] is True
    assert result["diff"] == {
        "before": {"key": "LxdMaas", "enabled": False},
        "after": {"key": "LxdMaas", "enabled": True},
    }
    assert '-    "enabled": false' in run.stdout
    assert '+    "enabled": true' in run.stdout
    assert allowed(lab.console, "LxdMaas") is False
    assert lab.console.calls() == [LOGIN, LIST]


def test_check_mode_refuses_the_way_back_too(lab, ansible_playbook):
    lab.console.feature_flags["LxdMaas"]["spec"]["isAllowed"] = True
    run = ansible_playbook([flag_task(enabled=False)], connection_for(lab), check=True, diff=True)
    assert run.rc != 0
    assert run.results["r0"]["msg"] == ONE_WAY


def test_the_flags_as_a_section_of_the_console_document(lab, ansible_playbook):
    document = {"feature_flags": [{"key": "LxdMaas", "enabled": True}, {"key": "AwsSecretPartition", "enabled": False}]}
    first = ansible_playbook([config_task(document)], connection_for(lab), diff=True)
    assert first.rc == 0, first.stdout
    result = first.results["r0"]
    assert result["changed_sections"] == ["feature_flags"]
    assert result["applied_sections"] == ["feature_flags"]
    assert result["sections"]["feature_flags"]["feature_flags"] == document["feature_flags"]
    assert result["diff"]["after"] == {"feature_flags": {"LxdMaas": {"key": "LxdMaas", "enabled": True}}}
    assert allowed(lab.console, "LxdMaas") is True

    lab.console.log.clear()
    again = ansible_playbook([config_task(document)], connection_for(lab))
    assert again.rc == 0, again.stdout
    assert again.results["r0"]["changed_sections"] == []
    assert writes(lab.console) == []

    info = ansible_playbook(
        [{"name": "Read", "palette.selfhosted.palette_system_info": {"settings": ["feature_flags", "config"]}}],
        connection_for(lab),
    )
    assert info.rc == 0, info.stdout
    expected = [{"key": "AwsSecretPartition", "enabled": False}, {"key": "LxdMaas", "enabled": True}]
    assert info.results["r0"]["feature_flags"] == expected
    assert info.results["r0"]["config"]["feature_flags"] == expected

    # The way back, or a key the console does not have, fails the document before any write of any section.
    lab.console.log.clear()
    for flags, says in [
        ([{"key": "LxdMaas", "enabled": False}], ONE_WAY),
        ([{"key": "LxdMass", "enabled": True}], "Palette has no feature flag 'LxdMass' (its feature flags are"),
    ]:
        refused = ansible_playbook(
            [config_task({"session_timeout": {"expiry_minutes": 60}, "feature_flags": flags})], connection_for(lab)
        )
        assert refused.rc != 0
        assert says in refused.results["r0"]["msg"]
        assert writes(lab.console) == []


def test_check_mode_plans_the_flags_on_a_console_still_on_its_install_password(lab_factory, ansible_playbook):
    fresh = lab_factory(fresh_console=True)
    document = {"admin": {"initial_password": "admin"}, "feature_flags": [{"key": "LxdMaas", "enabled": True}]}
    run = ansible_playbook([config_task(document)], connection_for(fresh), check=True, diff=True)
    assert run.rc == 0, run.stdout
    result = run.results["r0"]
    assert result["changed_sections"] == ["admin", "feature_flags"]
    assert result["diff"]["after"]["feature_flags"] == {"LxdMaas": {"key": "LxdMaas", "enabled": True}}
    assert "Palette shows nothing else until it is changed" in run.shown
    assert writes(fresh.console) == []
    assert allowed(fresh.console, "LxdMaas") is False


@pytest.mark.parametrize(
    ("fault", "call"),
    [
        (Fault(feature_flags.LIST_PATH, method="GET", status=404), f"404 to {LIST}"),
        (Fault(feature_flags.LIST_PATH, method="GET", status=405), f"405 to {LIST}"),
        (Fault(patch("LxdMaas").split()[1], method="PATCH", status=405), f"405 to {patch('LxdMaas')}"),
    ],
    ids=["list-404", "list-405", "patch-405"],
)
def test_a_console_without_the_inferred_api_fails_with_a_sentence(lab, ansible_playbook, fault, call):
    lab.console.inject(fault)
    run = ansible_playbook([flag_task()], connection_for(lab, retries=0))
    assert run.rc != 0
    message = run.results["r0"]["msg"]
    assert f"answered {call}" in message
    assert "this console does not offer the API for feature flags that the collection uses" in message
    assert "infers that API from Palette's API spec" in message
    assert "System Console > Feature Flags" in message
    assert "no Palette system API at this address" not in message
    assert run.results["r0"]["error"]["status"] == fault.status
    assert allowed(lab.console, "LxdMaas") is False


def test_system_info_warns_about_a_console_without_the_inferred_api(lab, ansible_playbook):
    lab.console.inject(Fault(feature_flags.LIST_PATH, method="GET", status=404, count=10))
    run = ansible_playbook(
        [{"name": "Read", "palette.selfhosted.palette_system_info": {"settings": ["feature_flags", "config"]}}],
        connection_for(lab),
    )
    assert run.rc == 0, run.stdout
    assert run.results["r0"]["feature_flags"] is None
    assert "feature_flags" not in run.results["r0"]["config"]
    assert "this console does not offer the API for feature flags" in run.shown
