"""palette_reverse_proxy end to end through its main(): a setting with a secret and no validate
call. The engine's rules (every read-back mode of a secret) are tested in module_utils."""

from __future__ import annotations

from ansible_collections.palette.selfhosted.plugins.module_utils._settings.reverse_proxy import REVERSE_PROXY
from ansible_collections.palette.selfhosted.plugins.modules import palette_reverse_proxy
from fake_palette import CONNECTION, LOGIN, fixture, get, put

DATA = fixture("reverse_proxy")
ARGS = {**CONNECTION, **DATA["params"]}
GET, PUT = get(REVERSE_PROXY), put(REVERSE_PROXY)
KEY = DATA["params"]["client_key"]


def serve(palette, stored, then=None):
    return palette.accepts_login().stores(REVERSE_PROXY, stored, then)


def test_a_change_is_written_once_read_back_and_the_key_never_shown(palette, run_module):
    serve(palette, DATA["default_payload"], then=DATA["payload"])
    result = run_module(palette_reverse_proxy, ARGS, diff=True)
    assert result["changed"] is True
    assert result["reverse_proxy"] == DATA["public"]
    assert result["diff"]["after"]["client_key"] == "********"
    assert result["diff"]["before"]["client_key"] is None
    assert palette.calls == [LOGIN, GET, PUT, GET]
    assert palette.sent("PUT", REVERSE_PROXY.path) == [DATA["payload"]]
    assert KEY not in run_module.stdout
    assert KEY.splitlines()[1] not in run_module.stdout


def test_a_key_read_back_in_clear_is_compared_and_never_shown(palette, run_module):
    serve(palette, {**DATA["payload"], "clientKey": KEY + "\n"})
    result = run_module(palette_reverse_proxy, ARGS)
    assert result["changed"] is False
    assert palette.calls == [LOGIN, GET]
    assert KEY.splitlines()[1] not in run_module.stdout


def test_a_masked_key_goes_only_with_another_change(palette, run_module):
    serve(palette, {**DATA["payload"], "clientKey": "********"})
    assert run_module(palette_reverse_proxy, ARGS)["changed"] is False
    assert run_module(palette_reverse_proxy, {**ARGS, "update_client_key": "always"}, check_mode=True)["changed"]


def test_a_bad_certificate_fails_before_any_call(palette, run_module):
    result = run_module(palette_reverse_proxy, {**ARGS, "ca_cert": "/etc/pki/proxy-ca.pem"})
    assert result["failed"] is True
    assert result["msg"].startswith("Invalid options: ca_cert must be PEM text")
    assert palette.calls == []
