#!/usr/bin/python
# Copyright (c) palette.selfhosted contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: palette_aws_sts_accounts
short_description: Set the AWS accounts through which a self-hosted Palette assumes tenants' IAM roles (STS)
version_added: 0.2.0
description:
  - Sets the AWS account, and the AWS GovCloud account, through which a self-hosted Palette or Palette VerteX
    assumes the IAM roles of its tenants' AWS accounts with the AWS Security Token Service (STS), as the
    Palette documentation's I(Enable Adding AWS Accounts Using STS) describes.
  - Until such an account is stored, Palette greys out STS when tenants add AWS accounts, and tenants cannot
    add their AWS accounts through STS.
  - O(aws) and O(aws_gov) are each a Palette setting of their own, under their own API path
    (C(/v1/system/config/aws/sts/account) and C(/v1/system/config/awsgov/sts/account)), whose body holds
    C(accessKey), C(secretKey) and C(accountId) at its top level. The module sets the members it is given,
    in that order, and leaves a member it is not given as it is, without reading it. At least one is required.
  - Within a member the options together are the desired state.
  - Palette's documentation creates an account with C(POST) and changes it with C(PUT); its API
    specification lists only C(PUT) for AWS (and C(POST) and C(PUT) for AWS GovCloud). The module sends
    C(POST) when Palette holds no account at that path and, when the console answers it with HTTP 405 (as
    one following the specification does), C(PUT) instead. It changes a stored account with C(PUT).
  - Palette has no validate call for these accounts; before any call the module checks their shape (the
    account ID is 12 digits).
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
      - Palette has no validate call for these accounts; check mode reads and compares only. It never
        writes, neither C(POST) nor C(PUT).
  diff_mode:
    details:
      - The diff is keyed by member (V(aws), V(aws_gov)) and holds only the members that change.
      - The secret key shows as V(********) on both sides when set.
options:
  aws:
    description:
      - The STS account for AWS (C(/v1/system/config/aws/sts/account)).
      - Left out, the AWS STS account Palette holds is left alone.
    type: dict
    suboptions:
      access_key:
        description:
          - Access key ID of the IAM user through which Palette assumes the tenants' roles, for example
            V(AKIAIOSFODNN7EXAMPLE).
        type: str
        required: true
      secret_key:
        description:
          - Secret access key of the access key.
          - Never shown in output, diff, warnings or errors. When Palette does not return it in a form that
            can be compared, C(update_secret_key) decides when it is sent.
        type: str
        required: true
      account_id:
        description:
          - The 12-digit ID of the AWS account that holds the IAM user, for example V(123456789012).
        type: str
        required: true
      update_secret_key:
        description:
          - When the secret key is sent, in case Palette does not return the stored one in a form that can
            be compared.
          - V(on_change) sends it only with another change of the account, or when none is stored, so a
            second run reports no change.
          - V(always) sends it on every run, which then reports changed.
          - When Palette returns the stored key, it is compared and this option has no effect.
        type: str
        choices: [on_change, always]
        default: on_change
  aws_gov:
    description:
      - The STS account for AWS GovCloud (C(/v1/system/config/awsgov/sts/account)).
      - Left out, the AWS GovCloud STS account Palette holds is left alone.
    type: dict
    suboptions:
      access_key:
        description:
          - Access key ID of the AWS GovCloud IAM user through which Palette assumes the tenants' roles.
        type: str
        required: true
      secret_key:
        description:
          - Secret access key of the access key.
          - Never shown in output, diff, warnings or errors. When Palette does not return it in a form that
            can be compared, C(update_secret_key) decides when it is sent.
        type: str
        required: true
      account_id:
        description:
          - The 12-digit ID of the AWS GovCloud account that holds the IAM user.
        type: str
        required: true
      update_secret_key:
        description:
          - When the secret key is sent, in case Palette does not return the stored one in a form that can
            be compared.
          - V(on_change) sends it only with another change of the account, or when none is stored, so a
            second run reports no change.
          - V(always) sends it on every run, which then reports changed.
          - When Palette returns the stored key, it is compared and this option has no effect.
        type: str
        choices: [on_change, always]
        default: on_change
