"""The generic setting engine, on the SMTP descriptor and on throwaway ones, as a resource kind
(plan, validate, apply, describe, info) and as the backup's storage choice; the properties run over
every registered setting."""

from __future__ import annotations

import dataclasses
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ansible_collections.palette.selfhosted.plugins.module_utils import _engine, _transport
from ansible_collections.palette.selfhosted.plugins.module_utils._engine import Field, Setting
from ansible_collections.palette.selfhosted.plugins.module_utils._resource import Failed, Run, run_one
from ansible_collections.palette.selfhosted.plugins.module_utils._settings.backup import BACKUP, BACKUP_FTP, BACKUP_S3
from ansible_collections.palette.selfhosted.plugins.module_utils._settings.login_banner import LOGIN_BANNER
from ansible_collections.palette.selfhosted.plugins.module_utils._settings.registry import SETTINGS
from ansible_collections.palette.selfhosted.plugins.module_utils._settings.smtp import SMTP
from ansible_collections.palette.selfhosted.plugins.module_utils._transport import PaletteApiError, PaletteClient
from fake_palette import AUDIT_UID, TOKEN, fixture, get, put, validate

SMTP_DATA = fixture("smtp")
PARAMS = SMTP_DATA["params"]
PASSWORD = PARAMS["password"]
DESIRED = SMTP.desired(PARAMS)
S3_DATA, FTP_DATA = fixture("backup_s3"), fixture("backup_ftp")
ON_CHANGE = {"password": "on_change"}
# A setting without validation, with a field that is sent but never compared.
NOTE = Setting(
    name="note",
    title="note",
    path="/v1/system/note",
    fields=(Field("text", "text"), Field("nonce", "nonce", compared=False)),
)

# A setting whose writes always carry a field no option sets, and one that Palette creates with POST.
SCOPED = Setting(
    name="scoped",
    title="scoped lamp",
    path="/v1/system/scoped",
    fields=(Field("colour", "spec.colour"),),
    fixed={"metadata.scope": "system"},
)
CREATED = Setting(
    name="created",
    title="created lamp",
    path="/v1/system/created",
    fields=(Field("colour", "colour"), Field("key", "key", secret=True)),
    create_method="POST",
)
# A setting that holds only a secret (as a GCP account does), and one whose path names an object.
KEYRING = Setting(
    name="keyring", title="keyring", path="/v1/system/keyring", fields=(Field("key", "key", secret=True),)
)
ITEM = Setting(name="item", title="item", path="/v1/system/items/{uid}", fields=(Field("colour", "colour"),))


def readback(payload, mode):
    """What GET returns for a stored payload, in each undocumented read-back mode of its secrets."""
    shown = {key: value for key, value in payload.items() if value not in ("", 0, False, None)}  # omitempty
    for secret in ("password",):
        if mode == "masked" and shown.get(secret):
            shown[secret] = "********"
        elif mode == "empty" and secret in payload:
            shown[secret] = ""
        elif mode == "absent":
            shown.pop(secret, None)
    return shown


class TestField:
    @pytest.mark.parametrize(
        ("field", "param", "value"),
        [
            (Field("a", "A"), "", None),
            (Field("a", "A"), " x ", " x "),
            (Field("a", "A", strip=True), " x\t", "x"),
            (Field("a", "A", strip=True), "  ", None),
            (Field("a", "A", type="int"), 0, 0),
            (Field("a", "A", type="bool"), None, False),
        ],
    )
    def test_from_param(self, field, param, value):
        assert field.from_param(param) == value

    @pytest.mark.parametrize(
        ("field", "payload", "value"),
        [
            (Field("a", "A"), {}, None),
            (Field("a", "A"), {"A": ""}, None),
            (Field("a", "A"), {"A": 5}, None),
            (Field("a", "A", type="int"), {"A": 0}, None),
            (Field("a", "A", type="int"), {"A": True}, None),
            (Field("a", "A", type="int"), {"A": "25"}, None),
            (Field("a", "A", type="int"), {"A": 25}, 25),
            (Field("a", "A", type="bool"), {}, False),
        ],
    )
    def test_from_api_reads_what_omitempty_left_out_as_unset(self, field, payload, value):
        assert field.from_api(payload) == value

    @pytest.mark.parametrize(("kind", "zero"), [("str", ""), ("int", 0), ("bool", False), ("json", "")])
    def test_unset_goes_as_the_zero_value(self, kind, zero):
        assert Field("a", "A", type=kind).to_api(None) == zero


class TestJsonField:
    FIELD = Field("config", "config", type="json")

    def test_the_option_is_a_dict(self):
        assert self.FIELD.option_type == "dict"

    def test_compared_as_data_not_as_text(self):
        stored = self.FIELD.from_api({"config": '{ "b": [1, 2],\n  "a": "x" }'})
        assert stored == self.FIELD.from_param({"a": "x", "b": [1, 2]})

    def test_sent_as_a_compact_string_with_sorted_keys(self):
        assert self.FIELD.to_api({"b": 1, "a": {"d": True, "c": None}}) == '{"a":{"c":null,"d":true},"b":1}'

    @pytest.mark.parametrize(("text", "value"), [("", None), ("{}", None), ("[1]", "[1]"), ("{oops", "{oops")])
    def test_a_stored_string_that_is_no_object_differs_from_any_desired_one(self, text, value):
        assert self.FIELD.from_api({"config": text}) == value

    @pytest.mark.parametrize("param", [None, {}])
    def test_an_empty_object_is_unset(self, param):
        assert self.FIELD.from_param(param) is None


