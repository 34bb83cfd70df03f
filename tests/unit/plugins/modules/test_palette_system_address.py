"""palette_system_address end to end through its main(): a set written once, waited for and read back,
then left alone; check mode; bad input refused before any call; the key never in the output. The
certificate checks and the wait are tested in module_utils."""

from __future__ import annotations

import base64

import pytest

from ansible_collections.palette.selfhosted.plugins.module_utils._certificates import Chain
from ansible_collections.palette.selfhosted.plugins.module_utils._settings.system_address import SYSTEM_ADDRESS
from ansible_collections.palette.selfhosted.plugins.module_utils._transport import PaletteClient
from ansible_collections.palette.selfhosted.plugins.modules import palette_system_address
from fake_palette import CONNECTION, LOGIN, fixture, get, put, warning_texts

DATA = fixture("system_address")
ARGS = {**CONNECTION, **DATA["params"]}
GET, PUT = get(SYSTEM_ADDRESS), put(SYSTEM_ADDRESS)
KEY = DATA["params"]["private_key"]
KEY_BASE64 = DATA["payload"]["certificates"]["keyBase64"]
# The console as Palette may answer it: the key left out.
WITHOUT_KEY = {**DATA["payload"], "certificates": {**DATA["payload"]["certificates"], "keyBase64": ""}}


@pytest.fixture(autouse=True)
def served(monkeypatch):
    """The console serves the new certificate as soon as it is asked; returns the handshakes made."""
    handshakes = []

    def handshake(client, address, ca_pem, deadline):
        handshakes.append(address.hostname)
        return Chain.parse(DATA["params"]["certificate"]).der

    monkeypatch.setattr(PaletteClient, "_served_certificate", handshake)
    return handshakes


def assert_no_key(stdout):
    assert KEY not in stdout
    assert KEY_BASE64 not in stdout
    for line in KEY.splitlines()[1:-1]:
        assert line not in stdout


def test_a_first_run_writes_waits_for_the_certificate_and_reads_back(palette, run_module, served):
    palette.accepts_login().stores(SYSTEM_ADDRESS, {}, then=DATA["payload"])
    result = run_module(palette_system_address, ARGS, diff=True)
    assert result["changed"] is True
    assert result["system_address"] == DATA["public"]
    assert result["reload_seconds"] == 0.0
    assert result["diff"]["after"]["private_key"] == "********"
    assert result["diff"]["after"]["address"] == "palette.example.com"
    assert result["diff"]["before"] == dict.fromkeys(("address", "certificate", "private_key", "ca_certificate"))
    assert warning_texts(result) == []
    assert served == ["palette.example.com"]
    assert palette.calls == [LOGIN, GET, PUT, GET]
    assert palette.sent("PUT", SYSTEM_ADDRESS.path) == [DATA["payload"]]
    assert_no_key(run_module.stdout)


def test_a_second_identical_run_only_reads(palette, run_module, served):
    palette.accepts_login().stores(SYSTEM_ADDRESS, DATA["payload"])
    result = run_module(palette_system_address, ARGS, diff=True)
    assert result["changed"] is False
    assert result["system_address"] == DATA["public"]
    assert "diff" not in result
    assert "reload_seconds" not in result
    assert served == []
    assert palette.calls == [LOGIN, GET]
    assert_no_key(run_module.stdout)


def test_a_key_palette_does_not_return_is_not_sent_again_on_its_own(palette, run_module):
    palette.accepts_login().stores(SYSTEM_ADDRESS, WITHOUT_KEY)
    assert run_module(palette_system_address, ARGS)["changed"] is False
    assert palette.calls == [LOGIN, GET]


def test_update_private_key_always_sends_it_again(palette, run_module, served):
    palette.accepts_login().stores(SYSTEM_ADDRESS, WITHOUT_KEY, then=WITHOUT_KEY)
    result = run_module(palette_system_address, {**ARGS, "update_private_key": "always"})
    assert result["changed"] is True
    assert palette.calls == [LOGIN, GET, PUT, GET]
    (sent,) = palette.sent("PUT", SYSTEM_ADDRESS.path)
    assert base64.b64decode(sent["certificates"]["keyBase64"]).decode() == KEY + "\n"
    assert served == ["palette.example.com"]
    assert_no_key(run_module.stdout)


