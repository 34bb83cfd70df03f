"""The palette_system_address action plugin: what it says a run waits for, with the task's reload_timeout."""

from __future__ import annotations

from ansible_collections.palette.selfhosted.plugins.action.palette_system_address import ActionModule, reload_sentence


def test_the_reload_is_announced_with_the_tasks_time_limit():
    assert reload_sentence({"reload_timeout": 120}).endswith("at most reload_timeout (120 s).")


def test_the_default_time_limit_is_the_modules():
    assert reload_sentence({}).endswith("at most reload_timeout (300 s).")


def test_it_runs_its_own_module():
    assert ActionModule.module_name == "palette.selfhosted.palette_system_address"