class TestApiValues:
    """An option's words for a choice, when Palette's own differ (a system account's role)."""

    FIELD = Field(
        "role", "spec.adminType", choices=("operations_admin",), api_values={"operations_admin": "OperationAdmin"}
    )

    def test_sent_as_palettes_word(self):
        assert self.FIELD.to_api(self.FIELD.from_param("operations_admin")) == "OperationAdmin"

    def test_read_back_as_the_options_word(self):
        assert self.FIELD.from_api({"spec": {"adminType": "OperationAdmin"}}) == "operations_admin"

    def test_a_word_the_collection_does_not_know_stays_as_palette_wrote_it(self):
        assert self.FIELD.from_api({"spec": {"adminType": "RootAdmin"}}) == "RootAdmin"

    def test_unset_is_unset(self):
        assert self.FIELD.from_api({"spec": {}}) is None
        assert self.FIELD.to_api(None) == ""


@pytest.mark.parametrize(
    ("value", "mode"),
    [
        ("s3cret", "plain"),
        ("pass*word", "plain"),
        ("********", "masked"),
        ("*", "masked"),
        ('{"type": "service_account", "private_key": "********"}', "masked"),
        ({"private_key": "********"}, "masked"),
        ({"private_key": "-----BEGIN PRIVATE KEY-----"}, "plain"),
        ("", "empty"),
        ({}, "empty"),
        (None, "absent"),
    ],
)
def test_readback_mode(value, mode):
    assert _engine.readback_mode(value) == mode


class TestMapping:
    def test_every_field_is_sent(self):
        assert SMTP.to_api(DESIRED) == SMTP_DATA["payload"]

    def test_unset_credentials_are_sent_empty_to_clear_stored_ones(self):
        payload = SMTP.to_api(SMTP.desired(SMTP_DATA["anonymous_params"]))
        assert (payload["userName"], payload["password"]) == ("", "")

    def test_never_configured(self):
        stored = SMTP.stored({})
        assert not SMTP.is_configured(stored)
        assert set(stored.values.values()) == {None, False}
        assert stored.readbacks == {"password": "absent"}

    @pytest.mark.parametrize(
        ("setting", "payload", "configured"),
        [
            (LOGIN_BANNER, {}, False),
            (LOGIN_BANNER, {"isEnabled": False, "title": "", "Message": ""}, True),
            (LOGIN_BANNER, {"isEnabled": False}, True),
            (LOGIN_BANNER, {"isEnabled": None, "title": None}, False),
            (SMTP, {"password": "********"}, True),
            (SMTP, {"password": ""}, False),
            (SMTP, {"smtpPort": 0}, False),
            (SMTP, {"insecureSkipVerifyTls": False}, True),
            (BACKUP_S3, {"s3": {}}, False),
            (BACKUP_S3, {"backupSpec": {"hourOfTheDay": 0, "interval": 0}, "s3": {"bucket": ""}}, False),
            (BACKUP_S3, {"backupSpec": {"hourOfTheDay": 0, "interval": 1}}, True),
        ],
        ids=[
            "nothing",
            "a stored all-false banner",
            "one stored false",
            "null is no value",
            "a secret alone",
            "an empty secret is none",
            "a 0 reads as unset",
            "a stored false",
            "an empty object",
            "a zero-filled backup",
            "a backup at midnight",
        ],
    )
    def test_configured_is_decided_by_which_fields_the_answer_holds(self, setting, payload, configured):
        stored = setting.stored(payload)
        assert setting.is_configured(stored) is configured

    def test_present_names_the_options_with_a_value_in_the_answer(self):
        stored = BACKUP_S3.stored(
            {"backupSpec": {"hourOfTheDay": 0, "interval": 2, "retentionPeriod": None}, "s3": {"bucket": ""}}
        )
        # The hour's 0 is a value, but a zero-filled answer holds it too: it alone configures nothing.
        assert stored.present == frozenset({"interval"})

    @pytest.mark.parametrize("mode", ["masked", "empty", "absent"])
    def test_a_secret_not_in_clear_reads_as_unknown(self, mode):
        stored = SMTP.stored(readback(SMTP_DATA["payload"], mode))
        assert stored.values["password"] is None
        assert stored.readbacks["password"] == mode
        assert stored.secret_is_set("password") is (mode == "masked")


