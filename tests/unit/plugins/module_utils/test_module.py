"""The module layer: connection options, input checks before any call, the failure path and the
sentences that name options, and the argument spec a setting gets."""

from __future__ import annotations

import types

import pytest

from ansible_collections.palette.selfhosted.plugins.module_utils import _engine, _keyed, _module, _transport
from ansible_collections.palette.selfhosted.plugins.module_utils._module import (
    PaletteModule,
    connection_problems,
    not_kept_sentence,
    setting_argument_spec,
)
from ansible_collections.palette.selfhosted.plugins.module_utils._settings.backup import STORAGES
from ansible_collections.palette.selfhosted.plugins.module_utils._settings.smtp import SMTP
from fake_palette import CONNECTION, CONSOLE_PASSWORD, LOGIN, TOKEN

DEFAULTS = {"auth_token": None, "validate_certs": True, "ca_path": None, "timeout": 30, "retries": 3}


def a_module(action, **spec):
    """A module whose main() runs `action(client)` through PaletteModule."""
    return types.SimpleNamespace(main=lambda: PaletteModule(spec, supports_check_mode=True).run(action))


class TestConnectionProblems:
    def test_fine(self):
        assert connection_problems({**DEFAULTS, **CONNECTION}) == []

    @pytest.mark.parametrize(
        ("overrides", "problem"),
        [
            ({"host": ""}, "host must not be empty."),
            (
                {"host": "ftp://palette.example.com"},
                "host 'ftp://palette.example.com' must use https:// (or http://), not ftp://.",
            ),
            (
                {"host": "https://admin:pw-Secret@palette.example.com"},
                "host must not carry credentials; use auth_username and auth_password.",
            ),
            ({"timeout": 0}, "timeout must be a positive number of seconds, got 0."),
            ({"retries": -1}, "retries must be 0 or more, got -1."),
            (
                {"ca_path": "/nonexistent/ca.pem"},
                "ca_path /nonexistent/ca.pem cannot be read: No such file or directory.",
            ),
            ({"ca_path": __file__}, f"ca_path {__file__} is not a PEM CA bundle (it has no BEGIN CERTIFICATE block)."),
        ],
    )
    def test_each_problem_as_a_sentence(self, overrides, problem):
        assert connection_problems({**DEFAULTS, **CONNECTION, **overrides}) == [problem]

    def test_a_ca_directory_is_accepted(self, tmp_path):
        assert connection_problems({**DEFAULTS, **CONNECTION, "ca_path": str(tmp_path)}) == []


