"""The registry is the one list: the console document's sections, the settings palette_system_info
reads, and the simulator's schemas all follow from it (in any order)."""

from __future__ import annotations

from ansible_collections.palette.selfhosted.plugins.module_utils._engine import Setting, SettingChoice
from ansible_collections.palette.selfhosted.plugins.module_utils._group import SettingGroup
from ansible_collections.palette.selfhosted.plugins.module_utils._keyed import KeyedList
from ansible_collections.palette.selfhosted.plugins.module_utils._settings.registry import CONSOLE, SETTINGS
from ansible_collections.palette.selfhosted.plugins.module_utils._system_admin import SYSTEM_ADMIN
from palette_simulator.console import SCHEMAS


def test_the_simulator_serves_every_registered_setting_and_no_other():
    assert {schema.name for schema in SCHEMAS} == {setting.name for setting in SETTINGS}


def test_each_schema_has_its_settings_paths():
    schemas = {schema.name: schema for schema in SCHEMAS}
    for setting in SETTINGS:
        schema = schemas[setting.name]
        assert schema.path == setting.path
        if setting.validate_path:
            # The simulator routes a call by its path; the collection sends the query Palette wants.
            assert (schema.validate_method, schema.route) == (
                setting.validate_method,
                setting.validate_path.split("?")[0],
            )
        else:
            assert schema.validate_path is None


def test_settings_are_every_setting_of_the_document_a_choice_or_a_group_counting_each_of_its_own():
    expected = []
    for kind in CONSOLE.sections:
        if isinstance(kind, SettingChoice):
            expected += kind.choices.values()
        elif isinstance(kind, SettingGroup):
            expected += kind.members.values()
        elif isinstance(kind, Setting):
            expected.append(kind)
    assert list(SETTINGS) == expected
    assert {kind.name for kind in CONSOLE.sections} >= {"smtp", "backup", "tenants", "admin", "cloud_credentials"}
    assert {"aws_account", "gcp_account", "aws_sts", "aws_gov_sts"} <= {setting.name for setting in SETTINGS}


def test_the_console_order_sends_email_only_after_smtp():
    names = [kind.name for kind in CONSOLE.sections]
    assert names[0] == "smtp"
    assert names.index("admin") < names.index("tenants")
    # The system address right after the password and SMTP, then the activation, before the other settings.
    assert names.index("system_address") == names.index("admin") + 1
    assert names.index("activation") == names.index("system_address") + 1
    assert isinstance(CONSOLE.sections[-1], KeyedList)


def test_what_tenants_and_their_clusters_use_comes_before_the_tenants():
    names = [kind.name for kind in CONSOLE.sections]
    # Tenants add STS accounts only once the system has one; clusters pull packs from the registries.
    for needed in ("cloud_credentials", "aws_sts_accounts", "system_registries", "feature_flags"):
        assert names.index(needed) < names.index("tenants")


def test_section_names_are_unique_and_the_admin_signs_in():
    names = [kind.name for kind in CONSOLE.sections]
    assert len(names) == len(set(names))
    assert SYSTEM_ADMIN in CONSOLE.sections
    assert SYSTEM_ADMIN.signs_in is True


def test_the_feature_flags_come_after_the_settings_and_before_the_tenants_that_use_them():
    names = [kind.name for kind in CONSOLE.sections]
    assert names.index("reverse_proxy") < names.index("feature_flags") < names.index("tenants")
