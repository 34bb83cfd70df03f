# Copyright (c) palette.selfhosted contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The connection options every palette.selfhosted module shares.

Internal to palette.selfhosted. Documented once in the doc fragment
palette.selfhosted.connection; this is the one argument spec behind it.
"""

from __future__ import annotations

import os

from ansible.module_utils.basic import AnsibleModule, env_fallback, missing_required_lib

from ansible_collections.palette.selfhosted.plugins.module_utils.client import (
    HAS_REQUESTS,
    REQUESTS_IMPORT_ERROR,
    PaletteClient,
    normalize_host,
)

CONNECTION_ARGUMENT_SPEC = {
    "host": {"type": "str", "required": True, "fallback": (env_fallback, ["PALETTE_HOST"])},
    "auth_username": {"type": "str", "fallback": (env_fallback, ["PALETTE_USERNAME"])},
    "auth_password": {"type": "str", "no_log": True, "fallback": (env_fallback, ["PALETTE_PASSWORD"])},
    "auth_token": {"type": "str", "no_log": True, "fallback": (env_fallback, ["PALETTE_TOKEN"])},
    "validate_certs": {"type": "bool", "default": True, "fallback": (env_fallback, ["PALETTE_VALIDATE_CERTS"])},
    "ca_path": {"type": "path", "fallback": (env_fallback, ["PALETTE_CA_PATH"])},
    "timeout": {"type": "int", "default": 30},
    "retries": {"type": "int", "default": 3},
}

CONNECTION_RULES = {
    "mutually_exclusive": [("auth_token", "auth_username"), ("auth_token", "auth_password")],
    "required_together": [("auth_username", "auth_password")],
    "required_one_of": [("auth_token", "auth_username")],
}


def palette_module(argument_spec, check_params=None, **kwargs):
    """An AnsibleModule with the connection options added.

    Fails before any API call without requests, or with every problem that
    check_connection_params and the module's own `check_params(params)` find.
    """
    module = AnsibleModule(
        argument_spec={**CONNECTION_ARGUMENT_SPEC, **argument_spec},
        **CONNECTION_RULES,
        **kwargs,
    )
    if not HAS_REQUESTS:
        module.fail_json(msg=missing_required_lib("requests"), exception=REQUESTS_IMPORT_ERROR)
    problems = check_connection_params(module.params) + (check_params(module.params) if check_params else [])
    if problems:
        module.fail_json(msg="Invalid options: " + " ".join(problems))
    return module


def check_connection_params(params):
    """Every problem with the connection options, as sentences; empty when they are fine."""
    problems = []
    try:
        normalize_host(params["host"])
    except ValueError as exc:
        problems.append(str(exc))
    if params["timeout"] <= 0:
        problems.append(f"timeout must be a positive number of seconds, got {params['timeout']}.")
    if params["retries"] < 0:
        problems.append(f"retries must be 0 or more, got {params['retries']}.")
    if params.get("ca_path"):
        problems.extend(_ca_path_problems(params["ca_path"]))
    return problems


def _ca_path_problems(ca_path):
    """A CA bundle file must be readable PEM; a directory is taken as an OpenSSL CA directory."""
    if os.path.isdir(ca_path):
        return [] if os.access(ca_path, os.R_OK | os.X_OK) else [f"ca_path {ca_path} is not a readable directory."]
    try:
        with open(ca_path, "rb") as bundle:
            text = bundle.read()
    except OSError as exc:
        return [f"ca_path {ca_path} cannot be read: {exc.strerror}."]
    if b"-----BEGIN CERTIFICATE-----" not in text:
        return [f"ca_path {ca_path} is not a PEM CA bundle (it has no BEGIN CERTIFICATE block)."]
    return []


def connect(module):
    """A client for the module's console, logged in unless a token was given.

    The client adds the secrets it receives to the module's no_log values.
    """
    params = module.params
    client = PaletteClient(
        host=params["host"],
        token=params["auth_token"],
        validate_certs=params["validate_certs"],
        ca_path=params["ca_path"],
        timeout=params["timeout"],
        retries=params["retries"],
        secrets=module.no_log_values,
    )
    if not params["auth_token"]:
        client.login(params["auth_username"], params["auth_password"])
    return client
