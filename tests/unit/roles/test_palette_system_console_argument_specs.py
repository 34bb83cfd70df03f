"""The palette_system_console role's variables agree with palette_system_config's sections.

The role is one palette_system_config task whose sections are built from its variables, so each
variable the role checks (roles/palette_system_console/meta/argument_specs.yml) must take what the
module's section takes (CONSOLE.argument_spec()), option for option: the same names, types,
elements, choices, required-ness, no_log and defaults, and none missing. The module's rules
between options (required_if) are not repeated in the role; the module checks them before any call.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from ansible_collections.palette.selfhosted.plugins.module_utils._settings.registry import CONSOLE

ROLE = Path(__file__).resolve().parents[3] / "roles" / "palette_system_console"
ROLE_OPTIONS = yaml.safe_load((ROLE / "meta" / "argument_specs.yml").read_text())["argument_specs"]["main"]["options"]
SECTIONS = CONSOLE.argument_spec()

# Role variables that are a whole section, option for option.
WHOLE_SECTIONS = {
    "smtp": "palette_system_console_smtp",
    "system_address": "palette_system_console_system_address",
    "login_banner": "palette_system_console_login_banner",
    "reverse_proxy": "palette_system_console_reverse_proxy",
    "cloud_credentials": "palette_system_console_cloud_credentials",
    "aws_sts_accounts": "palette_system_console_aws_sts_accounts",
    "system_registries": "palette_system_console_system_registries",
    "feature_flags": "palette_system_console_feature_flags",
    "backup": "palette_system_console_backup",
    "system_accounts": "palette_system_console_system_accounts",
    "tenants": "palette_system_console_tenants",
}
# Role variables that are one option of a section; tasks/main.yml builds the section from them and
# leaves it out when they all are. Such a variable is never required itself: leaving it out leaves
# the section out, so an option the section requires is given whenever the section is.
ONE_OPTION = {
    ("admin", "initial_password"): "palette_initial_password",
    ("admin", "email"): "palette_system_console_admin_email",
    ("activation", "activation_key"): "palette_system_console_activation_key",
    ("session_timeout", "expiry_minutes"): "palette_system_console_session_timeout_minutes",
    ("classification_banner", "config"): "palette_system_console_classification_banner",
}
# Where the role defaults an option the module requires: (section, option) -> the role's default.
# A role's argument spec does not set variables, so tasks/main.yml sends each of these itself.
ROLE_DEFAULTS = {
    ("smtp", "port"): 587,
}
# The role's own defaults of whole-section variables: an empty list of registries, accounts or tenants leaves
# them alone (tasks/main.yml omits the section), as leaving the variable out would.
SECTION_DEFAULTS = {
    "palette_system_console_system_registries": [],
    "palette_system_console_system_accounts": [],
    "palette_system_console_tenants": [],
}


def shape(spec):
    """What must agree, in Ansible's argument spec terms: an absent type is str, an absent
    required or no_log is false, an absent default is None; choices in any order."""
    return {
        "type": spec.get("type", "str"),
        "elements": spec.get("elements"),
        "choices": sorted(spec["choices"]) if spec.get("choices") is not None else None,
        "required": bool(spec.get("required", False)),
        "no_log": bool(spec.get("no_log", False)),
        "default": spec.get("default"),
    }


def disagreements(section, role_spec, module_spec, role_default=None):
    role, module = shape(role_spec), shape(module_spec)
    if role_default is not None:
        # Documented above: the role defaults what the module requires.
        stale = f"{section}: the documented role default {role_default!r} no longer matches the role or the module"
        assert module["required"], stale
        assert role["default"] == role_default, stale
        assert not role["required"], stale
        module.update(required=False, default=role_default)
    return {key: (role[key], module[key]) for key in role if role[key] != module[key]}


def test_every_section_of_the_module_is_given_by_a_role_variable():
    covered = set(WHOLE_SECTIONS) | {section for section, _option in ONE_OPTION}
    assert covered == set(SECTIONS), "the role should expose every section of palette_system_config"
    for variable in ONE_OPTION.values():
        assert variable in ROLE_OPTIONS, f"{variable} is not in the role's argument spec"
    for section, variable in WHOLE_SECTIONS.items():
        assert variable in ROLE_OPTIONS, f"{variable} (section {section}) is not in the role's argument spec"


@pytest.mark.parametrize("section", sorted(WHOLE_SECTIONS))
def test_a_whole_section_variable_has_exactly_the_sections_options(section):
    variable, module = ROLE_OPTIONS[WHOLE_SECTIONS[section]], SECTIONS[section]
    assert variable.get("type") == module["type"], section
    assert variable.get("elements") == module.get("elements"), section
    assert not variable.get("required", False), f"{section} is left alone when its variable is left out"
    assert variable.get("default") == SECTION_DEFAULTS.get(WHOLE_SECTIONS[section]), section
    role_options, module_options = variable.get("options", {}), module["options"]
    assert sorted(set(module_options) - set(role_options)) == [], f"the role lacks options of section {section}"
    assert sorted(set(role_options) - set(module_options)) == [], f"the role has options section {section} lacks"
    for name in module_options:
        where = f"{section}.{name}"
        found = disagreements(where, role_options[name], module_options[name], ROLE_DEFAULTS.get((section, name)))
        assert found == {}, f"{where} (role, module): {found}"


def members(options, where=""):
    """Every option that has options of its own (a cloud's credentials in cloud_credentials), by dotted name."""
    for name, spec in options.items():
        if spec.get("options"):
            yield f"{where}{name}", spec
            yield from members(spec["options"], f"{where}{name}.")


@pytest.mark.parametrize("section", sorted(WHOLE_SECTIONS))
def test_the_options_of_a_member_are_the_members_options(section):
    role_members = dict(members(ROLE_OPTIONS[WHOLE_SECTIONS[section]].get("options", {}), f"{section}."))
    module_members = dict(members(SECTIONS[section]["options"], f"{section}."))
    assert sorted(role_members) == sorted(module_members), f"{section}: the members with options differ"
    for where, module in module_members.items():
        role_options, module_options = role_members[where]["options"], module["options"]
        assert sorted(set(module_options) - set(role_options)) == [], f"the role lacks options of {where}"
        assert sorted(set(role_options) - set(module_options)) == [], f"the role has options {where} lacks"
        for name in module_options:
            found = disagreements(f"{where}.{name}", role_options[name], module_options[name])
            assert found == {}, f"{where}.{name} (role, module): {found}"


@pytest.mark.parametrize(("section", "option"), sorted(ONE_OPTION))
def test_a_one_option_variable_takes_what_the_option_takes(section, option):
    variable = ROLE_OPTIONS[ONE_OPTION[section, option]]
    module = dict(SECTIONS[section]["options"][option])
    assert not variable.get("required", False), f"{section} is left alone when its variables are left out"
    module.pop("required", None)
    found = disagreements(f"{section}.{option}", variable, module)
    assert found == {}, f"{section}.{option} (role, module): {found}"


def test_the_options_of_a_one_option_section_are_all_variables():
    for section in {section for section, _option in ONE_OPTION}:
        mapped = {option for known, option in ONE_OPTION if known == section}
        assert mapped == set(SECTIONS[section]["options"]), f"the role lacks options of section {section}"


def test_the_role_is_one_task_that_passes_every_section_and_sends_its_own_defaults():
    (task,) = yaml.safe_load((ROLE / "tasks" / "main.yml").read_text())
    arguments = task["palette.selfhosted.palette_system_config"]
    assert set(SECTIONS) <= set(arguments)
    assert task["register"] == "palette_system_console_result"
    assert task["no_log"] == "{{ palette_system_console_no_log }}"
    for (section, option), value in ROLE_DEFAULTS.items():
        assert f"{{'{option}': {value!r}}}" in arguments[section], f"tasks/main.yml does not send {section}.{option}"
