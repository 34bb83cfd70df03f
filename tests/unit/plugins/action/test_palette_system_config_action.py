"""The palette_system_config action plugin: only a document with a system_address section waits for a reload."""

from __future__ import annotations

from unittest import mock

from ansible_collections.palette.selfhosted.plugins.action.palette_system_config import ActionModule


def action():
    return ActionModule(
        mock.MagicMock(), mock.MagicMock(), mock.MagicMock(), loader=None, templar=None, shared_loader_obj=None
    )


def test_a_document_with_a_system_address_waits_for_the_reload():
    assert "reload_timeout (60 s)" in action().waits_for({"system_address": {"reload_timeout": 60}})


def test_a_document_without_one_waits_for_nothing():
    assert action().waits_for({"smtp": {"server": "smtp.example.com"}}) is None
    assert ActionModule.module_name == "palette.selfhosted.palette_system_config"
