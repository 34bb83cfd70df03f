#!/usr/bin/python
# Copyright (c) palette.selfhosted contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: palette_system_info
short_description: Read the system console settings of a self-hosted Palette
version_added: 0.2.0
description:
  - Returns every system console setting the collection manages, or those named in O(settings),
    with one login and one read per setting. Never changes anything.
  - Secrets (the SMTP password, the reverse proxy's client key, the cloud credentials' and registries'
    secrets) are never returned; for each, a C(<secret>_set) fact says whether one is stored.
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - palette.selfhosted.attributes
  - palette.selfhosted.attributes.info
  - palette.selfhosted.attributes.action_group
  - palette.selfhosted.connection
options:
  settings:
    description:
      - What to read, V(admin) for the signed-in admin, V(system_registries) for the list of system registries,
        V(feature_flags) for the list of feature flags, V(system_accounts) for the list of system accounts,
        V(tenants) for the list of tenants, and V(config) for
        the whole console in the shape
        M(palette.selfhosted.palette_system_config) takes. All of it when left out.
      - However many are asked for, each setting is read once.
    type: list
    elements: str
    choices: [admin, smtp, system_address, session_timeout, login_banner, classification_banner, reverse_proxy,
              aws_account, azure_account, gcp_account, aws_sts, aws_gov_sts, backup_s3, backup_ftp, activation,
              system_registries, feature_flags, system_accounts, tenants, config]
seealso:
  - module: palette.selfhosted.palette_system_admin
  - module: palette.selfhosted.palette_system_address
  - module: palette.selfhosted.palette_activation
  - module: palette.selfhosted.palette_smtp
  - module: palette.selfhosted.palette_session_timeout
  - module: palette.selfhosted.palette_login_banner
  - module: palette.selfhosted.palette_classification_banner
  - module: palette.selfhosted.palette_reverse_proxy
  - module: palette.selfhosted.palette_cloud_credentials
  - module: palette.selfhosted.palette_aws_sts_accounts
  - module: palette.selfhosted.palette_system_registry
  - module: palette.selfhosted.palette_backup
  - module: palette.selfhosted.palette_feature_flag
  - module: palette.selfhosted.palette_system_account
  - module: palette.selfhosted.palette_tenant
author:
  - palette.selfhosted maintainers (@palette-selfhosted)
"""

EXAMPLES = r"""
- name: Read the whole system console
  palette.selfhosted.palette_system_info:
    host: palette.example.com
    auth_username: admin
    auth_password: "{{ palette_console_password }}"
  register: palette_system

- name: Stop an install that would leave Palette without authenticated email or a login banner
  ansible.builtin.assert:
    that:
      - palette_system.smtp.configured
      - not palette_system.smtp.anonymous
      - palette_system.login_banner.enabled
    fail_msg: Configure SMTP and the login banner before inviting tenants.

- name: Only the banners, with the connection from the environment (PALETTE_HOST, PALETTE_TOKEN)
  palette.selfhosted.palette_system_info:
    settings: [login_banner, classification_banner]
  register: palette_banners
