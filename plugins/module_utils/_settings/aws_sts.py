# Copyright (c) palette.selfhosted contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The AWS account through which Palette assumes its tenants' IAM roles (STS), on AWS and on
AWS GovCloud: v1SystemAwsStsAccount, a flat ``{accessKey, secretKey, accountId}``.

FOR INTERNAL COLLECTION USE ONLY: no compatibility promise outside palette.selfhosted.
NOTES: the docs (Enable Adding AWS Accounts Using STS) create the account with POST and change it
with PUT; the spec lists only GET and PUT for AWS (GET, POST and PUT for GovCloud). The setting
creates with POST and, on a console that answers it with 405, with PUT, so it works against both.
The lab's simulator follows the docs unless told to follow the spec (its sts_create_method).
Until an account is stored, Palette greys out STS when tenants add AWS accounts.
"""

from __future__ import annotations

import re

from ansible_collections.palette.selfhosted.plugins.module_utils._engine import Field, Setting
from ansible_collections.palette.selfhosted.plugins.module_utils._group import SettingGroup
from ansible_collections.palette.selfhosted.plugins.module_utils._settings.cloud_credentials import aws_key_problems

_ACCOUNT_ID = re.compile(r"^[0-9]{12}$")


def _problems(params):
    problems = aws_key_problems(params)
    if params.get("account_id") is not None and not _ACCOUNT_ID.match(params["account_id"].strip()):
        problems.append("account_id must be the 12 digits of an AWS account ID.")
    return problems


def _sts_account(name, partition, path):
    return Setting(
        name=name,
        title=f"{partition} STS account",
        path=path,
        fields=(
            Field("access_key", "accessKey", required=True, strip=True),
            Field("secret_key", "secretKey", required=True, secret=True),
            Field("account_id", "accountId", required=True, strip=True),
        ),
        check=_problems,
        create_method="POST",
    )


AWS_STS = _sts_account("aws_sts", "AWS", "/v1/system/config/aws/sts/account")
AWS_GOV_STS = _sts_account("aws_gov_sts", "AWS GovCloud", "/v1/system/config/awsgov/sts/account")
AWS_STS_ACCOUNTS = SettingGroup("aws_sts_accounts", {"aws": AWS_STS, "aws_gov": AWS_GOV_STS})
