"""Wrong console credentials, an expired token and a wrong address fail with sentences a user can act on."""

from __future__ import annotations

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

from lab_tasks import GET, LOGIN, connection_for, smtp_task
from palette_simulator.faults import Fault
from palette_simulator.lab import CONSOLE_PASSWORD
from palette_simulator.net import free_port


def test_wrong_console_password(lab, ansible_playbook):
    run = ansible_playbook([smtp_task(lab)], connection_for(lab, auth_password="Not-The-Password-1"))
    assert run.rc != 0
    result = run.results["r0"]
    assert "rejected the system console credentials (401): Invalid credentials" in result["msg"]
    assert "auth_username and auth_password" in result["msg"]
    assert result["error"]["status"] == 401
    assert lab.console.calls() == [LOGIN], "a refused login is never tried again"
    assert "Not-The-Password-1" not in run.all_output


def test_an_expired_token_is_renewed_once_by_logging_in_again(lab, ansible_playbook):
    lab.console.inject(Fault(path=GET.split(" ")[1], method="GET", status=401))
    run = ansible_playbook([smtp_task(lab)], connection_for(lab))
    assert run.rc == 0, run.stdout
    assert lab.console.calls()[:4] == [LOGIN, GET, LOGIN, GET]


def test_a_token_refused_after_a_fresh_login_fails_without_a_third_login(lab, ansible_playbook):
    lab.console.configure(token_ttl=0)
    run = ansible_playbook([smtp_task(lab)], connection_for(lab))
    assert run.rc != 0
    assert f"rejected the token on {GET} (401)" in run.results["r0"]["msg"]
    assert "refused even a fresh login's token" in run.results["r0"]["msg"]
    assert lab.console.calls() == [LOGIN, GET, LOGIN, GET]
    assert CONSOLE_PASSWORD not in run.all_output


def test_an_expired_token_given_alone_says_how_to_get_a_new_one(lab, ansible_playbook):
    lab.console.configure(token_ttl=0)
    token = "expired-Token-0"
    run = ansible_playbook(
        [smtp_task(lab)], {**connection_for(lab, auth_username=None, auth_password=None), "auth_token": token}
    )
    assert run.rc != 0
    assert f"rejected the token on {GET} (401)" in run.results["r0"]["msg"]
    assert "get a new one with palette.selfhosted.palette_token" in run.results["r0"]["msg"]
    assert lab.console.calls() == [GET]


def test_web_server_that_is_not_a_palette(lab, ansible_playbook, tmp_path):
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(tmp_path))
    web = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=web.serve_forever, daemon=True).start()
    try:
        connection = {"host": f"http://127.0.0.1:{web.server_address[1]}", "auth_token": "some-token"}
        run = ansible_playbook([smtp_task(lab)], connection)
    finally:
        web.shutdown()
        web.server_close()
    assert run.rc != 0
    assert f"answered 404 for {GET}" in run.results["r0"]["msg"]
    assert "no Palette system API at this address" in run.results["r0"]["msg"]


def test_nothing_listening(lab, ansible_playbook):
    connection = {"host": f"http://127.0.0.1:{free_port()}", "auth_token": "some-token", "retries": 1}
    run = ansible_playbook([smtp_task(lab)], connection)
    assert run.rc != 0
    assert "Connection refused" in run.results["r0"]["msg"]
    assert "tried 2 time(s)" in run.results["r0"]["msg"]
