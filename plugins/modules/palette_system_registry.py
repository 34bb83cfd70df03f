#!/usr/bin/python
# Copyright (c) palette.selfhosted contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: palette_system_registry
short_description: Add, change or remove a system-level OCI registry of a self-hosted Palette
version_added: 0.2.0
description:
  - Makes a system-level OCI registry of a self-hosted Palette or Palette VerteX present or absent,
    as an operator does on I(System Console > Administration > Registries) (I(Add System-Level
    Registry)). Every tenant sees a system registry, where an airgapped or regulated install
    gets its packs and Helm charts. A registry is found by its O(name).
  - A registry is a basic one (any OCI registry, such as Harbor, Artifactory, Zot or the CNCF distribution
    registry) or an Amazon ECR one, as O(type) says; each type has its own options below, and an
    option of the other one fails the task. Palette cannot change the type of a registry.
  - The options together are the desired state of the registry; an optional one left out is cleared.
  - Before a write (and in check mode) Palette signs in to the registry with the given endpoint,
    credentials and CA (C(POST /v1/registries/oci/basic/validate) or C(/ecr/validate)). A wrong
    password, an unknown CA or an unreachable endpoint fails the task, and nothing is saved.
  - Palette returns a registry's password, token or secret key masked, so the module cannot compare
    them. It sends the secret whenever something else changes, and on every run with
    O(update_password), O(update_token) or O(update_secret_key) set to V(always).
  - With O(synchronization) Palette syncs the registry's packs when it is saved. With O(wait_for_sync)
    the task waits until the sync is done, at most O(sync_timeout) seconds, and fails with Palette's
    message when the sync fails or time runs out (the registry stays saved, and the sync goes on).
  - The module lists the registries (every page; those of tenants are not its own), creates or changes
    only what differs, then reads the registry back and fails if Palette did not keep it.
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - palette.selfhosted.attributes
  - palette.selfhosted.attributes.action_group
  - palette.selfhosted.connection
attributes:
  check_mode:
    support: full
    details:
      - Check mode lists and reads the registries and, when one would change, has Palette validate it
        (validation saves nothing). It never creates, changes or removes one, and waits for no sync.
  diff_mode:
    support: full
    details:
      - The diff shows the registry's options before and after; a password, token or secret key shows as
        V(********) on both sides when set. V({}) stands for no registry.
  idempotent:
    support: full
    details:
      - A secret is sent on every run only with its C(update_*) option set to V(always).
