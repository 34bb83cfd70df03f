"""palette_system_address against a lab console served over TLS by a private CA: the console takes a
certificate from another CA for its new address, reloads its listeners (a short outage), and the
task waits until the console serves the new certificate, verifies it with the new CA, and reads it
back; a second run changes nothing. A certificate Palette would refuse, or one that would cut the
task off from the console, fails before any write; a reload that outlasts reload_timeout fails
saying the config is saved, and the next run finds nothing to change. While a long reload lasts, the
controller says what the task waits for."""

from __future__ import annotations

import datetime

import pytest
import requests
import trustme

from lab_tasks import LOGIN, connection_for

NEW_ADDRESS = "palette.lab.test"
PATH = "/v1/system/config/domain/certificates"


@pytest.fixture
def https_lab(lab_factory):
    return lab_factory(https=True)


@pytest.fixture
def new_ca(tmp_path):
    ca = trustme.CA()
    ca.cert_pem.write_to_path(str(tmp_path / "new-ca.pem"))
    ca.path = str(tmp_path / "new-ca.pem")
    return ca


def address_task(ca, *names, **options):
    """A palette_system_address task for a certificate of ``ca`` covering ``names``."""
    issued = ca.issue_cert(*(names or (NEW_ADDRESS, "127.0.0.1", "localhost")), **options.pop("issue", {}))
    given = {
        "address": NEW_ADDRESS,
        "certificate": issued.cert_chain_pems[0].bytes().decode(),
        "private_key": issued.private_key_pem.bytes().decode(),
        "ca_certificate": ca.cert_pem.bytes().decode(),
        **options,
    }
    return {"name": "System address", "palette.selfhosted.palette_system_address": given}


def served_by(lab, ca):
    """Whether the console's listener now passes verification with ``ca``."""
    try:
        requests.get(lab.console.base_url + "/v1/system/users/me", verify=ca.path, timeout=5)
    except requests.exceptions.SSLError:
        return False
    return True


@pytest.mark.parametrize("module", ["palette_system_address", "palette_system_config"])
def test_a_long_reload_is_announced_while_the_task_waits(https_lab, new_ca, ansible_playbook, module):
    # An outage past the first announcement (5 s): the controller shows what the task is waiting for.
    https_lab.console.configure(listener_reload_outage=6.5)
    options = address_task(new_ca)["palette.selfhosted.palette_system_address"]
    task = {
        "palette_system_address": {"palette.selfhosted.palette_system_address": options},
        "palette_system_config": {"palette.selfhosted.palette_system_config": {"system_address": options}},
    }[module]
    run = ansible_playbook([task], connection_for(https_lab), verbosity=0)
    assert run.rc == 0, run.stdout
    assert (
        f"palette.selfhosted.{module} on localhost: waited 5 s so far. When the address or certificate changes, "
        in run.stdout
    )
    assert (
        "the task waits until the console answers with the new certificate, at most reload_timeout (300 s)."
        in run.stdout
    )
    assert run.stdout.index("waited 5 s so far") < run.stdout.index("PLAY RECAP")


def test_a_new_certificate_is_waited_for_verified_with_its_ca_and_read_back(https_lab, new_ca, ansible_playbook):
    task = address_task(new_ca)
    run = ansible_playbook([task], connection_for(https_lab), diff=True)
    assert run.rc == 0, run.stdout
    result = run.results["r0"]
    assert result["changed"] is True
    # The console refused connections for its outage (1.5 s) before it served the new certificate.
    assert result["reload_seconds"] >= 1.0
    assert result["system_address"]["address"] == NEW_ADDRESS
    assert NEW_ADDRESS in result["system_address"]["certificate_names"]
    assert "private_key" not in result["system_address"]
    assert result["diff"]["after"]["private_key"] == "********"
    assert "Clusters deployed before the change keep reaching Palette at 127.0.0.1" in run.shown
    # Written once, then read back only after the reload, through the new CA.
    assert https_lab.console.calls() == [LOGIN, f"GET {PATH}", f"PUT {PATH}", f"GET {PATH}"]
    assert https_lab.console.stored["system_address"]["rootDomain"] == NEW_ADDRESS
    assert served_by(https_lab, new_ca)

    https_lab.console.log.clear()
    again = ansible_playbook([task], connection_for(https_lab, ca_path=new_ca.path))
    assert again.rc == 0, again.stdout
    assert again.results["r0"]["changed"] is False
    assert https_lab.console.calls() == [LOGIN, f"GET {PATH}"]


def test_check_mode_writes_nothing_and_the_console_keeps_its_certificate(https_lab, new_ca, ansible_playbook):
    run = ansible_playbook([address_task(new_ca)], connection_for(https_lab), check=True, diff=True)
    assert run.rc == 0, run.stdout
    assert run.results["r0"]["changed"] is True
    assert f"PUT {PATH}" not in https_lab.console.calls()
    assert not served_by(https_lab, new_ca)


@pytest.mark.parametrize(
    ("names", "says"),
    [
        ((NEW_ADDRESS, "localhost"), "The certificate does not cover '127.0.0.1', the console's current address"),
        (("other.lab.test", "127.0.0.1"), "certificate does not cover address 'palette.lab.test'"),
    ],
    ids=["drops-the-current-address", "misses-the-new-address"],
)
def test_a_certificate_that_does_not_cover_both_addresses_changes_nothing(
    https_lab, new_ca, ansible_playbook, names, says
):
    run = ansible_playbook([address_task(new_ca, *names)], connection_for(https_lab))
    assert run.rc != 0
    assert says in run.results["r0"]["msg"]
    assert f"PUT {PATH}" not in https_lab.console.calls()
    assert https_lab.console.stored["system_address"]["rootDomain"] == "127.0.0.1"


def test_an_expired_certificate_or_a_foreign_key_fails_before_any_call(https_lab, new_ca, ansible_playbook):
    past = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(days=1)
    expired = address_task(new_ca, issue={"not_before": past - datetime.timedelta(days=30), "not_after": past})
    foreign = address_task(new_ca)
    foreign["palette.selfhosted.palette_system_address"]["private_key"] = (
        new_ca.issue_cert(NEW_ADDRESS).private_key_pem.bytes().decode()
    )
    for task, says in ((expired, "certificate expired at"), (foreign, "private_key is not the key of certificate")):
        run = ansible_playbook([task], connection_for(https_lab))
        assert run.rc != 0
        assert says in run.results["r0"]["msg"]
    assert https_lab.console.calls() == []


def test_a_reload_longer_than_the_time_allowed_fails_and_the_next_run_finds_it_done(
    https_lab, new_ca, ansible_playbook
):
    https_lab.console.configure(listener_reload_outage=6)
    task = address_task(new_ca, reload_timeout=2)
    run = ansible_playbook([task], connection_for(https_lab))
    assert run.rc != 0
    result = run.results["r0"]
    assert result["changed"] is True
    assert result["msg"].startswith(
        "Palette saved the system address and certificate, but the console did not come back with them in time"
    )
    assert "did not serve it within 2 seconds" in result["msg"]
    https_lab.console.server.wait_for_reloads(10)
    https_lab.console.log.clear()
    again = ansible_playbook([task], connection_for(https_lab, ca_path=new_ca.path))
    assert again.rc == 0, again.stdout
    assert again.results["r0"]["changed"] is False
    assert f"PUT {PATH}" not in https_lab.console.calls()
