"""palette_aws_sts_accounts end to end through its main(): the AWS and AWS GovCloud STS accounts, each
a setting of its own, created with POST (the docs) or, on a console that answers it with 405 (the
spec), with PUT, and changed with PUT; the secret key never shown. The descriptors' rules are tested
in module_utils/_settings/test_aws_sts.py."""

from __future__ import annotations

import pytest
import yaml

from ansible_collections.palette.selfhosted.plugins.module_utils._settings.aws_sts import (
    AWS_GOV_STS,
    AWS_STS,
    AWS_STS_ACCOUNTS,
)
from ansible_collections.palette.selfhosted.plugins.modules import palette_aws_sts_accounts
from fake_palette import CONNECTION, LOGIN, fixture, get, put

MEMBERS = {"aws": AWS_STS, "aws_gov": AWS_GOV_STS}
DATA = {option: fixture(setting.name) for option, setting in MEMBERS.items()}
PARAMS = {option: data["params"] for option, data in DATA.items()}
PUBLIC = {option: data["public"] for option, data in DATA.items()}
MASKED = {option: {**data["payload"], "secretKey": "********"} for option, data in DATA.items()}
SECRETS = tuple(params["secret_key"] for params in PARAMS.values())


def post(setting):
    return f"POST {setting.path}"


def args(**members):
    return {**CONNECTION, **members}


def empty_console(palette, post_status=201):
    """Nothing stored: GET answers {} until the write, then the account (secret masked)."""
    palette.accepts_login()
    for option, setting in MEMBERS.items():
        palette.stores(setting, {}, then=MASKED[option])
        palette.api.post(palette.url(setting.path), status=post_status, json={})


def assert_no_secret_in(stdout):
    for secret in SECRETS:
        assert secret not in stdout


def test_both_accounts_are_created_with_post_on_a_console_that_follows_the_docs(palette, run_module):
    empty_console(palette)
    result = run_module(palette_aws_sts_accounts, args(**PARAMS), diff=True)
    assert result["changed"] is True
    assert result["aws_sts_accounts"] == PUBLIC
    assert palette.calls == [
        LOGIN,
        get(AWS_STS),
        get(AWS_GOV_STS),
        post(AWS_STS),
        get(AWS_STS),
        post(AWS_GOV_STS),
        get(AWS_GOV_STS),
    ]
    for option, setting in MEMBERS.items():
        assert palette.sent("POST", setting.path) == [DATA[option]["payload"]]
    assert result["diff"]["after"]["aws"]["secret_key"] == "********"
    assert result["diff"]["before"]["aws_gov"] == {"access_key": None, "secret_key": None, "account_id": None}
    assert_no_secret_in(run_module.stdout)


def test_on_a_console_that_follows_the_spec_a_405_to_the_post_gets_the_put(palette, run_module):
    empty_console(palette, post_status=405)
    result = run_module(palette_aws_sts_accounts, args(aws=PARAMS["aws"]))
    assert result["changed"] is True
    assert palette.calls == [LOGIN, get(AWS_STS), post(AWS_STS), put(AWS_STS), get(AWS_STS)]
    assert palette.sent("PUT", AWS_STS.path) == [DATA["aws"]["payload"]]
    assert "error" not in result


def test_a_stored_account_is_changed_with_put(palette, run_module):
    older = {**MASKED["aws"], "accountId": "999999999999"}
    palette.accepts_login().stores(AWS_STS, older, then=MASKED["aws"])
    result = run_module(palette_aws_sts_accounts, args(aws=PARAMS["aws"]), diff=True)
    assert result["changed"] is True
    assert palette.calls == [LOGIN, get(AWS_STS), put(AWS_STS), get(AWS_STS)]
    assert result["diff"] == {
        "before": {
            "aws": {"access_key": PARAMS["aws"]["access_key"], "secret_key": "********", "account_id": "999999999999"}
        },
        "after": {"aws": {**PARAMS["aws"], "secret_key": "********"}},
    }
    assert_no_secret_in(run_module.stdout)


def test_a_second_run_with_plain_read_back_is_no_change(palette, run_module):
    palette.accepts_login()
    for option, setting in MEMBERS.items():
        palette.stores(setting, DATA[option]["payload"])
    result = run_module(palette_aws_sts_accounts, args(**PARAMS), diff=True)
    assert result["changed"] is False
    assert "diff" not in result
    assert result["aws_sts_accounts"] == PUBLIC
    assert palette.calls == [LOGIN, get(AWS_STS), get(AWS_GOV_STS)]
    assert_no_secret_in(run_module.stdout)


