#!/usr/bin/python
# Copyright (c) palette.selfhosted contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: palette_system_config
short_description: Configure a whole self-hosted Palette system console from one document
version_added: 0.2.0
description:
  - Applies the whole system console as one declarative document, in one task, with one login. Each
    section has exactly the options of its own module (M(palette.selfhosted.palette_smtp) for O(smtp),
    and so on) and behaves as that module does; a section left out is left alone.
  - From a console still on its install password (O(admin.initial_password)), the task first makes
    O(auth_password) the admin's, with at most two refused logins and no failed task, then applies the
    rest.
  - The run reads every section given, then has Palette validate every section that would change and
    has a validate call (SMTP, backups), and only then writes, section by section in the console's
    order, SMTP, the admin's email address, the system address and certificate, the activation, the
    session timeout, the banners, the reverse proxy, the feature flags, the backups, the system
    accounts, then the tenants. A failed validation writes nothing.
    A write that fails stops the run, naming the sections applied and those not; a second run applies
    the rest.
  - In check mode with C(--diff) it returns one diff of the whole console, section by section, secrets
    masked, and RV(changed_sections); run on a schedule, it is a drift report.
  - M(palette.selfhosted.palette_system_info) returns RV(palette.selfhosted.palette_system_info#module:config)
    in the shape this module takes, so a console configured by hand can be captured and re-applied.
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - palette.selfhosted.attributes
  - palette.selfhosted.attributes.action_group
  - palette.selfhosted.connection
attributes:
  check_mode:
    support: full
    details:
      - Check mode reads every section and validates those that would change (validation saves nothing);
        it never writes. On a console still on its install password it cannot read the console, since
        Palette shows nothing until the password is changed; it then plans every section as for a new
        console, validates nothing, and warns.
  diff_mode:
    support: full
    details:
      - One diff for the whole console, keyed by section, of the sections that would change. Secrets are
        shown as V(********) when set, never their values.
  idempotent:
    support: full
    details:
      - As each section's module; a secret that Palette does not return in clear is sent on every run only
        with its C(update_*) option set to V(always).
options:
  # BEGIN GENERATED SECTIONS: python tools/config_docs.py writes what follows, up to END.
  smtp:
    description:
    - 'Section C(smtp): the options of M(palette.selfhosted.palette_smtp).'
    - Left out, it is left alone.
    type: dict
    suboptions:
      server:
        description:
        - Host name or IP address of the SMTP server, for example V(smtp.example.com).
        - No scheme and no port; the port goes in O(smtp.port).
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
        - User name for authenticated SMTP. Requires O(smtp.password).
        - Leave out both O(smtp.username) and O(smtp.password) for anonymous SMTP; that also clears
          credentials stored earlier. The module warns when the config is anonymous.
        type: str
      password:
        description:
        - Password (or app password) for O(smtp.username).
        - Never shown in output, diff, warnings or errors.
        - Whether Palette returns the stored password when read is not documented, so O(smtp.update_password)
          decides when it is sent.
        type: str
      insecure_skip_tls_verify:
        description:
        - Let Palette skip verification of the SMTP server's TLS certificate, for a server with
          a self-signed certificate. The module warns when this is V(true).
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
        - When Palette does return the stored password, it is compared and this option has no
          effect.
        type: str
        default: on_change
        choices:
        - on_change
        - always
  admin:
    description:
    - 'Section C(admin): the options of M(palette.selfhosted.palette_system_admin).'
    - Left out, it is left alone.
    type: dict
    suboptions:
      initial_password:
        description:
        - The password the console has before the change, such as the install default C(admin).
        - Tried only when the console refuses O(auth_password). Left out, a refused O(auth_password)
          fails the task. Cannot go with O(auth_token).
        type: str
      email:
        description:
        - Email address of the admin. Left out, it is not managed.
        - Palette emails a verification link to a new address; the address counts as set once
          Palette keeps it, verified or not. Setting it sends O(auth_password) along, as Palette
          asks.
        type: str
  system_address:
    description:
    - 'Section C(system_address): the options of M(palette.selfhosted.palette_system_address).'
    - Left out, it is left alone.
    type: dict
    suboptions:
      address:
        description:
        - Name or IP address of the console, without scheme, port or path, for example V(palette.example.com).
        - The certificate must cover it (a subject alternative name, or a wildcard one level up).
        type: str
        required: true
      certificate:
        description:
        - The TLS certificate the console serves, as PEM text. Intermediate certificates follow
          it, in order.
        type: str
        required: true
      private_key:
        description:
        - The certificate's private key, as PEM text, not encrypted.
        type: str
        required: true
      ca_certificate:
        description:
        - The CA certificate that issued O(system_address.certificate), as PEM text, for a private
          PKI. Left out, the certificate must be one that the clients already trust.
        - The module verifies the console with it once the console serves the new certificate.
        type: str
      update_private_key:
        description:
        - When to send O(system_address.private_key) if Palette does not return the stored key
          comparably.
        - V(on_change) sends it only when something else changes or no key is stored yet. V(always)
          sends it every run, and the task then reports a change every run.
        type: str
        default: on_change
        choices:
        - on_change
        - always
      reload_timeout:
        description:
        - Seconds to wait, after the write, for the console to serve the new certificate. When
          the time runs out, the task fails. The config stays saved, and a second run changes
          nothing once the console serves it.
        type: int
        default: 300
  activation:
    description:
    - 'Section C(activation): the options of M(palette.selfhosted.palette_activation).'
    - Left out, it is left alone.
    type: dict
    suboptions:
      activation_key:
        description:
        - The activation key for this installation's Product Setup ID.
        - Sent only to a console that is not C(Active). Palette never returns it, so it is not
          compared, and a console that is already C(Active) is left as it is even when the key
          differs.
        - A secret, single use; keep it in Ansible Vault.
        type: str
        required: true
  session_timeout:
    description:
    - 'Section C(session_timeout): the options of M(palette.selfhosted.palette_session_timeout).'
    - Left out, it is left alone.
    type: dict
    suboptions:
      expiry_minutes:
        description:
        - Minutes a system console login token stays valid, from V(15) to V(1440) (one day).
        type: int
        required: true
  login_banner:
    description:
    - 'Section C(login_banner): the options of M(palette.selfhosted.palette_login_banner).'
    - Left out, it is left alone.
    type: dict
    suboptions:
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
        - Required when O(login_banner.enabled=true). Left out, the stored text is cleared.
        - The API calls it C(Message); Ansible keeps the option name C(message) for itself.
        type: str
  classification_banner:
    description:
    - 'Section C(classification_banner): the options of M(palette.selfhosted.palette_classification_banner).'
    - Left out, it is left alone.
    type: dict
    suboptions:
      config:
        description:
        - The banner's configuration, the JSON document Palette keeps, as a dictionary.
        - Palette does not document its keys. Take them from a console whose banner was set in
          its UI, for example with this module in check mode and diff mode, which shows the stored
          document as it is.
        - An empty dictionary clears the stored configuration.
        type: dict
        required: true
  reverse_proxy:
    description:
    - 'Section C(reverse_proxy): the options of M(palette.selfhosted.palette_reverse_proxy).'
    - Left out, it is left alone.
    type: dict
    suboptions:
      server:
        description:
        - Host name or IP address of the reverse proxy, without scheme or path.
        type: str
        required: true
      port:
        description:
        - Port of the reverse proxy, 1 to 65535.
        type: int
        required: true
      protocol:
        description:
        - Protocol Palette speaks to the reverse proxy.
        type: str
        default: https
        choices:
        - http
        - https
      vhost_port:
        description:
        - Port of the virtual hosts the reverse proxy serves for the clusters, 1 to 65535.
        - Left out, the stored one is cleared.
        type: int
      ca_cert:
        description:
        - PEM text of the CA certificates that signed the reverse proxy's certificate (not a file
          name; use P(ansible.builtin.file#lookup) to read one).
        - Left out, the stored one is cleared.
        type: str
      client_cert:
        description:
        - PEM text of the client certificate Palette presents to the reverse proxy. Needs O(reverse_proxy.client_key).
        type: str
      client_key:
        description:
        - PEM text of the private key of O(reverse_proxy.client_cert). Needs O(reverse_proxy.client_cert).
        - Never shown in output, diff, warnings or errors. When Palette does not return it in
          a form that can be compared, O(reverse_proxy.update_client_key) decides when it is sent.
        type: str
      update_client_key:
        description:
        - When the client key is sent, in case Palette does not return the stored key in a form
          that can be compared.
        - V(on_change) sends it only with another change, so a second run reports no change.
        - V(always) sends it on every run, which then reports changed.
        - When Palette returns the stored key, it is compared and this option has no effect.
        type: str
        default: on_change
        choices:
        - on_change
        - always
  feature_flags:
    description:
    - 'Section C(feature_flags): a list, each item with the options of M(palette.selfhosted.palette_feature_flag).'
    - Left out, it is left alone.
    type: list
    elements: dict
    suboptions:
      key:
        description:
        - Key of the feature flag, as the console lists it, for example V(LxdMaas). Keys are case-sensitive.
        type: str
        required: true
      enabled:
        description:
        - Whether the flag is enabled.
        - V(true) enables it (C(PATCH /v1/system/features/{uid})), for every tenant. It cannot
          be undone.
        - V(false) only asserts that the flag is not enabled; for an enabled flag the task fails,
          since Palette cannot disable it.
        type: bool
        required: true
  backup:
    description:
    - 'Section C(backup): the options of M(palette.selfhosted.palette_backup).'
    - Left out, it is left alone.
    type: dict
    suboptions:
      storage:
        description:
        - Where the backups go. Each choice has its own options below; an option of the other
          one fails the task.
        type: str
        required: true
        choices:
        - s3
        - ftp
      hour_of_day:
        description:
        - Hour of the day at which a backup starts, V(0) to V(23) (the console's I(Start time)).
        type: int
        required: true
      interval:
        description:
        - How often a backup runs, as the console's I(Backup interval) field takes it; at least
          V(1).
        type: int
        required: true
      retention_period:
        description:
        - How long Palette keeps a backup, as the console's I(Retention period) field takes it;
          at least V(1).
        type: int
        required: true
      bucket:
        description:
        - With O(backup.storage=s3), required. Name of the S3 bucket, without slashes.
        type: str
      region:
        description:
        - With O(backup.storage=s3), required. AWS region of the bucket, for example V(us-east-1).
        type: str
      folder:
        description:
        - With O(backup.storage=s3), the folder (key prefix) inside the bucket. Left out, backups
          go to the bucket's top level.
        type: str
      access_key:
        description:
        - With O(backup.storage=s3), required. Access key ID of an identity that may write to
          and read from the bucket.
        type: str
      secret_key:
        description:
        - With O(backup.storage=s3), required. Secret access key of O(backup.access_key).
        - Never shown in output, diff, warnings or errors. When Palette does not return it in
          a form that can be compared, O(backup.update_secret_key) decides when it is sent.
        type: str
      validate:
        description:
        - Have Palette check that it can write to and read from the target before saving.
        - V(false) saves without validation, for a target Palette cannot reach yet.
        type: bool
        default: true
      update_secret_key:
        description:
        - With O(backup.storage=s3), when the secret key is sent, in case Palette does not return
          the stored one in a form that can be compared.
        - V(on_change) sends it only with another change, so a second run reports no change.
        - V(always) sends it on every run, which then reports changed.
        - When Palette returns the stored key, it is compared and this option has no effect.
        type: str
        default: on_change
        choices:
        - on_change
        - always
      server:
        description:
        - With O(backup.storage=ftp), required. Host name or IP address of the FTP server, with
          V(:port) when it does not listen on 21.
        type: str
      directory:
        description:
        - With O(backup.storage=ftp), the directory on the FTP server the backups go to. Left
          out, the login directory.
        type: str
      username:
        description:
        - With O(backup.storage=ftp), the FTP user. Requires O(backup.password); leave out both
          for anonymous FTP.
        type: str
      password:
        description:
        - With O(backup.storage=ftp), the password of O(backup.username).
        - Never shown in output, diff, warnings or errors. When Palette does not return it in
          a form that can be compared, O(backup.update_password) decides when it is sent.
        type: str
      update_password:
        description:
        - With O(backup.storage=ftp), when the password is sent, in case Palette does not return
          the stored one in a form that can be compared.
        - V(on_change) sends it only with another change, so a second run reports no change.
        - V(always) sends it on every run, which then reports changed.
        - When Palette returns the stored password, it is compared and this option has no effect.
        type: str
        default: on_change
        choices:
        - on_change
        - always
  system_accounts:
    description:
    - 'Section C(system_accounts): a list, each item with the options of M(palette.selfhosted.palette_system_account).'
    - Left out, it is left alone.
    type: list
    elements: dict
    suboptions:
      email:
        description:
        - Email address of the account, which identifies it. Its owner signs in with it and receives
          the activation link at it.
        type: str
        required: true
      first_name:
        description:
        - First name of the account's owner. Required with O(system_accounts[].state=present).
        - Palette changes it on an existing account (C(PATCH /v1/system/admins/{uid}/profile)).
        type: str
      last_name:
        description:
        - Last name of the account's owner. Required with O(system_accounts[].state=present).
        - Palette changes it on an existing account, in the same call as the first name.
        type: str
      role:
        description:
        - What the account may do. V(operations_admin) (Palette's C(OperationAdmin)) manages the
          console's settings and tenants; V(account_admin) (C(AccountAdmin)) manages the system
          accounts.
        - Required with O(system_accounts[].state=present). Palette cannot change it after creation;
          a different role fails the task. Remove the account and create it anew to change it.
        type: str
        choices:
        - operations_admin
        - account_admin
      state:
        description:
        - V(present) creates the account when there is none with that address; V(absent) removes
          it.
        type: str
        default: present
        choices:
        - present
        - absent
  tenants:
    description:
    - 'Section C(tenants): a list, each item with the options of M(palette.selfhosted.palette_tenant).'
    - Left out, it is left alone.
    type: list
    elements: dict
    suboptions:
      name:
        description:
        - Organisation name of the tenant, which identifies it.
        type: str
        required: true
      admin_email:
        description:
        - Email address of the tenant's first admin, to whom Palette sends the invitation.
        - Required with O(tenants[].state=present). Palette does not return it, so it is used
          only when the tenant is created and never compared afterwards.
        type: str
      admin_first_name:
        description:
        - First name of the tenant's first admin. Required with O(tenants[].state=present); used
          only at creation.
        type: str
      admin_last_name:
        description:
        - Last name of the tenant's first admin. Required with O(tenants[].state=present); used
          only at creation.
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
      state:
        description:
        - V(present) creates the tenant when there is none of that name; V(absent) removes it.
        type: str
        default: present
        choices:
        - present
        - absent
  # END GENERATED SECTIONS
notes:
  - The sections' options are those of their modules, and are checked the same way before any call; an
    error names the section and the option, for example C(smtp.port).
seealso:
  - module: palette.selfhosted.palette_system_info
    description: Returns the console's configuration in the shape this module takes.
  - module: palette.selfhosted.palette_system_admin
  - module: palette.selfhosted.palette_smtp
  - module: palette.selfhosted.palette_tenant
  - ref: ansible_collections.palette.selfhosted.docsite.guide_console_as_code
    description: The console as code, with the drift report in Automation Controller.
author:
  - palette.selfhosted maintainers (@palette-selfhosted)
"""

EXAMPLES = r"""
- name: The whole console, from its install password to configured, in one task
  palette.selfhosted.palette_system_config:
    host: palette.example.com
    auth_username: admin
    auth_password: "{{ vault_palette_admin_password }}"
    admin:
      initial_password: admin
      email: palette-admins@example.com
    smtp:
      server: smtp.example.com
      port: 587
      from_email: palette@example.com
      username: palette-mailer
      password: "{{ vault_smtp_password }}"
    session_timeout:
      expiry_minutes: 240
    login_banner:
      enabled: true
      title: Authorised use only
      text: This system is monitored.
    backup:
      storage: s3
      hour_of_day: 2
      interval: 1
      retention_period: 7
      bucket: example-palette-backups
      region: eu-west-1
      access_key: AKIAEXAMPLE0123456789
      secret_key: "{{ vault_backup_secret_key }}"
    tenants:
      - name: platform
        admin_email: platform-lead@example.com
        admin_first_name: Ada
        admin_last_name: Lovelace
        active: true
      - name: retired-team
        state: absent

- name: The console from a vars file that palette_system_info exported (see examples/export_console.yml)
  palette.selfhosted.palette_system_config: "{{ palette_console }}"

- name: Drift report, for a scheduled job run with --check --diff
  palette.selfhosted.palette_system_config: "{{ palette_console }}"
  check_mode: true
  diff: true
  register: drift

- name: Fail the job when the console drifted from the document
  ansible.builtin.assert:
    that: drift.changed_sections | length == 0
    fail_msg: "The console differs from its document in {{ drift.changed_sections | join(', ') }}."
"""

RETURN = r"""
changed_sections:
  description: The sections that differed and were applied (in check mode, that would be), in the console's order.
  returned: success
  type: list
  elements: str
  sample: [smtp, tenants]
validated_sections:
  description: The sections Palette validated in this run.
  returned: success
  type: list
  elements: str
  sample: [smtp]
applied_sections:
  description:
    - The sections written in this run; in check mode none.
    - On failure, those written before the run stopped.
  returned: always
  type: list
  elements: str
  sample: [smtp]
not_applied_sections:
  description: On failure, the sections that differ and were not written, the failed one first.
  returned: failure
  type: list
  elements: str
  sample: [backup, tenants]
sections:
  description:
    - Each section given, with what its own module returns (without C(changed), C(diff) and C(warnings), which
      the task returns once for all); secrets removed.
  returned: success
  type: dict
  sample:
    smtp: {smtp: {server: smtp.example.com, port: 587, from_email: palette@example.com, username: palette-mailer,
                  insecure_skip_tls_verify: false, anonymous: false}, validated: true}
    tenants: {tenants: [{name: platform, org_email: null, active: true, admin_email: platform-lead@example.com}]}
diff:
  description: The sections that differ, before and after, secrets masked. Only in diff mode, when something differs.
  returned: changed and diff mode
  type: dict
  sample:
    before: {session_timeout: {expiry_minutes: 15}}
    after: {session_timeout: {expiry_minutes: 240}}
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
      sample: SmtpAuthFailed
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
from ansible_collections.palette.selfhosted.plugins.module_utils._settings.registry import CONSOLE


def main():
    run_module(CONSOLE)


if __name__ == "__main__":
    main()
