from __future__ import annotations

import json

import pytest

from ansible_collections.palette.selfhosted.plugins.module_utils import connection
from ansible_collections.palette.selfhosted.plugins.modules import palette_smtp
from palette_mock import (
    ARGS,
    CONNECTION,
    CONSOLE_PASSWORD,
    DESIRED_PAYLOAD,
    LOGIN_URL,
    SMTP,
    SMTP_PASSWORD,
    SMTP_URL,
    TOKEN,
    VALIDATE_URL,
)
from reliability_record import record

STORED_MASKED = {**DESIRED_PAYLOAD, "password": "********"}
STORED_ABSENT = {key: value for key, value in DESIRED_PAYLOAD.items() if key != "password"}
OLD_PASSWORD = "old-Smtp-Pass-99"
SECRETS = (SMTP_PASSWORD, CONSOLE_PASSWORD, TOKEN, OLD_PASSWORD)


class Palette:
    """Routes a `responses` mock like a Palette whose stored config is `stored`."""

    def __init__(self, api, stored):
        self.api = api
        api.post(LOGIN_URL, json={"Authorization": TOKEN})
        api.get(SMTP_URL, json=stored)
        api.put(VALIDATE_URL, status=204, headers={"AuditUid": "audit-42"})
        api.put(SMTP_URL, status=204)

    def after_write_reads(self, saved):
        """What GET answers once the config was written."""
        self.api.get(SMTP_URL, json=saved)

    @property
    def calls(self):
        return [f"{call.request.method} {call.request.path_url}" for call in self.api.calls]

    def body(self, method, path):
        bodies = [c.request.body for c in self.api.calls if (c.request.method, c.request.path_url) == (method, path)]
        return [json.loads(body) for body in bodies]


LOGIN = "POST /v1/auth/syslogin"
GET = "GET /v1/system/config/smtp"
VALIDATE = "PUT /v1/system/config/smtp/validate"
PUT = "PUT /v1/system/config/smtp"


def assert_no_secret(run_module):
    for secret in SECRETS:
        assert secret not in run_module.stdout


class TestIdempotence:
    def test_first_run_validates_then_writes_once_then_reads_back(self, api, run_module):
        palette = Palette(api, {})
        palette.after_write_reads(DESIRED_PAYLOAD)
        result = run_module(palette_smtp, ARGS)
        assert result["changed"] is True
        assert result["validated"] is True
        assert result["audit_uid"] == "audit-42"
        assert palette.calls == [LOGIN, GET, VALIDATE, PUT, GET]
        assert palette.body("PUT", "/v1/system/config/smtp") == [DESIRED_PAYLOAD]
        assert palette.body("PUT", "/v1/system/config/smtp/validate") == [DESIRED_PAYLOAD]
        assert result["smtp"] == {
            "server": "smtp.example.com",
            "port": 587,
            "from_email": "palette@example.com",
            "username": "mailer",
            "insecure_skip_tls_verify": False,
            "anonymous": False,
        }
        assert "diff" not in result
        assert_no_secret(run_module)

    @pytest.mark.parametrize(
        "stored", [DESIRED_PAYLOAD, STORED_MASKED, STORED_ABSENT], ids=["plain", "masked", "absent"]
    )
    def test_second_run_is_unchanged_and_sends_no_put(self, api, run_module, stored):
        palette = Palette(api, stored)
        result = run_module(palette_smtp, ARGS)
        assert result["changed"] is False
        assert result["validated"] is False
        assert palette.calls == [LOGIN, GET]
        assert_no_secret(run_module)

    def test_token_saves_the_login(self, api, run_module):
        palette = Palette(api, DESIRED_PAYLOAD)
        result = run_module(palette_smtp, {"host": "palette.example.com", "auth_token": TOKEN, **SMTP})
        assert result["changed"] is False
        assert palette.calls == [GET]
        assert api.calls[0].request.headers["Authorization"] == TOKEN

    def test_environment_fallbacks(self, api, run_module, monkeypatch):
        monkeypatch.setenv("PALETTE_HOST", "https://palette.example.com")
        monkeypatch.setenv("PALETTE_USERNAME", "admin")
        monkeypatch.setenv("PALETTE_PASSWORD", CONSOLE_PASSWORD)
        palette = Palette(api, DESIRED_PAYLOAD)
        assert run_module(palette_smtp, SMTP)["changed"] is False
        assert palette.body("POST", "/v1/auth/syslogin") == [{"username": "admin", "password": CONSOLE_PASSWORD}]
        assert_no_secret(run_module)

    def test_token_from_environment(self, api, run_module, monkeypatch):
        monkeypatch.setenv("PALETTE_TOKEN", TOKEN)
        palette = Palette(api, DESIRED_PAYLOAD)
        run_module(palette_smtp, {"host": "palette.example.com", **SMTP})
        assert palette.calls == [GET]


