"""palette_smtp end to end through its main(): options, call sequences, secrets, warnings,
failures, bad input and connection faults. The rules themselves are tested in module_utils."""

from __future__ import annotations

import pytest
import requests

from ansible_collections.palette.selfhosted.plugins.module_utils._settings.smtp import SMTP
from ansible_collections.palette.selfhosted.plugins.modules import palette_smtp
from fake_palette import (
    CONNECTION,
    CONSOLE_PASSWORD,
    LOGIN,
    LOGIN_PATH,
    TOKEN,
    fixture,
    get,
    put,
    validate,
    warning_texts,
)
from reliability_record import record

DATA = fixture("smtp")
SMTP_PARAMS = DATA["params"]
SMTP_PASSWORD = SMTP_PARAMS["password"]
DESIRED_PAYLOAD = DATA["payload"]
ARGS = {**CONNECTION, **SMTP_PARAMS}
STORED_MASKED = {**DESIRED_PAYLOAD, "password": "********"}
STORED_ABSENT = {key: value for key, value in DESIRED_PAYLOAD.items() if key != "password"}
OLD_PASSWORD = "old-Smtp-Pass-99"
SECRETS = (SMTP_PASSWORD, CONSOLE_PASSWORD, TOKEN, OLD_PASSWORD)
GET, VALIDATE, PUT = get(SMTP), validate(SMTP), put(SMTP)


def serve(palette, stored, then=None):
    """A console that accepts the login and stores `stored` (then `then`, after a write)."""
    return palette.accepts_login().stores(SMTP, stored, then)


def assert_no_secret(run_module):
    for secret in SECRETS:
        assert secret not in run_module.stdout


class TestIdempotence:
    def test_first_run_validates_then_writes_once_then_reads_back(self, palette, run_module):
        palette = serve(palette, {}, then=DESIRED_PAYLOAD)
        result = run_module(palette_smtp, ARGS)
        assert result["changed"] is True
        assert result["validated"] is True
        assert result["audit_uid"] == "audit-42"
        assert palette.calls == [LOGIN, GET, VALIDATE, PUT, GET]
        assert palette.sent("PUT", SMTP.path) == [DESIRED_PAYLOAD]
        assert palette.sent("PUT", SMTP.validate_path) == [DESIRED_PAYLOAD]
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
    def test_second_run_is_unchanged_and_sends_no_put(self, palette, run_module, stored):
        serve(palette, stored)
        result = run_module(palette_smtp, ARGS)
        assert result["changed"] is False
        assert result["validated"] is False
        assert palette.calls == [LOGIN, GET]
        assert_no_secret(run_module)

    def test_token_saves_the_login(self, palette, run_module):
        serve(palette, DESIRED_PAYLOAD)
        result = run_module(palette_smtp, {"host": "palette.example.com", "auth_token": TOKEN, **SMTP_PARAMS})
        assert result["changed"] is False
        assert palette.calls == [GET]
        assert palette.api.calls[0].request.headers["Authorization"] == TOKEN

    def test_environment_fallbacks(self, palette, run_module, monkeypatch):
        monkeypatch.setenv("PALETTE_HOST", "https://palette.example.com")
        monkeypatch.setenv("PALETTE_USERNAME", "admin")
        monkeypatch.setenv("PALETTE_PASSWORD", CONSOLE_PASSWORD)
        serve(palette, DESIRED_PAYLOAD)
        assert run_module(palette_smtp, SMTP_PARAMS)["changed"] is False
        assert palette.sent("POST", "/v1/auth/syslogin") == [{"username": "admin", "password": CONSOLE_PASSWORD}]
        assert_no_secret(run_module)

    def test_token_from_environment(self, palette, run_module, monkeypatch):
        monkeypatch.setenv("PALETTE_TOKEN", TOKEN)
        serve(palette, DESIRED_PAYLOAD)
        run_module(palette_smtp, {"host": "palette.example.com", **SMTP_PARAMS})
        assert palette.calls == [GET]


