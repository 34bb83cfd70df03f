#!/usr/bin/python
# Copyright (c) palette.selfhosted contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: palette_classification_banner
short_description: Set the classification banner of a self-hosted Palette system console
version_added: 0.2.0
description:
  - Sets the classification banner that Palette shows on its pages, as an operator does on
    I(System Console > Administration > Classification Banner), through
    C(PUT /v1/system/classificationBanner).
  - Palette keeps the banner's configuration as a JSON document in a string. The module takes it
    as a dictionary and compares it as data, so the order of keys and the spacing Palette keeps
    never count as a change. It sends the document with sorted keys and no spaces.
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
      - The setting has no secret. The diff shows the stored and the desired document as data.
options:
  config:
    description:
      - The banner's configuration, the JSON document Palette keeps, as a dictionary.
      - Palette does not document its keys. Take them from a console whose banner was set in its
        UI, for example with this module in check mode and diff mode, which shows the stored
        document as it is.
      - An empty dictionary clears the stored configuration.
    type: dict
    required: true
author:
  - palette.selfhosted maintainers (@palette-selfhosted)
"""

EXAMPLES = r"""
- name: Mark every page of the console as unclassified
  palette.selfhosted.palette_classification_banner:
    host: palette.example.com
    auth_username: admin
    auth_password: "{{ palette_console_password }}"
    config:
      enabled: true
      text: UNCLASSIFIED
      backgroundColor: "#007a33"
      textColor: "#ffffff"

- name: See the document a console stores, without changing it
  hosts: localhost
  module_defaults:
    group/palette.selfhosted.palette:
      host: palette.example.com
      auth_token: "{{ palette_token }}"
  tasks:
    - name: Compare with an empty banner, in check mode, and show the difference
      palette.selfhosted.palette_classification_banner:
        config: {}
      check_mode: true
      diff: true

- name: Clear the banner's configuration
  hosts: localhost
  module_defaults:
    group/palette.selfhosted.palette:
      host: palette.example.com
      auth_token: "{{ palette_token }}"
  tasks:
    - name: No classification banner
      palette.selfhosted.palette_classification_banner:
        config: {}
"""

RETURN = r"""
classification_banner:
  description: The setting after the run (in check mode, as it would be).
  returned: success
  type: dict
  contains:
    config:
      description:
        - The banner's configuration as data, V(null) when none is stored.
        - A stored string that is not a JSON object is returned as that string.
      type: raw
      sample: {enabled: true, text: UNCLASSIFIED, backgroundColor: "#007a33", textColor: "#ffffff"}
diff:
  description: The setting before and after. Only in diff mode, when it changed.
  returned: changed and diff mode
  type: dict
  sample:
    before: {config: null}
    after: {config: {enabled: true, text: UNCLASSIFIED}}
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
from ansible_collections.palette.selfhosted.plugins.module_utils._settings.classification_banner import (
    CLASSIFICATION_BANNER,
)


def main():
    run_module(CLASSIFICATION_BANNER)


if __name__ == "__main__":
    main()
