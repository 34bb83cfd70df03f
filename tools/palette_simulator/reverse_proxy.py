"""The reverse proxy (v1SystemReverseProxy). clientKey is a secret, read back as the console's
secret_readback says (Palette's docs show it returned as stored)."""

from __future__ import annotations

from palette_simulator.schema import Rejected, SettingSchema


def a_known_protocol(spec, _console):
    if spec.get("protocol", "") not in ("", "http", "https"):
        raise Rejected("InvalidRequest", "protocol must be http or https")
    return spec


REVERSE_PROXY = SettingSchema(
    name="reverse_proxy",
    definition="v1SystemReverseProxy",
    path="/v1/system/config/reverseproxy",
    fields={
        "server": str,
        "port": int,
        "protocol": str,
        "vHostPort": int,
        "caCert": str,
        "clientCert": str,
        "clientKey": str,
    },
    secrets=("clientKey",),
    on_save=a_known_protocol,
)