options:
  name:
    description:
      - Name of the registry, which identifies it among the system registries.
    type: str
    required: true
  state:
    description:
      - V(present) creates the registry when there is none of that name, or makes it as given;
        V(absent) removes it.
    type: str
    choices: [present, absent]
    default: present
  type:
    description:
      - V(basic) for an OCI registry that takes a user name and password, a token, or no credentials;
        V(ecr) for Amazon Elastic Container Registry, with an AWS access key.
      - Required with O(state=present). Palette cannot change it; a different type fails the task.
    type: str
    choices: [basic, ecr]
  endpoint:
    description:
      - Address of the registry, for example V(https://registry.example.com) or, for ECR,
        V(123456789012.dkr.ecr.us-east-1.amazonaws.com). Required with O(state=present).
    type: str
  base_content_path:
    description:
      - Path inside the registry under which its packs or charts are, for example V(spectro-packs).
        Left out, the registry's top level.
    type: str
  provider_type:
    description:
      - What the registry holds. V(pack) for Palette packs, V(helm) for Helm charts, V(zarf) for Zarf
        packages (basic registries only).
      - V(pack) needs O(synchronization).
    type: str
    choices: [pack, helm, zarf]
    default: pack
  synchronization:
    description:
      - Whether Palette syncs the registry's content, so that its packs show in cluster profiles.
      - Once on, Palette cannot turn it off; asking to fails the task, before any change.
    type: bool
    default: true
  contains_spectro_manifest:
    description:
      - Whether the registry also holds Palette's own manifests (the I(Contains Spectro Manifests)
        checkbox), as the migration from the Spectro Cloud Artifact Repository (SCAR) to an OCI
        registry needs.
    type: bool
    default: false
  authentication:
    description:
      - With O(type=basic), how Palette signs in to the registry. V(basic) with O(username) and
        O(password), V(token) with O(token), V(none) for an anonymous one.
    type: str
    choices: [none, basic, token]
    default: basic
  username:
    description:
      - With O(type=basic) and O(authentication=basic), required. The user Palette signs in as.
    type: str
  password:
    description:
      - With O(type=basic) and O(authentication=basic), required. The user's password.
    type: str
  update_password:
    description:
      - With O(type=basic), when O(password) is sent. Palette returns it masked, so it cannot be compared.
      - V(on_change) sends it with any other change of the registry; V(always) on every run, which then
        reports a change every time. Use V(always) once to rotate the password.
    type: str
    choices: [on_change, always]
    default: on_change
  token:
    description:
      - With O(type=basic) and O(authentication=token), required. The bearer token Palette sends.
    type: str
  update_token:
    description:
      - With O(type=basic), when O(token) is sent; as O(update_password).
    type: str
    choices: [on_change, always]
    default: on_change
  private:
    description:
      - With O(type=ecr), whether the repository is private. A private one needs O(access_key) and
        O(secret_key).
    type: bool
    default: true
  default_region:
    description:
      - With O(type=ecr), the AWS region Palette signs in to, for example V(us-east-1).
    type: str
  access_key:
    description:
      - With O(type=ecr), the access key ID of an IAM identity that may pull from the registry.
    type: str
  secret_key:
    description:
      - With O(type=ecr), the secret access key of O(access_key).
    type: str
  update_secret_key:
    description:
      - With O(type=ecr), when O(secret_key) is sent; as O(update_password).
    type: str
    choices: [on_change, always]
    default: on_change
  ca_certificate:
    description:
      - PEM text of the CA that signed the registry's certificate, when no public CA did; for example
        V("{{ lookup('file', 'registry-ca.pem') }}"). Left out, Palette trusts the public CAs.
    type: str
  insecure_skip_verify:
    description:
      - Whether Palette skips verifying the registry's TLS certificate. Avoid it, and give
        O(ca_certificate) instead.
    type: bool
    default: false
  validate:
    description:
      - Whether Palette validates the registry before a write. Turn it off only for a registry that
        Palette cannot reach yet; the sync then fails until it can.
    type: bool
    default: true
  wait_for_sync:
    description:
      - Whether the task waits until the registry's pack sync is done, after a write or while one is
        still going on an unchanged registry. Needs O(synchronization).
    type: bool
    default: false
  sync_timeout:
    description:
      - With O(wait_for_sync), the most seconds the task waits for the sync.
    type: int
    default: 600
notes:
  - The registry calls are inferred. Palette documents system registries only as steps in the system
    console; the collection uses the registry API of Palette's API specification
    (C(/v1/registries/oci/...)) with the system token, which gives them the system scope. A console
    that answers them with 404 or 405 does not offer that API, and the task fails saying so.
  - Palette's specification gives the list call (C(GET /v1/registries/oci/summary)) no paging
    parameters; the module reads it as it reads every Palette list, page after page.
  - Only Palette removes a system registry; a tenant cannot.
