"""palette_token logs in once for a play: later tasks and the role use its token, the token never
shows in the output (the playbook harness scans every run for every token the console issued)."""

from __future__ import annotations

from lab_tasks import LOGIN, connection_for, role_task, session_timeout_task, smtp_task

CENSORED = "the output has been hidden due to the fact that 'no_log: true' was specified"


def token_task(lab, **options):
    described = lab.describe()
    credentials = {
        "auth_username": described["palette_auth_username"],
        "auth_password": described["palette_auth_password"],
    }
    return {"name": "Log in once", "palette.selfhosted.palette_token": {**credentials, **options}}


def with_token(task):
    module = next(key for key in task if key.startswith("palette.selfhosted."))
    task[module]["auth_token"] = "{{ r0.token }}"
    return task


def host_only(lab):
    return connection_for(lab, auth_username=None, auth_password=None)


def test_later_tasks_use_the_token_and_nothing_shows_it(lab, ansible_playbook):
    tasks = [token_task(lab), with_token(smtp_task(lab)), with_token(session_timeout_task(120))]
    run = ansible_playbook(tasks, host_only(lab))
    assert run.rc == 0, run.stdout
    assert lab.console.calls().count(LOGIN) == 1
    login = run.results["r0"]
    assert login["token"] == lab.console.issued_tokens[0]
    assert (login["logged_in"], login["expiry_minutes"]) == (True, 15)
    assert login["expires_at"].endswith("+00:00")
    assert CENSORED in run.task("Log in once")
    assert (run.results["r1"]["changed"], run.results["r2"]["changed"]) == (True, True)


def test_the_expiry_follows_the_session_timeout(lab, ansible_playbook):
    run = ansible_playbook([session_timeout_task(90), token_task(lab)], connection_for(lab))
    assert run.results["r1"]["expiry_minutes"] == 90


def test_a_failed_login_is_shown(lab, ansible_playbook):
    run = ansible_playbook([token_task(lab, auth_password="Not-The-Password-1")], host_only(lab))
    assert run.rc != 0
    assert "rejected the system console credentials (401)" in run.task("Log in once")
    assert lab.console.calls() == [LOGIN]


def test_a_role_and_one_more_task_log_in_once_with_palette_token(lab, ansible_playbook):
    role = role_task(lab, palette_auth_username=None, palette_auth_password=None)
    role["vars"]["palette_auth_token"] = "{{ r0.token }}"
    run = ansible_playbook([token_task(lab), role, with_token(session_timeout_task(120))], host_only(lab))
    assert run.rc == 0, run.stdout
    assert lab.console.calls().count(LOGIN) == 1


def test_without_palette_token_the_role_and_each_task_log_in(lab, ansible_playbook):
    run = ansible_playbook([role_task(lab), session_timeout_task(120)], connection_for(lab))
    assert run.rc == 0, run.stdout
    assert lab.console.calls().count(LOGIN) == 2, "the role logs in once for its tasks, the task once"