class TestChanges:
    @pytest.mark.parametrize(
        ("mode", "desired_password", "update", "changed"),
        [
            ("plain", PASSWORD, "on_change", False),
            ("plain", "other-Pass-1", "on_change", True),
            ("plain", PASSWORD, "always", False),
            ("masked", PASSWORD, "on_change", False),
            ("masked", PASSWORD, "always", True),
            ("empty", PASSWORD, "always", True),
            ("absent", PASSWORD, "on_change", False),
            ("absent", PASSWORD, "always", True),
            ("masked", None, "on_change", True),
            ("empty", None, "on_change", False),
            ("absent", None, "always", False),
        ],
    )
    def test_secret(self, mode, desired_password, update, changed):
        desired = {**DESIRED, "password": desired_password}
        stored = SMTP.stored(readback(SMTP_DATA["payload"], mode))
        assert SMTP.changes(desired, stored, {"password": update}) == (("password",) if changed else ())

    def test_fields_outside_the_secret(self):
        stored = SMTP.stored(SMTP_DATA["older"])
        assert SMTP.changes(DESIRED, stored, ON_CHANGE) == ("server", "port", "from_email", "username")

    @pytest.mark.parametrize("payload", [{}, {"key": ""}], ids=["nothing", "an empty secret"])
    def test_a_setting_that_holds_only_a_secret_gets_it_when_nothing_is_stored(self, payload):
        assert KEYRING.changes({"key": "k-1"}, KEYRING.stored(payload), {"key": "on_change"}) == ("key",)

    def test_a_setting_that_holds_only_a_masked_secret_gets_it_only_with_always(self):
        stored = KEYRING.stored({"key": "********"})
        assert KEYRING.changes({"key": "k-1"}, stored, {"key": "on_change"}) == ()
        assert KEYRING.changes({"key": "k-1"}, stored, {"key": "always"}) == ("key",)

    def test_a_new_setting_with_other_changes_keeps_its_secret_out_of_the_changes(self):
        # The whole setting is sent all the same; the changes list what differs.
        assert SMTP.changes(DESIRED, SMTP.stored({}), ON_CHANGE) == ("server", "port", "from_email", "username")

    def test_nothing_desired_of_a_setting_never_stored_is_no_change(self):
        assert KEYRING.changes({"key": None}, KEYRING.stored({}), {"key": "on_change"}) == ()

    def test_a_field_that_is_not_compared_never_makes_a_change(self):
        stored = NOTE.stored({"text": "hello", "nonce": "old"})
        assert NOTE.changes({"text": "hello", "nonce": "new"}, stored, {}) == ()
        assert NOTE.changes({"text": "bye", "nonce": "new"}, stored, {}) == ("text",)


class TestUnkept:
    def test_kept(self):
        assert SMTP.unkept(DESIRED, SMTP.stored(SMTP_DATA["payload"])) == ()

    def test_a_field_palette_changed(self):
        sent = {**DESIRED, "insecure_skip_tls_verify": True}
        assert SMTP.unkept(sent, SMTP.stored(SMTP_DATA["payload"])) == ("insecure_skip_tls_verify",)

    @pytest.mark.parametrize(("mode", "unkept"), [("plain", ("password",)), ("masked", ()), ("absent", ())])
    def test_a_secret_is_judged_only_when_readable(self, mode, unkept):
        saved = SMTP.stored(readback({**SMTP_DATA["payload"], "password": "other-Pass-1"}, mode))
        assert SMTP.unkept(DESIRED, saved) == unkept

    @pytest.mark.parametrize(("mode", "unkept"), [("masked", ("password",)), ("empty", ()), ("absent", ())])
    def test_a_cleared_secret_must_read_back_unset(self, mode, unkept):
        saved = SMTP.stored(readback(SMTP_DATA["payload"], mode))
        assert SMTP.unkept({**DESIRED, "password": None}, saved) == unkept


class TestViews:
    def test_public_view_has_no_secret_and_the_derived_facts(self):
        assert SMTP.public_view(DESIRED) == SMTP_DATA["public"]

    def test_diff_view_masks_a_set_secret(self):
        view = SMTP.diff_view(DESIRED, {"password": True})
        assert view["password"] == "********"
        assert view["server"] == "smtp.example.com"
        assert SMTP.diff_view(DESIRED, {"password": False})["password"] is None


def client(palette, **options):
    return PaletteClient(palette.base_url, token=TOKEN, retries=0, **options)


def a_run(palette, **options):
    return Run(client(palette), **options)


class TestArgumentSpec:
    def test_a_setting(self):
        assert SMTP.argument_spec() == {
            "server": {"type": "str", "no_log": False, "required": True},
            "port": {"type": "int", "no_log": False, "required": True},
            "from_email": {"type": "str", "no_log": False, "required": True},
            "username": {"type": "str", "no_log": False},
            "password": {"type": "str", "no_log": True},
            "insecure_skip_tls_verify": {"type": "bool", "no_log": False, "default": False},
            "validate": {"type": "bool", "default": True},
            "update_password": {
                "type": "str",
                "choices": ["on_change", "always"],
                "default": "on_change",
                "no_log": False,
            },
        }

    def test_a_setting_palette_cannot_validate_has_no_validate_option(self):
        assert NOTE.argument_spec() == {
            "text": {"type": "str", "no_log": False},
            "nonce": {"type": "str", "no_log": False},
        }

    def test_its_section_of_the_console_document_is_a_dict_of_its_options(self):
        assert SMTP.section_spec() == {"type": "dict", "options": SMTP.argument_spec()}


