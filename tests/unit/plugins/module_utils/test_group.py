"""SettingGroup (_group): settings that one console page shows together and Palette keeps apart, on
the cloud credentials and on a throwaway group with a setting Palette validates. Only the members
given are read, planned and written, in the group's order; a failed write names the members applied;
describe() names a member's secrets under it."""

from __future__ import annotations

import pytest

from ansible_collections.palette.selfhosted.plugins.module_utils._document import ConsoleDocument
from ansible_collections.palette.selfhosted.plugins.module_utils._engine import Field, Setting
from ansible_collections.palette.selfhosted.plugins.module_utils._group import SettingGroup
from ansible_collections.palette.selfhosted.plugins.module_utils._resource import Failed, Run, run_one
from ansible_collections.palette.selfhosted.plugins.module_utils._settings.cloud_credentials import (
    AWS_ACCOUNT,
    AZURE_ACCOUNT,
    CLOUD_CREDENTIALS,
    GCP_ACCOUNT,
)
from ansible_collections.palette.selfhosted.plugins.module_utils._transport import PaletteApiError, PaletteClient
from fake_palette import AUDIT_UID, TOKEN, fixture, get, put, validate

AWS, AZURE, GCP = fixture("aws_account"), fixture("azure_account"), fixture("gcp_account")
MASKED_AWS = {"spec": {**AWS["payload"]["spec"], "secretKey": "********"}}
MASKED_GCP = {"spec": {"json": "********"}}

# A throwaway group: a lamp that Palette validates and that advises, and a door that it cannot validate.
LAMP = Setting(
    name="lamp",
    title="lamp",
    path="/v1/system/lamp",
    fields=(Field("colour", "spec.colour", required=True), Field("key", "spec.key", secret=True)),
    validate_path="/v1/system/lamp/validate",
    validate_method="POST",
    check=lambda params: ["colour must not be blue."] if params.get("colour") == "blue" else [],
    advice=lambda values: ["a red lamp is hard to read by."] if values["colour"] == "red" else [],
)
DOOR = Setting(name="door", title="door", path="/v1/system/door", fields=(Field("label", "label"),))
HOUSE = SettingGroup("house", {"lamp": LAMP, "door": DOOR})


def a_run(palette, **options):
    return Run(PaletteClient(palette.base_url, token=TOKEN, retries=0), **options)


def member(setting, data, **changes):
    """A member's options as the module hands them over: every option, the defaults filled in."""
    spec = setting.argument_spec()
    return {**{name: option.get("default") for name, option in spec.items()}, **data["params"], **changes}


def given(group=CLOUD_CREDENTIALS, **members):
    """The group's options: the members given, the others None (left out)."""
    return {option: members.get(option) for option in group.members}


AWS_PARAMS, AZURE_PARAMS, GCP_PARAMS = member(AWS_ACCOUNT, AWS), member(AZURE_ACCOUNT, AZURE), member(GCP_ACCOUNT, GCP)


class TestOptions:
    def test_each_member_is_a_dict_of_its_settings_options(self):
        spec = CLOUD_CREDENTIALS.argument_spec()
        assert list(spec) == ["aws", "azure", "gcp"]
        assert spec["aws"] == {"type": "dict", "options": AWS_ACCOUNT.argument_spec()}
        assert spec["gcp"]["options"]["json"] == {"type": "dict", "no_log": True, "required": True}
        assert spec["azure"]["options"]["client_secret"]["no_log"] is True
        assert spec["azure"]["options"]["client_id"]["no_log"] is False

    def test_at_least_one_member(self):
        assert CLOUD_CREDENTIALS.option_rules() == {"required_one_of": [["aws", "azure", "gcp"]]}

    def test_its_section_of_the_console_document_carries_the_rule(self):
        assert CLOUD_CREDENTIALS.section_spec() == {
            "type": "dict",
            "options": CLOUD_CREDENTIALS.argument_spec(),
            "required_one_of": [["aws", "azure", "gcp"]],
        }