class TestPassword:
    @pytest.mark.parametrize("stored", [STORED_MASKED, STORED_ABSENT], ids=["masked", "absent"])
    def test_always_sends_an_unreadable_password(self, api, run_module, stored):
        palette = Palette(api, stored)
        palette.after_write_reads(stored)
        result = run_module(palette_smtp, {**ARGS, "update_password": "always"})
        assert result["changed"] is True
        assert palette.calls == [LOGIN, GET, VALIDATE, PUT, GET]
        assert palette.body("PUT", "/v1/system/config/smtp")[0]["password"] == SMTP_PASSWORD

    def test_always_compares_a_readable_password(self, api, run_module):
        palette = Palette(api, DESIRED_PAYLOAD)
        assert run_module(palette_smtp, {**ARGS, "update_password": "always"})["changed"] is False
        assert PUT not in palette.calls

    def test_changed_readable_password_is_written_and_never_shown(self, api, run_module):
        palette = Palette(api, {**DESIRED_PAYLOAD, "password": OLD_PASSWORD})
        palette.after_write_reads(DESIRED_PAYLOAD)
        result = run_module(palette_smtp, ARGS, diff=True)
        assert result["changed"] is True
        assert result["diff"]["before"]["password"] == result["diff"]["after"]["password"] == "********"
        assert_no_secret(run_module)

    @pytest.mark.parametrize("stored", [STORED_MASKED, STORED_ABSENT], ids=["masked", "absent"])
    def test_unreadable_password_travels_with_another_change(self, api, run_module, stored):
        palette = Palette(api, {**stored, "smtpPort": 25})
        palette.after_write_reads(stored)
        assert run_module(palette_smtp, ARGS)["changed"] is True
        assert palette.body("PUT", "/v1/system/config/smtp") == [DESIRED_PAYLOAD]

    def test_masked_placeholder_is_never_sent_back(self, api, run_module):
        palette = Palette(api, {**STORED_MASKED, "fromEmailId": "old@example.com"})
        palette.after_write_reads(STORED_MASKED)
        run_module(palette_smtp, ARGS)
        for method, path in (("PUT", "/v1/system/config/smtp"), ("PUT", "/v1/system/config/smtp/validate")):
            assert all(body["password"] == SMTP_PASSWORD for body in palette.body(method, path))

    def test_palette_error_that_echoes_the_password_is_scrubbed(self, api, run_module):
        palette = Palette(api, {})
        api.replace(
            "PUT",
            VALIDATE_URL,
            status=400,
            json={"code": "SmtpAuthFailed", "message": f"535 auth failed for mailer/{SMTP_PASSWORD}"},
        )
        result = run_module(palette_smtp, ARGS)
        assert result["failed"] is True
        assert "535 auth failed" in result["msg"]
        assert PUT not in palette.calls
        assert_no_secret(run_module)


class TestCheckModeAndDiff:
    def test_check_mode_validates_but_never_writes(self, api, run_module):
        palette = Palette(api, {})
        result = run_module(palette_smtp, ARGS, check_mode=True)
        assert result["changed"] is True
        assert result["validated"] is True
        assert palette.calls == [LOGIN, GET, VALIDATE]
        assert result["smtp"]["server"] == "smtp.example.com"

    def test_check_mode_without_change_only_reads(self, api, run_module):
        palette = Palette(api, DESIRED_PAYLOAD)
        assert run_module(palette_smtp, ARGS, check_mode=True)["changed"] is False
        assert palette.calls == [LOGIN, GET]

    def test_diff_shows_all_six_fields_with_the_password_masked(self, api, run_module):
        stored = {"smtpServer": "old.example.com", "smtpPort": 25, "fromEmailId": "palette@example.com"}
        palette = Palette(api, stored)
        palette.after_write_reads(DESIRED_PAYLOAD)
        result = run_module(palette_smtp, ARGS, diff=True)
        assert result["diff"] == {
            "before": {
                "server": "old.example.com",
                "port": 25,
                "from_email": "palette@example.com",
                "username": None,
                "password": None,
                "insecure_skip_tls_verify": False,
            },
            "after": {
                "server": "smtp.example.com",
                "port": 587,
                "from_email": "palette@example.com",
                "username": "mailer",
                "password": "********",
                "insecure_skip_tls_verify": False,
            },
        }

    def test_check_and_diff_together(self, api, run_module):
        palette = Palette(api, {})
        result = run_module(palette_smtp, ARGS, check_mode=True, diff=True)
        assert result["diff"]["after"]["server"] == "smtp.example.com"
        assert PUT not in palette.calls

    def test_no_diff_without_a_change(self, api, run_module):
        Palette(api, DESIRED_PAYLOAD)
        assert "diff" not in run_module(palette_smtp, ARGS, diff=True)


