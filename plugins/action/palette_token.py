# Copyright (c) palette.selfhosted contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

from ansible.plugins.action import ActionBase


class ActionModule(ActionBase):
    """Runs the palette_token module and hides its result: the token is the result.

    A successful result is marked no_log, so that no callback, log or Automation Controller job
    event shows it at any verbosity; a registered variable keeps it. A failure stays visible: its
    message never holds a secret.
    """

    _supports_check_mode = True
    _supports_async = False

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        result.update(
            self._execute_module(
                module_name="palette.selfhosted.palette_token", module_args=self._task.args, task_vars=task_vars
            )
        )
        if not result.get("failed"):
            result["_ansible_no_log"] = True
        return result