class TestCheck:
    def test_sentences_are_qualified_by_member(self):
        params = given(
            aws={**AWS_PARAMS, "access_key": "  "},
            azure={**AZURE_PARAMS, "tenant_id": "contoso"},
            gcp={**GCP_PARAMS, "json": {"type": "authorized_user"}},
        )
        problems = CLOUD_CREDENTIALS.check(params)
        assert problems[0] == "aws.access_key must not be empty."
        assert problems[1].startswith("azure.tenant_id must be a UUID")
        assert problems[2].startswith("gcp.json must be the key file of a Google service account")
        assert len(problems) == 3

    def test_a_member_left_out_is_not_checked(self):
        assert CLOUD_CREDENTIALS.check(given(aws=AWS_PARAMS)) == []

    def test_in_the_console_document_under_the_section_and_the_member(self):
        document = ConsoleDocument((CLOUD_CREDENTIALS,))
        problems = document.check({"cloud_credentials": given(azure={**AZURE_PARAMS, "client_id": "x"})})
        assert len(problems) == 1
        assert problems[0].startswith("cloud_credentials.azure.client_id must be a UUID")

    def test_warnings_are_named_by_member(self):
        params = given(HOUSE, lamp={"colour": "red", "key": None}, door={"label": "front"})
        assert HOUSE.warnings(params) == ["lamp: a red lamp is hard to read by."]


class TestPlan:
    def test_only_the_members_given_are_read(self, palette):
        palette.stores(AZURE_ACCOUNT, {})
        plan = CLOUD_CREDENTIALS.plan(a_run(palette), given(azure=AZURE_PARAMS))
        # An unexpected call fails the test: the AWS and GCP paths are not served at all.
        assert palette.calls == [get(AZURE_ACCOUNT)]
        assert plan.changes == ("azure",)
        assert plan.result == {
            "changed": True,
            "cloud_credentials": {"azure": AZURE_ACCOUNT.public_view(AZURE_ACCOUNT.stored({}).values)},
        }

    def test_the_diff_is_keyed_by_member_and_holds_only_those_that_change(self, palette):
        palette.stores(AWS_ACCOUNT, AWS["payload"]).stores(AZURE_ACCOUNT, {})
        plan = CLOUD_CREDENTIALS.plan(a_run(palette), given(aws=AWS_PARAMS, azure=AZURE_PARAMS))
        assert plan.changes == ("azure",)
        assert set(plan.before) == set(plan.after) == {"azure"}
        assert plan.after["azure"]["client_secret"] == "********"
        assert plan.before["azure"]["client_secret"] is None
        assert plan.after["azure"]["client_id"] == AZURE["params"]["client_id"]
        # The unchanged member is in the result all the same.
        assert plan.result["cloud_credentials"]["aws"] == AWS["public"]

    def test_nothing_to_change(self, palette):
        palette.stores(AWS_ACCOUNT, AWS["payload"]).stores(GCP_ACCOUNT, GCP["payload"])
        plan = CLOUD_CREDENTIALS.plan(a_run(palette), given(aws=AWS_PARAMS, gcp=GCP_PARAMS))
        assert (plan.changed, plan.before, plan.after) == (False, {}, {})
        assert plan.result == {"changed": False, "cloud_credentials": {"aws": AWS["public"], "gcp": {}}}

    def test_reads_after_are_those_of_the_members_that_change(self, palette):
        palette.stores(AWS_ACCOUNT, AWS["payload"]).stores(GCP_ACCOUNT, {})
        plan = CLOUD_CREDENTIALS.plan(a_run(palette), given(aws=AWS_PARAMS, gcp=GCP_PARAMS))
        assert plan.reads_after == {GCP_ACCOUNT.path: GCP["payload"]}

    def test_no_member_of_the_cloud_credentials_is_validatable(self, palette):
        palette.stores(AWS_ACCOUNT, {})
        assert CLOUD_CREDENTIALS.plan(a_run(palette), given(aws=AWS_PARAMS)).validatable is False


