# Copyright (c) palette.selfhosted contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The credentials Palette pulls Spectro Cloud's provider images with, one per cloud:
v1SystemAwsAccount, v1SystemAzureAccount, v1SystemGcpAccount, each a ``{spec: {...}}`` body
(System Console > Administration > Cloud Provider Configuration).

FOR INTERNAL COLLECTION USE ONLY: no compatibility promise outside palette.selfhosted.
NOTES: the paths and the ``{spec: ...}`` bodies are those of the docs' Modify Cloud Provider
Configuration page, which match the spec (an older docs page shows flat bodies). Spectro Cloud support
hands out the credentials; Palette has no validate call for them.
"""

from __future__ import annotations

import re

from ansible_collections.palette.selfhosted.plugins.module_utils._engine import Field, Setting
from ansible_collections.palette.selfhosted.plugins.module_utils._group import SettingGroup
from ansible_collections.palette.selfhosted.plugins.module_utils._validators import control_character_problems

_UUID = re.compile(r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")
# What a Google service account key file holds, at the least.
_GCP_KEY_FIELDS = ("type", "client_email", "private_key")


def aws_key_problems(params):
    """Shared with the STS account: an AWS access key pair."""
    problems = control_character_problems("access_key", params.get("access_key"))
    if not (params.get("access_key") or "").strip():
        problems.append("access_key must not be empty.")
    return problems + _empty_secret_problems(params, "secret_key")


def _empty_secret_problems(params, option):
    """A required secret given as "" would clear the stored one (it goes as its zero value)."""
    return [f"{option} must not be empty."] if option in params and not params[option] else []


def _azure_problems(params):
    return [
        f"{option} must be a UUID, as Azure shows it (for example 8c3f0e2a-5b1d-4f6e-9a7b-2d4c6e8f0a1b)."
        for option in ("client_id", "tenant_id", "subscription_id")
        if params.get(option) is not None and not _UUID.match(params[option].strip())
    ] + _empty_secret_problems(params, "client_secret")


def _gcp_problems(params):
    key = params.get("json") or {}
    missing = [name for name in _GCP_KEY_FIELDS if not key.get(name)]
    # The sentence names fields, never values: Ansible masks every string of a no_log dict anyway.
    if missing:
        return [f"json must be the key file of a Google service account; this one has no {', '.join(missing)}."]
    if key["type"] != "service_account":
        return [
            "json must be the key file of a Google service account; this one's type field names another kind of key."
        ]
    return []


AWS_ACCOUNT = Setting(
    name="aws_account",
    title="AWS cloud provider credentials",
    path="/v1/system/config/aws/account",
    fields=(
        Field("access_key", "spec.accessKey", required=True, strip=True),
        Field("secret_key", "spec.secretKey", required=True, secret=True),
    ),
    check=aws_key_problems,
)

AZURE_ACCOUNT = Setting(
    name="azure_account",
    title="Azure cloud provider credentials",
    path="/v1/system/config/azure/account",
    fields=(
        Field("client_id", "spec.clientId", required=True, strip=True),
        Field("client_secret", "spec.clientSecret", required=True, secret=True),
        Field("tenant_id", "spec.tenantId", required=True, strip=True),
        Field("subscription_id", "spec.subscriptionId", required=True, strip=True),
    ),
    check=_azure_problems,
)

# The key file is a JSON object that the API carries as a string; all of it is secret.
GCP_ACCOUNT = Setting(
    name="gcp_account",
    title="GCP cloud provider credentials",
    path="/v1/system/config/gcp/account",
    fields=(Field("json", "spec.json", type="json", required=True, secret=True),),
    check=_gcp_problems,
)

CLOUD_CREDENTIALS = SettingGroup("cloud_credentials", {"aws": AWS_ACCOUNT, "azure": AZURE_ACCOUNT, "gcp": GCP_ACCOUNT})
