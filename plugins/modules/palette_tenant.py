#!/usr/bin/python
# Copyright (c) palette.selfhosted contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: palette_tenant
short_description: Create, activate, deactivate or remove a tenant of a self-hosted Palette
version_added: 0.2.0
description:
  - Makes a tenant of a self-hosted Palette present or absent, as an operator does on
    I(System Console > Tenant Management). A tenant is found by its organisation name, O(name).
  - Palette creates a tenant with its first admin and emails that admin an invitation through the
    system console's SMTP settings. The module warns when SMTP is not configured, since no
    invitation can then be sent.
  - Of an existing tenant, Palette changes only whether it is active. A task that gives another
    value that differs from the tenant's fails, naming the option, and changes nothing.
  - The module lists the tenants (one call), creates or changes only what differs, then reads the
    tenant back and fails if Palette did not keep it.
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - palette.selfhosted.attributes
  - palette.selfhosted.attributes.action_group
  - palette.selfhosted.connection
attributes:
  check_mode:
    support: full
    details:
      - Check mode lists the tenants and compares; it never creates, changes or removes one.
  diff_mode:
    support: full
    details:
      - The diff shows the tenant's options before and after; V({}) stands for no tenant.
  idempotent:
    support: full
options:
  name:
    description:
      - Organisation name of the tenant, which identifies it.
    type: str
    required: true
  state:
    description:
      - V(present) creates the tenant when there is none of that name; V(absent) removes it.
    type: str
    choices: [present, absent]
    default: present
  admin_email:
    description:
      - Email address of the tenant's first admin, to whom Palette sends the invitation.
      - Required with O(state=present). Palette does not return it, so it is used only when the
        tenant is created and never compared afterwards.
    type: str
  admin_first_name:
    description:
      - First name of the tenant's first admin. Required with O(state=present); used only at creation.
    type: str
  admin_last_name:
    description:
      - Last name of the tenant's first admin. Required with O(state=present); used only at creation.
    type: str
  org_email:
    description:
      - Contact address of the organisation. Left out, it is not managed.
      - Palette cannot change it after creation; a different value fails the task.
    type: str
  active:
    description:
      - Whether the tenant is active, so that its users can sign in. Left out, it is not managed.
      - Palette changes it on an existing tenant (C(PATCH /v1/tenants/{uid}/activate)).
    type: bool
notes:
  - Removing a tenant removes everything in it. Palette removes it in the background; the module
    reports the change once Palette accepted the removal.
seealso:
  - module: palette.selfhosted.palette_smtp
    description: Tenant invitations are emailed through these settings; configure them first.
author:
  - palette.selfhosted maintainers (@palette-selfhosted)
"""

EXAMPLES = r"""
- name: Create the platform team's tenant and invite its first admin
  palette.selfhosted.palette_tenant:
    host: palette.example.com
    auth_username: admin
    auth_password: "{{ palette_console_password }}"
    name: platform
    admin_email: platform-lead@example.com
    admin_first_name: Ada
    admin_last_name: Lovelace
    org_email: platform@example.com
    active: true

- name: Tenants from a list, with the connection from module_defaults
  hosts: localhost
  module_defaults:
    group/palette.selfhosted.palette:
      host: palette.example.com
      auth_token: "{{ palette_token }}"
  tasks:
    - name: One tenant per team
      palette.selfhosted.palette_tenant:
        name: "{{ item.name }}"
        admin_email: "{{ item.admin }}"
        admin_first_name: "{{ item.first_name }}"
        admin_last_name: "{{ item.last_name }}"
      loop: "{{ palette_tenants }}"

- name: Suspend a tenant without removing it
  palette.selfhosted.palette_tenant:
    host: palette.example.com
    auth_token: "{{ palette_token }}"
    name: contractors
    admin_email: contractors-lead@example.com
    admin_first_name: Grace
    admin_last_name: Hopper
    active: false

- name: Remove a tenant and everything in it
  palette.selfhosted.palette_tenant:
    host: palette.example.com
    auth_token: "{{ palette_token }}"
    name: sandbox
    state: absent
"""

RETURN = r"""
tenant:
  description: The tenant after the run (in check mode, as it would be); V(null) with O(state=absent).
  returned: success
  type: dict
  contains:
    name:
      description: Its organisation name.
      type: str
      sample: platform
    admin_email:
      description: The first admin's address, as given to the task (Palette does not return it).
      type: str
      sample: platform-lead@example.com
    admin_first_name:
      description: The first admin's first name, as given to the task.
      type: str
      sample: Ada
    admin_last_name:
      description: The first admin's last name, as given to the task.
      type: str
      sample: Lovelace
    org_email:
      description: The organisation's contact address, V(null) when none.
      type: str
      sample: platform@example.com
    active:
      description: Whether the tenant is active.
      type: bool
      sample: true
diff:
  description: The tenant before and after. Only in diff mode, when it changed.
  returned: changed and diff mode
  type: dict
  sample:
    before: {}
    after: {name: platform, admin_email: platform-lead@example.com, admin_first_name: Ada,
            admin_last_name: Lovelace, org_email: platform@example.com, active: true}
error:
  description: What Palette answered, when the task failed on an API call.
  returned: failure
  type: dict
  contains:
    status:
      description: HTTP status, V(null) when no answer came (connection, TLS or time-out).
      type: int
      sample: 409
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
from ansible_collections.palette.selfhosted.plugins.module_utils._settings.tenant import TENANT


def main():
    run_module(TENANT)


if __name__ == "__main__":
    main()