notes:
  - Palette's documentation says that setting the account takes the root admin or an Account Admin of the
    system console.
  - The secret keys are never returned; one that Palette returns when read is also removed from all output.
  - Whether a first write is a C(POST) or a C(PUT) is decided from what the module read. The lab's simulator
    of the console follows the documentation (C(POST) creates, C(PUT) changes) unless it is set to follow
    the specification (C(PUT) alone for AWS).
  - The module sends every field of an account it writes, never a value read from Palette, so a masked
    placeholder is never written back.
seealso:
  - module: palette.selfhosted.palette_cloud_credentials
    description: The credentials Palette pulls Spectro Cloud's images with.
  - module: palette.selfhosted.palette_system_info
    description: Reads each STS account, the secret key removed.
  - module: palette.selfhosted.palette_system_config
    description: The whole console in one task, with these accounts as its C(aws_sts_accounts) section.
  - name: Enable Adding AWS Accounts Using STS (Palette VerteX documentation)
    description: The API calls behind this module, and the IAM user the account needs.
    link: https://docs.spectrocloud.com/vertex/system-management/configure-aws-sts-account
author:
  - palette.selfhosted maintainers (@palette-selfhosted)
"""

EXAMPLES = r"""
- name: Let tenants add AWS accounts through STS, on AWS and on AWS GovCloud
  palette.selfhosted.palette_aws_sts_accounts:
    host: palette.example.com
    auth_username: admin
    auth_password: "{{ palette_console_password }}"
    aws:
      access_key: AKIAIOSFODNN7EXAMPLE
      secret_key: "{{ vault_palette_sts_secret_key }}"
      account_id: "123456789012"
    aws_gov:
      access_key: AKIAI44QH8DHBEXAMPLE
      secret_key: "{{ vault_palette_gov_sts_secret_key }}"
      account_id: "210987654321"

- name: Only the AWS account; the GovCloud one stays as it is
  palette.selfhosted.palette_aws_sts_accounts:
    host: palette.example.com
    auth_token: "{{ palette_token }}"
    aws:
      access_key: AKIAIOSFODNN7EXAMPLE
      secret_key: "{{ vault_palette_sts_secret_key }}"
      account_id: "123456789012"

- name: Rotate the secret key even though Palette does not show the stored one
  palette.selfhosted.palette_aws_sts_accounts:
    host: palette.example.com
    auth_token: "{{ palette_token }}"
    aws:
      access_key: AKIAIOSFODNN7EXAMPLE
      secret_key: "{{ vault_palette_sts_new_secret_key }}"
      account_id: "123456789012"
      update_secret_key: always

- name: The STS account with the connection from module_defaults
  hosts: localhost
  module_defaults:
    group/palette.selfhosted.palette:
      host: palette.example.com
      auth_username: admin
      auth_password: "{{ palette_console_password }}"
  tasks:
    - name: The AWS STS account
      palette.selfhosted.palette_aws_sts_accounts:
        aws:
          access_key: AKIAIOSFODNN7EXAMPLE
          secret_key: "{{ vault_palette_sts_secret_key }}"
          account_id: "123456789012"
"""

RETURN = r"""
aws_sts_accounts:
  description:
    - The given members after the run (in check mode, as they would be), each without its secret key. A
      member that was not given is not in it.
  returned: success
  type: dict
  contains:
    aws:
      description: The AWS STS account, without the secret key.
      returned: when O(aws) is given
      type: dict
      contains:
        access_key:
          description: The access key ID.
          type: str
          sample: AKIAIOSFODNN7EXAMPLE
        account_id:
          description: The AWS account ID.
          type: str
          sample: "123456789012"
    aws_gov:
      description: The AWS GovCloud STS account, without the secret key.
      returned: when O(aws_gov) is given
      type: dict
      contains:
        access_key:
          description: The access key ID.
          type: str
          sample: AKIAI44QH8DHBEXAMPLE
        account_id:
          description: The AWS GovCloud account ID.
          type: str
          sample: "210987654321"
diff:
  description:
    - The members that change, before and after, keyed by member; the secret key as a mask. Only in diff
      mode, when something changed.
  returned: changed and diff mode
  type: dict
  sample:
    before: {aws: {access_key: null, secret_key: null, account_id: null}}
    after: {aws: {access_key: AKIAIOSFODNN7EXAMPLE, secret_key: "********", account_id: "123456789012"}}
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
from ansible_collections.palette.selfhosted.plugins.module_utils._settings.aws_sts import AWS_STS_ACCOUNTS


def main():
    run_module(AWS_STS_ACCOUNTS)


if __name__ == "__main__":
    main()