seealso:
  - module: palette.selfhosted.palette_system_config
    description: >-
      The whole console in one task, with the registries as its
      O(palette.selfhosted.palette_system_config#module:system_registries) list.
author:
  - palette.selfhosted maintainers (@palette-selfhosted)
"""

EXAMPLES = r"""
- name: The organisation's Harbor as the packs registry of every tenant
  palette.selfhosted.palette_system_registry:
    host: palette.example.com
    auth_username: admin
    auth_password: "{{ palette_console_password }}"
    name: harbor-packs
    type: basic
    endpoint: https://harbor.example.com
    base_content_path: spectro-packs
    username: palette-robot
    password: "{{ vault_harbor_robot_password }}"
    ca_certificate: "{{ lookup('file', 'files/harbor-ca.pem') }}"
    wait_for_sync: true
    sync_timeout: 900

- name: An ECR registry of Helm charts
  palette.selfhosted.palette_system_registry:
    host: palette.example.com
    auth_token: "{{ palette_token }}"
    name: ecr-charts
    type: ecr
    endpoint: 123456789012.dkr.ecr.us-east-1.amazonaws.com
    provider_type: helm
    default_region: us-east-1
    access_key: AKIAEXAMPLE0123456789
    secret_key: "{{ vault_ecr_secret_key }}"

- name: Rotate the robot's password (Palette returns it masked, so it is sent on purpose)
  palette.selfhosted.palette_system_registry:
    host: palette.example.com
    auth_token: "{{ palette_token }}"
    name: harbor-packs
    type: basic
    endpoint: https://harbor.example.com
    base_content_path: spectro-packs
    username: palette-robot
    password: "{{ vault_harbor_robot_password_new }}"
    update_password: always
    ca_certificate: "{{ lookup('file', 'files/harbor-ca.pem') }}"

- name: Remove a registry no longer used
  palette.selfhosted.palette_system_registry:
    host: palette.example.com
    auth_token: "{{ palette_token }}"
    name: old-packs
    state: absent
"""

RETURN = r"""
system_registry:
  description: The registry after the run (in check mode, as it would be), without its secrets; V(null)
    with O(state=absent).
  returned: success
  type: dict
  contains:
    name:
      description: Its name.
      type: str
      sample: harbor-packs
    type:
      description: V(basic) or V(ecr).
      type: str
      sample: basic
    endpoint:
      description: Its address.
      type: str
      sample: https://harbor.example.com
    base_content_path:
      description: The path of its content, V(null) when none.
      type: str
      sample: spectro-packs
    provider_type:
      description: V(pack), V(helm) or V(zarf).
      type: str
      sample: pack
    synchronization:
      description: Whether Palette syncs it.
      type: bool
      sample: true
    contains_spectro_manifest:
      description: Whether it holds Palette's manifests.
      type: bool
      sample: false
    authentication:
      description: With O(type=basic), V(none), V(basic) or V(token).
      type: str
      sample: basic
    username:
      description: With O(type=basic), the user Palette signs in as.
      type: str
      sample: palette-robot
    private:
      description: With O(type=ecr), whether it is private.
      type: bool
      sample: true
    default_region:
      description: With O(type=ecr), its region.
      type: str
      sample: us-east-1
    access_key:
      description: With O(type=ecr), the access key ID.
      type: str
      sample: AKIAEXAMPLE0123456789
    ca_certificate:
      description: The CA Palette trusts for it, V(null) when none.
      type: str
    insecure_skip_verify:
      description: Whether Palette skips verifying its certificate.
      type: bool
      sample: false
validated:
  description: Whether Palette validated the registry in this run (only when it would change).
  returned: success and O(state=present)
  type: bool
  sample: true
audit_uid:
  description: The C(AuditUid) of Palette's validation.
  returned: when validated
  type: str
  sample: 66c5e3a1d2b4f6a8c0e2d4f6
sync:
  description: With O(wait_for_sync), the registry's last pack sync as Palette reports it.
  returned: when O(wait_for_sync) waited, also when the task failed on the sync
  type: dict
  contains:
    status:
      description: Palette's word for it, such as V(Completed), V(InProgress) or V(Failed).
      type: str
      sample: Completed
    message:
      description: Palette's message about it, V(null) when none.
      type: str
    last_synced_time:
      description: When the registry was last synced, as Palette gives it.
      type: str
      sample: "2026-12-02T09:30:00.000Z"
diff:
  description: The registry before and after, secrets masked. Only in diff mode, when it changed.
  returned: changed and diff mode
  type: dict
  sample:
    before: {}
    after: {name: harbor-packs, endpoint: https://harbor.example.com, username: palette-robot, password: "********"}
error:
  description: What Palette answered, when the task failed on an API call (a failed validation too).
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
from ansible_collections.palette.selfhosted.plugins.module_utils._settings.system_registry import SYSTEM_REGISTRY


def main():
    run_module(SYSTEM_REGISTRY)


if __name__ == "__main__":
    main()
