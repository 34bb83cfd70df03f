"""The module layer: connection options, input checks before any call, the Run an action gets, the
failure path and the sentences that name options, and the main() of a module that applies a kind."""

from __future__ import annotations

import types

import pytest

from ansible_collections.palette.selfhosted.plugins.module_utils import _module, _transport
from ansible_collections.palette.selfhosted.plugins.module_utils._module import PaletteModule, connection_problems
from ansible_collections.palette.selfhosted.plugins.module_utils._resource import Failed, Plan
from ansible_collections.palette.selfhosted.plugins.module_utils._settings.registry import CONSOLE, SETTINGS
from fake_palette import CONNECTION, CONSOLE_PASSWORD, LOGIN, TOKEN, warning_texts

DEFAULTS = {"auth_token": None, "validate_certs": True, "ca_path": None, "timeout": 30, "retries": 3}
ERROR = {"status": 400, "code": "Code", "message": None, "details": None, "ref": None, "audit_uid": "a-1"}


def a_module(action, **spec):
    """A module whose main() runs `action(run)` through PaletteModule."""
    return types.SimpleNamespace(main=lambda: PaletteModule(spec, supports_check_mode=True).run(action))


def api_error(kind=_transport.CREDENTIALS_REJECTED):
    return _transport.PaletteApiError("Something happened.", kind, status=400, code="Code", audit_uid="a-1")


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

        def fail(_run):
            raise api_error(kind)

        result = run_module(a_module(fail), CONNECTION)
        if hint is None:
            assert result["msg"] == "Something happened."
        else:
            assert result["msg"].startswith("Something happened. ")
            assert hint in result["msg"]
        assert result["error"] == ERROR

    def test_a_token_is_used_and_credentials_given_too_only_renew_it(self, palette, run_module):
        url = palette.url("/v1/system/example")
        palette.api.get(url, status=401)
        palette.accepts_login(token="fresh-Token-3")
        palette.api.get(url, json={"name": "value"})
        result = run_module(
            a_module(lambda run: {"changed": False, **run.client.request("GET", "/v1/system/example").body}),
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
        def fail(_run):
            raise _transport.PaletteApiError("Rejected.", _transport.TOKEN_REJECTED, status=401)

        result = run_module(a_module(fail), {"host": CONNECTION["host"], "auth_token": TOKEN})
        assert "The token has probably expired" in result["msg"]
        assert "palette.selfhosted.palette_token" in result["msg"]

    def test_tls_without_verification_hints_at_https(self, palette, run_module):
        def fail(_run):
            raise _transport.PaletteApiError("TLS failed.", _transport.TLS)

        connection = {"host": CONNECTION["host"], "auth_token": TOKEN, "validate_certs": False}
        result = run_module(a_module(fail), connection)
        assert result["msg"] == "TLS failed. Check that the address speaks HTTPS."

    def test_a_failed_run_gives_its_sentence_and_its_result_so_far(self, palette, run_module):
        palette.accepts_login()

        def fail(_run):
            raise Failed("Palette saved the thing but did not keep port.", {"changed": True, "validated": True})

        result = run_module(a_module(fail), CONNECTION)
        assert result["failed"] is True
        assert (result["changed"], result["validated"]) == (True, True)
        assert result["msg"] == "Palette saved the thing but did not keep port."
        assert "error" not in result

    def test_a_failed_run_that_changed_nothing_says_so(self, palette, run_module):
        palette.accepts_login()

        def fail(_run):
            raise Failed("Palette cannot change email.", {"changed": False})

        result = run_module(a_module(fail), CONNECTION)
        assert (result["failed"], result["changed"], result["msg"]) == (True, False, "Palette cannot change email.")

    def test_a_failed_run_caused_by_palette_adds_the_causes_hinted_sentence_and_error(self, palette, run_module):
        palette.accepts_login()

        def fail(_run):
            raise Failed("Saved smtp; not applied: tenants.", {"changed": True}, cause=api_error())

        result = run_module(a_module(fail), CONNECTION)
        assert result["msg"] == (
            "Saved smtp; not applied: tenants. Something happened. " + _module.HINTS[_transport.CREDENTIALS_REJECTED]
        )
        assert result["error"] == ERROR
        assert result["changed"] is True

    def test_a_cause_of_a_cause_is_found(self, palette, run_module):
        palette.accepts_login()

        def fail(_run):
            inner = Failed("tenants failed.", {"changed": False}, cause=api_error(_transport.STATUS))
            raise Failed("Saved smtp.", {"changed": True}, cause=inner)

        result = run_module(a_module(fail), CONNECTION)
        assert result["msg"] == "Saved smtp. tenants failed. Something happened."
        assert result["error"] == ERROR
        assert result["changed"] is True

    def test_the_action_gets_the_run_of_the_task(self, palette, run_module):
        palette.accepts_login()

        def action(run):
            # Compared here: the password itself is scrubbed from the output.
            facts = {"password_given": run.password == CONSOLE_PASSWORD, "token": run.client.token == TOKEN}
            return {"changed": False, "check_mode": run.check_mode, "diff": run.diff, "user": run.username, **facts}

        result = run_module(a_module(action), CONNECTION, check_mode=True, diff=True)
        assert (result["check_mode"], result["diff"], result["password_given"], result["token"]) == (
            True,
            True,
            True,
            True,
        )
        assert result["user"] == "admin"
        result = run_module(a_module(action), CONNECTION)
        assert (result["check_mode"], result["diff"]) == (False, False)

    def test_without_login_the_action_signs_in_itself(self, palette, run_module):
        module = types.SimpleNamespace(
            main=lambda: PaletteModule(supports_check_mode=True).run(
                lambda run: {"changed": False, "token_set": run.client.token is not None}, login=False
            )
        )
        assert run_module(module, CONNECTION)["token_set"] is False
        assert palette.calls == []

    def test_logs_in_unless_given_a_token_and_never_shows_either(self, palette, run_module):
        palette.accepts_login()
        result = run_module(a_module(lambda run: {"changed": False, "token_set": bool(run.client.token)}), CONNECTION)
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
        module.run(lambda _run: {"changed": False, "options": {name: module.params[name] for name in options}})

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


class Kind:
    """A throwaway resource kind that records what run_module asks of it."""

    name = "thing"

    def __init__(self, signs_in=False, changes=("value",), validatable=True):
        if signs_in:
            self.signs_in = True
        self.changes = changes
        self.validatable = validatable
        self.steps = []

    def argument_spec(self):
        return {"value": {"type": "str"}, "other": {"type": "str"}}

    def option_rules(self):
        return {"required_if": [("value", "needs-other", ["other"])]}

    def check(self, params):
        return ["value must not be 'bad'."] if params["value"] == "bad" else []

    def warnings(self, params):
        return [f"value is {params['value']}."]

    def plan(self, run, params):
        self.steps.append("plan")
        return Plan(self.changes, {}, {}, {"changed": bool(self.changes)}, validatable=self.validatable)

    def validate(self, run, plan):
        self.steps.append("validate")

    def apply(self, run, plan):
        self.steps.append("apply")
        return {**plan.result, "token_set": run.client.token is not None}


def kind_module(kind):
    return types.SimpleNamespace(main=lambda: _module.run_module(kind))


class TestRunModule:
    def test_plan_validate_apply_after_one_login_with_the_kinds_warnings(self, palette, run_module):
        palette.accepts_login()
        kind = Kind()
        result = run_module(kind_module(kind), {**CONNECTION, "value": "x"})
        assert (result["changed"], result["token_set"]) == (True, True)
        assert kind.steps == ["plan", "validate", "apply"]
        assert warning_texts(result) == ["value is x."]
        assert palette.calls == [LOGIN]

    def test_nothing_to_change_is_not_validated(self, palette, run_module):
        palette.accepts_login()
        kind = Kind(changes=())
        assert run_module(kind_module(kind), {**CONNECTION, "value": "x"})["changed"] is False
        assert kind.steps == ["plan", "apply"]

    def test_a_failed_runs_warnings_are_warned_and_its_result_kept(self, palette, run_module):
        palette.accepts_login()
        kind = Kind()

        def fail(run, plan):
            raise Failed("It stopped.", {"changed": False, "thing": "as read", "warnings": ["It ends soon."]})

        kind.apply = fail
        result = run_module(kind_module(kind), {**CONNECTION, "value": "x"})
        assert (result["failed"], result["msg"], result["thing"]) == (True, "It stopped.", "as read")
        assert warning_texts(result) == ["value is x.", "It ends soon."]

    def test_a_kind_that_signs_in_itself_gets_a_client_without_a_login(self, palette, run_module):
        kind = Kind(signs_in=True)
        assert run_module(kind_module(kind), {**CONNECTION, "value": "x"})["token_set"] is False
        assert palette.calls == []

    @pytest.mark.parametrize(
        ("value", "problem"),
        [
            ("bad", "Invalid options: value must not be 'bad'."),
            ("needs-other", "value is needs-other but all of the following are missing: other"),
        ],
        ids=["its check", "its option rules"],
    )
    def test_bad_input_fails_before_any_call(self, palette, run_module, value, problem):
        kind = Kind()
        result = run_module(kind_module(kind), {**CONNECTION, "value": value})
        assert result["failed"] is True
        assert problem in result["msg"]
        assert kind.steps == []
        assert palette.calls == []


def test_system_info_parts_are_the_admin_every_setting_every_list_and_the_document():
    parts = _module.system_info_parts(CONSOLE, SETTINGS)
    assert parts == [
        "admin",
        *(setting.name for setting in SETTINGS),
        "activation",
        "system_registries",
        "feature_flags",
        "system_accounts",
        "tenants",
        "config",
    ]
