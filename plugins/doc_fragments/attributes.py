# Copyright (c) palette.selfhosted contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    # The attributes every palette.selfhosted module shares. Use with
    # ansible.builtin.action_common_attributes, which describes check_mode, diff_mode and platform.
    # A module may add its own details to any attribute.
    DOCUMENTATION = r"""
options: {}
attributes:
  idempotent:
    description:
      - When run twice in a row with the same options, the second run reports no change and sends no write.
  platform:
    platforms: all
"""

    # A module that sets a system console setting. Its idempotent attribute is described above.
    SETTING = r"""
options: {}
attributes:
  check_mode:
    support: full
    details:
      - Check mode reads and compares the stored setting and, where Palette can validate it,
        validates the desired one (validation saves nothing). It never writes.
  diff_mode:
    support: full
    details:
      - Secrets are shown as V(********) on both sides when set, never their values.
  idempotent:
    support: full
    details:
      - A secret that Palette does not return in clear is sent on every run only with its
        C(update_*) option set to V(always); the task then reports changed on every run.
"""

    # A module that only reads.
    INFO = r"""
options: {}
attributes:
  check_mode:
    support: full
    details:
      - The module only reads, so it runs the same in check mode.
  diff_mode:
    support: N/A
    details:
      - The module changes nothing, so it has no diff.
  idempotent:
    support: full
"""

    ACTION_GROUP = r"""
options: {}
attributes:
  action_group:
    description: Use C(group/palette.selfhosted.palette) in C(module_defaults) to set defaults for this module.
    support: full
    membership:
      - palette.selfhosted.palette
"""