class TestWarnings:
    def warnings(self, result):
        return [warning["event"]["msg"] if isinstance(warning, dict) else warning for warning in result["warnings"]]

    def test_anonymous_warns_and_clears_credentials(self, api, run_module):
        palette = Palette(api, STORED_MASKED)
        anonymous = {**CONNECTION, "server": "relay.example.com", "port": 25, "from_email": "palette@example.com"}
        palette.after_write_reads(
            {"smtpServer": "relay.example.com", "smtpPort": 25, "fromEmailId": "palette@example.com"}
        )
        result = run_module(palette_smtp, anonymous)
        assert any("anonymous" in warning and "authenticated SMTP" in warning for warning in self.warnings(result))
        sent = palette.body("PUT", "/v1/system/config/smtp")[0]
        assert (sent["userName"], sent["password"]) == ("", "")
        assert result["smtp"]["anonymous"] is True

    def test_anonymous_warns_even_without_change(self, api, run_module):
        stored = {"smtpServer": "relay.example.com", "smtpPort": 25, "fromEmailId": "palette@example.com"}
        Palette(api, stored)
        anonymous = {**CONNECTION, "server": "relay.example.com", "port": 25, "from_email": "palette@example.com"}
        result = run_module(palette_smtp, anonymous)
        assert result["changed"] is False
        assert any("anonymous" in warning for warning in self.warnings(result))

    def test_authenticated_config_has_no_warning(self, api, run_module):
        Palette(api, DESIRED_PAYLOAD)
        result = run_module(palette_smtp, ARGS)
        assert "warnings" not in result, result.get("warnings")

    def test_insecure_tls_warns(self, api, run_module):
        stored = {**DESIRED_PAYLOAD, "insecureSkipVerifyTls": True}
        Palette(api, stored)
        result = run_module(palette_smtp, {**ARGS, "insecure_skip_tls_verify": True})
        assert any("insecure_skip_tls_verify is true" in warning for warning in self.warnings(result))


class TestFailures:
    def test_failed_validation_saves_nothing(self, api, run_module):
        palette = Palette(api, {})
        v1_error = {
            "code": "SmtpValidationFailed",
            "message": "dial tcp 192.0.2.1:587: i/o timeout",
            "details": {"step": "connect"},
            "ref": "ref-7",
        }
        api.replace("PUT", VALIDATE_URL, status=400, json=v1_error, headers={"AuditUid": "audit-7"})
        result = run_module(palette_smtp, ARGS)
        assert result["failed"] is True
        assert "dial tcp 192.0.2.1:587: i/o timeout" in result["msg"]
        assert result["error"] == {
            "status": 400,
            "code": "SmtpValidationFailed",
            "message": "dial tcp 192.0.2.1:587: i/o timeout",
            "details": {"step": "connect"},
            "ref": "ref-7",
            "audit_uid": "audit-7",
        }
        assert palette.calls == [LOGIN, GET, VALIDATE]

    def test_validate_false_writes_without_validation(self, api, run_module):
        palette = Palette(api, {})
        palette.after_write_reads(DESIRED_PAYLOAD)
        result = run_module(palette_smtp, {**ARGS, "validate": False})
        assert result["validated"] is False
        assert "audit_uid" not in result
        assert palette.calls == [LOGIN, GET, PUT, GET]

    def test_vertex_keeping_tls_verification_fails_with_the_reason(self, api, run_module):
        palette = Palette(api, DESIRED_PAYLOAD)
        palette.after_write_reads(DESIRED_PAYLOAD)
        result = run_module(palette_smtp, {**ARGS, "insecure_skip_tls_verify": True})
        assert result["failed"] is True
        assert result["changed"] is True
        assert "did not keep insecure_skip_tls_verify (sent True, reads back False)" in result["msg"]
        assert "Palette VerteX" in result["msg"]

    def test_wrong_console_password(self, api, run_module):
        api.post(LOGIN_URL, status=401, json={"code": "Unauthorized", "message": "Invalid credentials"})
        result = run_module(palette_smtp, ARGS)
        assert result["failed"] is True
        assert "rejected the system console credentials (401)" in result["msg"]
        assert result["error"]["status"] == 401
        assert_no_secret(run_module)

    def test_missing_requests_library(self, api, run_module, monkeypatch):
        monkeypatch.setattr(connection, "HAS_REQUESTS", False)
        result = run_module(palette_smtp, ARGS)
        assert "Failed to import the required Python library (requests)" in result["msg"]
        assert len(api.calls) == 0


