#!/usr/bin/python
# Copyright (c) palette.selfhosted contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: palette_activation
short_description: Activate a self-hosted Palette or Palette VerteX with its activation key
version_added: 0.2.0
description:
  - Activates the installation with the activation key issued for its Product Setup ID, the step
    Palette's documentation calls Activate Palette (or Activate VerteX). A new installation
    runs a 30-day trial (from Palette 4.6.32); after it, clusters keep running but Palette blocks
    day-2 operations until the installation is activated.
  - A key is single use, for one installation. The module reads the activation state first
    (C(GET /v1/system/activation)). A console that is C(Active) is sent no key, and the task reports no
    change. Any other (C(Pending), C(Inactive)) is sent O(activation_key)
    (C(POST /v1/system/activate)), and the module reads the state back and fails unless it is
    C(Active).
  - A key Palette refuses (unknown or already used, say) fails the task with Palette's message; the
    console stays as it was.
  - When the console is not C(Active) and its trial ends within seven days, or has ended, the module
    warns, saying how many days are left. A run that activates the console ends the trial, so the
    warning shows in check mode and when the activation fails.
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - palette.selfhosted.attributes
  - palette.selfhosted.attributes.action_group
  - palette.selfhosted.connection
attributes:
  check_mode:
    support: full
    details:
      - Check mode reads the activation state and reports whether the key would be sent; it never sends
        it, so the key is not spent. Palette has no call that validates a key without using it.
  diff_mode:
    support: full
    details:
      - The diff shows the activation state before and after, never the key.
  idempotent:
    support: full
    details:
      - Once the console is C(Active) the key is never sent again, whatever key the task gives.
options:
  activation_key:
    description:
      - The activation key for this installation's Product Setup ID.
      - Sent only to a console that is not C(Active). Palette never returns it, so it is not compared,
        and a console that is already C(Active) is left as it is even when the key differs.
      - A secret, single use; keep it in Ansible Vault.
    type: str
    required: true
notes:
  - The API paths are inferred. Palette documents the activation only as steps in the system console; the
    calls come from Palette's API spec (C(GET /v1/system/activation), C(POST /v1/system/activate), and
    C(GET /v1/activations/system) for the trial's end). A console that answers one of them with HTTP 404 or
    405 does not offer that API, and the task fails saying so; enter the key in the system console then.
seealso:
  - module: palette.selfhosted.palette_system_admin
    description: The install password is changed first; Palette serves nothing else before.
  - module: palette.selfhosted.palette_system_info
    description: Returns the activation state and the trial's end.
  - module: palette.selfhosted.palette_system_config
    description: Takes the activation as a section of the console document, with the other settings.
author:
  - palette.selfhosted maintainers (@palette-selfhosted)
"""

EXAMPLES = r"""
- name: Activate the installation (a second run sends no key)
  palette.selfhosted.palette_activation:
    host: palette.example.com
    auth_username: admin
    auth_password: "{{ vault_palette_admin_password }}"
    activation_key: "{{ vault_palette_activation_key }}"
  register: palette_activation

- name: Show when the console was activated
  ansible.builtin.debug:
    msg: Activated at {{ palette_activation.activation.activated_at }}.

- name: See whether the key would be sent, spending nothing (warns when the trial ends within seven days)
  palette.selfhosted.palette_activation:
    host: palette.example.com
    auth_token: "{{ palette_token }}"
    activation_key: "{{ vault_palette_activation_key }}"
  check_mode: true
  diff: true
"""

RETURN = r"""
activation:
  description: The activation after the run (in check mode, as it would be, its times unknown).
  returned: success, and failure once the state was read
  type: dict
  contains:
    state:
      description: V(Active), V(Pending) (the trial) or V(Inactive), as Palette names it.
      type: str
      sample: Active
    activated_at:
      description: When the console was last activated, as Palette writes the time; V(null) when never.
      type: str
      sample: "2025-06-01T09:30:00.000Z"
    expires_at:
      description: When the trial ends, as Palette writes the time; V(null) when Palette gives none (an active console).
      type: str
      sample: "2025-06-30T09:00:00.000Z"
diff:
  description: The activation state before and after; never the key.
  returned: changed and diff mode
  type: dict
  sample:
    before: {state: Pending}
    after: {state: Active}
error:
  description: What Palette answered, when the task failed on an API call.
  returned: failure
  type: dict
  contains:
    status:
      description: HTTP status, V(null) when no answer came (connection, TLS or time-out).
      type: int
      sample: 400
    code:
      description: The C(code) of Palette's error.
      type: str
    message:
      description: The C(message) of Palette's error, such as why it refused the key.
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
from ansible_collections.palette.selfhosted.plugins.module_utils._settings.activation import ACTIVATION


def main():
    run_module(ACTIVATION)


if __name__ == "__main__":
    main()