class TestFailurePath:
    @pytest.mark.parametrize(
        ("kind", "hint"),
        [
            (_transport.CREDENTIALS_REJECTED, "Check auth_username and auth_password (or PALETTE_USERNAME"),
            (_transport.TOKEN_REJECTED, "Palette refused even a fresh login's token"),
            (_transport.PASSWORD_CHANGE_REQUIRED, "Change it with palette.selfhosted.palette_system_admin"),
            (_transport.MFA_REQUIRED, "without MFA or passkeys"),
            (_transport.FORBIDDEN, "Use a system admin account."),
            (_transport.NOT_FOUND, "Set host to the system console"),
            (_transport.TIMEOUT, "raise the timeout option"),
            (_transport.UNREACHABLE, "Check host and that the Palette system console is reachable"),
            (_transport.TLS, "Set ca_path to the CA bundle"),
            (_transport.STATUS, None),
        ],
    )
    def test_a_transport_error_becomes_a_sentence_naming_the_options(self, palette, run_module, kind, hint):
        palette.accepts_login()

        def fail(_client):
            raise _transport.PaletteApiError("Something happened.", kind, status=400, code="Code", audit_uid="a-1")

        result = run_module(a_module(fail), CONNECTION)
        if hint is None:
            assert result["msg"] == "Something happened."
        else:
            assert result["msg"].startswith("Something happened. ")
            assert hint in result["msg"]
        assert result["error"] == {
            "status": 400,
            "code": "Code",
            "message": None,
            "details": None,
            "ref": None,
            "audit_uid": "a-1",
        }

    def test_a_token_is_used_and_credentials_given_too_only_renew_it(self, palette, run_module):
        url = palette.url("/v1/system/example")
        palette.api.get(url, status=401)
        palette.accepts_login(token="fresh-Token-3")
        palette.api.get(url, json={"name": "value"})
        result = run_module(
            a_module(lambda client: {"changed": False, **client.request("GET", "/v1/system/example").body}),
            {**CONNECTION, "auth_token": TOKEN},
        )
        assert result["name"] == "value"
        assert palette.calls == ["GET /v1/system/example", LOGIN, "GET /v1/system/example"]
        assert [call.request.headers.get("Authorization") for call in palette.api.calls] == [
            TOKEN,
            None,
            "fresh-Token-3",
        ]
        assert "fresh-Token-3" not in run_module.stdout

    def test_a_rejected_token_given_alone_has_probably_expired(self, palette, run_module):
        def fail(_client):
            raise _transport.PaletteApiError("Rejected.", _transport.TOKEN_REJECTED, status=401)

        result = run_module(a_module(fail), {"host": CONNECTION["host"], "auth_token": TOKEN})
        assert "The token has probably expired" in result["msg"]
        assert "palette.selfhosted.palette_token" in result["msg"]

    def test_tls_without_verification_hints_at_https(self, palette, run_module):
        def fail(_client):
            raise _transport.PaletteApiError("TLS failed.", _transport.TLS)

        connection = {"host": CONNECTION["host"], "auth_token": TOKEN, "validate_certs": False}
        result = run_module(a_module(fail), connection)
        assert result["msg"] == "TLS failed. Check that the address speaks HTTPS."

    def test_a_value_palette_did_not_keep_fails_with_the_run_so_far(self, palette, run_module):
        palette.accepts_login()

        def not_kept(_client):
            raise _engine.NotKept(SMTP, ("port",), {"port": 25}, {"port": 587}, {"changed": True, "validated": True})

        result = run_module(a_module(not_kept), CONNECTION)
        assert result["failed"] is True
        assert (result["changed"], result["validated"]) == (True, True)
        assert result["msg"] == "Palette saved the SMTP config but did not keep port (sent 25, reads back 587)."

    def test_a_change_palette_cannot_make_names_the_options(self, palette, run_module):
        palette.accepts_login()
        resource = _keyed.KeyedResource(
            "team",
            "team",
            "/v1/teams",
            "/v1/teams/{uid}",
            _engine.Field("name", "n"),
            (_engine.Field("email", "e"), _engine.Field("code", "c", secret=True)),
        )

        def cannot(_client):
            raise _keyed.CannotChange(
                resource,
                ("email", "code"),
                {"email": "a@example.com", "code": "old-Code-1"},
                {"name": "blue", "email": "b@example.com", "code": "new-Code-2"},
            )

        result = run_module(a_module(cannot), CONNECTION)
        assert result["msg"] == (
            "Palette cannot change email (it has 'a@example.com', the task gives 'b@example.com'); code of the "
            "existing team 'blue'. Give the values it has, or remove it (state: absent) and create it anew."
        )
        assert result["changed"] is False

    def test_logs_in_unless_given_a_token_and_never_shows_either(self, palette, run_module):
        palette.accepts_login()
        result = run_module(a_module(lambda client: {"changed": False, "token_set": bool(client.token)}), CONNECTION)
        # ansible-core 2.21 no longer adds "invocation" to a module's result; earlier releases do.
        result.pop("invocation", None)
        assert result == {"changed": False, "token_set": True}
        assert palette.calls == [LOGIN]
        assert TOKEN not in run_module.stdout
        assert CONSOLE_PASSWORD not in run_module.stdout

    def test_every_problem_before_any_call(self, palette, run_module):
        module = types.SimpleNamespace(
            main=lambda: PaletteModule(check=lambda params: ["own problem."]).run(pytest.fail)
        )
        result = run_module(module, {**CONNECTION, "timeout": 0})
        assert result["msg"] == "Invalid options: timeout must be a positive number of seconds, got 0. own problem."
        assert palette.calls == []

    def test_missing_requests_library(self, palette, run_module, monkeypatch):
        monkeypatch.setattr(_module, "HAS_REQUESTS", False)
        result = run_module(a_module(pytest.fail), CONNECTION)
        assert "Failed to import the required Python library (requests)" in result["msg"]
        assert palette.calls == []


ENVIRONMENT = {
    "PALETTE_HOST": ("host", "https://palette.example.com", "https://palette.example.com"),
    "PALETTE_USERNAME": ("auth_username", "operator", "operator"),
    "PALETTE_VALIDATE_CERTS": ("validate_certs", "false", False),
    "PALETTE_TIMEOUT": ("timeout", "7", 7),
    "PALETTE_RETRIES": ("retries", "0", 0),
}
UNSET = {"host": None, "auth_username": "admin", "validate_certs": True, "timeout": 30, "retries": 3}


def params_module(*options):
    """A module that returns the values its connection options ended up with."""

    def main():
        module = PaletteModule(supports_check_mode=True)
        module.run(lambda _client: {"changed": False, "options": {name: module.params[name] for name in options}})

    return types.SimpleNamespace(main=main)


