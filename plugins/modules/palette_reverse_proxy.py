#!/usr/bin/python
# Copyright (c) palette.selfhosted contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: palette_reverse_proxy
short_description: Set the reverse proxy of a self-hosted Palette system console
version_added: 0.2.0
description:
  - Sets the reverse proxy through which Palette reaches the Kubernetes API servers of the
    clusters it manages, as an operator does on I(System Console > Administration > Reverse Proxy),
    through C(PUT /v1/system/config/reverseproxy).
  - The options together are the desired state; an optional one left out is cleared.
  - Certificates and the key are checked before any call to be PEM text of the right kind.
  - The module reads the stored setting, compares, and writes only when it differs, then reads it
    back and fails if Palette did not keep it.
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - palette.selfhosted.attributes
  - palette.selfhosted.attributes.setting
  - palette.selfhosted.attributes.action_group
  - palette.selfhosted.connection
attributes:
  check_mode:
    details:
      - Palette has no validate call for this setting; check mode reads and compares only.
  diff_mode:
    details:
      - The client key shows as a fixed mask when one is set, on both sides.
options:
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
    choices: [http, https]
    default: https
  vhost_port:
    description:
      - Port of the virtual hosts the reverse proxy serves for the clusters, 1 to 65535.
      - Left out, the stored one is cleared.
    type: int
  ca_cert:
    description:
      - PEM text of the CA certificates that signed the reverse proxy's certificate (not a file name;
        use P(ansible.builtin.file#lookup) to read one).
      - Left out, the stored one is cleared.
    type: str
  client_cert:
    description:
      - PEM text of the client certificate Palette presents to the reverse proxy. Needs O(client_key).
    type: str
  client_key:
    description:
      - PEM text of the private key of O(client_cert). Needs O(client_cert).
      - Never shown in output, diff, warnings or errors. When Palette does not return it in a form
        that can be compared, O(update_client_key) decides when it is sent.
    type: str
  update_client_key:
    description:
      - When the client key is sent, in case Palette does not return the stored key in a form that
        can be compared.
      - V(on_change) sends it only with another change, so a second run reports no change.
      - V(always) sends it on every run, which then reports changed.
      - When Palette returns the stored key, it is compared and this option has no effect.
    type: str
    choices: [on_change, always]
    default: on_change
notes:
  - Palette's documentation shows the client key returned as stored when the setting is read; the
    module removes it from all output either way.
seealso:
  - module: palette.selfhosted.palette_smtp
author:
  - palette.selfhosted maintainers (@palette-selfhosted)
"""

EXAMPLES = r"""
- name: Reach cluster API servers through the company's reverse proxy
  palette.selfhosted.palette_reverse_proxy:
    host: palette.example.com
    auth_username: admin
    auth_password: "{{ palette_console_password }}"
    server: proxy.example.com
    port: 8443
    protocol: https
    vhost_port: 443
    ca_cert: "{{ lookup('ansible.builtin.file', 'files/proxy-ca.pem') }}"
    client_cert: "{{ lookup('ansible.builtin.file', 'files/palette-client.pem') }}"
    client_key: "{{ vault_palette_client_key }}"

- name: A reverse proxy without client certificates, with the connection from module_defaults
  hosts: localhost
  module_defaults:
    group/palette.selfhosted.palette:
      host: palette.example.com
      auth_token: "{{ palette_token }}"
  tasks:
    - name: Plain HTTP to a proxy inside the data centre
      palette.selfhosted.palette_reverse_proxy:
        server: 10.20.0.15
        port: 8080
        protocol: http
"""

RETURN = r"""
reverse_proxy:
  description: The setting after the run (in check mode, as it would be), without the client key.
  returned: success
  type: dict
  contains:
    server:
      description: Host name or IP address of the reverse proxy.
      type: str
      sample: proxy.example.com
    port:
      description: Its port.
      type: int
      sample: 8443
    protocol:
      description: V(http) or V(https).
      type: str
      sample: https
    vhost_port:
      description: Port of the virtual hosts, V(null) when none.
      type: int
      sample: 443
    ca_cert:
      description: PEM text of the CA certificates, V(null) when none.
      type: str
    client_cert:
      description: PEM text of the client certificate, V(null) when none.
      type: str
diff:
  description: The setting before and after, the client key as a mask. Only in diff mode, when it changed.
  returned: changed and diff mode
  type: dict
  sample:
    before: {server: null, port: null, protocol: null, vhost_port: null, ca_cert: null, client_cert: null,
             client_key: null}
    after: {server: proxy.example.com, port: 8443, protocol: https, vhost_port: 443, ca_cert: null,
            client_cert: null, client_key: null}
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

from ansible_collections.palette.selfhosted.plugins.module_utils._module import run_module
from ansible_collections.palette.selfhosted.plugins.module_utils._settings.reverse_proxy import REVERSE_PROXY


def main():
    run_module(REVERSE_PROXY)


if __name__ == "__main__":
    main()
