#!/usr/bin/python
# Copyright (c) palette.selfhosted contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: palette_system_admin
short_description: Change a new system console's admin password, and set the admin's email address
version_added: 0.2.0
description:
  - Makes the connection's O(auth_password) the password of the system console admin O(auth_username).
    A freshly installed console's admin is C(admin) with the password C(admin), and the console wants
    it changed at the first login before it answers anything else; this is the first task of an
    install playbook.
  - When the console refuses O(auth_password) and accepts O(initial_password), the module changes
    the password (C(PATCH /v1/system/admins/{uid}/changePassword)) and proves the change by logging
    in with the new one. When it accepts O(auth_password), the password is as desired and nothing is
    sent.
  - It never tries more than two refused logins in a run. Five in a row lock the account for 15 minutes.
  - With O(auth_token) (a login with O(auth_password) already made it, say with
    M(palette.selfhosted.palette_token)), the module logs in no more and manages O(email) only.
  - O(email) is compared with the signed-in admin's address and set when it differs
    (C(PATCH /v1/system/admin/email)); Palette then emails a verification link to it, which needs
    SMTP (M(palette.selfhosted.palette_smtp)) to be configured first.
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - palette.selfhosted.attributes
  - palette.selfhosted.attributes.action_group
  - palette.selfhosted.connection
attributes:
  check_mode:
    support: full
    details:
      - Check mode logs in as the module would (so it finds out which password the console has) and
        compares the email address; it changes neither.
  diff_mode:
    support: full
    details:
      - The diff names the option whose value the password has before and after, never a password,
        and shows the email address.
  idempotent:
    support: full
options:
  initial_password:
    description:
      - The password the console has before the change, such as the install default C(admin).
      - Tried only when the console refuses O(auth_password). Left out, a refused O(auth_password) fails
        the task. Cannot go with O(auth_token).
    type: str
  auth_password_refused:
    description:
      - Set when the console already refused O(auth_password) in this run, as when a
        M(palette.selfhosted.palette_token) task failed in a block whose C(rescue) runs this module.
        The module then logs in with O(initial_password) at once, so that the run still has at most two
        refused logins. Needs O(initial_password).
    type: bool
    default: false
  email:
    description:
      - Email address of the admin. Left out, it is not managed.
      - Palette emails a verification link to a new address; the address counts as set once Palette
        keeps it, verified or not. Setting it sends O(auth_password) along, as Palette asks.
    type: str
notes:
  - Multi-factor authentication and passkeys cannot be used by an API login; use an account without them.
seealso:
  - module: palette.selfhosted.palette_smtp
    description: Palette emails the admin's verification link through these settings.
  - module: palette.selfhosted.palette_token
    description: Logs in once for the rest of the play, after this module set the password.
author:
  - palette.selfhosted maintainers (@palette-selfhosted)
"""

EXAMPLES = r"""
- name: Leave the install password behind (the first task on a new console)
  palette.selfhosted.palette_system_admin:
    host: palette.example.com
    auth_username: admin
    auth_password: "{{ vault_palette_admin_password }}"
    initial_password: admin

- name: Set the admin's email address once SMTP is configured
  palette.selfhosted.palette_system_admin:
    host: palette.example.com
    auth_username: admin
    auth_password: "{{ vault_palette_admin_password }}"
    email: palette-admins@example.com
  register: palette_admin

- name: Log in once, leaving the install password behind only when the console refuses the new one
  block:
    - name: Log in with the password the admin is to have
      palette.selfhosted.palette_token:
        host: palette.example.com
        auth_username: admin
        auth_password: "{{ vault_palette_admin_password }}"
      register: palette_login
  rescue:
    - name: Change the install password (the console refused the new one once already)
      palette.selfhosted.palette_system_admin:
        host: palette.example.com
        auth_username: admin
        auth_password: "{{ vault_palette_admin_password }}"
        initial_password: admin
        auth_password_refused: true

- name: Report an address that still waits for its verification
  ansible.builtin.debug:
    msg: Verify {{ palette_admin.admin.email }} from the email Palette sent.
  when: not palette_admin.admin.email_verified
"""

RETURN = r"""
password_changed:
  description: Whether the password was changed (in check mode, whether it would be).
  returned: success
  type: bool
  sample: true
email_changed:
  description: Whether the email address was changed (in check mode, whether it would be).
  returned: success
  type: bool
  sample: false
admin:
  description: The admin after the run (in check mode, as it would be).
  returned: success
  type: dict
  contains:
    username:
      description: The admin's user name.
      type: str
      sample: admin
    email:
      description: The admin's email address, V(null) when none.
      type: str
      sample: palette-admins@example.com
    email_verified:
      description: Whether the address has been verified from Palette's email.
      type: bool
      sample: false
diff:
  description: Before and after; the password as the name of the option whose value it has.
  returned: changed and diff mode
  type: dict
  sample:
    before: {password: (initial_password), email: null}
    after: {password: (auth_password), email: palette-admins@example.com}
error:
  description: What Palette answered, when the task failed on an API call.
  returned: failure
  type: dict
  contains:
    status:
      description: HTTP status, V(null) when no answer came (connection, TLS or time-out).
      type: int
      sample: 401
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
from ansible_collections.palette.selfhosted.plugins.module_utils._system_admin import SYSTEM_ADMIN


def main():
    run_module(SYSTEM_ADMIN)


if __name__ == "__main__":
    main()