class TestApply:
    def test_the_members_are_written_in_the_groups_order_each_read_back(self, palette):
        palette.stores(AWS_ACCOUNT, {}, then=AWS["payload"]).stores(GCP_ACCOUNT, {}, then=MASKED_GCP)
        result = run_one(CLOUD_CREDENTIALS, a_run(palette, diff=True), {"gcp": GCP_PARAMS, "aws": AWS_PARAMS})
        assert palette.calls == [
            get(AWS_ACCOUNT),
            get(GCP_ACCOUNT),
            put(AWS_ACCOUNT),
            get(AWS_ACCOUNT),
            put(GCP_ACCOUNT),
            get(GCP_ACCOUNT),
        ]
        assert palette.sent("PUT", AWS_ACCOUNT.path) == [AWS["payload"]]
        assert palette.sent("PUT", GCP_ACCOUNT.path) == [GCP["payload"]]
        assert result["changed"] is True
        assert result["cloud_credentials"] == {"aws": AWS["public"], "gcp": {}}
        assert set(result["diff"]["before"]) == {"aws", "gcp"}
        assert result["diff"]["after"]["gcp"] == {"json": "********"}

    def test_an_unchanged_member_is_not_written(self, palette):
        palette.stores(AWS_ACCOUNT, AWS["payload"]).stores(AZURE_ACCOUNT, {}, then=AZURE["payload"])
        result = run_one(CLOUD_CREDENTIALS, a_run(palette), given(aws=AWS_PARAMS, azure=AZURE_PARAMS))
        assert palette.calls == [get(AWS_ACCOUNT), get(AZURE_ACCOUNT), put(AZURE_ACCOUNT), get(AZURE_ACCOUNT)]
        assert result == {"changed": True, "cloud_credentials": {"aws": AWS["public"], "azure": AZURE["public"]}}
        assert "diff" not in result

    def test_check_mode_writes_nothing_and_shows_the_members_as_they_would_be(self, palette):
        palette.stores(AWS_ACCOUNT, {}).stores(AZURE_ACCOUNT, {})
        result = run_one(CLOUD_CREDENTIALS, a_run(palette, check_mode=True), given(aws=AWS_PARAMS, azure=AZURE_PARAMS))
        assert palette.calls == [get(AWS_ACCOUNT), get(AZURE_ACCOUNT)]
        assert result == {"changed": True, "cloud_credentials": {"aws": AWS["public"], "azure": AZURE["public"]}}

    def test_a_failing_second_member_names_the_first_as_applied(self, palette):
        palette.stores(AWS_ACCOUNT, {}, then=AWS["payload"]).stores(AZURE_ACCOUNT, {}).stores(GCP_ACCOUNT, {})
        palette.answer("PUT", AZURE_ACCOUNT.path, status=400, json={"code": "InvalidRequest", "message": "no"})
        with pytest.raises(Failed) as caught:
            run_one(CLOUD_CREDENTIALS, a_run(palette), given(aws=AWS_PARAMS, azure=AZURE_PARAMS, gcp=GCP_PARAMS))
        failed = caught.value
        assert failed.sentence == "Applied aws; then azure failed:"
        assert failed.message(str).startswith("Applied aws; then azure failed: Palette at ")
        assert isinstance(failed.error, PaletteApiError)
        assert failed.result["changed"] is True
        assert failed.result["cloud_credentials"]["aws"] == AWS["public"]
        # The member after the failed one is not written.
        assert put(GCP_ACCOUNT) not in palette.calls
        assert palette.calls[-1] == put(AZURE_ACCOUNT)

    def test_a_failing_first_write_applied_nothing(self, palette):
        palette.stores(AWS_ACCOUNT, {}).stores(AZURE_ACCOUNT, {})
        palette.answer("PUT", AWS_ACCOUNT.path, status=400, json={"code": "InvalidRequest", "message": "no"})
        with pytest.raises(Failed) as caught:
            run_one(CLOUD_CREDENTIALS, a_run(palette), given(aws=AWS_PARAMS, azure=AZURE_PARAMS))
        assert caught.value.sentence == "aws failed:"
        assert caught.value.result["changed"] is False
        assert put(AZURE_ACCOUNT) not in palette.calls

    def test_a_first_member_palette_saved_but_did_not_keep_changed_the_console(self, palette):
        # The access key reads back as another one: the write happened, so the run changed the console.
        other = {"spec": {"accessKey": "AKIAOTHER00000000000", "secretKey": "********"}}
        palette.stores(AWS_ACCOUNT, {}, then=other)
        with pytest.raises(Failed) as caught:
            run_one(CLOUD_CREDENTIALS, a_run(palette), given(aws=AWS_PARAMS))
        failed = caught.value
        assert failed.message(str).startswith(
            "aws failed: Palette saved the AWS cloud provider credentials but did not keep access_key"
        )
        assert failed.result["changed"] is True


