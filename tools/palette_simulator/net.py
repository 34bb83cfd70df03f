"""Loopback helpers for the lab and the tests."""

from __future__ import annotations

import socket


def free_port(host="127.0.0.1"):
    """A TCP port that was free a moment ago (aiosmtpd needs a port before it starts)."""
    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]
