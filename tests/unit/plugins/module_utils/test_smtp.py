from __future__ import annotations

import pytest

from ansible_collections.palette.selfhosted.plugins.module_utils.smtp import (
    PASSWORD_ABSENT,
    PASSWORD_MASK,
    PASSWORD_MASKED,
    PASSWORD_PLAIN,
    SmtpSpec,
    check_params,
    diff_view,
    is_masked,
    password_readback,
    plan,
    public_view,
    spec_from_api,
    spec_from_params,
    spec_to_api,
    unkept_fields,
)

PASSWORD = "s3cr3t-Pass"

PARAMS = {
    "server": "smtp.example.com",
    "port": 587,
    "from_email": "palette@example.com",
    "username": "mailer",
    "password": PASSWORD,
    "insecure_skip_tls_verify": False,
}
DESIRED = spec_from_params(PARAMS)
STORED_WITHOUT_PASSWORD = {
    "smtpServer": "smtp.example.com",
    "smtpPort": 587,
    "fromEmailId": "palette@example.com",
    "userName": "mailer",
}


def stored(**overrides):
    payload = dict(STORED_WITHOUT_PASSWORD)
    payload.update(overrides)
    return {key: value for key, value in payload.items() if value is not None}


class TestMapping:
    def test_params_to_api_sends_all_six_fields(self):
        assert spec_to_api(DESIRED) == {
            "smtpServer": "smtp.example.com",
            "smtpPort": 587,
            "fromEmailId": "palette@example.com",
            "userName": "mailer",
            "password": PASSWORD,
            "insecureSkipVerifyTls": False,
        }

    def test_anonymous_sends_empty_credentials_to_clear_stored_ones(self):
        anonymous = spec_from_params({**PARAMS, "username": None, "password": None})
        payload = spec_to_api(anonymous)
        assert payload["userName"] == ""
        assert payload["password"] == ""

    def test_api_round_trip(self):
        assert spec_from_api(spec_to_api(DESIRED)) == DESIRED

    def test_never_configured_reads_as_unset(self):
        assert spec_from_api({}) == SmtpSpec(None, None, None, None, None, False)

    def test_blank_strings_from_params_mean_unset(self):
        spec = spec_from_params({**PARAMS, "username": "", "password": ""})
        assert spec.username is None
        assert spec.password is None

    def test_surrounding_blanks_are_trimmed(self):
        spec = spec_from_params({**PARAMS, "server": " smtp.example.com ", "from_email": " a@example.com\t"})
        assert (spec.server, spec.from_email) == ("smtp.example.com", "a@example.com")


class TestPasswordReadback:
    @pytest.mark.parametrize(
        ("payload", "expected"),
        [
            ({"password": PASSWORD}, PASSWORD_PLAIN),
            ({"password": "********"}, PASSWORD_MASKED),
            ({"password": "*"}, PASSWORD_MASKED),
            ({"password": ""}, PASSWORD_ABSENT),
            ({}, PASSWORD_ABSENT),
            (None, PASSWORD_ABSENT),
        ],
    )
    def test_modes(self, payload, expected):
        assert password_readback(payload) == expected

    def test_a_password_with_stars_in_it_is_not_a_mask(self):
        assert not is_masked("ab**cd")


class TestPlan:
    def test_identical_plain_password_is_no_change(self):
        assert plan(DESIRED, stored(password=PASSWORD)).changed_fields == ()

    def test_different_plain_password_is_a_change(self):
        assert plan(DESIRED, stored(password="old")).changed_fields == ("password",)

    @pytest.mark.parametrize("readback", ["********", None], ids=["masked", "absent"])
    def test_unreadable_password_on_change_is_no_change(self, readback):
        assert plan(DESIRED, stored(password=readback), "on_change").changed_fields == ()

    @pytest.mark.parametrize("readback", ["********", None], ids=["masked", "absent"])
    def test_unreadable_password_always_is_a_change(self, readback):
        assert plan(DESIRED, stored(password=readback), "always").changed_fields == ("password",)

    def test_always_does_not_override_a_readable_equal_password(self):
        assert plan(DESIRED, stored(password=PASSWORD), "always").changed_fields == ()

    @pytest.mark.parametrize("readback", ["********", None], ids=["masked", "absent"])
    def test_unreadable_password_goes_along_with_another_change(self, readback):
        result = plan(DESIRED, stored(password=readback, smtpPort=25), "on_change")
        assert result.changed_fields == ("port",)
        assert spec_to_api(DESIRED)["password"] == PASSWORD

    def test_never_configured_is_a_change_of_every_set_field(self):
        assert plan(DESIRED, {}).changed_fields == ("server", "port", "from_email", "username")

    @pytest.mark.parametrize("readback", ["********", PASSWORD], ids=["masked", "plain"])
    def test_anonymous_clears_stored_credentials(self, readback):
        anonymous = spec_from_params({**PARAMS, "username": None, "password": None})
        assert plan(anonymous, stored(password=readback)).changed_fields == ("username", "password")

    def test_anonymous_against_anonymous_is_no_change(self):
        anonymous = spec_from_params({**PARAMS, "username": None, "password": None})
        assert plan(anonymous, stored(userName=None)).changed_fields == ()

    def test_each_field_is_detected(self):
        current = stored(password=PASSWORD)
        for option, api_field, value in [
            ("server", "smtpServer", "other.example.com"),
            ("port", "smtpPort", 465),
            ("from_email", "fromEmailId", "x@example.com"),
            ("username", "userName", "someone"),
            ("insecure_skip_tls_verify", "insecureSkipVerifyTls", True),
        ]:
            assert plan(DESIRED, {**current, api_field: value}).changed_fields == (option,)

    def test_plan_reports_readback_and_current(self):
        result = plan(DESIRED, stored(password="****"))
        assert result.password_readback == PASSWORD_MASKED
        assert result.current.server == "smtp.example.com"


