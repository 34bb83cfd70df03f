# Copyright (c) palette.selfhosted contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""An action that says what its module is waiting for while it waits.

FOR INTERNAL COLLECTION USE ONLY: no compatibility promise outside palette.selfhosted.
A module cannot print while it runs: Ansible shows its result only once it returns. A task that can
wait long (Palette reloading its listeners after a new certificate) runs its module in a thread of the
worker, and the worker shows a line on the controller while the module is still running past a few
seconds, and again now and then. A task that returns sooner, most of them, shows nothing more.
"""

from __future__ import annotations

import concurrent.futures

from ansible.plugins.action import ActionBase
from ansible.utils.display import Display
from ansible.utils.vars import merge_hash

display = Display()

# Seconds after which a running module is announced, then between announcements.
FIRST_ANNOUNCEMENT = 5.0
ANNOUNCEMENT_INTERVAL = 15.0


class WaitAnnouncingAction(ActionBase):
    """Runs ``module_name`` as the normal action does; while a run that waits_for() names takes longer
    than FIRST_ANNOUNCEMENT seconds, displays that sentence with the time waited so far."""

    _supports_check_mode = True
    _supports_async = True
    module_name = None

    def waits_for(self, args):
        """What a run with ``args`` may wait for (a sentence), or None when it waits for nothing."""
        raise NotImplementedError

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        del tmp  # no longer has any effect
        wrap_async = self._task.async_val and not self._connection.has_native_async
        sentence = None if wrap_async or self._task.check_mode else self.waits_for(self._task.args)
        pool = concurrent.futures.ThreadPoolExecutor(max_workers=1)
        try:
            running = pool.submit(
                self._execute_module,
                module_name=self.module_name,
                module_args=self._task.args,
                task_vars=task_vars,
                wrap_async=wrap_async,
            )
            waited, pause = 0.0, FIRST_ANNOUNCEMENT
            while True:
                try:
                    outcome = running.result(timeout=pause if sentence else None)
                    break
                except concurrent.futures.TimeoutError:
                    waited += pause
                    pause = ANNOUNCEMENT_INTERVAL
                    host = (task_vars or {}).get("inventory_hostname", "the host")
                    display.display(f"{self._task.action} on {host}: waited {waited:.0f} s so far. {sentence}")
        finally:
            # A task timeout or an interrupt ends the wait here, without waiting for the module's thread.
            pool.shutdown(wait=False)
        if not wrap_async:
            self._remove_tmp_path(self._connection._shell.tmpdir)
        return merge_hash(result, outcome)