class TestEnvironment:
    @pytest.mark.parametrize("variable", list(ENVIRONMENT))
    def test_each_variable_is_the_fallback_of_its_option(self, palette, run_module, monkeypatch, variable):
        option, value, expected = ENVIRONMENT[variable]
        monkeypatch.setenv(variable, value)
        palette.accepts_login()
        args = {key: value for key, value in CONNECTION.items() if key != option}
        if option == "auth_username":
            args["auth_password"] = CONSOLE_PASSWORD
        assert run_module(params_module(option), args)["options"] == {option: expected}

    @pytest.mark.parametrize("variable", [name for name in ENVIRONMENT if name != "PALETTE_HOST"])
    def test_an_empty_variable_counts_as_unset(self, palette, run_module, monkeypatch, variable):
        option = ENVIRONMENT[variable][0]
        monkeypatch.setenv(variable, "")
        palette.accepts_login()
        assert run_module(params_module(option), CONNECTION)["options"] == {option: UNSET[option]}

    def test_an_empty_host_counts_as_unset(self, palette, run_module, monkeypatch):
        monkeypatch.setenv("PALETTE_HOST", "")
        result = run_module(params_module("host"), {"auth_token": TOKEN})
        assert result["msg"] == "missing required arguments: host"

    def test_password_and_token(self, palette, run_module, monkeypatch):
        monkeypatch.setenv("PALETTE_PASSWORD", CONSOLE_PASSWORD)
        palette.accepts_login()
        run_module(params_module("host"), {"host": CONNECTION["host"], "auth_username": "admin"})
        assert palette.sent("POST", "/v1/auth/syslogin") == [{"username": "admin", "password": CONSOLE_PASSWORD}]
        monkeypatch.setenv("PALETTE_TOKEN", TOKEN)
        monkeypatch.delenv("PALETTE_PASSWORD")
        run_module(params_module("host"), {"host": CONNECTION["host"]})
        assert palette.calls == [LOGIN], "a token from the environment needs no login"

    def test_a_ca_path_variable_is_checked_like_the_option(self, palette, run_module, monkeypatch):
        monkeypatch.setenv("PALETTE_CA_PATH", "/nonexistent/ca.pem")
        result = run_module(params_module("ca_path"), CONNECTION)
        assert "ca_path /nonexistent/ca.pem cannot be read" in result["msg"]
        monkeypatch.setenv("PALETTE_CA_PATH", "")
        palette.accepts_login()
        assert run_module(params_module("ca_path"), CONNECTION)["options"] == {"ca_path": None}

    @pytest.mark.parametrize("given", ["user and password", "token"])
    def test_what_a_controller_credential_injects(self, palette, run_module, monkeypatch, given):
        """Every field of the credential type, the unused ones empty (extensions/controller)."""
        injected = {
            "PALETTE_HOST": CONNECTION["host"],
            "PALETTE_USERNAME": "admin" if given != "token" else "",
            "PALETTE_PASSWORD": CONSOLE_PASSWORD if given != "token" else "",
            "PALETTE_TOKEN": TOKEN if given == "token" else "",
            "PALETTE_VALIDATE_CERTS": "True",
            "PALETTE_CA_PATH": "",
        }
        for name, value in injected.items():
            monkeypatch.setenv(name, value)
        palette.accepts_login()
        result = run_module(params_module("host"), {})
        assert result["changed"] is False, result.get("msg")
        assert palette.calls == ([] if given == "token" else [LOGIN])


def test_not_kept_sentence_names_a_secret_without_its_value():
    exc = _engine.NotKept(
        SMTP,
        ("password", "insecure_skip_tls_verify"),
        {"password": "pw-Secret-1", "insecure_skip_tls_verify": True},
        {"password": None, "insecure_skip_tls_verify": False},
        {},
    )
    sentence = not_kept_sentence(exc)
    assert sentence.startswith(
        "Palette saved the SMTP config but did not keep the password; insecure_skip_tls_verify "
        "(sent True, reads back False): Palette VerteX never allows"
    )
    assert "pw-Secret-1" not in sentence


def test_setting_argument_spec():
    assert setting_argument_spec(SMTP) == {
        "server": {"type": "str", "no_log": False, "required": True},
        "port": {"type": "int", "no_log": False, "required": True},
        "from_email": {"type": "str", "no_log": False, "required": True},
        "username": {"type": "str", "no_log": False},
        "password": {"type": "str", "no_log": True},
        "insecure_skip_tls_verify": {"type": "bool", "no_log": False, "default": False},
        "validate": {"type": "bool", "default": True},
        "update_password": {"type": "str", "choices": ["on_change", "always"], "default": "on_change", "no_log": False},
    }


def test_setting_choice_argument_spec_requires_what_each_choice_requires():
    spec, required_if = _module.setting_choice_argument_spec("storage", STORAGES)
    assert spec["storage"] == {"type": "str", "required": True, "choices": ["s3", "ftp"]}
    assert spec["hour_of_day"]["required"] is True  # every storage requires the schedule
    assert "required" not in spec["bucket"]
    assert ("storage", "s3", ["bucket"]) in required_if
    assert ("storage", "ftp", ["server"]) in required_if
    assert spec["secret_key"]["no_log"] is True
    assert spec["access_key"]["no_log"] is False
