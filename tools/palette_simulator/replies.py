"""The answers a simulated console gives: (status, headers, body bytes), and Palette's v1Error."""

from __future__ import annotations

import json


def answer(status, body=None, headers=None):
    return status, dict(headers or {}), json.dumps(body).encode() if body is not None else b""


def error(status, code, message, headers=None):
    """A v1Error: {code, message, details, ref}."""
    return answer(status, {"code": code, "message": message, "details": {}, "ref": ""}, headers)
