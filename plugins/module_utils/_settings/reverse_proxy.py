# Copyright (c) palette.selfhosted contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The reverse proxy Palette uses to reach the Kubernetes API servers of its clusters:
v1SystemReverseProxy.

FOR INTERNAL COLLECTION USE ONLY: no compatibility promise outside palette.selfhosted.
"""

from __future__ import annotations

from ansible_collections.palette.selfhosted.plugins.module_utils._engine import Field, Setting
from ansible_collections.palette.selfhosted.plugins.module_utils._validators import (
    pem_problems,
    port_problems,
    server_problems,
)

PROTOCOLS = ("http", "https")


def _problems(params):
    problems = server_problems("server", params.get("server")) + port_problems("port", params.get("port"))
    if params.get("vhost_port") is not None:
        problems += port_problems("vhost_port", params["vhost_port"])
    for option, label in (("ca_cert", "CERTIFICATE"), ("client_cert", "CERTIFICATE"), ("client_key", "PRIVATE KEY")):
        if params.get(option):
            problems += pem_problems(option, params[option], label)
    if bool(params.get("client_cert")) != bool(params.get("client_key")):
        problems.append("client_cert and client_key go together: give both or neither.")
    return problems


REVERSE_PROXY = Setting(
    name="reverse_proxy",
    title="reverse proxy",
    path="/v1/system/config/reverseproxy",
    fields=(
        Field("server", "server", required=True, strip=True),
        Field("port", "port", type="int", required=True),
        Field("protocol", "protocol", default="https", choices=PROTOCOLS),
        Field("vhost_port", "vHostPort", type="int"),
        Field("ca_cert", "caCert", strip=True),
        Field("client_cert", "clientCert", strip=True),
        Field("client_key", "clientKey", secret=True, strip=True),
    ),
    check=_problems,
)