def test_only_the_member_given_is_read(palette, run_module):
    palette.accepts_login().stores(AWS_GOV_STS, MASKED["aws_gov"])
    result = run_module(palette_aws_sts_accounts, args(aws_gov=PARAMS["aws_gov"]))
    assert result["changed"] is False
    assert result["aws_sts_accounts"] == {"aws_gov": PUBLIC["aws_gov"]}
    assert palette.calls == [LOGIN, get(AWS_GOV_STS)]


def test_check_mode_neither_posts_nor_puts(palette, run_module):
    empty_console(palette)
    result = run_module(palette_aws_sts_accounts, args(**PARAMS), check_mode=True, diff=True)
    assert result["changed"] is True
    assert result["aws_sts_accounts"] == PUBLIC
    assert palette.calls == [LOGIN, get(AWS_STS), get(AWS_GOV_STS)]
    assert_no_secret_in(run_module.stdout)


def test_update_secret_key_always_sends_a_masked_key(palette, run_module):
    palette.accepts_login().stores(AWS_STS, MASKED["aws"], then=MASKED["aws"])
    assert run_module(palette_aws_sts_accounts, args(aws=PARAMS["aws"]))["changed"] is False
    rotated = run_module(palette_aws_sts_accounts, args(aws={**PARAMS["aws"], "update_secret_key": "always"}))
    assert rotated["changed"] is True
    assert palette.sent("PUT", AWS_STS.path) == [DATA["aws"]["payload"]]
    assert palette.sent("POST", AWS_STS.path) == []


def test_a_refused_post_fails_with_palettes_answer_and_the_gov_account_is_not_written(palette, run_module):
    empty_console(palette)
    palette.answer("POST", AWS_STS.path, status=409, json={"code": "Conflict", "message": "already there"})
    result = run_module(palette_aws_sts_accounts, args(**PARAMS))
    assert result["failed"] is True
    assert result["msg"].startswith("aws failed: Palette at ")
    assert result["changed"] is False
    assert result["error"]["status"] == 409
    assert post(AWS_GOV_STS) not in palette.calls
    assert_no_secret_in(run_module.stdout)


@pytest.mark.parametrize(
    ("members", "problem"),
    [
        (
            {"aws": {**PARAMS["aws"], "account_id": "1234-5678-9012"}},
            "Invalid options: aws.account_id must be the 12 digits of an AWS account ID.",
        ),
        (
            {"aws_gov": {**PARAMS["aws_gov"], "access_key": ""}},
            "Invalid options: aws_gov.access_key must not be empty.",
        ),
    ],
)
def test_bad_input_fails_before_any_call(palette, run_module, members, problem):
    result = run_module(palette_aws_sts_accounts, args(**members))
    assert result["failed"] is True
    assert result["msg"] == problem
    assert palette.calls == []


def test_no_member_fails_before_any_call(palette, run_module):
    result = run_module(palette_aws_sts_accounts, args())
    assert result["failed"] is True
    assert "one of the following is required: aws, aws_gov" in result["msg"]
    assert palette.calls == []


def test_the_connection_still_needs_credentials_or_a_token(palette, run_module):
    result = run_module(palette_aws_sts_accounts, {"host": CONNECTION["host"], "aws": PARAMS["aws"]})
    assert result["failed"] is True
    assert "one of the following is required: auth_token, auth_username" in result["msg"]
    assert palette.calls == []


def test_the_documentation_has_every_option_the_module_takes():
    documented = yaml.safe_load(palette_aws_sts_accounts.DOCUMENTATION)["options"]
    assert_documented(documented, AWS_STS_ACCOUNTS.argument_spec())


def assert_documented(documented, spec):
    """Every option and suboption documented, with its type, required, default and choices."""
    assert set(documented) == set(spec)
    for name, option in spec.items():
        doc = documented[name]
        assert doc["type"] == option["type"], name
        assert doc.get("required", False) == option.get("required", False), name
        assert doc.get("default") == option.get("default"), name
        assert doc.get("choices") == option.get("choices"), name
        if option.get("no_log"):
            assert "Never shown" in " ".join(doc["description"]), name
        if "options" in option:
            assert_documented(doc["suboptions"], option["options"])