def test_not_kept_sentence_names_a_secret_without_its_value():
    sentence = SMTP.not_kept_sentence(
        ("password", "insecure_skip_tls_verify"),
        {"password": "pw-Secret-1", "insecure_skip_tls_verify": True},
        {"password": None, "insecure_skip_tls_verify": False},
    )
    assert sentence.startswith(
        "Palette saved the SMTP config but did not keep the password; insecure_skip_tls_verify "
        "(sent True, reads back False): Palette VerteX never allows"
    )
    assert "pw-Secret-1" not in sentence


class TestApply:
    def apply(self, palette, params=PARAMS, setting=SMTP, **options):
        return run_one(setting, a_run(palette, **options), params)

    def test_a_change_is_read_planned_validated_written_and_read_back(self, palette):
        palette.stores(SMTP, {}, then=SMTP_DATA["payload"])
        result = self.apply(palette, diff=True)
        assert palette.calls == [get(SMTP), validate(SMTP), put(SMTP), get(SMTP)]
        assert palette.sent("PUT", SMTP.path) == palette.sent("PUT", SMTP.validate_path) == [SMTP_DATA["payload"]]
        assert result == {
            "changed": True,
            "validated": True,
            "audit_uid": AUDIT_UID,
            "smtp": SMTP_DATA["public"],
            "diff": {
                "before": SMTP.diff_view(SMTP.stored({}).values, {"password": False}),
                "after": SMTP.diff_view(DESIRED, {"password": True}),
            },
        }

    def test_no_change_only_reads(self, palette):
        palette.stores(SMTP, SMTP_DATA["payload"])
        assert self.apply(palette, diff=True) == {"changed": False, "validated": False, "smtp": SMTP_DATA["public"]}
        assert palette.calls == [get(SMTP)]

    def test_check_mode_validates_and_never_writes(self, palette):
        palette.stores(SMTP, {})
        result = self.apply(palette, check_mode=True)
        assert (result["changed"], result["validated"], result["smtp"]) == (True, True, SMTP_DATA["public"])
        assert palette.calls == [get(SMTP), validate(SMTP)]

    def test_without_validation(self, palette):
        palette.stores(SMTP, {}, then=SMTP_DATA["payload"])
        result = self.apply(palette, {**PARAMS, "validate": False})
        assert result["validated"] is False
        assert "audit_uid" not in result
        assert palette.calls == [get(SMTP), put(SMTP), get(SMTP)]

    def test_a_setting_palette_cannot_validate(self, palette):
        palette.stores(NOTE, {"text": "old"}, then={"text": "new", "nonce": "n"})
        result = self.apply(palette, {"text": "new", "nonce": "n"}, setting=NOTE)
        assert result == {"changed": True, "note": {"text": "new", "nonce": "n"}}
        assert palette.calls == [get(NOTE), put(NOTE), get(NOTE)]

    def test_update_always_sends_a_secret_that_cannot_be_compared(self, palette):
        palette.stores(SMTP, readback(SMTP_DATA["payload"], "masked"), then=readback(SMTP_DATA["payload"], "masked"))
        assert self.apply(palette)["changed"] is False
        assert self.apply(palette, {**PARAMS, "update_password": "always"})["changed"] is True
        assert palette.sent("PUT", SMTP.path) == [SMTP_DATA["payload"]]

    def test_a_value_palette_did_not_keep_fails_with_the_sentence_and_the_run_so_far(self, palette):
        palette.stores(SMTP, SMTP_DATA["payload"], then=SMTP_DATA["payload"])
        with pytest.raises(Failed) as caught:
            self.apply(palette, {**PARAMS, "insecure_skip_tls_verify": True})
        assert caught.value.sentence == SMTP.not_kept_sentence(
            ("insecure_skip_tls_verify",), {"insecure_skip_tls_verify": True}, {"insecure_skip_tls_verify": False}
        )
        assert caught.value.sentence.startswith(
            "Palette saved the SMTP config but did not keep insecure_skip_tls_verify (sent True, reads back False)"
        )
        assert caught.value.cause is None
        assert caught.value.result == {
            "changed": True,
            "validated": True,
            "audit_uid": AUDIT_UID,
            "smtp": {**SMTP_DATA["public"], "insecure_skip_tls_verify": True},
        }

    def test_a_secret_read_in_clear_becomes_a_client_secret(self, palette):
        palette.stores(SMTP, SMTP_DATA["payload"])
        secrets = set()
        _engine.read(SMTP, PaletteClient(palette.base_url, token=TOKEN, secrets=secrets))
        assert secrets == {PASSWORD}


