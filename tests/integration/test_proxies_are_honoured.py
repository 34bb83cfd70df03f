"""The modules reach the console through the proxy HTTPS_PROXY names, and around it for the hosts
NO_PROXY names (as the requests library reads them), through a CONNECT proxy on 127.0.0.1."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from lab_tasks import connection_for, smtp_task
from palette_simulator.proxy import ConnectProxy


@pytest.fixture
def proxy():
    with ConnectProxy() as running:
        yield running


def test_calls_go_through_the_proxy(lab_factory, ansible_playbook, proxy):
    lab = lab_factory(https=True)
    run = ansible_playbook([smtp_task(lab)], connection_for(lab), extra_env={"HTTPS_PROXY": proxy.url, "NO_PROXY": ""})
    assert run.rc == 0, run.stdout
    assert proxy.tunnels, "nothing went through the proxy"
    assert set(proxy.tunnels) == {urlsplit(lab.console.base_url).netloc}
    assert lab.console.stored["smtp"]["smtpServer"] == lab.smtp.host


def test_no_proxy_goes_around_it(lab_factory, ansible_playbook, proxy):
    lab = lab_factory(https=True)
    extra_env = {"HTTPS_PROXY": proxy.url, "NO_PROXY": "127.0.0.1,localhost"}
    run = ansible_playbook([smtp_task(lab)], connection_for(lab), extra_env=extra_env)
    assert run.rc == 0, run.stdout
    assert proxy.tunnels == []