def test_check_mode_writes_nothing_and_waits_for_nothing(palette, run_module, served):
    palette.accepts_login().stores(SYSTEM_ADDRESS, {})
    result = run_module(palette_system_address, ARGS, check_mode=True, diff=True)
    assert result["changed"] is True
    assert result["system_address"]["address"] == "palette.example.com"
    assert result["diff"]["after"]["private_key"] == "********"
    assert "reload_seconds" not in result
    assert palette.calls == [LOGIN, GET]
    assert served == []


def test_an_address_change_warns(palette, run_module):
    old = {**DATA["payload"], "rootDomain": "10.10.0.15"}
    palette.accepts_login().stores(SYSTEM_ADDRESS, old, then=DATA["payload"])
    result = run_module(palette_system_address, ARGS)
    assert result["changed"] is True
    (warning,) = warning_texts(result)
    assert warning.startswith("The system address changes from 10.10.0.15 to palette.example.com.")


def test_a_certificate_without_the_current_address_fails_after_the_read_alone(palette, run_module):
    palette.accepts_login().stores(SYSTEM_ADDRESS, {**DATA["payload"], "rootDomain": "console.example.com"})
    result = run_module(palette_system_address, ARGS)
    assert result["failed"] is True
    assert result["changed"] is False
    assert result["msg"].startswith("The certificate does not cover 'console.example.com', the console's current")
    assert palette.calls == [LOGIN, GET]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"address": "console.example.com"},
            "Invalid options: certificate does not cover address 'console.example.com': its subject alternative "
            "names are palette.example.com, 10.10.0.15.",
        ),
        ({"address": "https://palette.example.com"}, "Invalid options: address 'https://palette.example.com' must be"),
        ({"private_key": "not a key"}, "Invalid options: private_key holds no PEM private key that parses"),
        ({"reload_timeout": 0}, "Invalid options: reload_timeout must be 1 or more seconds, got 0."),
    ],
    ids=["uncovered address", "a URL", "no key", "no timeout"],
)
def test_bad_input_fails_before_any_call(palette, run_module, change, message):
    result = run_module(palette_system_address, {**ARGS, **change})
    assert result["failed"] is True
    assert result["msg"].startswith(message)
    assert palette.calls == []


def test_a_key_of_another_certificate_fails_before_any_call_without_showing_it(palette, run_module):
    other = fixture("reverse_proxy")["params"]["client_key"]
    result = run_module(palette_system_address, {**ARGS, "private_key": other})
    assert result["msg"] == "Invalid options: private_key is not the key of certificate (their public keys differ)."
    assert palette.calls == []
    assert other.splitlines()[1] not in run_module.stdout


def test_a_console_that_does_not_come_back_fails_saying_the_set_is_saved(palette, run_module, monkeypatch, no_sleep):
    monkeypatch.setattr(PaletteClient, "_served_certificate", lambda *args: b"the old certificate")
    palette.accepts_login().stores(SYSTEM_ADDRESS, {}, then=DATA["payload"])
    result = run_module(palette_system_address, {**ARGS, "reload_timeout": 1})
    assert result["failed"] is True
    assert result["changed"] is True
    assert result["msg"].startswith(
        "Palette saved the system address and certificate, but the console did not come back with them in time"
    )
    assert "did not serve it within 1 seconds (it still served its previous certificate)" in result["msg"]
    assert palette.calls == [LOGIN, GET, PUT]
    assert_no_key(run_module.stdout)


def test_a_console_without_the_api_says_so(palette, run_module):
    palette.accepts_login()
    palette.api.get(palette.url(SYSTEM_ADDRESS.path), status=404, json={"code": "NotFound", "message": "no route"})
    result = run_module(palette_system_address, ARGS)
    assert result["failed"] is True
    assert "does not offer the API for the system address and certificate that the collection uses" in result["msg"]
    assert "System Console > System Address Management" in result["msg"]
    assert palette.calls == [LOGIN, GET]