class TestPassword:
    @pytest.mark.parametrize("stored", [STORED_MASKED, STORED_ABSENT], ids=["masked", "absent"])
    def test_always_sends_an_unreadable_password(self, palette, run_module, stored):
        palette = serve(palette, stored, then=stored)
        result = run_module(palette_smtp, {**ARGS, "update_password": "always"})
        assert result["changed"] is True
        assert palette.calls == [LOGIN, GET, VALIDATE, PUT, GET]
        assert palette.sent("PUT", SMTP.path)[0]["password"] == SMTP_PASSWORD

    def test_always_compares_a_readable_password(self, palette, run_module):
        serve(palette, DESIRED_PAYLOAD)
        assert run_module(palette_smtp, {**ARGS, "update_password": "always"})["changed"] is False
        assert PUT not in palette.calls

    def test_changed_readable_password_is_written_and_never_shown(self, palette, run_module):
        palette = serve(palette, {**DESIRED_PAYLOAD, "password": OLD_PASSWORD}, then=DESIRED_PAYLOAD)
        result = run_module(palette_smtp, ARGS, diff=True)
        assert result["changed"] is True
        assert result["diff"]["before"]["password"] == result["diff"]["after"]["password"] == "********"
        assert_no_secret(run_module)

    @pytest.mark.parametrize("stored", [STORED_MASKED, STORED_ABSENT], ids=["masked", "absent"])
    def test_unreadable_password_travels_with_another_change(self, palette, run_module, stored):
        palette = serve(palette, {**stored, "smtpPort": 25}, then=stored)
        assert run_module(palette_smtp, ARGS)["changed"] is True
        assert palette.sent("PUT", SMTP.path) == [DESIRED_PAYLOAD]

    def test_masked_placeholder_is_never_sent_back(self, palette, run_module):
        palette = serve(palette, {**STORED_MASKED, "fromEmailId": "old@example.com"}, then=STORED_MASKED)
        run_module(palette_smtp, ARGS)
        for method, path in (("PUT", SMTP.path), ("PUT", SMTP.validate_path)):
            assert all(body["password"] == SMTP_PASSWORD for body in palette.sent(method, path))

    def test_palette_error_that_echoes_the_password_is_scrubbed(self, palette, run_module):
        serve(palette, {})
        palette.answer(
            "PUT",
            SMTP.validate_path,
            status=400,
            json={"code": "SmtpAuthFailed", "message": f"535 auth failed for mailer/{SMTP_PASSWORD}"},
        )
        result = run_module(palette_smtp, ARGS)
        assert result["failed"] is True
        assert "535 auth failed" in result["msg"]
        assert PUT not in palette.calls
        assert_no_secret(run_module)


class TestCheckModeAndDiff:
    def test_check_mode_validates_but_never_writes(self, palette, run_module):
        serve(palette, {})
        result = run_module(palette_smtp, ARGS, check_mode=True)
        assert result["changed"] is True
        assert result["validated"] is True
        assert palette.calls == [LOGIN, GET, VALIDATE]
        assert result["smtp"]["server"] == "smtp.example.com"

    def test_check_mode_without_change_only_reads(self, palette, run_module):
        serve(palette, DESIRED_PAYLOAD)
        assert run_module(palette_smtp, ARGS, check_mode=True)["changed"] is False
        assert palette.calls == [LOGIN, GET]

    def test_diff_shows_all_six_fields_with_the_password_masked(self, palette, run_module):
        stored = {"smtpServer": "old.example.com", "smtpPort": 25, "fromEmailId": "palette@example.com"}
        palette = serve(palette, stored, then=DESIRED_PAYLOAD)
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

    def test_check_and_diff_together(self, palette, run_module):
        serve(palette, {})
        result = run_module(palette_smtp, ARGS, check_mode=True, diff=True)
        assert result["diff"]["after"]["server"] == "smtp.example.com"
        assert PUT not in palette.calls

    def test_no_diff_without_a_change(self, palette, run_module):
        serve(palette, DESIRED_PAYLOAD)
        assert "diff" not in run_module(palette_smtp, ARGS, diff=True)


class TestWarnings:
    def warnings(self, result):
        return warning_texts(result)

    def test_anonymous_warns_and_clears_credentials(self, palette, run_module):
        serve(palette, STORED_MASKED, then=DATA["anonymous_payload"])
        anonymous = {**CONNECTION, **DATA["anonymous_params"]}
        result = run_module(palette_smtp, anonymous)
        assert any("anonymous" in warning and "authenticated SMTP" in warning for warning in self.warnings(result))
        sent = palette.sent("PUT", SMTP.path)[0]
        assert (sent["userName"], sent["password"]) == ("", "")
        assert result["smtp"]["anonymous"] is True

    def test_anonymous_warns_even_without_change(self, palette, run_module):
        serve(palette, DATA["anonymous_payload"])
        anonymous = {**CONNECTION, **DATA["anonymous_params"]}
        result = run_module(palette_smtp, anonymous)
        assert result["changed"] is False
        assert any("anonymous" in warning for warning in self.warnings(result))

    def test_authenticated_config_has_no_warning(self, palette, run_module):
        serve(palette, DESIRED_PAYLOAD)
        result = run_module(palette_smtp, ARGS)
        assert "warnings" not in result, result.get("warnings")

    def test_insecure_tls_warns(self, palette, run_module):
        stored = {**DESIRED_PAYLOAD, "insecureSkipVerifyTls": True}
        serve(palette, stored)
        result = run_module(palette_smtp, {**ARGS, "insecure_skip_tls_verify": True})
        assert any("insecure_skip_tls_verify is true" in warning for warning in self.warnings(result))


