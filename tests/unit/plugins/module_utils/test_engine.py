"""The generic setting engine, on the SMTP descriptor and on throwaway ones; the properties run
over every registered setting."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ansible_collections.palette.selfhosted.plugins.module_utils import _engine
from ansible_collections.palette.selfhosted.plugins.module_utils._engine import Field, Setting
from ansible_collections.palette.selfhosted.plugins.module_utils._settings.registry import SETTINGS
from ansible_collections.palette.selfhosted.plugins.module_utils._settings.smtp import SMTP
from ansible_collections.palette.selfhosted.plugins.module_utils._transport import PaletteClient
from fake_palette import AUDIT_UID, TOKEN, fixture, get, put, validate

SMTP_DATA = fixture("smtp")
PASSWORD = SMTP_DATA["params"]["password"]
DESIRED = SMTP.desired(SMTP_DATA["params"])
ON_CHANGE = {"password": "on_change"}
# A setting without validation, with a field that is sent but never compared.
NOTE = Setting(
    name="note",
    title="note",
    path="/v1/system/note",
    fields=(Field("text", "text"), Field("nonce", "nonce", compared=False)),
)


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


@pytest.mark.parametrize(
    ("value", "mode"),
    [("s3cret", "plain"), ("********", "masked"), ("*", "masked"), ("", "empty"), (None, "absent")],
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

    @pytest.mark.parametrize("mode", ["masked", "empty", "absent"])
    def test_a_secret_not_in_clear_reads_as_unknown(self, mode):
        stored = SMTP.stored(readback(SMTP_DATA["payload"], mode))
        assert stored.values["password"] is None
        assert stored.readbacks["password"] == mode
        assert stored.secret_is_set("password") is (mode == "masked")


class TestPlan:
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
        assert SMTP.plan(desired, stored, {"password": update}) == (("password",) if changed else ())

    def test_fields_outside_the_secret(self):
        stored = SMTP.stored(SMTP_DATA["older"])
        assert SMTP.plan(DESIRED, stored, ON_CHANGE) == ("server", "port", "from_email", "username")

    def test_a_field_that_is_not_compared_never_makes_a_change(self):
        stored = NOTE.stored({"text": "hello", "nonce": "old"})
        assert NOTE.plan({"text": "hello", "nonce": "new"}, stored, {}) == ()
        assert NOTE.plan({"text": "bye", "nonce": "new"}, stored, {}) == ("text",)


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


class TestApply:
    def apply(self, palette, desired=DESIRED, setting=SMTP, **options):
        options.setdefault("update_secrets", ON_CHANGE)
        return _engine.apply(setting, client(palette), desired, **options)

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
        result = self.apply(palette, validate=False)
        assert result["validated"] is False
        assert "audit_uid" not in result
        assert palette.calls == [get(SMTP), put(SMTP), get(SMTP)]

    def test_a_setting_palette_cannot_validate(self, palette):
        palette.stores(NOTE, {"text": "old"}, then={"text": "new", "nonce": "n"})
        result = self.apply(palette, {"text": "new", "nonce": "n"}, setting=NOTE, update_secrets={})
        assert result == {"changed": True, "note": {"text": "new", "nonce": "n"}}
        assert palette.calls == [get(NOTE), put(NOTE), get(NOTE)]

    def test_a_value_palette_did_not_keep_raises_with_the_run_so_far(self, palette):
        palette.stores(SMTP, SMTP_DATA["payload"], then=SMTP_DATA["payload"])
        with pytest.raises(_engine.NotKept) as caught:
            self.apply(palette, {**DESIRED, "insecure_skip_tls_verify": True})
        assert caught.value.options == ("insecure_skip_tls_verify",)
        assert (caught.value.sent["insecure_skip_tls_verify"], caught.value.saved["insecure_skip_tls_verify"]) == (
            True,
            False,
        )
        assert caught.value.result["changed"] is True

    def test_a_secret_read_in_clear_becomes_a_client_secret(self, palette):
        palette.stores(SMTP, SMTP_DATA["payload"])
        secrets = set()
        _engine.read(SMTP, PaletteClient(palette.base_url, token=TOKEN, secrets=secrets))
        assert secrets == {PASSWORD}

    @pytest.mark.parametrize("mode", ["masked", "empty", "absent"])
    def test_describe(self, palette, mode):
        palette.stores(SMTP, readback(SMTP_DATA["payload"], mode))
        described = _engine.describe(SMTP, client(palette))
        assert described == {
            "smtp": SMTP_DATA["public"],
            "configured": True,
            "anonymous": False,
            "password_set": mode == "masked",
        }

    @pytest.mark.parametrize("mode", ["masked", "empty", "absent"])
    def test_summarize(self, palette, mode):
        palette.stores(SMTP, readback(SMTP_DATA["payload"], mode))
        assert _engine.summarize(SMTP, client(palette)) == {
            **SMTP_DATA["public"],
            "anonymous": False,
            "configured": True,
            "password_set": mode == "masked",
        }


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
        if field.type == "str":
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
        assert setting.plan(values, stored, updates) == expected

    @given(values_of(setting), values_of(setting), MODES)
    def any_difference_outside_the_secrets_is_found(values, other, mode):
        changed = setting.plan(values, setting.stored(stored_as(setting, other, mode)), {})
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
