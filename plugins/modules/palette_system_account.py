#!/usr/bin/python
# Copyright (c) palette.selfhosted contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: palette_system_account
short_description: Create, rename or remove a system account of a self-hosted Palette
version_added: 0.2.0
description:
  - Makes a system account (an Operations Admin or an Account Admin of the system console) of a
    self-hosted Palette or Palette VerteX present or absent, as an operator does on
    I(System Console > Account Management). An account is found by its email address, O(email).
  - Palette creates an account without a password and emails its owner an activation link, valid
    for 24 hours, through the system console's SMTP settings; the owner sets the password there.
    The module warns when SMTP is not configured, since the link cannot then be sent.
  - Of an existing account Palette changes the first and last name, not the role. A task that gives
    another role than the account's fails, naming it, and changes nothing.
  - The account the task signs in with is never removed (an admin cannot remove its own account); a
    task asking for it fails before any change. Palette refuses to remove the installer's root admin;
    the task then fails with Palette's answer.
  - The module lists the accounts (every page), creates or changes only what differs, then reads the
    account back and fails if Palette did not keep it.
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - palette.selfhosted.attributes
  - palette.selfhosted.attributes.action_group
  - palette.selfhosted.connection
attributes:
  check_mode:
    support: full
    details:
      - Check mode lists the accounts and compares; it never creates, changes or removes one. A role
        that cannot change and the removal of the signed-in account fail in check mode too.
  diff_mode:
    support: full
    details:
      - The diff shows the account's options before and after; V({}) stands for no account.
  idempotent:
    support: full
options:
  email:
    description:
      - Email address of the account, which identifies it. Its owner signs in with it and receives the
        activation link at it.
    type: str
    required: true
  state:
    description:
      - V(present) creates the account when there is none with that address; V(absent) removes it.
    type: str
    choices: [present, absent]
    default: present
  first_name:
    description:
      - First name of the account's owner. Required with O(state=present).
      - Palette changes it on an existing account (C(PATCH /v1/system/admins/{uid}/profile)).
    type: str
  last_name:
    description:
      - Last name of the account's owner. Required with O(state=present).
      - Palette changes it on an existing account, in the same call as the first name.
    type: str
  role:
    description:
      - What the account may do. V(operations_admin) (Palette's C(OperationAdmin)) manages the
        console's settings and tenants; V(account_admin) (C(AccountAdmin)) manages the system accounts.
      - Required with O(state=present). Palette cannot change it after creation; a different role fails
        the task. Remove the account and create it anew to change it.
    type: str
    choices: [operations_admin, account_admin]
notes:
  - The change of names is inferred. Palette documents it only as fields in the system console; the
    collection takes C(PATCH /v1/system/admins/{uid}/profile) from Palette's API specification. A
    console that answers it with 404 or 405 does not offer that call, and the task fails saying so.
  - Palette's specification gives the list call no paging parameters; the module reads it as it reads
    every Palette list, page after page, which is one call on a console that answers all at once.
  - An activation link is valid for 24 hours. Palette sends it again from the account's page in the
    system console; the module does not, and never returns the link, which is as good as a password.
seealso:
  - module: palette.selfhosted.palette_smtp
    description: Activation links are emailed through these settings; configure them first.
  - module: palette.selfhosted.palette_system_config
    description: >-
      The whole console in one task, with the accounts as its
      O(palette.selfhosted.palette_system_config#module:system_accounts) list.
author:
  - palette.selfhosted maintainers (@palette-selfhosted)
"""

EXAMPLES = r"""
- name: An Operations Admin for the platform team's on-call engineer
  palette.selfhosted.palette_system_account:
    host: palette.example.com
    auth_username: admin
    auth_password: "{{ palette_console_password }}"
    email: oncall@example.com
    first_name: Ada
    last_name: Lovelace
    role: operations_admin

- name: Accounts from a list, with the connection from module_defaults
  hosts: localhost
  module_defaults:
    group/palette.selfhosted.palette:
      host: palette.example.com
      auth_token: "{{ palette_token }}"
  tasks:
    - name: One account per operator
      palette.selfhosted.palette_system_account:
        email: "{{ item.email }}"
        first_name: "{{ item.first_name }}"
        last_name: "{{ item.last_name }}"
        role: "{{ item.role }}"
      loop: "{{ palette_operators }}"

- name: Correct a name (the role is the one the account has; Palette cannot change it)
  palette.selfhosted.palette_system_account:
    host: palette.example.com
    auth_token: "{{ palette_token }}"
    email: oncall@example.com
    first_name: Augusta Ada
    last_name: King
    role: operations_admin

- name: Remove the account of someone who left
  palette.selfhosted.palette_system_account:
    host: palette.example.com
    auth_token: "{{ palette_token }}"
    email: former-operator@example.com
    state: absent
"""

RETURN = r"""
system_account:
  description: The account after the run (in check mode, as it would be); V(null) with O(state=absent).
  returned: success
  type: dict
  contains:
    email:
      description: Its email address.
      type: str
      sample: oncall@example.com
    first_name:
      description: Its owner's first name.
      type: str
      sample: Ada
    last_name:
      description: Its owner's last name.
      type: str
      sample: Lovelace
    role:
      description: V(operations_admin) or V(account_admin); Palette's own word for a role the collection does not know.
      type: str
      sample: operations_admin
diff:
  description: The account before and after. Only in diff mode, when it changed.
  returned: changed and diff mode
  type: dict
  sample:
    before: {}
    after: {email: oncall@example.com, first_name: Ada, last_name: Lovelace, role: operations_admin}
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
from ansible_collections.palette.selfhosted.plugins.module_utils._settings.system_account import SYSTEM_ACCOUNT


def main():
    run_module(SYSTEM_ACCOUNT)


if __name__ == "__main__":
    main()
