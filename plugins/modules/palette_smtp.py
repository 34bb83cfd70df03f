#!/usr/bin/python
# Copyright (c) palette.selfhosted contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: palette_smtp
short_description: Configure the SMTP settings of a self-hosted Palette system console
version_added: 0.1.0
description:
  - Sets the SMTP server that a self-hosted Palette or Palette VerteX uses to send email,
    as an operator does on I(System Console > Administration > SMTP).
  - The six SMTP options together are the desired state. The module reads the stored
    config, compares, and writes only when something differs, so a second identical run
    reports no change and sends no write.
  - Before a write (and in check mode) the config is checked through Palette's
    I(Validate configuration) API, which makes Palette connect to the SMTP server.
    A failed validation fails the task and saves nothing.
  - After a write the config is read back, and the task fails if Palette did not keep
    what was sent.
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - palette.selfhosted.attributes
  - palette.selfhosted.attributes.setting
  - palette.selfhosted.attributes.action_group
  - palette.selfhosted.connection
attributes:
  check_mode:
    details:
      - Check mode reads the stored config and, when it would change, validates the desired
        one through the API (validation saves nothing). It never writes.
  diff_mode:
    details:
      - The password is shown as V(********) on both sides when set.
  idempotent:
    details:
      - With O(update_password=always) and a Palette that does not return the stored password in
        clear, the password is sent on every run and the task reports changed.
options:
  server:
    description:
      - Host name or IP address of the SMTP server, for example V(smtp.example.com).
      - No scheme and no port; the port goes in O(port).
    type: str
    required: true
  port:
    description:
      - TCP port of the SMTP server, from V(1) to V(65535).
      - Usually V(587) (submission with STARTTLS), V(465) (implicit TLS) or V(25).
    type: int
    required: true
  from_email:
    description:
      - Sender address of the email Palette sends.
    type: str
    required: true
  username:
    description:
      - User name for authenticated SMTP. Requires O(password).
      - Leave out both O(username) and O(password) for anonymous SMTP; that also clears
        credentials stored earlier. The module warns when the config is anonymous.
    type: str
  password:
    description:
      - Password (or app password) for O(username).
      - Never shown in output, diff, warnings or errors.
      - Whether Palette returns the stored password when read is not documented, so
        O(update_password) decides when it is sent.
    type: str
  insecure_skip_tls_verify:
    description:
      - Let Palette skip verification of the SMTP server's TLS certificate, for a server with a
        self-signed certificate. The module warns when this is V(true).
      - Palette VerteX never allows this (FIPS); there the task fails after the read-back shows
        Palette kept V(false).
    type: bool
    default: false
  validate:
    description:
      - Validate the config through the Palette API before saving it.
      - V(false) saves without validation, for an SMTP server Palette cannot reach yet.
    type: bool
    default: true
  update_password:
    description:
      - When the password is sent, in case Palette does not return the stored password in a
        form that can be compared.
      - V(on_change) sends it only when another field changes or SMTP was never configured,
        so a second run reports no change.
      - V(always) sends it on every run, so a changed password always reaches Palette; the task
        then reports changed on every run.
      - When Palette does return the stored password, it is compared and this option has no effect.
    type: str
    choices: [on_change, always]
    default: on_change
notes:
  - The password and the console token are never returned; a password that Palette returns
    when read is also removed from all output.
  - The module sends all six fields on every write, never a value read from Palette, so a
    masked placeholder is never written back.
seealso:
  - module: palette.selfhosted.palette_smtp_info
  - name: Configure SMTP (Palette documentation)
    description: The same settings in the system console.
    link: https://docs.spectrocloud.com/enterprise-version/system-management/smtp/
author:
  - palette.selfhosted maintainers (@palette-selfhosted)
"""

EXAMPLES = r"""
- name: Configure authenticated SMTP
  palette.selfhosted.palette_smtp:
    host: palette.example.com
    auth_username: admin
    auth_password: "{{ palette_console_password }}"
    server: smtp.example.com
    port: 587
    from_email: palette@example.com
    username: palette-mailer
    password: "{{ vault_smtp_password }}"

- name: Anonymous relay inside the data centre (the task warns about it)
  palette.selfhosted.palette_smtp:
    host: https://palette.example.com:8443
    auth_username: admin
    auth_password: "{{ palette_console_password }}"
    ca_path: /etc/pki/palette-ca.pem
    server: relay.internal.example.com
    port: 25
    from_email: no-reply@example.com

- name: Rotate the SMTP password even though Palette does not show the stored one
  palette.selfhosted.palette_smtp:
    host: palette.example.com
    auth_token: "{{ palette_token }}"
    server: smtp.example.com
    port: 587
    from_email: palette@example.com
    username: palette-mailer
    password: "{{ vault_new_smtp_password }}"
    update_password: always

- name: Preview the change without saving (run with --check --diff)
  palette.selfhosted.palette_smtp:
    host: palette.example.com
    auth_username: admin
    auth_password: "{{ palette_console_password }}"
    server: smtp.example.com
    port: 465
    from_email: palette@example.com
    username: palette-mailer
    password: "{{ vault_smtp_password }}"
  check_mode: true
  diff: true

- name: Connection options once per play, from the action group
  hosts: localhost
  module_defaults:
    group/palette.selfhosted.palette:
      host: palette.example.com
      auth_username: admin
      auth_password: "{{ palette_console_password }}"
  tasks:
    - name: Configure SMTP
      palette.selfhosted.palette_smtp:
        server: smtp.example.com
        port: 587
        from_email: palette@example.com
        username: palette-mailer
        password: "{{ vault_smtp_password }}"
"""

RETURN = r"""
smtp:
  description:
    - The SMTP config after the run (in check mode, as it would be). No password.
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
      description: Whether the config has no credentials.
      type: bool
      sample: false
validated:
  description: Whether the desired config was validated through the API in this run.
  returned: always
  type: bool
  sample: true
audit_uid:
  description: The C(AuditUid) Palette gave the validation, when one ran.
  returned: when validated
  type: str
  sample: 6650a3e5b1c7a1d2e3f40512
diff:
  description: The config before and after, password masked. Only in diff mode, when it changed.
  returned: changed and diff mode
  type: dict
  sample:
    before: {server: old.example.com, port: 25, from_email: palette@example.com, username: null,
             password: null, insecure_skip_tls_verify: false}
    after: {server: smtp.example.com, port: 587, from_email: palette@example.com, username: palette-mailer,
            password: "********", insecure_skip_tls_verify: false}
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
      sample: SmtpValidationFailed
    message:
      description:
        - The C(message) of Palette's error.
        - The task's C(msg) is the sentence saying what failed and what to do.
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
from ansible_collections.palette.selfhosted.plugins.module_utils._settings.smtp import SMTP


def main():
    run_module(SMTP)


if __name__ == "__main__":
    main()