class TestReadBack:
    def test_kept(self):
        assert unkept_fields(DESIRED, spec_to_api(DESIRED)) == []

    def test_kept_with_masked_or_absent_password(self):
        assert unkept_fields(DESIRED, stored(password="********")) == []
        assert unkept_fields(DESIRED, stored()) == []

    def test_vertex_keeps_tls_verification_on(self):
        sent = DESIRED._replace(insecure_skip_tls_verify=True)
        assert unkept_fields(sent, stored(password=PASSWORD, insecureSkipVerifyTls=False)) == [
            "insecure_skip_tls_verify"
        ]

    def test_password_not_kept(self):
        assert unkept_fields(DESIRED, stored(password="other")) == ["password"]

    def test_credentials_not_cleared(self):
        anonymous = DESIRED._replace(username=None, password=None)
        assert unkept_fields(anonymous, stored(userName=None, password="****")) == ["password"]


class TestViews:
    def test_public_view_has_no_password(self):
        view = public_view(DESIRED)
        assert "password" not in view
        assert PASSWORD not in repr(view)
        assert view["anonymous"] is False

    def test_public_view_of_anonymous(self):
        assert public_view(DESIRED._replace(username=None, password=None))["anonymous"] is True

    def test_nothing_configured_is_not_anonymous(self):
        assert public_view(spec_from_api({}))["anonymous"] is False

    def test_diff_view_masks_password_with_a_fixed_mask(self):
        assert diff_view(DESIRED)["password"] == PASSWORD_MASK
        assert diff_view(spec_from_api(stored(password="old")))["password"] == PASSWORD_MASK
        assert diff_view(DESIRED._replace(password=None))["password"] is None
        assert set(diff_view(DESIRED)) == set(PARAMS)


class TestCheckParams:
    def test_valid(self):
        assert check_params(PARAMS) == []

    def test_valid_anonymous_and_ip_addresses(self):
        assert check_params({**PARAMS, "username": None, "password": None, "server": "10.0.0.5"}) == []
        assert check_params({**PARAMS, "server": "2001:db8::25"}) == []

    @pytest.mark.parametrize(
        ("overrides", "fragment"),
        [
            ({"port": 0}, "port must be between 1 and 65535, got 0"),
            ({"port": -1}, "port must be between 1 and 65535, got -1"),
            ({"port": 65536}, "port must be between 1 and 65535, got 65536"),
            ({"server": ""}, "server must not be empty"),
            ({"server": "   "}, "server must not be empty"),
            ({"server": "smtp://smtp.example.com"}, "without scheme or path"),
            ({"server": "smtp.example.com/relay"}, "without scheme or path"),
            ({"server": "smtp example.com"}, "not a valid host name"),
            ({"server": "smtp.example.com:587"}, "not a valid host name"),
            ({"server": "-bad.example.com"}, "not a valid host name"),
            ({"from_email": "palette"}, "is not an email address"),
            ({"from_email": "@example.com"}, "is not an email address"),
            ({"from_email": "palette@"}, "is not an email address"),
            ({"from_email": "pal ette@example.com"}, "invalid part before the @"),
            ({"from_email": "a..b@example.com"}, "invalid part before the @"),
            ({"from_email": "palette@localhost"}, "invalid domain after the @"),
            ({"from_email": "palette@exa mple.com"}, "invalid domain after the @"),
            ({"from_email": "p@example.com\r\nBcc: victim@example.org"}, "control characters"),
            ({"from_email": "p@example.com\nBcc: victim@example.org"}, "control characters"),
            ({"username": "mailer\r\nX: y"}, "username must not contain control characters"),
            ({"password": None}, "username and password go together"),
            ({"username": None}, "username and password go together"),
            ({"password": ""}, "username and password go together"),
        ],
    )
    def test_invalid(self, overrides, fragment):
        problems = check_params({**PARAMS, **overrides})
        assert any(fragment in problem for problem in problems), problems

    def test_header_injection_is_not_echoed(self):
        problems = check_params({**PARAMS, "from_email": "p@example.com\r\nBcc: victim@example.org"})
        assert "victim" not in " ".join(problems)

    def test_password_is_never_quoted(self):
        problems = check_params({**PARAMS, "username": None, "port": 0, "server": "bad host"})
        assert PASSWORD not in " ".join(problems)
