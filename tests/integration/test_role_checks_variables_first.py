"""The role's argument spec rejects bad or missing variables before any API call."""

from __future__ import annotations

import pytest
from ansible.release import __version__ as ansible_core_version

from lab_tasks import role_task
from palette_simulator.lab import CONSOLE_PASSWORD, SMTP_PASSWORD

SHOWS_NO_LOG_ERRORS = tuple(map(int, ansible_core_version.split(".")[:2])) >= (2, 19)


def test_role_configures_smtp(lab, ansible_playbook):
    run = ansible_playbook([role_task(lab)], {})
    assert run.rc == 0, run.stdout
    assert lab.console.stored["smtp"]["smtpServer"] == lab.smtp.host


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"palette_smtp_server": None}, "missing required arguments: palette_smtp_server"),
        ({"palette_smtp_port": "not-a-port"}, "palette_smtp_port"),
        ({"palette_smtp_update_password": "sometimes"}, "palette_smtp_update_password must be one of"),
    ],
)
def test_bad_variables_fail_in_the_argument_spec_before_any_api_call(lab, ansible_playbook, overrides, message):
    run = ansible_playbook([role_task(lab, **overrides)], {}, verbosity=4)
    assert run.rc != 0
    assert "Validating arguments against arg spec 'main'" in run.stdout
    assert message in run.stdout
    assert lab.console.log == []
    for secret in (CONSOLE_PASSWORD, SMTP_PASSWORD):
        assert secret not in run.all_output


@pytest.mark.parametrize(
    "overrides",
    [
        {"palette_smtp_password": None},
        {"palette_smtp_username": None},
        {"palette_auth_token": "a-token"},
        {"palette_auth_password": None},
    ],
    ids=["smtp-username-alone", "smtp-password-alone", "token-and-username", "no-console-password"],
)
def test_variables_that_go_together_fail_before_any_api_call(lab, ansible_playbook, overrides):
    run = ansible_playbook([role_task(lab, **overrides)], {}, verbosity=4)
    assert run.rc != 0
    assert "TASK [palette.selfhosted.palette_smtp : Check the variables that go together]" in run.stdout
    assert "Give either palette_auth_token, or palette_auth_username with palette_auth_password" in run.stdout
    assert lab.console.log == []
    for secret in (CONSOLE_PASSWORD, SMTP_PASSWORD):
        assert secret not in run.all_output


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"palette_host": None}, "missing required arguments: host"),
        ({"palette_auth_username": None, "palette_auth_password": None}, "one of the following is required"),
    ],
    ids=["no-host", "no-credentials"],
)
def test_a_connection_neither_given_nor_in_the_environment_fails_before_any_api_call(
    lab, ansible_playbook, overrides, message
):
    run = ansible_playbook([role_task(lab, **overrides)], {}, verbosity=4)
    assert run.rc != 0
    login = run.task("palette.selfhosted.palette_smtp : Log in to the Palette system console")
    # The task is no_log (its arguments carry the password): ansible-core before 2.19 hides its message too.
    assert (message in login) is SHOWS_NO_LOG_ERRORS
    assert "fatal: [localhost]: FAILED!" in login
    assert lab.console.log == []
