# Copyright (c) palette.selfhosted contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

from ansible_collections.palette.selfhosted.plugins.plugin_utils._waiting import WaitAnnouncingAction

DEFAULT_RELOAD_TIMEOUT = 300


def reload_sentence(section):
    """What a task that gives a system address and certificate may wait for."""
    timeout = section.get("reload_timeout") or DEFAULT_RELOAD_TIMEOUT
    return (
        "When the address or certificate changes, Palette reloads its listeners, and the task waits until the "
        f"console answers with the new certificate, at most reload_timeout ({timeout} s)."
    )


class ActionModule(WaitAnnouncingAction):
    """Runs palette_system_address, saying while it runs long that it waits for the listener reload."""

    module_name = "palette.selfhosted.palette_system_address"

    def waits_for(self, args):
        return reload_sentence(args)
