# Copyright (c) palette.selfhosted contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

from ansible_collections.palette.selfhosted.plugins.action.palette_system_address import reload_sentence
from ansible_collections.palette.selfhosted.plugins.plugin_utils._waiting import WaitAnnouncingAction


class ActionModule(WaitAnnouncingAction):
    """Runs palette_system_config, saying while a run with a system_address section runs long that it
    waits for the listener reload."""

    module_name = "palette.selfhosted.palette_system_config"

    def waits_for(self, args):
        section = args.get("system_address")
        return reload_sentence(section) if isinstance(section, dict) else None