class TestSteps:
    """plan, validate and apply one at a time, as the console document drives them."""

    def test_plan_only_reads_and_says_what_would_change(self, palette):
        palette.stores(SMTP, SMTP_DATA["older"])
        plan = SMTP.plan(a_run(palette), PARAMS)
        assert palette.calls == [get(SMTP)]
        # The password reads back absent: on_change sends it along with the other changes.
        assert plan.changes == ("server", "port", "from_email", "username")
        assert (plan.changed, plan.validatable, plan.by) == (True, True, SMTP)
        assert plan.state == DESIRED
        assert plan.before == SMTP.diff_view(SMTP.stored(SMTP_DATA["older"]).values, {"password": False})
        assert plan.after == SMTP.diff_view(DESIRED, {"password": True})
        assert plan.result == {
            "changed": True,
            "validated": False,
            "smtp": SMTP.public_view(SMTP.stored(SMTP_DATA["older"]).values),
        }

    @pytest.mark.parametrize(
        ("setting", "params", "validatable"),
        [(SMTP, PARAMS, True), (SMTP, {**PARAMS, "validate": False}, False), (NOTE, {"text": "new"}, False)],
        ids=["smtp", "validate: false", "no validate call"],
    )
    def test_validatable(self, palette, setting, params, validatable):
        palette.stores(setting, {})
        assert setting.plan(a_run(palette), params).validatable is validatable

    def test_validate_sends_the_part_the_call_takes_and_saves_nothing(self, palette):
        palette.stores(BACKUP_S3, {})
        run = a_run(palette)
        plan = BACKUP_S3.plan(run, S3_DATA["params"])
        BACKUP_S3.validate(run, plan)
        assert palette.calls == [get(BACKUP_S3), validate(BACKUP_S3)]
        assert palette.sent("POST", BACKUP_S3.validate_path) == [S3_DATA["payload"]["s3"]]
        assert (plan.result["validated"], plan.result["audit_uid"]) == (True, AUDIT_UID)

    def test_apply_without_validate_writes_and_reads_back(self, palette):
        palette.stores(SMTP, {}, then=SMTP_DATA["payload"])
        run = a_run(palette)
        result = SMTP.apply(run, SMTP.plan(run, PARAMS))
        assert palette.calls == [get(SMTP), put(SMTP), get(SMTP)]
        assert (result["changed"], result["validated"], result["smtp"]) == (True, False, SMTP_DATA["public"])


class TestInfo:
    @pytest.mark.parametrize("mode", ["plain", "masked", "empty", "absent"])
    def test_the_public_view_and_the_facts(self, palette, mode):
        palette.stores(SMTP, readback(SMTP_DATA["payload"], mode))
        view, facts = SMTP.info(a_run(palette))
        assert view == SMTP_DATA["public"]
        assert facts == {"configured": True, "anonymous": False, "password_set": mode in ("plain", "masked")}
        assert palette.calls == [get(SMTP)]

    def test_never_configured(self, palette):
        palette.stores(SMTP, {})
        view, facts = SMTP.info(a_run(palette))
        assert view == SMTP.public_view(SMTP.stored({}).values)
        assert facts == {"configured": False, "anonymous": False, "password_set": False}

    def test_a_stored_all_false_banner_is_configured(self, palette):
        palette.stores(LOGIN_BANNER, {"isEnabled": False, "title": "", "Message": ""})
        assert LOGIN_BANNER.info(a_run(palette)) == (
            {"enabled": False, "title": None, "text": None},
            {"configured": True},
        )


class TestDescribe:
    @pytest.mark.parametrize(("mode", "secrets"), [("plain", ("password",)), ("masked", ("password",)), ("empty", ())])
    def test_a_configured_setting_gives_its_options_without_secrets_and_lists_the_set_ones(
        self, palette, mode, secrets
    ):
        palette.stores(SMTP, readback(SMTP_DATA["payload"], mode))
        section, left_out = SMTP.describe(a_run(palette))
        assert section == {
            "server": "smtp.example.com",
            "port": 587,
            "from_email": "palette@example.com",
            "username": "mailer",
        }
        assert left_out == secrets
        assert palette.calls == [get(SMTP)]

    def test_an_unset_option_is_left_out(self, palette):
        palette.stores(SMTP, SMTP_DATA["anonymous_payload"])
        section, left_out = SMTP.describe(a_run(palette))
        assert section == SMTP_DATA["anonymous_params"]
        assert left_out == ()

    def test_an_unconfigured_setting_gives_none(self, palette):
        palette.stores(SMTP, {})
        assert SMTP.describe(a_run(palette)) == (None, ())

    def test_a_stored_all_false_login_banner_is_configured(self, palette):
        palette.stores(LOGIN_BANNER, {"isEnabled": False, "title": "", "Message": ""})
        assert LOGIN_BANNER.describe(a_run(palette)) == ({"enabled": False}, ())

    def test_a_setting_stored_without_a_value_it_requires_gives_none(self, palette):
        # A console's address with no certificate (served over plain HTTP): no section could give it.
        palette.stores(SMTP, {"smtpServer": "smtp.example.com", "fromEmailId": "palette@example.com"})
        assert SMTP.describe(a_run(palette)) == (None, ())

    @pytest.mark.parametrize("status", [404, 405])
    def test_a_setting_the_console_does_not_offer_gives_none(self, palette, status):
        inferred = dataclasses.replace(LOGIN_BANNER, inferred="Inferred from the spec.")
        palette.api.get(palette.url(LOGIN_BANNER.path), status=status, json={})
        assert inferred.describe(a_run(palette)) == (None, ())