class TestValidate:
    def test_only_the_members_that_change_and_can_be_validated(self, palette):
        palette.stores(LAMP, {}).stores(DOOR, {})
        run = a_run(palette)
        plan = HOUSE.plan(run, given(HOUSE, lamp={"colour": "green", "key": "k-1"}, door={"label": "front"}))
        assert plan.validatable is True
        HOUSE.validate(run, plan)
        assert palette.calls == [get(LAMP), get(DOOR), validate(LAMP)]
        assert palette.sent("POST", LAMP.validate_path) == [{"spec": {"colour": "green", "key": "k-1"}}]
        (_option, lamp_plan), _door = plan.state
        assert (lamp_plan.result["validated"], lamp_plan.result["audit_uid"]) == (True, AUDIT_UID)

    def test_an_unchanged_validatable_member_is_not_validated(self, palette):
        palette.stores(LAMP, {"spec": {"colour": "green"}}).stores(DOOR, {})
        run = a_run(palette)
        plan = HOUSE.plan(run, given(HOUSE, lamp={"colour": "green", "key": None}, door={"label": "front"}))
        assert plan.changes == ("door",)
        assert plan.validatable is False
        HOUSE.validate(run, plan)
        assert validate(LAMP) not in palette.calls

    def test_validate_false_on_a_member(self, palette):
        palette.stores(LAMP, {})
        params = given(HOUSE, lamp={"colour": "green", "key": None, "validate": False})
        assert HOUSE.plan(a_run(palette), params).validatable is False


class TestDescribe:
    def test_every_member_palette_holds_with_their_secrets_left_out_by_member(self, palette):
        palette.stores(AWS_ACCOUNT, MASKED_AWS).stores(AZURE_ACCOUNT, {}).stores(GCP_ACCOUNT, MASKED_GCP)
        section, left_out = CLOUD_CREDENTIALS.describe(a_run(palette))
        assert section == {"aws": AWS["public"], "gcp": {}}
        assert left_out == ("aws.secret_key", "gcp.json")
        assert palette.calls == [get(AWS_ACCOUNT), get(AZURE_ACCOUNT), get(GCP_ACCOUNT)]

    def test_nothing_stored(self, palette):
        palette.stores(AWS_ACCOUNT, {}).stores(AZURE_ACCOUNT, {}).stores(GCP_ACCOUNT, {})
        assert CLOUD_CREDENTIALS.describe(a_run(palette)) == (None, ())

    def test_in_the_console_document_with_placeholders(self, palette):
        palette.stores(AWS_ACCOUNT, {}).stores(AZURE_ACCOUNT, AZURE["payload"]).stores(GCP_ACCOUNT, {})
        document = ConsoleDocument((CLOUD_CREDENTIALS,))
        config, left_out = document.describe(a_run(palette))
        assert config == {"cloud_credentials": {"azure": AZURE["public"]}}
        assert left_out == ("cloud_credentials.azure.client_secret",)
        placeholders = document.with_placeholders(config, left_out)
        assert placeholders["cloud_credentials"]["azure"]["client_secret"] == (
            "{{ vault_cloud_credentials_azure_client_secret }}"
        )
