#!/usr/bin/python
# Copyright (c) palette.selfhosted contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: palette_session_timeout
short_description: Set how long a login to a self-hosted Palette system console lasts
version_added: 0.2.0
description:
  - Sets the lifetime of the tokens the system console issues at login (its session timeout),
    through C(PUT /v1/system/authTokenSettings).
  - Palette's default is 15 minutes. A longer one lets a long install playbook use one login
    throughout; a shorter one limits how long a leaked token is of use.
  - The module reads the stored value, compares, and writes only when it differs, then reads it
    back and fails if Palette did not keep it.
  - Tokens issued before the change keep the lifetime they were issued with.
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - palette.selfhosted.attributes
  - palette.selfhosted.attributes.setting
  - palette.selfhosted.attributes.action_group
  - palette.selfhosted.connection
attributes:
  check_mode:
    details:
      - Palette has no validate call for this setting; check mode reads and compares only.
  diff_mode:
    details:
      - The setting has no secret.
options:
  expiry_minutes:
    description:
      - Minutes a system console login token stays valid, from V(15) to V(1440) (one day).
    type: int
    required: true
author:
  - palette.selfhosted maintainers (@palette-selfhosted)
"""

EXAMPLES = r"""
- name: Let a system console login last two hours
  palette.selfhosted.palette_session_timeout:
    host: palette.example.com
    auth_username: admin
    auth_password: "{{ palette_console_password }}"
    expiry_minutes: 120

- name: Back to Palette's default, with the connection from module_defaults
  hosts: localhost
  module_defaults:
    group/palette.selfhosted.palette:
      host: palette.example.com
      auth_token: "{{ palette_token }}"
  tasks:
    - name: Fifteen-minute tokens
      palette.selfhosted.palette_session_timeout:
        expiry_minutes: 15
"""

RETURN = r"""
session_timeout:
  description: The setting after the run (in check mode, as it would be).
  returned: success
  type: dict
  contains:
    expiry_minutes:
      description: Minutes a system console login token stays valid.
      type: int
      sample: 120
diff:
  description: The setting before and after. Only in diff mode, when it changed.
  returned: changed and diff mode
  type: dict
  sample:
    before: {expiry_minutes: 15}
    after: {expiry_minutes: 120}
error:
  description: What Palette answered, when the task failed on an API call.
  returned: failure
  type: dict
  contains:
    status:
      description: HTTP status, V(null) when no answer came (connection, TLS or time-out).
      type: int
      sample: 403
    code:
      description: The C(code) of Palette's error.
      type: str
      sample: Forbidden
    message:
      description: The C(message) of Palette's error.
      type: str
    details:
      description: The C(details) of Palette's error.
      type: raw
    ref:
      description: The C(ref) of Palette's error.
      type: str
    audit_uid:
      description: The C(AuditUid) header of the answer, if any.
      type: str
"""

from ansible_collections.palette.selfhosted.plugins.module_utils._module import run_module
from ansible_collections.palette.selfhosted.plugins.module_utils._settings.session_timeout import SESSION_TIMEOUT


def main():
    run_module(SESSION_TIMEOUT)


if __name__ == "__main__":
    main()