class TestFailures:
    def test_failed_validation_saves_nothing(self, palette, run_module):
        serve(palette, {})
        v1_error = {
            "code": "SmtpValidationFailed",
            "message": "dial tcp 192.0.2.1:587: i/o timeout",
            "details": {"step": "connect"},
            "ref": "ref-7",
        }
        palette.answer("PUT", SMTP.validate_path, status=400, json=v1_error, headers={"AuditUid": "audit-7"})
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

    def test_validate_false_writes_without_validation(self, palette, run_module):
        palette = serve(palette, {}, then=DESIRED_PAYLOAD)
        result = run_module(palette_smtp, {**ARGS, "validate": False})
        assert result["validated"] is False
        assert "audit_uid" not in result
        assert palette.calls == [LOGIN, GET, PUT, GET]

    def test_vertex_keeping_tls_verification_fails_with_the_reason(self, palette, run_module):
        palette = serve(palette, DESIRED_PAYLOAD, then=DESIRED_PAYLOAD)
        result = run_module(palette_smtp, {**ARGS, "insecure_skip_tls_verify": True})
        assert result["failed"] is True
        assert result["changed"] is True
        assert "did not keep insecure_skip_tls_verify (sent True, reads back False)" in result["msg"]
        assert "Palette VerteX" in result["msg"]

    def test_wrong_console_password(self, palette, run_module):
        palette.api.post(
            palette.url(LOGIN_PATH), status=401, json={"code": "Unauthorized", "message": "Invalid credentials"}
        )
        result = run_module(palette_smtp, ARGS)
        assert result["failed"] is True
        assert "rejected the system console credentials (401)" in result["msg"]
        assert result["error"]["status"] == 401
        assert_no_secret(run_module)


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
    def test_fails_before_any_api_call(self, palette, run_module, overrides, fragment):
        args = {key: value for key, value in {**ARGS, **overrides}.items() if value is not None}
        result = run_module(palette_smtp, args)
        assert result["failed"] is True
        assert fragment in result["msg"]
        assert palette.calls == []
        assert_no_secret(run_module)
        given = ", ".join(f"{key}={value!r}" for key, value in sorted(overrides.items()))
        record("bad_input", given, message=fragment, http_calls=0)

    def test_all_problems_are_reported_at_once(self, palette, run_module):
        result = run_module(palette_smtp, {**ARGS, "port": 0, "timeout": 0, "server": ""})
        for fragment in ("port must be", "timeout must be", "server must not be empty"):
            assert fragment in result["msg"]


# Connection-level faults at the calls after login. A real server cannot refuse, fail to resolve or
# fail TLS for one call of a keep-alive session, so these cells of the fault matrix are produced at
# the requests layer; the simulator covers the others (tests/integration/test_fault_matrix.py).
FAULTS = {
    "connection refused": (requests.exceptions.ConnectionError("[Errno 111] Connection refused"), None),
    "name resolution failure": (
        requests.exceptions.ConnectionError("Failed to resolve 'palette.example.com' (Name or service not known)"),
        None,
    ),
    "TLS verification failure": (
        requests.exceptions.SSLError("[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed"),
        "TLS connection to https://palette.example.com failed",
    ),
}
CALLS = {"GET": GET, "validate": VALIDATE, "PUT": PUT}


@pytest.mark.parametrize("call", list(CALLS))
@pytest.mark.parametrize("fault", list(FAULTS))
def test_connection_fault(palette, run_module, no_sleep, fault, call):
    error, expected = FAULTS[fault]
    method, path = CALLS[call].split(" ", 1)
    palette.accepts_login()
    palette.api.add(method, palette.url(path), body=error)  # answered first, then the route below
    serve(palette, DATA["older"], then=DESIRED_PAYLOAD)

    result = run_module(palette_smtp, ARGS)
    tries = palette.calls.count(CALLS[call])
    saved = [
        c
        for c in palette.api.calls
        if f"{c.request.method} {c.request.path_url}" == PUT and isinstance(c.response, requests.Response)
    ]

    if expected is None:
        assert result["changed"] is True, result.get("msg")
        tries -= call == "GET"  # the read-back GET after the write is not a retry
        assert tries == 2
        assert no_sleep == [1.0]
        record("faults", [fault, call], outcome="recovers", tries=tries, source="mock")
        return
    assert result["failed"] is True
    assert expected in result["msg"]
    assert "ca_path" in result["msg"]
    assert tries == 1, "TLS failures are not retried"
    assert saved == [], "nothing may be written after a failure"
    assert "exception" not in result
    record("faults", [fault, call], outcome="fails", message=expected, stored="unchanged", tries=1, source="mock")
