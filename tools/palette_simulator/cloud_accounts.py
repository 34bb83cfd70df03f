"""The credentials Palette pulls Spectro Cloud's provider images with (System Console > Cloud Provider
Configuration): GET and PUT /v1/system/config/{aws,azure,gcp}/account with v1SystemAwsAccount,
v1SystemAzureAccount and v1SystemGcpAccount, each a ``{spec: {...}}`` body, served by the
console's generic schema code.

Documented (the docs page Modify Cloud Provider Configuration, which matches the spec): the paths,
the bodies and the PUT. Palette has no validate call for them. Inferred: that GET reads back what
was stored ("the response contains the payload you configured"); the secret (AWS secretKey, Azure
clientSecret, the GCP key file) reads back as the console's secret_readback says.
"""

from __future__ import annotations

from palette_simulator.schema import SettingSchema

AWS_ACCOUNT = SettingSchema(
    name="aws_account",
    definition="v1SystemAwsAccount",
    path="/v1/system/config/aws/account",
    fields={"spec": {"accessKey": str, "secretKey": str}},
    secrets=("spec.secretKey",),
)

AZURE_ACCOUNT = SettingSchema(
    name="azure_account",
    definition="v1SystemAzureAccount",
    path="/v1/system/config/azure/account",
    fields={"spec": {"clientId": str, "clientSecret": str, "tenantId": str, "subscriptionId": str}},
    secrets=("spec.clientSecret",),
)

GCP_ACCOUNT = SettingSchema(
    name="gcp_account",
    definition="v1SystemGcpAccount",
    path="/v1/system/config/gcp/account",
    # The service account's key file, as its JSON text.
    fields={"spec": {"json": str}},
    secrets=("spec.json",),
)