class TestSettingChoice:
    def test_argument_spec_requires_what_each_choice_requires(self):
        spec, required_if = BACKUP.argument_spec(), BACKUP.option_rules()["required_if"]
        assert spec["storage"] == {"type": "str", "required": True, "choices": ["s3", "ftp"]}
        assert spec["hour_of_day"]["required"] is True  # every storage requires the schedule
        assert "required" not in spec["bucket"]
        assert ("storage", "s3", ["bucket"]) in required_if
        assert ("storage", "ftp", ["server"]) in required_if
        assert ("storage", "s3", ["hour_of_day"]) not in required_if
        assert spec["secret_key"]["no_log"] is True
        assert spec["access_key"]["no_log"] is False

    def test_its_section_carries_the_rules(self):
        section = BACKUP.section_spec()
        assert section["options"] == BACKUP.argument_spec()
        assert section["required_if"] == BACKUP.option_rules()["required_if"]

    @staticmethod
    def params(data, **changes):
        """What the module's options would be: every option, the defaults filled in."""
        spec = BACKUP.argument_spec()
        return {**{name: option.get("default") for name, option in spec.items()}, **data["params"], **changes}

    @pytest.mark.parametrize("data", [S3_DATA, FTP_DATA], ids=["s3", "ftp"])
    def test_the_options_of_the_chosen_storage_pass(self, data):
        assert BACKUP.check(self.params(data)) == []

    @pytest.mark.parametrize(
        ("data", "changes", "problems"),
        [
            (S3_DATA, {"server": "ftp.example.com"}, ["server does not apply to storage: s3."]),
            (
                FTP_DATA,
                {"bucket": "example", "folder": "x"},
                ["bucket does not apply to storage: ftp.", "folder does not apply to storage: ftp."],
            ),
            (
                S3_DATA,
                {"directory": "/x", "hour_of_day": 25},
                ["directory does not apply to storage: s3.", "hour_of_day must be between 0 and 23, got 25."],
            ),
        ],
        ids=["an ftp option for s3", "s3 options for ftp", "with the chosen one's own problems"],
    )
    def test_check_refuses_another_storages_option(self, data, changes, problems):
        assert BACKUP.check(self.params(data, **changes)) == problems

    def test_runs_the_chosen_setting(self, palette):
        palette.stores(BACKUP_FTP, {}, then=FTP_DATA["payload"])
        run = a_run(palette)
        plan = BACKUP.plan(run, self.params(FTP_DATA))
        assert plan.by is BACKUP_FTP
        BACKUP.validate(run, plan)
        result = BACKUP.apply(run, plan)
        assert palette.calls == [get(BACKUP_FTP), validate(BACKUP_FTP), put(BACKUP_FTP), get(BACKUP_FTP)]
        assert result["backup_ftp"] == FTP_DATA["public"]

    def test_warnings_are_the_chosen_settings(self):
        assert BACKUP.warnings(self.params(S3_DATA)) == BACKUP_S3.warnings(self.params(S3_DATA))

    def test_describe_gives_the_first_configured_storage(self, palette):
        palette.stores(BACKUP_S3, {}).stores(BACKUP_FTP, readback(FTP_DATA["payload"], "masked"))
        section, left_out = BACKUP.describe(a_run(palette))
        assert section == {"storage": "ftp", **FTP_DATA["public"]}
        assert left_out == ("password",)

    def test_describe_with_no_storage_configured(self, palette):
        palette.stores(BACKUP_S3, {}).stores(BACKUP_FTP, {})
        assert BACKUP.describe(a_run(palette)) == (None, ())
        assert palette.calls == [get(BACKUP_S3), get(BACKUP_FTP)]


class TestFixed:
    def test_every_write_carries_the_fixed_fields(self):
        assert SCOPED.to_api({"colour": "red"}) == {"spec": {"colour": "red"}, "metadata": {"scope": "system"}}
        assert SCOPED.to_api({"colour": None}) == {"spec": {"colour": ""}, "metadata": {"scope": "system"}}

    def test_they_are_sent_with_the_write_and_never_compared(self, palette):
        palette.stores(SCOPED, {"spec": {"colour": "blue"}}, then={"spec": {"colour": "red"}})
        result = run_one(SCOPED, a_run(palette), {"colour": "red"})
        assert palette.sent("PUT", SCOPED.path) == [{"spec": {"colour": "red"}, "metadata": {"scope": "system"}}]
        assert result == {"changed": True, "scoped": {"colour": "red"}}

    def test_a_read_back_without_them_is_no_change(self, palette):
        palette.stores(SCOPED, {"spec": {"colour": "red"}})
        assert run_one(SCOPED, a_run(palette), {"colour": "red"}) == {"changed": False, "scoped": {"colour": "red"}}

    def test_they_are_in_what_a_later_plan_reads(self, palette):
        palette.stores(SCOPED, {})
        plan = SCOPED.plan(a_run(palette), {"colour": "red"})
        assert plan.reads_after == {SCOPED.path: {"spec": {"colour": "red"}, "metadata": {"scope": "system"}}}


