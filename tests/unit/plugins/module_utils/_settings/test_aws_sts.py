"""What only the STS accounts have: a 12-digit account ID, a flat body, and their creation: POST (the
docs) while nothing is stored, PUT once one is, and PUT when a console answers the POST with 405 (as
one that follows the spec, which lists only PUT for AWS, does)."""

from __future__ import annotations

import pytest

from ansible_collections.palette.selfhosted.plugins.module_utils._resource import Failed, Run, run_one
from ansible_collections.palette.selfhosted.plugins.module_utils._settings.aws_sts import (
    AWS_GOV_STS,
    AWS_STS,
    AWS_STS_ACCOUNTS,
)
from ansible_collections.palette.selfhosted.plugins.module_utils._transport import PaletteApiError, PaletteClient
from fake_palette import TOKEN, fixture, get, put

ACCOUNTS = (AWS_STS, AWS_GOV_STS)
DATA = {setting.name: fixture(setting.name) for setting in ACCOUNTS}
PARAMS = DATA["aws_sts"]["params"]
PAYLOAD = DATA["aws_sts"]["payload"]
MASKED = {**PAYLOAD, "secretKey": "********"}


def post(setting):
    return f"POST {setting.path}"


def a_run(palette, **options):
    return Run(PaletteClient(palette.base_url, token=TOKEN, retries=0), **options)


def apply(palette, setting=AWS_STS, params=PARAMS, **options):
    return run_one(setting, a_run(palette, **options), params)


def test_the_group_and_its_paths():
    assert AWS_STS_ACCOUNTS.members == {"aws": AWS_STS, "aws_gov": AWS_GOV_STS}
    assert AWS_STS.path == "/v1/system/config/aws/sts/account"
    assert AWS_GOV_STS.path == "/v1/system/config/awsgov/sts/account"
    assert (AWS_STS.create_method, AWS_GOV_STS.create_method) == ("POST", "POST")
    assert AWS_STS.validate_path is AWS_GOV_STS.validate_path is None


@pytest.mark.parametrize("setting", ACCOUNTS, ids=lambda setting: setting.name)
def test_accepted(setting):
    assert setting.check(DATA[setting.name]["params"]) == []


def test_an_account_id_with_white_space_around_it():
    assert AWS_STS.check({**PARAMS, "account_id": " 123456789012\n"}) == []
    assert AWS_STS.desired({**PARAMS, "account_id": " 123456789012\n"})["account_id"] == "123456789012"


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"account_id": "12345678901"}, "account_id must be the 12 digits of an AWS account ID."),
        ({"account_id": "1234567890123"}, "account_id must be the 12 digits of an AWS account ID."),
        ({"account_id": "1234-5678-9012"}, "account_id must be the 12 digits of an AWS account ID."),
        ({"account_id": "arn:aws:iam::123456789012:root"}, "account_id must be the 12 digits of an AWS account ID."),
        ({"account_id": ""}, "account_id must be the 12 digits of an AWS account ID."),
        ({"access_key": ""}, "access_key must not be empty."),
        ({"access_key": "AKIA\r\nX"}, "access_key must not contain control characters such as CR or LF."),
        ({"secret_key": ""}, "secret_key must not be empty."),
    ],
)
def test_refused_before_any_call(change, problem):
    assert AWS_STS.check({**PARAMS, **change}) == [problem]


def test_the_body_is_flat():
    assert AWS_STS.to_api(AWS_STS.desired(PARAMS)) == PAYLOAD


class TestCreation:
    def test_post_on_a_console_that_holds_none(self, palette):
        palette.api.get(palette.url(AWS_STS.path), json={})
        palette.api.post(palette.url(AWS_STS.path), status=201)
        palette.api.get(palette.url(AWS_STS.path), json=PAYLOAD)
        result = apply(palette)
        assert palette.calls == [get(AWS_STS), post(AWS_STS), get(AWS_STS)]
        assert palette.sent("POST", AWS_STS.path) == [PAYLOAD]
        assert result == {"changed": True, "aws_sts": DATA["aws_sts"]["public"]}

    def test_put_when_one_is_stored(self, palette):
        older = {**MASKED, "accessKey": "AKIAOLDER00000000000"}
        palette.stores(AWS_STS, older, then=MASKED)
        apply(palette)
        assert palette.calls == [get(AWS_STS), put(AWS_STS), get(AWS_STS)]
        assert palette.sent("PUT", AWS_STS.path) == [PAYLOAD]

    def test_put_when_only_its_secret_is_stored(self, palette):
        palette.stores(AWS_STS, {"secretKey": "********"}, then=MASKED)
        apply(palette)
        assert palette.calls == [get(AWS_STS), put(AWS_STS), get(AWS_STS)]

    def test_put_after_a_405_to_the_post(self, palette):
        # A console that follows the spec: no POST for the AWS account.
        palette.stores(AWS_STS, {}, then=MASKED)
        palette.api.post(palette.url(AWS_STS.path), status=405, json={"code": "MethodNotAllowed", "message": "no"})
        result = apply(palette)
        assert palette.calls == [get(AWS_STS), post(AWS_STS), put(AWS_STS), get(AWS_STS)]
        assert palette.sent("POST", AWS_STS.path) == palette.sent("PUT", AWS_STS.path) == [PAYLOAD]
        assert result["changed"] is True

    def test_another_refusal_of_the_post_fails_without_a_put(self, palette):
        palette.stores(AWS_STS, {})
        palette.api.post(palette.url(AWS_STS.path), status=409, json={"code": "Conflict", "message": "exists"})
        with pytest.raises(PaletteApiError) as caught:
            apply(palette)
        assert caught.value.status == 409
        assert put(AWS_STS) not in palette.calls

    def test_the_govcloud_account_at_its_own_path(self, palette):
        gov = DATA["aws_gov_sts"]
        palette.api.get(palette.url(AWS_GOV_STS.path), json={})
        palette.api.post(palette.url(AWS_GOV_STS.path), status=201)
        palette.api.get(palette.url(AWS_GOV_STS.path), json=gov["payload"])
        result = apply(palette, AWS_GOV_STS, gov["params"])
        assert palette.calls == [get(AWS_GOV_STS), post(AWS_GOV_STS), get(AWS_GOV_STS)]
        assert result["aws_gov_sts"] == gov["public"]

    def test_check_mode_neither_posts_nor_puts(self, palette):
        palette.stores(AWS_STS, {})
        result = apply(palette, check_mode=True)
        assert palette.calls == [get(AWS_STS)]
        assert result == {"changed": True, "aws_sts": DATA["aws_sts"]["public"]}

    def test_the_same_account_is_no_change(self, palette):
        palette.stores(AWS_STS, MASKED)
        assert apply(palette) == {"changed": False, "aws_sts": DATA["aws_sts"]["public"]}
        assert palette.calls == [get(AWS_STS)]

    def test_an_account_palette_did_not_keep_fails(self, palette):
        palette.api.get(palette.url(AWS_STS.path), json={})
        palette.api.post(palette.url(AWS_STS.path), status=201)
        palette.api.get(palette.url(AWS_STS.path), json={**MASKED, "accountId": "000000000000"})
        with pytest.raises(Failed) as caught:
            apply(palette)
        assert caught.value.sentence.startswith(
            "Palette saved the AWS STS account but did not keep account_id (sent '123456789012', reads back "
            "'000000000000')"
        )
