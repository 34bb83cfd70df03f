"""palette_system_config end to end through its main(): its documentation is generated from the
sections' modules and is current; every section's options are checked before any call, named
section.option; one login and one read per section on an unchanged console."""

from __future__ import annotations

import yaml

import config_docs
from ansible_collections.palette.selfhosted.plugins.module_utils._settings.registry import CONSOLE
from ansible_collections.palette.selfhosted.plugins.modules import palette_system_config
from fake_palette import CONNECTION, LOGIN, fixture, get


def test_the_documentation_is_what_tools_config_docs_writes():
    source = config_docs.TARGET.read_text()
    assert config_docs.rewritten(source, CONSOLE) == source, "run python tools/config_docs.py"


def test_every_section_is_documented_with_its_options():
    documented = yaml.safe_load(palette_system_config.DOCUMENTATION)["options"]
    spec = CONSOLE.argument_spec()
    assert set(documented) == set(spec)
    for name, section in spec.items():
        assert set(documented[name]["suboptions"]) == set(section["options"]), name


def test_bad_options_in_two_sections_fail_together_before_any_call(palette, run_module):
    smtp = {**fixture("smtp")["params"], "port": 70000}
    result = run_module(
        palette_system_config,
        {**CONNECTION, "smtp": smtp, "session_timeout": {"expiry_minutes": 5}},
    )
    assert result["failed"] is True
    assert "smtp.port" in result["msg"]
    assert "session_timeout.expiry_minutes" in result["msg"]
    assert palette.calls == []


def test_an_unchanged_console_is_one_login_and_one_read_per_section(palette, run_module):
    palette.accepts_login()
    sections = {}
    for kind in CONSOLE.sections:
        if kind.name in ("smtp", "session_timeout", "login_banner"):
            data = fixture(kind.name)
            palette.stores(kind, data["payload"])
            sections[kind.name] = data["params"]
    result = run_module(palette_system_config, {**CONNECTION, **sections})
    assert result["changed"] is False, result
    assert result["changed_sections"] == []
    kinds = {kind.name: kind for kind in CONSOLE.sections}
    assert palette.calls == [LOGIN, *(get(kinds[name]) for name in ("smtp", "session_timeout", "login_banner"))]
