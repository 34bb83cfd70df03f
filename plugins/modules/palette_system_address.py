#!/usr/bin/python
# Copyright (c) palette.selfhosted contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: palette_system_address
short_description: Set the system address and TLS certificate of a self-hosted Palette
version_added: 0.2.0
description:
  - Sets the address of a self-hosted Palette or Palette VerteX (the name or IP address of its UI and
    API) and the TLS certificate it serves, as an operator does on
    I(System Console > System Address Management).
  - Before any call the module checks what Palette would refuse. The PEM texts must parse, the key
    must be the certificate's, and the certificate must be valid now and cover O(address). When
    O(ca_certificate) is given, the certificate must have been issued by it.
  - Before the write it reads the current address. The new certificate must still cover it, as
    Palette's documentation requires, and must cover the address the task reaches the console at
    (O(host)). Otherwise the task fails and nothing changes.
  - After a new certificate Palette reloads its listeners, and for a short while it serves the old
    certificate or refuses connections. The module waits for up to O(reload_timeout) seconds until
    the console serves the new certificate. It verifies the certificate with the new CA (or as
    O(validate_certs) and O(ca_path) say, without O(ca_certificate)), then reads the config back.
    Later calls in the same task trust the new CA. While it waits longer than 5 seconds, the
    controller shows what the task waits for, again every 15 seconds.
  - When the address changes, the module warns that clusters deployed against the old one keep
    using it.
  - Palette does not document whether it returns the private key. When it does not, the key is
    sent as O(update_private_key) says.
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
      - An action plugin runs the module. While a run with a new certificate waits longer than 5 seconds
        for Palette to reload its listeners, it shows on the controller what the task waits for and
        for how long it has waited, again every 15 seconds.
  async:
    support: full
  bypass_host_loop:
    support: none
  check_mode:
    support: full
    details:
      - Check mode reads the current config, checks the certificate against it and compares; it never
        writes, so the console does not reload.
  diff_mode:
    support: full
    details:
      - The diff shows the address and the PEM texts before and after, with the private key masked.
  idempotent:
    support: full
options:
  address:
    description:
      - Name or IP address of the console, without scheme, port or path, for example V(palette.example.com).
      - The certificate must cover it (a subject alternative name, or a wildcard one level up).
    type: str
    required: true
  certificate:
    description:
      - The TLS certificate the console serves, as PEM text. Intermediate certificates follow it, in order.
    type: str
    required: true
  private_key:
    description:
      - The certificate's private key, as PEM text, not encrypted.
    type: str
    required: true
  ca_certificate:
    description:
      - The CA certificate that issued O(certificate), as PEM text, for a private PKI. Left out, the
        certificate must be one that the clients already trust.
      - The module verifies the console with it once the console serves the new certificate.
    type: str
  update_private_key:
    description:
      - When to send O(private_key) if Palette does not return the stored key comparably.
      - V(on_change) sends it only when something else changes or no key is stored yet.
        V(always) sends it every run, and the task then reports a change every run.
    type: str
    choices: [on_change, always]
    default: on_change
  reload_timeout:
    description:
      - Seconds to wait, after the write, for the console to serve the new certificate. When the
        time runs out, the task fails. The config stays saved, and a second run changes nothing once
        the console serves it.
    type: int
    default: 300
notes:
  - The API path is inferred. Palette documents the page only as steps in the system console; the
    collection takes C(GET) and C(PUT /v1/system/config/domain/certificates) from Palette's API
    specification. A console that answers with 404 or 405 does not offer that API, and the task fails
    saying so.
  - Set the address before deploying clusters. A cluster deployed earlier keeps the old address in its
    C(hubble-info) ConfigMap (C(apiEndpoint)); keep the old name resolving to the console, or edit it.
  - Tenant SSO needs the address and a wildcard DNS record C(*.<address>); set them first.
  - Needs the Python library C(cryptography) on the host the module runs on. ansible-core requires it
    on the controller.
seealso:
  - module: palette.selfhosted.palette_system_config
    description: >-
      The whole console in one task, with this as its
      O(palette.selfhosted.palette_system_config#module:system_address) section.
  - name: System Address Management
    description: Palette's page about the system address and its certificate.
    link: https://docs.spectrocloud.com/self-hosted-setup/palette/system-management/ssl-certificate-management/
author:
  - palette.selfhosted maintainers (@palette-selfhosted)
"""

EXAMPLES = r"""
- name: Give the console its real name and certificate, right after the install
  palette.selfhosted.palette_system_address:
    host: 10.10.0.15
    ca_path: /etc/pki/palette/install-ca.pem
    auth_username: admin
    auth_password: "{{ palette_console_password }}"
    address: palette.example.com
    certificate: "{{ lookup('ansible.builtin.file', 'pki/palette.example.com.crt') }}"
    private_key: "{{ palette_tls_key }}"
    ca_certificate: "{{ lookup('ansible.builtin.file', 'pki/example-root-ca.crt') }}"

- name: Renew the certificate before it expires, allowing a slow reload
  palette.selfhosted.palette_system_address:
    host: palette.example.com
    auth_token: "{{ palette_token }}"
    address: palette.example.com
    certificate: "{{ lookup('ansible.builtin.file', 'pki/palette.example.com-2027.crt') }}"
    private_key: "{{ palette_tls_key_2027 }}"
    ca_certificate: "{{ lookup('ansible.builtin.file', 'pki/example-root-ca.crt') }}"
    update_private_key: always
    reload_timeout: 600

- name: Warn a month before the certificate ends
  palette.selfhosted.palette_system_info:
    host: palette.example.com
    auth_token: "{{ palette_token }}"
    settings: [system_address]
  register: palette_info

- name: Check the expiry
  ansible.builtin.assert:
    that: >-
      (palette_info.system_address.certificate_expires_at | ansible.builtin.to_datetime('%Y-%m-%dT%H:%M:%S+00:00')
      - now(utc=true)).days > 30
    fail_msg: The console's certificate ends within 30 days.
"""

RETURN = r"""
system_address:
  description: The config after the run (in check mode, as it would be), without the private key.
  returned: success
  type: dict
  contains:
    address:
      description: The console's address.
      type: str
      sample: palette.example.com
    certificate:
      description: The certificate, as PEM text.
      type: str
      sample: "-----BEGIN CERTIFICATE-----\nMIID...\n-----END CERTIFICATE-----"
    ca_certificate:
      description: The CA certificate, as PEM text; V(null) when none is stored.
      type: str
      sample: "-----BEGIN CERTIFICATE-----\nMIIB...\n-----END CERTIFICATE-----"
    certificate_names:
      description: The certificate's subject alternative names (DNS names and IP addresses).
      type: list
      elements: str
      sample: [palette.example.com, 10.10.0.15]
    certificate_expires_at:
      description: When the certificate ends (ISO 8601, UTC).
      type: str
      sample: "2027-12-01T00:00:00+00:00"
reload_seconds:
  description: How long the console took to serve the new certificate after the write.
  returned: changed, not in check mode, over HTTPS
  type: float
  sample: 2.1
warnings:
  description: A warning when the address changes, since clusters deployed before keep the old one.
  returned: when the address changes
  type: list
  elements: str
diff:
  description: The config before and after, with the private key masked. Only in diff mode, when it changed.
  returned: changed and diff mode
  type: dict
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
from ansible_collections.palette.selfhosted.plugins.module_utils._settings.system_address import SYSTEM_ADDRESS


def main():
    run_module(SYSTEM_ADDRESS)


if __name__ == "__main__":
    main()
