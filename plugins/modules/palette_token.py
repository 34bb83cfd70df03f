#!/usr/bin/python
# Copyright (c) palette.selfhosted contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: palette_token
short_description: Log in to a self-hosted Palette system console once and return the token
version_added: 0.2.0
description:
  - Logs in to the system console with O(auth_username) and O(auth_password) and returns the token,
    for O(palette.selfhosted.palette_smtp#module:auth_token) on later tasks and hosts, so that a play
    logs in once instead of once per task.
  - That matters on a real console. Its logins are rate-limited (10 requests a second on
    C(/v1/auth)), and five failed logins lock the account for 15 minutes.
  - Tokens last 15 minutes unless M(palette.selfhosted.palette_session_timeout) set otherwise.
    The module reads that setting and returns when the token expires. A task whose token has
    expired by the time it runs fails with a sentence saying so. A task that has
    O(auth_username) and O(auth_password) as well as the token logs in again once instead.
  - The result is hidden from the output at every verbosity, and from callbacks and Automation
    Controller job events, as if the task had C(no_log). Register it to use the token. When the
    task fails, its error is shown.
  - Given O(auth_token) (or E(PALETTE_TOKEN)) instead of a user name, the module returns that
    token without logging in, so that a role can call it whatever credential it was given.
  - A login that Palette answers with C(IsPasswordReset) fails, since the console still needs its
    first password change. So does a login that needs multi-factor authentication or passkeys
    (C(IsMfa)), which the system console login cannot complete.
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.flow
  - palette.selfhosted.attributes
  - palette.selfhosted.attributes.action_group
  - palette.selfhosted.connection
attributes:
  action:
    support: full
    details:
      - An action plugin runs the module and hides its result (but not its errors) from the output.
  async:
    support: none
  bypass_host_loop:
    support: none
  check_mode:
    support: full
    details:
      - Logging in changes nothing, so the module logs in in check mode too, and later tasks get their token.
  diff_mode:
    support: N/A
    details:
      - The module changes nothing, so it has no diff.
  idempotent:
    support: full
    details:
      - Each run is a new login and returns a new token; it changes nothing on the console.
seealso:
  - module: palette.selfhosted.palette_session_timeout
author:
  - palette.selfhosted maintainers (@palette-selfhosted)
"""

EXAMPLES = r"""
- name: Log in once, then configure the console with the token
  hosts: localhost
  module_defaults:
    group/palette.selfhosted.palette:
      host: palette.example.com
      ca_path: /etc/pki/palette-ca.pem
  tasks:
    - name: Log in to the system console
      palette.selfhosted.palette_token:
        auth_username: admin
        auth_password: "{{ vault_palette_console_password }}"
      register: palette_login

    - name: Stop before a long play outlives its token
      ansible.builtin.assert:
        that: palette_login.expires_at is none or palette_login.expires_at > now(utc=true).isoformat()
        fail_msg: The system console token has expired; log in again.

    - name: Configure SMTP with the token
      palette.selfhosted.palette_smtp:
        auth_token: "{{ palette_login.token }}"
        server: smtp.example.com
        port: 587
        from_email: palette@example.com
        username: palette-mailer
        password: "{{ vault_smtp_password }}"

- name: One login for many hosts (one console per inventory host)
  hosts: palette_consoles
  tasks:
    - name: Log in to each console once
      palette.selfhosted.palette_token:
        host: "{{ inventory_hostname }}"
        auth_username: admin
        auth_password: "{{ vault_palette_console_password }}"
      register: palette_login

    - name: Every later task of the play uses the host's token
      palette.selfhosted.palette_session_timeout:
        host: "{{ inventory_hostname }}"
        auth_token: "{{ palette_login.token }}"
        expiry_minutes: 120

- name: One console, many hosts - log in once for all of them
  hosts: all
  tasks:
    - name: Log in once
      palette.selfhosted.palette_token:
        host: palette.example.com
        auth_username: admin
        auth_password: "{{ vault_palette_console_password }}"
      register: palette_login
      run_once: true
      delegate_to: localhost

    - name: Read the SMTP settings with the shared token
      palette.selfhosted.palette_smtp_info:
        host: palette.example.com
        auth_token: "{{ palette_login.token }}"
      delegate_to: localhost
"""

RETURN = r"""
token:
  description:
    - The system console token, for O(palette.selfhosted.palette_smtp#module:auth_token) and the
      C(auth_token) option of every module of this collection.
    - Hidden from the output; available in the registered variable.
  returned: success
  type: str
  sample: "eyJhbGciOi..."
logged_in:
  description: Whether the module logged in, V(false) when it was given a token.
  returned: success
  type: bool
  sample: true
expiry_minutes:
  description:
    - How long the console's tokens last, as its session timeout says.
    - V(null) when the module was given a token, or when the user may not read the setting.
  returned: success
  type: int
  sample: 15
expires_at:
  description:
    - When the token expires (UTC, ISO 8601), counted from just before the login.
    - V(null) when RV(expiry_minutes) is.
  returned: success
  type: str
  sample: "2026-11-25T10:15:00+00:00"
error:
  description: What Palette answered, when the login failed.
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
      sample: Unauthorized
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

from datetime import datetime, timedelta, timezone

from ansible_collections.palette.selfhosted.plugins.module_utils import _engine, _transport
from ansible_collections.palette.selfhosted.plugins.module_utils._module import PaletteModule
from ansible_collections.palette.selfhosted.plugins.module_utils._settings.session_timeout import SESSION_TIMEOUT


def expiry_minutes(client):
    """The console's token lifetime; None where this user may not read it."""
    try:
        return _engine.read(SESSION_TIMEOUT, client).values["expiry_minutes"]
    except _transport.PaletteApiError as exc:
        if exc.kind in (_transport.FORBIDDEN, _transport.NOT_FOUND):
            return None
        raise


def main():
    module = PaletteModule(supports_check_mode=True)
    given = module.params["auth_token"]
    if given:
        # Returning the token is the point, so it must not be scrubbed like the no_log option it came
        # in; the action plugin hides the whole result instead.
        module.ansible.no_log_values.discard(given)
        module.ansible.exit_json(changed=False, token=given, logged_in=False, expiry_minutes=None, expires_at=None)
    issued = datetime.now(timezone.utc).replace(microsecond=0)

    def log_in(run):
        minutes = expiry_minutes(run.client)
        expires = None if minutes is None else (issued + timedelta(minutes=minutes)).isoformat()
        return {
            "changed": False,
            "token": run.client.token,
            "logged_in": True,
            "expiry_minutes": minutes,
            "expires_at": expires,
        }

    # The token is this module's result: its action plugin hides the result instead of scrubbing it.
    module.run(log_in, scrub_received_secrets=False)


if __name__ == "__main__":
    main()