class TestBadInput:
    @pytest.mark.parametrize(
        ("overrides", "fragment"),
        [
            ({"port": 0}, "port must be between 1 and 65535"),
            ({"port": -1}, "port must be between 1 and 65535"),
            ({"port": 65536}, "port must be between 1 and 65535"),
            ({"port": "abc"}, "port"),
            ({"server": ""}, "server must not be empty"),
            ({"server": "  "}, "server must not be empty"),
            ({"server": "smtps://smtp.example.com"}, "without scheme or path"),
            ({"server": "smtp.example.com/x"}, "without scheme or path"),
            ({"from_email": "not-an-address"}, "is not an email address"),
            ({"from_email": "a@example.com\r\nBcc: x@example.org"}, "control characters"),
            ({"password": None}, "username and password go together"),
            ({"username": None}, "username and password go together"),
            ({"host": "https://palette.example.com/v1"}, "without a path or query"),
            ({"host": "palette.example.com?tenant=a"}, "without a path or query"),
            ({"auth_token": TOKEN}, "mutually exclusive"),
            ({"auth_username": None, "auth_password": None}, "one of the following is required"),
            ({"auth_password": None}, "parameters are required together"),
            ({"ca_path": "/nonexistent/ca.pem"}, "ca_path /nonexistent/ca.pem cannot be read: No such file"),
            ({"ca_path": __file__}, "is not a PEM CA bundle"),
            ({"port": 70000}, "port must be between 1 and 65535"),
            ({"server": "smtp.example.com:587"}, "is not a valid host name"),
            ({"server": "smtp example.com"}, "is not a valid host name"),
            ({"from_email": "a@example.com\nBcc: x@example.org"}, "control characters"),
            ({"from_email": "a@@example.com"}, "invalid part before the @"),
            ({"from_email": "palette@localhost"}, "invalid domain after the @"),
            ({"username": "mailer\r\nX-Injected: 1"}, "username must not contain control characters"),
            ({"host": ""}, "host must not be empty"),
            ({"host": "ftp://palette.example.com"}, "must use https://"),
            ({"host": "https://admin:pw@palette.example.com"}, "must not carry credentials"),
            ({"host": "palette.example.com:99999"}, "not a valid address"),
            ({"timeout": 0}, "timeout must be a positive number"),
            ({"timeout": -5}, "timeout must be a positive number"),
            ({"retries": -1}, "retries must be 0 or more"),
            ({"update_password": "sometimes"}, "update_password must be one of"),
        ],
    )
    def test_fails_before_any_api_call(self, api, run_module, overrides, fragment):
        args = {key: value for key, value in {**ARGS, **overrides}.items() if value is not None}
        result = run_module(palette_smtp, args)
        assert result["failed"] is True
        assert fragment in result["msg"]
        assert len(api.calls) == 0
        assert_no_secret(run_module)
        given = ", ".join(f"{key}={value!r}" for key, value in sorted(overrides.items()))
        record("bad_input", given, message=fragment, http_calls=0)

    def test_all_problems_are_reported_at_once(self, api, run_module):
        result = run_module(palette_smtp, {**ARGS, "port": 0, "timeout": 0, "server": ""})
        for fragment in ("port must be", "timeout must be", "server must not be empty"):
            assert fragment in result["msg"]
