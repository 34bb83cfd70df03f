"""The AWS accounts through which Palette assumes its tenants' IAM roles (the docs page Enable Adding
AWS Accounts Using STS): /v1/system/config/aws/sts/account and, for AWS GovCloud,
/v1/system/config/awsgov/sts/account, each a flat v1SystemAwsStsAccount {accessKey, secretKey,
accountId}. GET is the console's generic one ({} while nothing is stored; secretKey as its
secret_readback says: the docs' "the response contains the payload you configured" may mean in
clear, inferred).

Documented: the paths, the body, POST to create and PUT to modify. The spec disagrees: GET and PUT
only for AWS, GET, POST and PUT for GovCloud. The console's ``sts_create_method`` picks one:
"POST" (the docs): POST stores when nothing is stored and answers 409 otherwise, PUT answers 404
while nothing is stored; "PUT" (the spec): PUT always stores and the AWS path has no POST (405, as
any method the console does not route), while GovCloud keeps its create-only POST. The 409 and 404
codes are inferred.
"""

from __future__ import annotations

from palette_simulator.replies import error
from palette_simulator.schema import SettingSchema

# What the console's sts_create_method may be: the docs' way, or the spec's.
CREATE_METHODS = ("POST", "PUT")


def _sts_account(name, path):
    return SettingSchema(
        name=name,
        definition="v1SystemAwsStsAccount",
        path=path,
        fields={"accessKey": str, "secretKey": str, "accountId": str},
        secrets=("secretKey",),
    )


AWS_STS = _sts_account("aws_sts", "/v1/system/config/aws/sts/account")
AWS_GOV_STS = _sts_account("aws_gov_sts", "/v1/system/config/awsgov/sts/account")
# The STS accounts whose POST the spec lists too.
POST_IN_SPEC = (AWS_GOV_STS.name,)


def routes(console):
    """(method, path) -> handler(body) for the STS accounts among the console's schemas: their POST,
    and their PUT in place of the generic one."""
    calls = {}
    for schema in _served(console):
        calls[("POST", schema.path)] = lambda body, schema=schema: _create(console, schema, body)
        calls[("PUT", schema.path)] = lambda body, schema=schema: _modify(console, schema, body)
    return calls


def withdrawn(console):
    """The routes above that the console does not serve under its settings: following the spec, the
    AWS account has no POST."""
    if console.settings["sts_create_method"] == "POST":
        return set()
    return {("POST", schema.path) for schema in _served(console) if schema.name not in POST_IN_SPEC}


def _served(console):
    return [schema for schema in console.schemas.values() if schema.name in (AWS_STS.name, AWS_GOV_STS.name)]


def _create(console, schema, body):
    return console.save(schema, body, refuse=lambda stored: _already_stored(schema) if stored else None)


def _modify(console, schema, body):
    if console.settings["sts_create_method"] == "PUT":
        return console.save(schema, body)
    return console.save(schema, body, refuse=lambda stored: None if stored else _not_stored(schema))


def _already_stored(schema):
    return error(409, "StsAccountAlreadyExists", f"an STS account is already configured at {schema.path}: use PUT")


def _not_stored(schema):
    return error(404, "ResourceNotFound", f"no STS account is configured at {schema.path}: create it with POST")
