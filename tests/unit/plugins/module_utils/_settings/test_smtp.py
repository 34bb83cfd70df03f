"""What only SMTP has: its checks, warnings, derived facts and read-back hint."""

from __future__ import annotations

import pytest

from ansible_collections.palette.selfhosted.plugins.module_utils._settings.smtp import (
    ANONYMOUS_WARNING,
    INSECURE_WARNING,
    SMTP,
    unsent_mail_warnings,
)
from ansible_collections.palette.selfhosted.plugins.module_utils._transport import PaletteClient
from fake_palette import TOKEN, fixture, get

DATA = fixture("smtp")
PARAMS = {**DATA["params"], "insecure_skip_tls_verify": False}
PASSWORD = PARAMS["password"]


class TestCheck:
    def test_valid(self):
        assert SMTP.check(PARAMS) == []

    def test_valid_anonymous(self):
        assert SMTP.check({**PARAMS, "username": None, "password": None}) == []

    @pytest.mark.parametrize(
        ("overrides", "fragment"),
        [
            ({"server": ""}, "server must not be empty"),
            ({"port": 0}, "port must be between 1 and 65535, got 0"),
            ({"from_email": "palette"}, "from_email 'palette' is not an email address"),
            ({"username": "mailer\r\nX: y"}, "username must not contain control characters"),
            ({"password": None}, "username and password go together"),
            ({"username": None}, "username and password go together"),
            ({"password": ""}, "username and password go together"),
        ],
    )
    def test_invalid(self, overrides, fragment):
        problems = SMTP.check({**PARAMS, **overrides})
        assert any(fragment in problem for problem in problems), problems

    def test_every_problem_at_once_and_the_password_never_quoted(self):
        problems = SMTP.check({**PARAMS, "username": None, "port": 0, "server": "bad host"})
        assert len(problems) == 3
        assert PASSWORD not in " ".join(problems)


class TestWarnings:
    def test_authenticated_has_none(self):
        assert SMTP.warnings(SMTP.desired(PARAMS)) == []

    def test_anonymous(self):
        assert SMTP.warnings(SMTP.desired(DATA["anonymous_params"])) == [ANONYMOUS_WARNING]
        assert "authenticated SMTP" in ANONYMOUS_WARNING

    def test_insecure_tls(self):
        assert SMTP.warnings(SMTP.desired({**PARAMS, "insecure_skip_tls_verify": True})) == [INSECURE_WARNING]


@pytest.mark.parametrize(
    ("payload", "anonymous"),
    [({}, False), (DATA["anonymous_payload"], True), (DATA["payload"], False)],
    ids=["never configured", "anonymous", "authenticated"],
)
def test_anonymous_is_derived_from_the_stored_config(payload, anonymous):
    assert SMTP.public_view(SMTP.stored(payload).values)["anonymous"] is anonymous


def test_vertex_hint_names_the_option_to_set():
    assert "insecure_skip_tls_verify: false" in SMTP.unkept_hints["insecure_skip_tls_verify"]
    assert "Palette VerteX" in SMTP.unkept_hints["insecure_skip_tls_verify"]


class TestUnsentMailWarnings:
    """creation_warnings for objects whose creation Palette announces by email."""

    WARNINGS = staticmethod(unsent_mail_warnings("No SMTP: the mail to {email} for {name} cannot go out."))
    GIVEN = {"email": "ada@example.com", "name": "Ada"}

    def warnings(self, palette, stored):
        palette.stores(SMTP, stored)
        client = PaletteClient(palette.base_url, token=TOKEN, retries=0)
        warnings = self.WARNINGS(client, self.GIVEN)
        assert palette.calls == [get(SMTP)]
        return warnings, client

    def test_a_console_without_smtp_gets_the_sentence_with_the_given_options(self, palette):
        warnings, _client = self.warnings(palette, {})
        assert warnings == ["No SMTP: the mail to ada@example.com for Ada cannot go out."]

    @pytest.mark.parametrize("stored", ["payload", "anonymous_payload"], ids=["authenticated", "anonymous"])
    def test_a_console_with_smtp_gets_none(self, palette, stored):
        warnings, _client = self.warnings(palette, DATA[stored])
        assert warnings == []

    def test_a_password_read_back_in_clear_is_kept_out_of_the_output(self, palette):
        _warnings, client = self.warnings(palette, DATA["payload"])
        assert DATA["payload"]["password"] in client.secrets