class TestCreateMethod:
    BODY = {"colour": "red", "key": "k-1"}

    def test_while_nothing_is_stored_the_plan_creates(self, palette):
        palette.stores(CREATED, {})
        assert CREATED.plan(a_run(palette), self.BODY).creates is True

    @pytest.mark.parametrize("stored", [{"colour": "blue"}, {"key": "********"}], ids=["a value", "a secret"])
    def test_once_anything_is_stored_it_does_not(self, palette, stored):
        palette.stores(CREATED, stored)
        assert CREATED.plan(a_run(palette), self.BODY).creates is False

    def test_a_creating_write_uses_the_create_method(self, palette):
        palette.api.post(palette.url(CREATED.path), status=201)
        CREATED.write(client(palette), self.BODY, creates=True)
        assert palette.calls == [f"POST {CREATED.path}"]
        assert palette.sent("POST", CREATED.path) == [self.BODY]

    def test_a_405_to_it_gets_the_put(self, palette):
        palette.api.post(palette.url(CREATED.path), status=405, json={"code": "MethodNotAllowed", "message": "no"})
        palette.api.put(palette.url(CREATED.path), status=204)
        CREATED.write(client(palette), self.BODY, creates=True)
        assert palette.calls == [f"POST {CREATED.path}", put(CREATED)]
        assert palette.sent("PUT", CREATED.path) == [self.BODY]

    @pytest.mark.parametrize("status", [400, 404, 409])
    def test_another_refusal_is_not_retried_with_put(self, palette, status):
        palette.api.post(palette.url(CREATED.path), status=status, json={"code": "Refused", "message": "no"})
        with pytest.raises(PaletteApiError) as caught:
            CREATED.write(client(palette), self.BODY, creates=True)
        assert caught.value.status == status
        assert palette.calls == [f"POST {CREATED.path}"]

    def test_a_write_that_does_not_create_is_a_put(self, palette):
        palette.api.put(palette.url(CREATED.path), status=204)
        CREATED.write(client(palette), self.BODY, creates=False)
        assert palette.calls == [put(CREATED)]

    def test_a_setting_without_a_create_method_always_puts(self, palette):
        palette.api.put(palette.url(NOTE.path), status=204)
        NOTE.write(client(palette), {"text": "x", "nonce": ""}, creates=True)
        assert palette.calls == [put(NOTE)]

    def test_apply_creates_with_it_and_reads_back(self, palette):
        palette.api.get(palette.url(CREATED.path), json={})
        palette.api.post(palette.url(CREATED.path), status=201)
        palette.api.get(palette.url(CREATED.path), json={"colour": "red", "key": "********"})
        result = run_one(CREATED, a_run(palette), self.BODY)
        assert palette.calls == [get(CREATED), f"POST {CREATED.path}", get(CREATED)]
        assert result == {"changed": True, "created": {"colour": "red"}}

    def test_apply_changes_a_stored_one_with_put(self, palette):
        palette.stores(CREATED, {"colour": "blue"}, then={"colour": "red"})
        run_one(CREATED, a_run(palette), self.BODY)
        assert palette.calls == [get(CREATED), put(CREATED), get(CREATED)]


class TestValidateValues:
    def test_sends_the_part_the_call_takes_and_returns_the_audit_uid(self, palette):
        palette.stores(BACKUP_S3, {})
        audit_uid = BACKUP_S3.validate_values(client(palette), BACKUP_S3.desired(S3_DATA["params"]))
        assert audit_uid == AUDIT_UID
        assert palette.calls == [validate(BACKUP_S3)]
        assert palette.sent("POST", BACKUP_S3.validate_path) == [S3_DATA["payload"]["s3"]]

    def test_the_whole_payload_without_a_validate_part(self, palette):
        palette.stores(SMTP, {})
        assert SMTP.validate_values(client(palette), DESIRED) == AUDIT_UID
        assert palette.sent("PUT", SMTP.validate_path) == [SMTP_DATA["payload"]]
        assert put(SMTP) not in palette.calls

    def test_a_validate_call_inferred_from_the_spec_that_the_console_does_not_offer(self, palette):
        inferred = dataclasses.replace(SMTP, inferred="Inferred from the spec.")
        palette.api.put(palette.url(SMTP.validate_path), status=405, json={"code": "MethodNotAllowed", "message": "no"})
        with pytest.raises(PaletteApiError) as caught:
            inferred.validate_values(client(palette), DESIRED)
        assert caught.value.kind == _transport.UNOFFERED


