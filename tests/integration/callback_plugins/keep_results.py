"""Test callback: writes each host's `set_stats` data to KEEP_RESULTS_DIR/results-<host>.json.

The integration playbooks end with a `set_stats` task (no_log, so nothing is shown) that
hands the registered results to this callback. It runs on the controller: unlike a `copy`
task, it starts no module process on any host, which made every playbook run about a
second of CPU longer.
"""

from __future__ import annotations

import os

from ansible.plugins.callback import CallbackBase


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "keep_results"
    CALLBACK_NEEDS_ENABLED = True

    def v2_playbook_on_stats(self, stats):
        directory = os.environ["KEEP_RESULTS_DIR"]
        for host, data in stats.custom.items():
            with open(os.path.join(directory, f"results-{host}.json"), "w", encoding="utf-8") as stream:
                stream.write(data["results"])