"""

RETURN = r"""
admin:
  description: The signed-in admin, as M(palette.selfhosted.palette_system_admin) manages it.
  returned: success, when read
  type: dict
  contains:
    username: {description: The admin's user name., type: str, sample: admin}
    email: {description: "The admin's email address, V(null) when none.", type: str, sample: palette-admins@example.com}
    email_verified: {description: Whether the address was verified from Palette's email., type: bool, sample: true}
smtp:
  description: The SMTP settings, as M(palette.selfhosted.palette_smtp) sets them, without the password.
  returned: success, when read
  type: dict
  contains:
    server: {description: SMTP server host name or IP address., type: str, sample: smtp.example.com}
    port: {description: SMTP server port., type: int, sample: 587}
    from_email: {description: Sender address., type: str, sample: palette@example.com}
    username: {description: "SMTP user name, V(null) for anonymous SMTP.", type: str, sample: palette-mailer}
    insecure_skip_tls_verify: {description: Whether TLS verification is off., type: bool, sample: false}
    anonymous: {description: Whether the settings have no user name and no password., type: bool, sample: false}
    configured: {description: Whether any SMTP setting is stored., type: bool, sample: true}
    password_set: {description: Whether a password is stored (never the password)., type: bool, sample: true}
system_address:
  description:
    - The system address and certificate, as M(palette.selfhosted.palette_system_address) sets them, without the
      private key.
    - The collection infers that API (C(GET /v1/system/config/domain/certificates)) from Palette's API
      specification. From a console that does not offer it, V(null) and a warning saying so; RV(config) then has no
      C(system_address).
  returned: success, when read
  type: dict
  contains:
    address: {description: The console's address., type: str, sample: palette.example.com}
    certificate: {description: PEM text of the certificate (and its intermediates)., type: str}
    ca_certificate: {description: "PEM text of the CA certificate, V(null) when none is stored.", type: str}
    certificate_names:
      description: The certificate's subject alternative names.
      type: list
      elements: str
      sample: [palette.example.com, 10.10.0.15]
    certificate_expires_at:
      description: When the certificate ends (ISO 8601, UTC), for an expiry check.
      type: str
      sample: "2027-12-01T00:00:00+00:00"
    configured: {description: Whether an address is stored., type: bool, sample: true}
    private_key_set: {description: Whether a private key is stored (never the key)., type: bool, sample: true}
session_timeout:
  description: The session timeout, as M(palette.selfhosted.palette_session_timeout) sets it.
  returned: success, when read
  type: dict
  contains:
    expiry_minutes: {description: Minutes a system console login token stays valid., type: int, sample: 240}
    configured: {description: Whether a value is stored., type: bool, sample: true}
login_banner:
  description: The login banner, as M(palette.selfhosted.palette_login_banner) sets it.
  returned: success, when read
  type: dict
  contains:
    enabled: {description: Whether the banner is shown at sign-in., type: bool, sample: true}
    title: {description: Its title., type: str, sample: Authorised use only}
    text: {description: Its text., type: str, sample: This system is monitored.}
    configured: {description: Whether a banner is stored., type: bool, sample: true}
classification_banner:
  description: The classification banner, as M(palette.selfhosted.palette_classification_banner) sets it.
  returned: success, when read
  type: dict
  contains:
    config: {description: Its configuration as data., type: raw, sample: {enabled: true, text: UNCLASSIFIED}}
    configured: {description: Whether a configuration is stored., type: bool, sample: true}
reverse_proxy:
  description: The reverse proxy, as M(palette.selfhosted.palette_reverse_proxy) sets it, without the client key.
  returned: success, when read
  type: dict
  contains:
    server: {description: Host name or IP address of the reverse proxy., type: str, sample: proxy.example.com}
    port: {description: Its port., type: int, sample: 8443}
    protocol: {description: V(http) or V(https)., type: str, sample: https}
    vhost_port: {description: Port of the virtual hosts., type: int, sample: 443}
    ca_cert: {description: PEM text of the CA certificates., type: str}
    client_cert: {description: PEM text of the client certificate., type: str}
    configured: {description: Whether a reverse proxy is stored., type: bool, sample: true}
    client_key_set: {description: Whether a client key is stored (never the key)., type: bool, sample: false}
aws_account:
  description: The AWS credentials for provider images, as M(palette.selfhosted.palette_cloud_credentials) sets them
    (its O(palette.selfhosted.palette_cloud_credentials#module:aws)), without the secret key.
  returned: success, when read
  type: dict
  contains:
    access_key: {description: The access key ID., type: str, sample: AKIAEXAMPLE0123456789}
    configured: {description: Whether AWS credentials are stored., type: bool, sample: true}
    secret_key_set: {description: Whether a secret key is stored (never the key)., type: bool, sample: true}
azure_account:
  description: The Azure credentials for provider images, as M(palette.selfhosted.palette_cloud_credentials) sets
    them (its O(palette.selfhosted.palette_cloud_credentials#module:azure)), without the client secret.
  returned: success, when read
  type: dict
  contains:
    client_id: {description: The application's client ID., type: str, sample: 8c3f0e2a-5b1d-4f6e-9a7b-2d4c6e8f0a1b}
    tenant_id: {description: The Azure tenant ID., type: str, sample: 0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b}
    subscription_id: {description: The subscription ID., type: str, sample: 1a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d}
    configured: {description: Whether Azure credentials are stored., type: bool, sample: false}
    client_secret_set: {description: Whether a client secret is stored (never the secret)., type: bool, sample: false}
gcp_account:
  description: The GCP credentials for provider images, as M(palette.selfhosted.palette_cloud_credentials) sets them
    (its O(palette.selfhosted.palette_cloud_credentials#module:gcp)); the key file is secret, so only facts.
  returned: success, when read
  type: dict
  contains:
    configured: {description: Whether GCP credentials are stored., type: bool, sample: false}
    json_set: {description: Whether a key file is stored (never the key)., type: bool, sample: false}
aws_sts:
  description: The AWS account for STS, as M(palette.selfhosted.palette_aws_sts_accounts) sets it (its
    O(palette.selfhosted.palette_aws_sts_accounts#module:aws)), without the secret key.
  returned: success, when read
  type: dict
  contains:
    access_key: {description: The access key ID., type: str, sample: AKIAEXAMPLE0123456789}
    account_id: {description: The AWS account ID., type: str, sample: "123456789012"}
    configured: {description: Whether an STS account is stored., type: bool, sample: true}
    secret_key_set: {description: Whether a secret key is stored (never the key)., type: bool, sample: true}
aws_gov_sts:
  description: The AWS GovCloud account for STS, as M(palette.selfhosted.palette_aws_sts_accounts) sets it (its
    O(palette.selfhosted.palette_aws_sts_accounts#module:aws_gov)), without the secret key.
  returned: success, when read
  type: dict
  contains:
    access_key: {description: The access key ID., type: str, sample: AKIAEXAMPLE0123456789}
    account_id: {description: The AWS GovCloud account ID., type: str, sample: "123456789012"}
    configured: {description: Whether a GovCloud STS account is stored., type: bool, sample: false}
    secret_key_set: {description: Whether a secret key is stored (never the key)., type: bool, sample: false}
backup_s3:
  description: Database backups to S3, as M(palette.selfhosted.palette_backup) sets them, without the secret key.
  returned: success, when read
  type: dict
  contains:
    hour_of_day: {description: Hour of the day a backup starts., type: int, sample: 2}
    interval: {description: The backup interval., type: int, sample: 1}
    retention_period: {description: The retention period., type: int, sample: 7}
    bucket: {description: The bucket., type: str, sample: example-palette-backups}
    region: {description: Its region., type: str, sample: eu-west-1}
    folder: {description: The folder inside the bucket., type: str, sample: production}
    access_key: {description: The access key ID., type: str, sample: AKIAEXAMPLE0123456789}
    configured: {description: Whether an S3 backup config is stored., type: bool, sample: true}
    secret_key_set: {description: Whether a secret key is stored (never the key)., type: bool, sample: true}
backup_ftp:
  description: Database backups to FTP, as M(palette.selfhosted.palette_backup) sets them, without the password.
  returned: success, when read
  type: dict
  contains:
    hour_of_day: {description: Hour of the day a backup starts., type: int, sample: 0}
    interval: {description: The backup interval., type: int, sample: 1}
    retention_period: {description: The retention period., type: int, sample: 30}
    server: {description: The FTP server., type: str, sample: ftp.example.com:2121}
    directory: {description: The directory on it., type: str, sample: /backups/palette}
    username: {description: "The FTP user, V(null) when anonymous.", type: str, sample: palette-backup}
    configured: {description: Whether an FTP backup config is stored., type: bool, sample: false}
    password_set: {description: Whether a password is stored (never the password)., type: bool, sample: false}
activation:
  description:
    - The console's activation, as M(palette.selfhosted.palette_activation) sets it. The activation key is never
      returned (Palette does not return it).
    - The collection infers that API (C(GET /v1/system/activation), C(GET /v1/activations/system)) from Palette's API
      specification. From a console that does not offer it, V(null) and a warning saying so; RV(config) then has no
      C(activation).
  returned: success, when read
  type: dict
  contains:
    state: {description: "V(Active), V(Pending) (the trial) or V(Inactive).", type: str, sample: Pending}
    activated_at:
      description: When the console was last activated, as Palette writes the time; V(null) when never.
      type: str
      sample: null
    expires_at:
      description: When the trial ends, as Palette writes the time; V(null) when Palette gives no end.
      type: str
      sample: "2025-06-30T09:00:00.000Z"
system_registries:
  description:
    - Every system-level OCI registry, as M(palette.selfhosted.palette_system_registry) manages them, without their
      secrets; the registries of tenants are not listed.
    - The collection infers that API (C(GET /v1/registries/oci/summary)) from Palette's API specification. From a
      console that does not offer it, V(null) and a warning saying so; RV(config) then has no C(system_registries).
  returned: success, when read
  type: list
  elements: dict
  contains:
    name: {description: Its name., type: str, sample: harbor-packs}
    type: {description: V(basic) or V(ecr)., type: str, sample: basic}
    endpoint: {description: Its address., type: str, sample: https://harbor.example.com}
    base_content_path: {description: "The path of its content, V(null) when none.", type: str, sample: spectro-packs}
    provider_type: {description: "V(pack), V(helm) or V(zarf).", type: str, sample: pack}
    synchronization: {description: Whether Palette syncs it., type: bool, sample: true}
    contains_spectro_manifest: {description: Whether it holds Palette's manifests., type: bool, sample: false}
    authentication: {description: "A basic one's V(none), V(basic) or V(token).", type: str, sample: basic}
    username: {description: A basic one's user., type: str, sample: palette-robot}
    private: {description: An ECR one's privacy., type: bool, sample: true}
    default_region: {description: An ECR one's region., type: str, sample: us-east-1}
    access_key: {description: An ECR one's access key ID., type: str, sample: AKIAEXAMPLE0123456789}
    ca_certificate: {description: "The CA Palette trusts for it, V(null) when none.", type: str}
    insecure_skip_verify: {description: Whether Palette skips verifying its certificate., type: bool, sample: false}
    password_set: {description: "A basic one's: whether a password is stored (never the password).", type: bool}
    token_set: {description: "A basic one's: whether a token is stored (never the token).", type: bool}
    secret_key_set: {description: "An ECR one's: whether a secret key is stored (never the key).", type: bool}
feature_flags:
  description:
    - Every feature flag the console lists, as M(palette.selfhosted.palette_feature_flag) manages them.
    - The collection infers that API (C(GET /v1/system/features)) from Palette's API specification. From a console
      that does not offer it, V(null) and a warning saying so; RV(config) then has no C(feature_flags).
  returned: success, when read
  type: list
  elements: dict
  contains:
    key: {description: The flag's key., type: str, sample: LxdMaas}
    enabled: {description: Whether it is enabled (once enabled it cannot be disabled)., type: bool, sample: false}
system_accounts:
  description:
    - Every system account (the installer's root admin among them), as M(palette.selfhosted.palette_system_account)
      manages them.
  returned: success, when read
  type: list
  elements: dict
  contains:
    email:
      description: Its email address, V(null) for a root admin without one.
      type: str
      sample: oncall@example.com
    first_name: {description: Its owner's first name., type: str, sample: Ada}
    last_name: {description: Its owner's last name., type: str, sample: Lovelace}
    role:
      description: "V(operations_admin), V(account_admin), or V(null) for the root admin."
      type: str
      sample: operations_admin
tenants:
  description:
    - Every tenant, as M(palette.selfhosted.palette_tenant) manages them.
    - Palette does not return a tenant's admin, so neither does this module.
  returned: success, when read
  type: list
  elements: dict
  contains:
    name: {description: Organisation name., type: str, sample: platform}
    org_email:
      description: The organisation's contact address, V(null) when none.
      type: str
      sample: platform@example.com
    active: {description: Whether the tenant is active., type: bool, sample: true}
config:
  description:
    - The whole console in the shape M(palette.selfhosted.palette_system_config) takes, so that applying it to this
      console changes nothing. A setting that is not configured is left out, and so are options at their default.
    - Secrets are left out (a registry's password among them), and so is what Palette takes only at creation and
      never returns (a tenant's first admin); RV(config_left_out) names each.
    - An active console has an C(activation) section whose one option, the key, is left out
      (V(activation.activation_key)); a console that is not active has none.
  returned: success, when read
  type: dict
  sample:
    smtp: {server: smtp.example.com, port: 587, from_email: palette@example.com, username: palette-mailer}
    session_timeout: {expiry_minutes: 240}
    feature_flags: [{key: AwsSecretPartition, enabled: false}, {key: LxdMaas, enabled: true}]
    tenants: [{name: platform, active: true}]
config_left_out:
  description: The options of RV(config) it leaves out, by dotted name; a list item by its index.
  returned: success, when read
  type: list
  elements: str
  sample: [smtp.password, "tenants[0].admin_email", "tenants[0].admin_first_name", "tenants[0].admin_last_name"]
config_placeholders:
  description:
    - RV(config) with each option of RV(config_left_out) as a reference to an Ansible Vault variable named after it,
      C(vault_) and the name with underscores, for a vars file (see C(examples/export_console.yml)).
  returned: success, when read
  type: dict
  sample:
    smtp: {server: smtp.example.com, port: 587, from_email: palette@example.com, username: palette-mailer,
           password: "{{ vault_smtp_password }}"}
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

from ansible_collections.palette.selfhosted.plugins.module_utils._module import run_system_info_module
from ansible_collections.palette.selfhosted.plugins.module_utils._settings.registry import CONSOLE, SETTINGS


def main():
    run_system_info_module(CONSOLE, SETTINGS)


if __name__ == "__main__":
    main()
