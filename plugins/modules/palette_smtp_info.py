#!/usr/bin/python
# Copyright (c) palette.selfhosted contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: palette_smtp_info
short_description: Read the SMTP settings of a self-hosted Palette system console
version_added: 0.1.0
description:
  - Returns the SMTP config stored in a self-hosted Palette or Palette VerteX, without the password.
  - Never changes anything.
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - palette.selfhosted.attributes
  - palette.selfhosted.attributes.info
  - palette.selfhosted.attributes.action_group
  - palette.selfhosted.connection
seealso:
  - module: palette.selfhosted.palette_smtp
author:
  - palette.selfhosted maintainers (@palette-selfhosted)
"""

EXAMPLES = r"""
- name: Read the SMTP settings
  palette.selfhosted.palette_smtp_info:
    host: palette.example.com
    auth_username: admin
    auth_password: "{{ palette_console_password }}"
  register: palette_smtp

- name: Stop an install that would leave Palette without authenticated email
  ansible.builtin.assert:
    that:
      - palette_smtp.configured
      - not palette_smtp.anonymous
    fail_msg: Configure authenticated SMTP before inviting tenants.

- name: With connection settings from the environment (PALETTE_HOST, PALETTE_TOKEN, PALETTE_CA_PATH)
  palette.selfhosted.palette_smtp_info:
  register: palette_smtp
"""

RETURN = r"""
smtp:
  description: The stored SMTP config, without the password. Empty fields are V(null).
  returned: success
  type: dict
  contains:
    server:
      description: SMTP server host name or IP address.
      type: str
      sample: smtp.example.com
    port:
      description: SMTP server port.
      type: int
      sample: 587
    from_email:
      description: Sender address.
      type: str
      sample: palette@example.com
    username:
      description: SMTP user name, V(null) for anonymous SMTP.
      type: str
      sample: palette-mailer
    insecure_skip_tls_verify:
      description: Whether Palette skips verification of the SMTP server certificate.
      type: bool
      sample: false
    anonymous:
      description: Same as the top-level RV(anonymous).
      type: bool
      sample: false
configured:
  description: Whether an SMTP server is configured at all.
  returned: success
  type: bool
  sample: true
anonymous:
  description: Whether the configured SMTP has neither user name nor password. V(false) when nothing is configured.
  returned: success
  type: bool
  sample: false
password_set:
  description:
    - Whether Palette reports a stored SMTP password, in clear or masked. The password itself is never returned.
    - A Palette that leaves the password out of its answer entirely reads as V(false).
  returned: success
  type: bool
  sample: true
"""

from ansible_collections.palette.selfhosted.plugins.module_utils._module import run_info_module
from ansible_collections.palette.selfhosted.plugins.module_utils._settings.smtp import SMTP


def main():
    run_info_module(SMTP)


if __name__ == "__main__":
    main()
