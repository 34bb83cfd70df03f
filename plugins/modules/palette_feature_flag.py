#!/usr/bin/python
# Copyright (c) palette.selfhosted contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: palette_feature_flag
short_description: Enable a feature flag of a self-hosted Palette
version_added: 0.2.0
description:
  - Enables a feature flag of a self-hosted Palette or Palette VerteX, as an operator does on
    I(System Console > Feature Flags). A flag turns a Tech Preview feature on for every tenant, such as
    C(AwsSecretPartition), C(AzureUSSecretCloud) (Palette VerteX only) or C(LxdMaas).
  - A flag is found by its key, O(key). Palette has every flag there is; none is created or removed. A
    key the console does not list fails the task before any change, naming the keys it has. Palette
    removes a flag from the list once its feature leaves Tech Preview.
  - Enabling is one-way; Palette's documentation says that "once enabled it cannot be disabled". A task
    with O(enabled=false) for an enabled flag fails before any change, saying so; for a flag that is
    not enabled it changes nothing.
  - The module lists the flags (one call), enables the flag only when it is not enabled yet, then lists
    them again and fails if Palette did not keep it.
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - palette.selfhosted.attributes
  - palette.selfhosted.attributes.action_group
  - palette.selfhosted.connection
attributes:
  check_mode:
    support: full
    details:
      - Check mode lists the flags and compares; it never enables one. An unknown key and a flag that
        cannot be disabled fail in check mode too.
  diff_mode:
    support: full
    details:
      - The diff shows the flag's key and whether it is enabled, before and after.
  idempotent:
    support: full
options:
  key:
    description:
      - Key of the feature flag, as the console lists it, for example V(LxdMaas). Keys are case-sensitive.
    type: str
    required: true
  enabled:
    description:
      - Whether the flag is enabled.
      - V(true) enables it (C(PATCH /v1/system/features/{uid})), for every tenant. It cannot be undone.
      - V(false) only asserts that the flag is not enabled; for an enabled flag the task fails, since
        Palette cannot disable it.
    type: bool
    required: true
notes:
  - The API paths are inferred. Palette documents feature flags only as steps in the system console;
    the collection takes C(GET /v1/system/features) and C(PATCH /v1/system/features/{uid}) from
    Palette's API specification. A console that answers them with 404 or 405 does not offer that API,
    and the task fails saying so; enable the flag in the system console instead.
  - Palette addresses a flag by a uid that differs from console to console; the module finds it by its key.
seealso:
  - module: palette.selfhosted.palette_system_config
    description: The same flags as the C(feature_flags) section of the whole console's document.
  - module: palette.selfhosted.palette_system_info
    description: Lists every flag of the console and whether it is enabled (C(feature_flags)).
author:
  - palette.selfhosted maintainers (@palette-selfhosted)
"""

EXAMPLES = r"""
- name: Enable LXD clusters on MAAS for every tenant
  palette.selfhosted.palette_feature_flag:
    host: palette.example.com
    auth_username: admin
    auth_password: "{{ palette_console_password }}"
    key: LxdMaas
    enabled: true

- name: Feature flags from a list, with the connection from module_defaults
  hosts: localhost
  module_defaults:
    group/palette.selfhosted.palette:
      host: vertex.example.com
      auth_token: "{{ palette_token }}"
  tasks:
    - name: Enable the flags this site uses
      palette.selfhosted.palette_feature_flag:
        key: "{{ item }}"
        enabled: true
      loop: [AwsSecretPartition, AzureUSSecretCloud]

- name: Make sure nobody enabled a flag this site must not use (fails if it is enabled)
  palette.selfhosted.palette_feature_flag:
    host: palette.example.com
    auth_token: "{{ palette_token }}"
    key: AwsSecretPartition
    enabled: false
"""

RETURN = r"""
feature_flag:
  description: The flag after the run (in check mode, as it would be).
  returned: success
  type: dict
  contains:
    key:
      description: Its key.
      type: str
      sample: LxdMaas
    enabled:
      description: Whether it is enabled.
      type: bool
      sample: true
diff:
  description: The flag before and after. Only in diff mode, when it changed.
  returned: changed and diff mode
  type: dict
  sample:
    before: {key: LxdMaas, enabled: false}
    after: {key: LxdMaas, enabled: true}
error:
  description: What Palette answered, when the task failed on an API call.
  returned: failure
  type: dict
  contains:
    status:
      description: HTTP status, V(null) when no answer came (connection, TLS or time-out).
      type: int
      sample: 404
    code:
      description: The C(code) of Palette's error.
      type: str
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
from ansible_collections.palette.selfhosted.plugins.module_utils._settings.feature_flag import FEATURE_FLAG


def main():
    run_module(FEATURE_FLAG)


if __name__ == "__main__":
    main()
