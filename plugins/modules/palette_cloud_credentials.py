#!/usr/bin/python
# Copyright (c) palette.selfhosted contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: palette_cloud_credentials
short_description: Set the AWS, Azure and GCP credentials a self-hosted Palette pulls its images with
version_added: 0.2.0
description:
  - Sets the cloud provider credentials that a self-hosted Palette or Palette VerteX uses to pull
    Spectro Cloud's images for clusters on AWS, Azure and GCP, as an operator does on
    I(System Console > Administration > Cloud Provider Configuration).
  - Spectro Cloud support hands out these credentials; they are not those of your own cloud accounts.
  - Each of O(aws), O(azure) and O(gcp) is a Palette setting of its own, under its own API path
    (C(GET) and C(PUT) of C(/v1/system/config/aws/account), C(/v1/system/config/azure/account) and
    C(/v1/system/config/gcp/account)), whose body holds its fields in a C(spec) object. The module sets the
    members it is given, in that order, and leaves a member it is not given as it is, without reading it.
    At least one is required.
  - Within a member the options together are the desired state.
  - Palette has no validate call for these credentials, so they are not checked against the cloud;
    before any call the module checks their shape (Azure's IDs are UUIDs, the GCP key is a service
    account's key file).
  - The module reads each given member, compares, and writes only the members that differ, then reads each
    back and fails if Palette did not keep it. A failed write names the members already written; the members
    after it are not written, and a second run writes them once the cause is fixed.
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - palette.selfhosted.attributes
  - palette.selfhosted.attributes.setting
  - palette.selfhosted.attributes.action_group
  - palette.selfhosted.connection
attributes:
  check_mode:
    details:
      - Palette has no validate call for these credentials; check mode reads and compares only. It never writes.
  diff_mode:
    details:
      - The diff is keyed by member (V(aws), V(azure), V(gcp)) and holds only the members that change.
      - The AWS secret key, the Azure client secret and the whole GCP key file show as V(********) on both
        sides when set.
options:
  aws:
    description:
      - The AWS credentials, sent with C(PUT /v1/system/config/aws/account) as C(spec.accessKey) and
        C(spec.secretKey).
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
          - Never shown in output, diff, warnings or errors. When Palette does not return it in a form that
            can be compared, C(update_secret_key) decides when it is sent.
        type: str
        required: true
      update_secret_key:
        description:
          - When the secret key is sent, in case Palette does not return the stored one in a form that can
            be compared.
          - V(on_change) sends it only with another change of the AWS credentials, or when none are stored,
            so a second run reports no change.
          - V(always) sends it on every run, which then reports changed.
          - When Palette returns the stored key, it is compared and this option has no effect.
        type: str
        choices: [on_change, always]
        default: on_change
  azure:
    description:
      - The Azure credentials, a service principal, sent with C(PUT /v1/system/config/azure/account) as
        C(spec.clientId), C(spec.clientSecret), C(spec.tenantId) and C(spec.subscriptionId).
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
          - Never shown in output, diff, warnings or errors. When Palette does not return it in a form that
            can be compared, C(update_client_secret) decides when it is sent.
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
          - When the client secret is sent, in case Palette does not return the stored one in a form that
            can be compared.
          - V(on_change) sends it only with another change of the Azure credentials, or when none are
            stored, so a second run reports no change.
          - V(always) sends it on every run, which then reports changed.
          - When Palette returns the stored secret, it is compared and this option has no effect.
        type: str
        choices: [on_change, always]
        default: on_change
  gcp:
    description:
      - The GCP credentials, a service account's key, sent with C(PUT /v1/system/config/gcp/account) as
        C(spec.json).
      - Left out, the GCP credentials Palette holds are left alone.
    type: dict
    suboptions:
      json:
        description:
          - The service account's key file, as a dict. Read it from its file with the
            P(ansible.builtin.file#lookup) lookup and the P(ansible.builtin.from_json#filter) filter, as in
            the examples. Its C(type) must be V(service_account), and it must hold C(client_email) and
            C(private_key).
          - The API carries it as a JSON string; the module sends it with sorted keys and compares it as
            data, so Palette's key order or spacing never makes a change.
          - All of it is secret. Never shown in output, diff, warnings or errors. When Palette does not
            return it in a form that can be compared, C(update_json) decides when it is sent.
        type: dict
        required: true
      update_json:
        description:
          - When the key file is sent, in case Palette does not return the stored one in a form that can
            be compared.
          - V(on_change) sends it only when Palette shows no GCP credentials stored, so a second run reports
            no change. A Palette that does not return the stored key file at all shows none, and gets it on
            every run.
          - V(always) sends it on every run, which then reports changed.
          - When Palette returns the stored key file, it is compared and this option has no effect.
        type: str
        choices: [on_change, always]
        default: on_change
notes:
  - The secrets are never returned; one that Palette returns when read is also removed from all output.
    Every string of the GCP key file is such a secret, so a value that also appears elsewhere in the output
    (such as V(service_account)) shows as V(********) there.
  - The module sends every field of a member it writes, never a value read from Palette, so a masked
    placeholder is never written back.
seealso:
  - module: palette.selfhosted.palette_aws_sts_accounts
    description: The AWS account through which Palette assumes tenants' IAM roles (STS).
  - module: palette.selfhosted.palette_system_info
    description: Reads each member's credentials, secrets removed.
  - module: palette.selfhosted.palette_system_config
    description: The whole console in one task, with these credentials as its C(cloud_credentials) section.
author:
  - palette.selfhosted maintainers (@palette-selfhosted)
"""

EXAMPLES = r"""
- name: The image credentials Spectro Cloud support handed out, for all three clouds
  palette.selfhosted.palette_cloud_credentials:
    host: palette.example.com
    auth_username: admin
    auth_password: "{{ palette_console_password }}"
    aws:
      access_key: AKIAIOSFODNN7EXAMPLE
      secret_key: "{{ vault_palette_images_aws_secret_key }}"
    azure:
      client_id: 8c3f0e2a-5b1d-4f6e-9a7b-2d4c6e8f0a1b
      client_secret: "{{ vault_palette_images_azure_client_secret }}"
      tenant_id: 3f2504e0-4f89-41d3-9a0c-0305e82c3301
      subscription_id: 6ba7b810-9dad-41d1-80b4-00c04fd430c8
    gcp:
      json: "{{ lookup('ansible.builtin.file', 'gcp-key.json') | from_json }}"

- name: Only GCP; the AWS and Azure credentials stay as they are
  palette.selfhosted.palette_cloud_credentials:
    host: palette.example.com
    auth_token: "{{ palette_token }}"
    gcp:
      json: "{{ vault_palette_images_gcp_key }}"

- name: Rotate the AWS secret key even though Palette does not show the stored one
  palette.selfhosted.palette_cloud_credentials:
    host: palette.example.com
    auth_token: "{{ palette_token }}"
    aws:
      access_key: AKIAIOSFODNN7EXAMPLE
      secret_key: "{{ vault_palette_images_aws_new_secret_key }}"
      update_secret_key: always

- name: Credentials with the connection from module_defaults
  hosts: localhost
  module_defaults:
    group/palette.selfhosted.palette:
      host: palette.example.com
      auth_username: admin
      auth_password: "{{ palette_console_password }}"
  tasks:
    - name: AWS and Azure image credentials
      palette.selfhosted.palette_cloud_credentials:
        aws:
          access_key: AKIAIOSFODNN7EXAMPLE
          secret_key: "{{ vault_palette_images_aws_secret_key }}"
        azure:
          client_id: 8c3f0e2a-5b1d-4f6e-9a7b-2d4c6e8f0a1b
          client_secret: "{{ vault_palette_images_azure_client_secret }}"
          tenant_id: 3f2504e0-4f89-41d3-9a0c-0305e82c3301
          subscription_id: 6ba7b810-9dad-41d1-80b4-00c04fd430c8
"""

RETURN = r"""
cloud_credentials:
  description:
    - The given members after the run (in check mode, as they would be), each without its secret. A member
      that was not given is not in it.
  returned: success
  type: dict
  contains:
    aws:
      description: The AWS credentials, without the secret key.
      returned: when O(aws) is given
      type: dict
      contains:
        access_key:
          description: The access key ID.
          type: str
          sample: AKIAIOSFODNN7EXAMPLE
    azure:
      description: The Azure credentials, without the client secret.
      returned: when O(azure) is given
      type: dict
      contains:
        client_id:
          description: The application (client) ID.
          type: str
          sample: 8c3f0e2a-5b1d-4f6e-9a7b-2d4c6e8f0a1b
        tenant_id:
          description: The directory (tenant) ID.
          type: str
          sample: 3f2504e0-4f89-41d3-9a0c-0305e82c3301
        subscription_id:
          description: The subscription ID.
          type: str
          sample: 6ba7b810-9dad-41d1-80b4-00c04fd430c8
    gcp:
      description: The GCP credentials, without the key file, which is all they hold; always V({}).
      returned: when O(gcp) is given
      type: dict
      sample: {}
diff:
  description:
    - The members that change, before and after, keyed by member; the secrets as a mask. Only in diff mode,
      when something changed.
  returned: changed and diff mode
  type: dict
  sample:
    before: {aws: {access_key: null, secret_key: null}}
    after: {aws: {access_key: AKIAIOSFODNN7EXAMPLE, secret_key: "********"}}
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
      sample: InvalidRequest
    message:
      description:
        - The C(message) of Palette's error.
        - The task's C(msg) is the sentence saying which member failed, which were written before it, and
          what to do.
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
from ansible_collections.palette.selfhosted.plugins.module_utils._settings.cloud_credentials import CLOUD_CREDENTIALS


def main():
    run_module(CLOUD_CREDENTIALS)


if __name__ == "__main__":
    main()
