#!/usr/bin/python
# Copyright (c) palette.selfhosted contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: palette_login_banner
short_description: Set the login banner of a self-hosted Palette system console
version_added: 0.2.0
description:
  - Sets the banner that people must acknowledge before they sign in to Palette, as an operator
    does on I(System Console > Administration > Login Banner), through C(PUT /v1/system/loginBanner).
  - The three options together are the desired state. A title or text left out is cleared.
  - The module reads the stored banner, compares, and writes only when it differs, then reads it
    back and fails if Palette did not keep it.
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
  enabled:
    description:
      - Whether the banner is shown at sign-in.
    type: bool
    required: true
  title:
    description:
      - The banner's title.
      - Left out, the stored title is cleared.
    type: str
  text:
    description:
      - The banner's text. Line breaks are kept.
      - Required when O(enabled=true). Left out, the stored text is cleared.
      - The API calls it C(Message); Ansible keeps the option name C(message) for itself.
    type: str
author:
  - palette.selfhosted maintainers (@palette-selfhosted)
"""

EXAMPLES = r"""
- name: Show an acceptable-use banner before sign-in
  palette.selfhosted.palette_login_banner:
    host: palette.example.com
    auth_username: admin
    auth_password: "{{ palette_console_password }}"
    enabled: true
    title: Authorised use only
    text: |
      This system is monitored.
      By signing in you agree to the acceptable use policy.

- name: No banner, with the connection from module_defaults
  hosts: localhost
  module_defaults:
    group/palette.selfhosted.palette:
      host: palette.example.com
      auth_token: "{{ palette_token }}"
  tasks:
    - name: Turn the login banner off and clear its text
      palette.selfhosted.palette_login_banner:
        enabled: false
"""

RETURN = r"""
login_banner:
  description: The setting after the run (in check mode, as it would be).
  returned: success
  type: dict
  contains:
    enabled:
      description: Whether the banner is shown at sign-in.
      type: bool
      sample: true
    title:
      description: The banner's title, V(null) when none.
      type: str
      sample: Authorised use only
    text:
      description: The banner's text, V(null) when none.
      type: str
      sample: This system is monitored.
diff:
  description: The setting before and after. Only in diff mode, when it changed.
  returned: changed and diff mode
  type: dict
  sample:
    before: {enabled: false, title: null, text: null}
    after: {enabled: true, title: Authorised use only, text: This system is monitored.}
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
from ansible_collections.palette.selfhosted.plugins.module_utils._settings.login_banner import LOGIN_BANNER


def main():
    run_module(LOGIN_BANNER)


if __name__ == "__main__":
    main()
