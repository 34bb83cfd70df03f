"""The palette_token action plugin: it runs the module and hides a successful result (the token)."""

from __future__ import annotations

from unittest import mock

import pytest

from ansible_collections.palette.selfhosted.plugins.action.palette_token import ActionModule


def run_action(module_result):
    task = mock.MagicMock(args={"auth_username": "admin"}, async_val=0, check_mode=False)
    action = ActionModule(task, mock.MagicMock(), mock.MagicMock(), loader=None, templar=None, shared_loader_obj=None)
    with mock.patch.object(ActionModule, "_execute_module", return_value=dict(module_result)) as execute:
        result = action.run(task_vars={})
    return result, execute


def test_a_token_is_hidden_from_every_callback_but_kept_for_register():
    result, execute = run_action({"changed": False, "token": "token-1"})
    assert result["_ansible_no_log"] is True
    assert result["token"] == "token-1"
    assert execute.call_args.kwargs["module_name"] == "palette.selfhosted.palette_token"
    assert execute.call_args.kwargs["module_args"] == {"auth_username": "admin"}


@pytest.mark.parametrize("failure", [{"failed": True, "msg": "rejected the system console credentials (401)"}])
def test_a_failure_stays_visible(failure):
    result, _execute = run_action(failure)
    assert "_ansible_no_log" not in result
    assert result["msg"] == failure["msg"]
