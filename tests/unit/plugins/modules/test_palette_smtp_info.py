from __future__ import annotations

import pytest

from ansible_collections.palette.selfhosted.plugins.modules import palette_smtp_info
from palette_mock import CONNECTION, CONSOLE_PASSWORD, DESIRED_PAYLOAD, LOGIN_URL, SMTP_PASSWORD, SMTP_URL, TOKEN

# The stored config as Palette returns it when it leaves the password out.
AUTHENTICATED = {key: value for key, value in DESIRED_PAYLOAD.items() if key != "password"}


def serve(api, stored):
    api.post(LOGIN_URL, json={"Authorization": TOKEN})
    api.get(SMTP_URL, json=stored)


@pytest.mark.parametrize(
    ("password", "password_set"),
    [(SMTP_PASSWORD, True), ("********", True), (None, False)],
    ids=["plain", "masked", "absent"],
)
def test_authenticated(api, run_module, password, password_set):
    serve(api, {**AUTHENTICATED, "password": password} if password else AUTHENTICATED)
    result = run_module(palette_smtp_info, CONNECTION)
    assert result["changed"] is False
    assert result["configured"] is True
    assert result["anonymous"] is False
    assert result["password_set"] is password_set
    assert result["smtp"] == {
        "server": "smtp.example.com",
        "port": 587,
        "from_email": "palette@example.com",
        "username": "mailer",
        "insecure_skip_tls_verify": False,
        "anonymous": False,
    }
    for secret in (SMTP_PASSWORD, CONSOLE_PASSWORD, TOKEN):
        assert secret not in run_module.stdout


def test_never_configured(api, run_module):
    serve(api, {})
    result = run_module(palette_smtp_info, CONNECTION)
    assert (result["configured"], result["anonymous"], result["password_set"]) == (False, False, False)
    assert result["smtp"]["server"] is None


def test_anonymous(api, run_module):
    serve(api, {"smtpServer": "relay.example.com", "smtpPort": 25, "fromEmailId": "palette@example.com"})
    result = run_module(palette_smtp_info, CONNECTION)
    assert result["anonymous"] is True
    assert result["smtp"]["username"] is None


def test_only_reads_even_in_check_mode(api, run_module):
    serve(api, AUTHENTICATED)
    run_module(palette_smtp_info, CONNECTION, check_mode=True)
    assert [call.request.method for call in api.calls] == ["POST", "GET"]


def test_api_error(api, run_module):
    api.post(LOGIN_URL, json={"Authorization": TOKEN})
    api.get(SMTP_URL, status=403, json={"code": "Forbidden", "message": "not a system admin"})
    result = run_module(palette_smtp_info, CONNECTION)
    assert result["failed"] is True
    assert "(403): not a system admin" in result["msg"]
    assert result["error"]["code"] == "Forbidden"


def test_bad_host_fails_before_any_call(api, run_module):
    result = run_module(palette_smtp_info, {**CONNECTION, "host": "https://palette.example.com/api"})
    assert "without a path or query" in result["msg"]
    assert len(api.calls) == 0
