"""What only SMTP has: its checks, warnings, derived facts and read-back hint."""

from __future__ import annotations

import pytest

from ansible_collections.palette.selfhosted.plugins.module_utils._settings.smtp import (
    ANONYMOUS_WARNING,
    INSECURE_WARNING,
    SMTP,
)
from fake_palette import fixture

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
