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
    has a validate call (SMTP, system registries, backups), and only then writes, section by section in
    the console's order, SMTP, the admin's email address, the system address and certificate, the
    activation, the session timeout, the banners, the reverse proxy, the cloud provider credentials, the
    AWS STS accounts, the system registries, the feature flags, the backups, the system accounts, then
    the tenants. A failed validation writes nothing.
    A write that fails stops the run, naming the sections applied and those not; a second run applies
    the rest.
  - In check mode with C(--diff) it returns one diff of the whole console, section by section, secrets
    masked, and RV(changed_sections); run on a schedule, it is a drift report.
  - M(palette.selfhosted.palette_system_info) returns RV(palette.selfhosted.palette_system_info#module:config)
    in the shape this module takes, so a console configured by hand can be captured and re-applied.
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
      - An action plugin runs the module. While a run with a new certificate in its O(system_address)
        section waits longer than 5 seconds for Palette to reload its listeners, it shows on the controller what the task waits for and
        for how long it has waited, again every 15 seconds.
  async:
    support: full
  bypass_host_loop:
    support: none
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
  cloud_credentials:
    description:
    - 'Section C(cloud_credentials): the options of M(palette.selfhosted.palette_cloud_credentials).'
    - Left out, it is left alone.
    type: dict
    suboptions:
      aws:
        description:
        - The AWS credentials, sent with C(PUT /v1/system/config/aws/account) as C(spec.accessKey)
          and C(spec.secretKey).
        - Left out, the AWS credentials Palette holds are left alone.
        type: dict
        suboptions:
          access_key:
            description:
            - AWS access key ID, for example V(AKIAIOSFODNN7EXAMPLE).
            type: str
            required: true
          secret_key:
            description:
            - Secret access key of the access key.
            - Never shown in output, diff, warnings or errors. When Palette does not return it
              in a form that can be compared, C(update_secret_key) decides when it is sent.
            type: str
            required: true
          update_secret_key:
            description:
            - When the secret key is sent, in case Palette does not return the stored one in a
              form that can be compared.
            - V(on_change) sends it only with another change of the AWS credentials, or when none
              are stored, so a second run reports no change.
            - V(always) sends it on every run, which then reports changed.
            - When Palette returns the stored key, it is compared and this option has no effect.
            type: str
            default: on_change
            choices:
            - on_change
            - always
      azure:
        description:
        - The Azure credentials, a service principal, sent with C(PUT /v1/system/config/azure/account)
          as C(spec.clientId), C(spec.clientSecret), C(spec.tenantId) and C(spec.subscriptionId).
        - Left out, the Azure credentials Palette holds are left alone.
        type: dict
        suboptions:
          client_id:
            description:
            - Application (client) ID of the service principal, a UUID.
            type: str
            required: true
          client_secret:
            description:
            - Client secret of the service principal.
            - Never shown in output, diff, warnings or errors. When Palette does not return it
              in a form that can be compared, C(update_client_secret) decides when it is sent.
            type: str
            required: true
          tenant_id:
            description:
            - Directory (tenant) ID of the service principal, a UUID.
            type: str
            required: true
          subscription_id:
            description:
            - ID of the Azure subscription, a UUID.
            type: str
            required: true
          update_client_secret:
            description:
            - When the client secret is sent, in case Palette does not return the stored one in
              a form that can be compared.
            - V(on_change) sends it only with another change of the Azure credentials, or when
              none are stored, so a second run reports no change.
            - V(always) sends it on every run, which then reports changed.
            - When Palette returns the stored secret, it is compared and this option has no effect.
            type: str
            default: on_change
            choices:
            - on_change
            - always
      gcp:
        description:
        - The GCP credentials, a service account's key, sent with C(PUT /v1/system/config/gcp/account)
          as C(spec.json).
        - Left out, the GCP credentials Palette holds are left alone.
        type: dict
        suboptions:
          json:
            description:
            - The service account's key file, as a dict. Read it from its file with the P(ansible.builtin.file#lookup)
              lookup and the P(ansible.builtin.from_json#filter) filter, as in the examples. Its
              C(type) must be V(service_account), and it must hold C(client_email) and C(private_key).
            - The API carries it as a JSON string; the module sends it with sorted keys and compares
              it as data, so Palette's key order or spacing never makes a change.
            - All of it is secret. Never shown in output, diff, warnings or errors. When Palette
              does not return it in a form that can be compared, C(update_json) decides when it
              is sent.
            type: dict
            required: true
          update_json:
            description:
            - When the key file is sent, in case Palette does not return the stored one in a form
              that can be compared.
            - V(on_change) sends it only when Palette shows no GCP credentials stored, so a second
              run reports no change. A Palette that does not return the stored key file at all
              shows none, and gets it on every run.
            - V(always) sends it on every run, which then reports changed.
            - When Palette returns the stored key file, it is compared and this option has no
              effect.
            type: str
            default: on_change
            choices:
            - on_change
            - always
  aws_sts_accounts:
    description:
    - 'Section C(aws_sts_accounts): the options of M(palette.selfhosted.palette_aws_sts_accounts).'
    - Left out, it is left alone.
    type: dict
    suboptions:
      aws:
        description:
        - The STS account for AWS (C(/v1/system/config/aws/sts/account)).
        - Left out, the AWS STS account Palette holds is left alone.
        type: dict
        suboptions:
          access_key:
            description:
            - Access key ID of the IAM user through which Palette assumes the tenants' roles,
              for example V(AKIAIOSFODNN7EXAMPLE).
            type: str
            required: true
          secret_key:
            description:
            - Secret access key of the access key.
            - Never shown in output, diff, warnings or errors. When Palette does not return it
              in a form that can be compared, C(update_secret_key) decides when it is sent.
            type: str
            required: true
          account_id:
            description:
            - The 12-digit ID of the AWS account that holds the IAM user, for example V(123456789012).
            type: str
            required: true
          update_secret_key:
            description:
            - When the secret key is sent, in case Palette does not return the stored one in a
              form that can be compared.
            - V(on_change) sends it only with another change of the account, or when none is stored,
              so a second run reports no change.
            - V(always) sends it on every run, which then reports changed.
            - When Palette returns the stored key, it is compared and this option has no effect.
            type: str
            default: on_change
            choices:
            - on_change
            - always
      aws_gov:
        description:
        - The STS account for AWS GovCloud (C(/v1/system/config/awsgov/sts/account)).
        - Left out, the AWS GovCloud STS account Palette holds is left alone.
        type: dict
        suboptions:
          access_key:
            description:
            - Access key ID of the AWS GovCloud IAM user through which Palette assumes the tenants'
              roles.
            type: str
            required: true
          secret_key:
            description:
            - Secret access key of the access key.
            - Never shown in output, diff, warnings or errors. When Palette does not return it
              in a form that can be compared, C(update_secret_key) decides when it is sent.
            type: str
            required: true
          account_id:
            description:
            - The 12-digit ID of the AWS GovCloud account that holds the IAM user.
            type: str
            required: true
          update_secret_key:
            description:
            - When the secret key is sent, in case Palette does not return the stored one in a
              form that can be compared.
            - V(on_change) sends it only with another change of the account, or when none is stored,
              so a second run reports no change.
            - V(always) sends it on every run, which then reports changed.
            - When Palette returns the stored key, it is compared and this option has no effect.
            type: str
            default: on_change
            choices:
            - on_change
            - always
  system_registries:
    description:
    - 'Section C(system_registries): a list, each item with the options of M(palette.selfhosted.palette_system_registry).'
    - Left out, it is left alone.
    type: list
    elements: dict
    suboptions:
      name:
        description:
        - Name of the registry, which identifies it among the system registries.
        type: str
        required: true
      type:
        description:
        - V(basic) for an OCI registry that takes a user name and password, a token, or no credentials;
          V(ecr) for Amazon Elastic Container Registry, with an AWS access key.
        - Required with O(system_registries[].state=present). Palette cannot change it; a different
          type fails the task.
        type: str
        choices:
        - basic
        - ecr
      endpoint:
        description:
        - Address of the registry, for example V(https://registry.example.com) or, for ECR, V(123456789012.dkr.ecr.us-east-1.amazonaws.com).
          Required with O(system_registries[].state=present).
        type: str
      base_content_path:
        description:
        - Path inside the registry under which its packs or charts are, for example V(spectro-packs).
          Left out, the registry's top level.
        type: str
      synchronization:
        description:
        - Whether Palette syncs the registry's content, so that its packs show in cluster profiles.
        - Once on, Palette cannot turn it off; asking to fails the task, before any change.
        type: bool
        default: true
      contains_spectro_manifest:
        description:
        - Whether the registry also holds Palette's own manifests (the I(Contains Spectro Manifests)
          checkbox), as the migration from the Spectro Cloud Artifact Repository (SCAR) to an
          OCI registry needs.
        type: bool
        default: false
      provider_type:
        description:
        - What the registry holds. V(pack) for Palette packs, V(helm) for Helm charts, V(zarf)
          for Zarf packages (basic registries only).
        - V(pack) needs O(system_registries[].synchronization).
        type: str
        default: pack
        choices:
        - pack
        - helm
        - zarf
      authentication:
        description:
        - With O(system_registries[].type=basic), how Palette signs in to the registry. V(basic)
          with O(system_registries[].username) and O(system_registries[].password), V(token) with
          O(system_registries[].token), V(none) for an anonymous one.
        type: str
        default: basic
        choices:
        - none
        - basic
        - token
      username:
        description:
        - With O(system_registries[].type=basic) and O(system_registries[].authentication=basic),
          required. The user Palette signs in as.
        type: str
      password:
        description:
        - With O(system_registries[].type=basic) and O(system_registries[].authentication=basic),
          required. The user's password.
        type: str
      token:
        description:
        - With O(system_registries[].type=basic) and O(system_registries[].authentication=token),
          required. The bearer token Palette sends.
        type: str
      ca_certificate:
        description:
        - PEM text of the CA that signed the registry's certificate, when no public CA did; for
          example V("{{ lookup('file', 'registry-ca.pem') }}"). Left out, Palette trusts the public
          CAs.
        type: str
      insecure_skip_verify:
        description:
        - Whether Palette skips verifying the registry's TLS certificate. Avoid it, and give O(system_registries[].ca_certificate)
          instead.
        type: bool
        default: false
      validate:
        description:
        - Whether Palette validates the registry before a write. Turn it off only for a registry
          that Palette cannot reach yet; the sync then fails until it can.
        type: bool
        default: true
      update_password:
        description:
        - With O(system_registries[].type=basic), when O(system_registries[].password) is sent.
          Palette returns it masked, so it cannot be compared.
        - V(on_change) sends it with any other change of the registry; V(always) on every run,
          which then reports a change every time. Use V(always) once to rotate the password.
        type: str
        default: on_change
        choices:
        - on_change
        - always
      update_token:
        description:
        - With O(system_registries[].type=basic), when O(system_registries[].token) is sent; as
          O(system_registries[].update_password).
        type: str
        default: on_change
        choices:
        - on_change
        - always
      private:
        description:
        - With O(system_registries[].type=ecr), whether the repository is private. A private one
          needs O(system_registries[].access_key) and O(system_registries[].secret_key).
        type: bool
        default: true
      default_region:
        description:
        - With O(system_registries[].type=ecr), the AWS region Palette signs in to, for example
          V(us-east-1).
        type: str
      access_key:
        description:
        - With O(system_registries[].type=ecr), the access key ID of an IAM identity that may
          pull from the registry.
        type: str
      secret_key:
        description:
        - With O(system_registries[].type=ecr), the secret access key of O(system_registries[].access_key).
        type: str
      update_secret_key:
        description:
        - With O(system_registries[].type=ecr), when O(system_registries[].secret_key) is sent;
          as O(system_registries[].update_password).
        type: str
        default: on_change
        choices:
        - on_change
        - always
      wait_for_sync:
        description:
        - Whether the task waits until the registry's pack sync is done, after a write or while
          one is still going on an unchanged registry. Needs O(system_registries[].synchronization).
        type: bool
        default: false
      sync_timeout:
        description:
        - With O(system_registries[].wait_for_sync), the most seconds the task waits for the sync.
        type: int
        default: 600
      state:
        description:
        - V(present) creates the registry when there is none of that name, or makes it as given;
          V(absent) removes it.
        type: str
        default: present
        choices:
        - present
        - absent
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