class TestRead:
    def test_a_path_with_its_parameter_filled_in(self, palette):
        palette.api.get(palette.url("/v1/system/items/7"), json={"colour": "red"})
        stored = _engine.read(ITEM, client(palette), "/v1/system/items/7")
        assert stored.values == {"colour": "red"}
        assert palette.calls == ["GET /v1/system/items/7"]

    def test_without_a_path_its_own(self, palette):
        palette.stores(LOGIN_BANNER, {"isEnabled": True})
        assert _engine.read(LOGIN_BANNER, client(palette)).values["enabled"] is True
        assert palette.calls == [get(LOGIN_BANNER)]

    def test_a_json_secret_read_in_clear_becomes_its_text_and_its_strings(self, palette):
        keyfile = Setting(
            name="keyfile",
            title="key file",
            path="/v1/system/keyfile",
            fields=(Field("json", "json", type="json", secret=True),),
        )
        text = json.dumps({"private_key": "pk-1", "nested": {"list": ["s-2", 3]}})
        palette.stores(keyfile, {"json": text})
        secrets = set()
        stored = _engine.read(keyfile, PaletteClient(palette.base_url, token=TOKEN, secrets=secrets))
        assert stored.values["json"] == {"private_key": "pk-1", "nested": {"list": ["s-2", 3]}}
        assert secrets == {text, "pk-1", "s-2"}

    def test_a_get_palette_answers_with_its_own_404_reads_as_never_configured(self, palette):
        not_configured = {"code": "BackupNotConfigured", "message": "backup is not configured", "details": {}}
        palette.api.get(palette.url(BACKUP_S3.path), status=404, json=not_configured)
        stored = _engine.read(BACKUP_S3, client(palette))
        assert stored == BACKUP_S3.stored({})
        assert BACKUP_S3.is_configured(stored) is False

    def test_a_404_from_something_that_is_not_palette_still_fails(self, palette):
        palette.api.get(palette.url(BACKUP_S3.path), status=404, body="404 page not found")
        with pytest.raises(PaletteApiError) as caught:
            _engine.read(BACKUP_S3, client(palette))
        assert caught.value.kind == _transport.NOT_FOUND


# Properties over every registered setting ----------------------------------------------

SECRET_TEXT = st.text(min_size=1, max_size=30).filter(lambda text: text.strip() and text.strip("*"))
PLAIN_TEXT = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789.-@", min_size=1, max_size=20)
JSON_OBJECTS = st.dictionaries(
    PLAIN_TEXT, st.none() | st.booleans() | st.integers() | PLAIN_TEXT | st.lists(PLAIN_TEXT), min_size=1, max_size=4
)


def values_of(setting):
    """Desired values for a setting, of each field's type (set or unset where not required)."""

    def value(field):
        kind = {"int": st.integers(0 if field.keeps_zero else 1, 65535), "bool": st.booleans(), "json": JSON_OBJECTS}
        kind = kind.get(field.type, SECRET_TEXT if field.secret else PLAIN_TEXT)
        if field.type in ("str", "pem64"):
            kind = kind.map(field.from_param).filter(lambda text: text is not None and text.strip("*"))
        if field.choices:
            kind = st.sampled_from(field.choices)
        return kind if field.required or field.type == "bool" else st.none() | kind

    return st.fixed_dictionaries({field.option: value(field) for field in setting.fields})


MODES = st.sampled_from(["plain", "masked", "empty", "absent"])


def stored_as(setting, values, mode):
    """What GET returns once `values` were saved, secrets shown in `mode` (Go omitempty: an empty
    value is left out, but a zero that is a value)."""
    shown = []
    for field in setting.fields:
        value = field.to_api(values[field.option])
        if value in ("", 0, False) and not (field.keeps_zero and value == 0):
            continue
        if field.secret and mode != "plain":
            value = {"masked": "********", "empty": ""}.get(mode)
            if value is None:
                continue
        shown.append((field.api, value))
    return _engine.build(shown)


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda setting: setting.name)
def test_properties_of_every_setting(setting):
    @given(values_of(setting))
    def round_trip_through_the_api(values):
        assert setting.stored(setting.to_api(values)).values == values

    @given(values_of(setting), MODES, st.sampled_from(["on_change", "always"]))
    def compared_with_itself_is_no_change(values, mode, update):
        stored = setting.stored(stored_as(setting, values, mode))
        updates = {f.option: update for f in setting.secrets}
        expected = tuple(
            f.option
            for f in setting.secrets
            if f.compared and mode != "plain" and values[f.option] is not None and update == "always"
        )
        if not expected and not setting.is_configured(stored):
            # Nothing reads as stored (a GCP key file that Palette does not show): the secret is sent.
            expected = tuple(f.option for f in setting.secrets if f.compared and values[f.option] is not None)
        assert setting.changes(values, stored, updates) == expected

    @given(values_of(setting), values_of(setting), MODES)
    def any_difference_outside_the_secrets_is_found(values, other, mode):
        changed = setting.changes(values, setting.stored(stored_as(setting, other, mode)), {})
        for f in setting.fields:
            if f.compared and not f.secret:
                assert (f.option in changed) == (values[f.option] != other[f.option])

    @given(values_of(setting), values_of(setting), MODES, st.data())
    def what_is_shown_does_not_depend_on_secret_values(values, other, mode, data):
        def shown(desired, stored_values):
            stored = setting.stored(stored_as(setting, stored_values, mode))
            secrets_set = {f.option: stored.secret_is_set(f.option) for f in setting.secrets}
            views = [
                setting.diff_view(desired, setting.desired_secrets_set(desired)),
                setting.diff_view(stored.values, secrets_set),
            ]
            return json.dumps([*views, setting.public_view(desired), setting.public_view(stored.values)])

        def replaced(source):
            return {
                option: (data.draw(SECRET_TEXT) if value is not None and option in secret_options else value)
                for option, value in source.items()
            }

        secret_options = {f.option for f in setting.secrets}
        assert shown(values, other) == shown(replaced(values), replaced(other))

    round_trip_through_the_api()
    compared_with_itself_is_no_change()
    any_difference_outside_the_secrets_is_found()
    what_is_shown_does_not_depend_on_secret_values()
