from __future__ import annotations

import json
import socket
import ssl
import threading
import time
from urllib.parse import urlsplit

import pytest
import requests
import trustme

from ansible_collections.palette.selfhosted.plugins.module_utils import _transport
from ansible_collections.palette.selfhosted.plugins.module_utils._transport import (
    InvalidAddress,
    PaletteApiError,
    PaletteClient,
    normalize_host,
)
from fake_palette import BASE_URL, CONSOLE_PASSWORD, LOGIN_PATH, TOKEN
from reliability_record import record

# The transport knows no setting: any path and body will do.
PATH = "/v1/system/config/example"
URL = BASE_URL + PATH
LOGIN_URL = BASE_URL + LOGIN_PATH
BODY_SECRET = "body-Secret-17"
BODY = {"name": "value", "secret": BODY_SECRET}


def client(**kwargs):
    kwargs.setdefault("token", TOKEN)
    return PaletteClient("palette.example.com", **kwargs)


class TestNormalizeHost:
    @pytest.mark.parametrize(
        ("host", "base_url"),
        [
            ("palette.example.com", "https://palette.example.com"),
            ("  palette.example.com  ", "https://palette.example.com"),
            ("https://palette.example.com", "https://palette.example.com"),
            ("https://palette.example.com/", "https://palette.example.com"),
            ("palette.example.com:8443", "https://palette.example.com:8443"),
            ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
            ("https://[::1]:8443", "https://[::1]:8443"),
        ],
    )
    def test_accepted(self, host, base_url):
        assert normalize_host(host) == base_url

    @pytest.mark.parametrize(
        ("host", "fragment"),
        [
            ("", "must not be empty"),
            ("   ", "must not be empty"),
            ("ftp://palette.example.com", "must use https://"),
            ("https://palette.example.com/v1", "without a path or query"),
            ("https://palette.example.com?x=1", "without a path or query"),
            ("https://admin:pw@palette.example.com", "must not carry credentials"),
            ("palette.example.com:99999", "not a valid address"),
            ("palette.example.com:abc", "not a valid address"),
            ("https://", "has no host name"),
        ],
    )
    def test_rejected(self, host, fragment):
        with pytest.raises(InvalidAddress, match=fragment) as caught:
            normalize_host(host)
        assert caught.value.carries_credentials is (fragment == "must not carry credentials")


class TestCalls:
    def test_login_posts_credentials_and_keeps_token(self, api):
        api.post(LOGIN_URL, json={"Authorization": TOKEN, "IsPasswordReset": False})
        palette = PaletteClient("palette.example.com")
        assert palette.login("admin", CONSOLE_PASSWORD) == TOKEN
        assert palette.token == TOKEN
        assert json.loads(api.calls[0].request.body) == {"username": "admin", "password": CONSOLE_PASSWORD}
        assert "Authorization" not in api.calls[0].request.headers

    def test_token_is_sent_raw(self, api):
        api.get(URL, json={})
        client().request("GET", PATH)
        assert api.calls[0].request.headers["Authorization"] == TOKEN

    def test_answer_has_the_json_object(self, api):
        api.get(URL, json={"name": "value"})
        assert client().request("GET", PATH).body == {"name": "value"}

    def test_an_empty_answer_is_an_empty_object_with_the_audit_uid(self, api):
        api.put(URL, status=204, headers={"AuditUid": "audit-1"})
        answer = client().request("PUT", PATH, BODY)
        assert (answer.status, answer.body, answer.audit_uid) == (204, {}, "audit-1")
        assert json.loads(api.calls[0].request.body) == BODY

    @pytest.mark.parametrize("body", [{"Authorization": ""}, {"IsMfa": False}])
    def test_login_without_token(self, api, body):
        api.post(LOGIN_URL, json=body)
        with pytest.raises(PaletteApiError, match="returned no token"):
            PaletteClient("palette.example.com").login("admin", CONSOLE_PASSWORD)

    @pytest.mark.parametrize("body", ["<html>hello</html>", "[1, 2]", '{"name": '])
    def test_body_that_is_not_a_json_object(self, api, body):
        api.get(URL, body=body, status=200)
        with pytest.raises(PaletteApiError, match="not a JSON object") as caught:
            client().request("GET", PATH)
        assert caught.value.kind == _transport.NOT_PALETTE

    def test_a_write_answered_by_something_that_is_not_palette_is_not_a_success(self, api):
        api.put(URL, status=200, body="<html>Proxy login</html>")
        with pytest.raises(PaletteApiError, match="not a JSON object"):
            client().request("PUT", PATH, BODY)

    @pytest.mark.parametrize(
        ("options", "verify"),
        [({}, True), ({"ca_path": "/etc/ca.pem"}, "/etc/ca.pem"), ({"validate_certs": False, "ca_path": "/x"}, False)],
    )
    def test_verify_is_passed_on_each_call_despite_the_environment(self, api, monkeypatch, options, verify):
        monkeypatch.setenv("REQUESTS_CA_BUNDLE", "/from/environment.pem")
        api.get(URL, json={})
        client(**options).request("GET", PATH)
        assert api.calls[0].request.req_kwargs["verify"] == (verify if verify is not True else "/from/environment.pem")


class TestLogin:
    @pytest.mark.parametrize(
        ("answer", "kind", "fragment"),
        [
            ({"IsPasswordReset": True}, _transport.PASSWORD_CHANGE_REQUIRED, "still needs its first password change"),
            ({"IsMfa": True}, _transport.MFA_REQUIRED, "multi-factor authentication or passkeys"),
        ],
    )
    def test_a_login_palette_cannot_complete(self, api, answer, kind, fragment):
        api.post(LOGIN_URL, json={"Authorization": TOKEN, "IsPasswordReset": False, "IsMfa": False, **answer})
        with pytest.raises(PaletteApiError, match=fragment) as caught:
            PaletteClient("palette.example.com").login("admin", CONSOLE_PASSWORD)
        assert caught.value.kind == kind

    def test_a_refused_login_is_never_tried_again(self, api, no_sleep):
        api.post(LOGIN_URL, status=401, json={"code": "Unauthorized", "message": "invalid credentials"})
        with pytest.raises(PaletteApiError):
            PaletteClient("palette.example.com", retries=5).login("admin", CONSOLE_PASSWORD)
        assert len(api.calls) == 1

    def test_a_call_refused_after_login_is_sent_once_more_after_a_fresh_login(self, api):
        api.post(LOGIN_URL, json={"Authorization": TOKEN})
        api.get(URL, status=401, json={"code": "Unauthorized", "message": "token expired"})
        api.post(LOGIN_URL, json={"Authorization": "fresh-Token-2"})
        api.get(URL, json={"name": "value"})
        palette = PaletteClient("palette.example.com")
        palette.login("admin", CONSOLE_PASSWORD)
        assert palette.request("GET", PATH).body == {"name": "value"}
        assert [call.request.method for call in api.calls] == ["POST", "GET", "POST", "GET"]
        assert api.calls[3].request.headers["Authorization"] == "fresh-Token-2"
        assert "fresh-Token-2" in palette.secrets

    def test_only_once(self, api):
        api.post(LOGIN_URL, json={"Authorization": TOKEN})
        api.get(URL, status=401)
        palette = PaletteClient("palette.example.com")
        palette.login("admin", CONSOLE_PASSWORD)
        with pytest.raises(PaletteApiError) as caught:
            palette.request("GET", PATH)
        assert caught.value.kind == _transport.TOKEN_REJECTED
        assert [call.request.method for call in api.calls] == ["POST", "GET", "POST", "GET"]

    def test_a_given_token_is_not_renewed(self, api):
        api.get(URL, status=401)
        with pytest.raises(PaletteApiError) as caught:
            client().request("GET", PATH)
        assert caught.value.kind == _transport.TOKEN_REJECTED
        assert len(api.calls) == 1


class TestSecrets:
    def test_the_token_and_remembered_secrets_join_the_given_set(self, api):
        api.post(LOGIN_URL, json={"Authorization": TOKEN})
        secrets = set()
        palette = PaletteClient("palette.example.com", secrets=secrets)
        palette.login("admin", CONSOLE_PASSWORD)
        palette.remember_secret(BODY_SECRET)
        palette.remember_secret("")
        assert secrets == {TOKEN, BODY_SECRET}


class TestErrors:
    def test_bad_credentials(self, api):
        api.post(LOGIN_URL, status=401, json={"code": "Unauthorized", "message": "invalid credentials"})
        with pytest.raises(PaletteApiError) as caught:
            PaletteClient("palette.example.com").login("admin", CONSOLE_PASSWORD)
        assert "rejected the system console credentials (401): invalid credentials" in str(caught.value)
        assert caught.value.kind == _transport.CREDENTIALS_REJECTED
        assert CONSOLE_PASSWORD not in str(caught.value)

    def test_expired_token(self, api):
        api.get(URL, status=401, json={"code": "TokenExpired", "message": "token expired"})
        with pytest.raises(
            PaletteApiError, match=r"rejected the token on GET /v1/system/config/example \(401\): token expired"
        ):
            client().request("GET", PATH)

    def test_forbidden(self, api):
        api.put(URL, status=403, json={"code": "Forbidden", "message": "no permission"})
        with pytest.raises(PaletteApiError, match=r"may not PUT /v1/system/config/example .*\(403\): no permission"):
            client().request("PUT", PATH, BODY)

    @pytest.mark.parametrize(
        "body", ["404 page not found", "<html><h1>Not Found</h1></html>", '{"message": "not found"}', '{"code": ""}']
    )
    def test_a_404_that_is_not_palettes_own_is_the_wrong_address(self, api, body):
        api.get(URL, status=404, body=body)
        with pytest.raises(PaletteApiError) as caught:
            client().request("GET", PATH)
        assert str(caught.value) == (
            "https://palette.example.com answered 404 for GET /v1/system/config/example: "
            "there is no Palette system API at this address."
        )
        assert caught.value.kind == _transport.NOT_FOUND

    def test_a_404_with_palettes_own_error_is_something_missing_there(self, api):
        v1_error = {"code": "BackupNotConfigured", "message": "backup is not configured", "details": {}, "ref": "r-4"}
        api.get(URL, status=404, json=v1_error)
        with pytest.raises(PaletteApiError) as caught:
            client().request("GET", PATH)
        assert str(caught.value) == (
            "Palette at https://palette.example.com has no GET /v1/system/config/example (404): "
            "backup is not configured (code BackupNotConfigured)."
        )
        assert caught.value.kind == _transport.MISSING
        assert (caught.value.status, caught.value.code, caught.value.ref) == (404, "BackupNotConfigured", "r-4")

    def test_v1_error_is_kept_whole(self, api):
        v1_error = {
            "code": "SmtpValidationFailed",
            "message": "dial tcp 10.0.0.9:587: connect: connection refused",
            "details": {"server": "mail.example.com"},
            "ref": "ref-123",
        }
        api.put(URL, status=400, json=v1_error, headers={"AuditUid": "audit-9"})
        with pytest.raises(PaletteApiError) as caught:
            client().request("PUT", PATH, BODY)
        assert caught.value.to_dict() == {
            "status": 400,
            "code": "SmtpValidationFailed",
            "message": "dial tcp 10.0.0.9:587: connect: connection refused",
            "details": {"server": "mail.example.com"},
            "ref": "ref-123",
            "audit_uid": "audit-9",
        }
        assert "connection refused (code SmtpValidationFailed)" in str(caught.value)

    def test_error_never_contains_the_request_body(self, api):
        api.put(URL, status=500, body="internal error")
        with pytest.raises(PaletteApiError) as caught:
            client().request("PUT", PATH, BODY)
        assert BODY_SECRET not in repr(caught.value.to_dict())
        assert caught.value.status == 500

    def test_tls_failure(self, api):
        api.get(URL, body=requests.exceptions.SSLError("CERTIFICATE_VERIFY_FAILED"))
        with pytest.raises(PaletteApiError, match=r"TLS connection .* failed .*CERTIFICATE_VERIFY_FAILED"):
            client().request("GET", PATH)

    def test_timeout(self, api, no_sleep):
        api.get(URL, body=requests.exceptions.ReadTimeout("read timed out"))
        with pytest.raises(PaletteApiError, match="no answer within 7 seconds"):
            client(timeout=7).request("GET", PATH)
        assert len(api.calls) == 1
        assert no_sleep == []


class TestRetries:
    def test_connection_errors_are_retried_then_succeed(self, api, no_sleep):
        api.get(URL, body=requests.exceptions.ConnectionError("refused"))
        api.get(URL, body=requests.exceptions.ConnectionError("refused"))
        api.get(URL, json={"name": "value"})
        assert client().request("GET", PATH).body == {"name": "value"}
        assert len(api.calls) == 3
        assert no_sleep == [1.0, 2.0]

    def test_connection_retries_are_bounded(self, api, no_sleep):
        api.get(URL, body=requests.exceptions.ConnectionError("[Errno 111] Connection refused"))
        with pytest.raises(PaletteApiError, match=r"Cannot connect .*Connection refused.*tried 3 time"):
            client(retries=2).request("GET", PATH)
        assert len(api.calls) == 3
        assert no_sleep == [1.0, 2.0]
        record("retry_bounds", "connection refused every time, retries=2", tries=3, waits=no_sleep)

    @pytest.mark.parametrize("status", [502, 503, 504])
    def test_gateway_errors_are_retried(self, api, no_sleep, status):
        api.put(URL, status=status)
        api.put(URL, status=204)
        client().request("PUT", PATH, BODY)
        assert [call.response.status_code for call in api.calls] == [status, 204]

    def test_retry_after_is_honoured(self, api, no_sleep):
        api.get(URL, status=429, headers={"Retry-After": "5"})
        api.get(URL, json={})
        client().request("GET", PATH)
        assert no_sleep == [5.0]

    def test_retry_after_is_capped(self, api, no_sleep):
        api.get(URL, status=429, headers={"Retry-After": "3600"})
        api.get(URL, json={})
        client().request("GET", PATH)
        assert no_sleep == [30.0]
        record("retry_bounds", "429 with Retry-After: 3600, retries=3", tries=2, waits=no_sleep)

    def test_status_retries_are_bounded_and_reported(self, api, no_sleep):
        api.get(URL, status=503, json={"code": "Unavailable", "message": "try later"})
        with pytest.raises(PaletteApiError, match=r"answered 503 .*try later.*Gave up after 4 tries") as caught:
            client().request("GET", PATH)
        assert len(api.calls) == 4
        assert no_sleep == [1.0, 2.0, 4.0]
        assert caught.value.status == 503
        record("retry_bounds", "503 every time, retries=3 (default)", tries=4, waits=no_sleep)

    def test_backoff_is_capped(self, api, no_sleep):
        api.get(URL, status=502)
        with pytest.raises(PaletteApiError):
            client(retries=6).request("GET", PATH)
        assert no_sleep == [1.0, 2.0, 4.0, 8.0, 8.0, 8.0]
        record("retry_bounds", "502 every time, retries=6", tries=7, waits=no_sleep)

    def test_no_retries(self, api, no_sleep):
        api.get(URL, status=503)
        with pytest.raises(PaletteApiError, match="Gave up after 1 tries"):
            client(retries=0).request("GET", PATH)
        assert len(api.calls) == 1

    @pytest.mark.parametrize("status", [400, 401, 403, 404, 500])
    def test_other_errors_are_not_retried(self, api, no_sleep, status):
        api.get(URL, status=status)
        with pytest.raises(PaletteApiError):
            client().request("GET", PATH)
        assert len(api.calls) == 1
        assert no_sleep == []


def test_base_url_is_used_for_every_call(api):
    api.get("https://palette.example.com:8443" + PATH, json={})
    PaletteClient("https://palette.example.com:8443/", token=TOKEN).request("GET", PATH)
    assert api.calls[0].request.url == "https://palette.example.com:8443" + PATH


class FakeClock:
    """time for _transport: monotonic() reads, and sleep() advances, a clock that starts at 0."""

    def __init__(self):
        self.now = 0.0
        self.slept = []

    def monotonic(self):
        return self.now

    def sleep(self, seconds):
        self.slept.append(seconds)
        self.now += seconds


CA_PEM = "-----BEGIN CERTIFICATE-----\nMIIB the new CA\n-----END CERTIFICATE-----\n"
OLD_DER, NEW_DER = b"old certificate", b"new certificate"


class TestAwaitCertificate:
    """After a new certificate the console reloads its listeners: the client waits, handshake after
    handshake, until it serves the new one, and trusts the new CA from then on."""

    @pytest.fixture
    def clock(self, monkeypatch):
        clock = FakeClock()
        monkeypatch.setattr(_transport, "time", clock)
        return clock

    @staticmethod
    def serving(monkeypatch, palette, *answers):
        """The console's handshakes show ``answers`` one after another (an exception is raised), the
        last repeating; returns the (hostname, port, ca_pem) of each."""
        handshakes = []

        def served(address, ca_pem, deadline):
            handshakes.append((address.hostname, address.port, ca_pem))
            answer = answers[min(len(handshakes), len(answers)) - 1]
            if isinstance(answer, BaseException):
                raise answer
            return answer

        monkeypatch.setattr(palette, "_served_certificate", served)
        return handshakes

    def test_plain_http_has_no_certificate_to_wait_for(self, monkeypatch, clock):
        palette = PaletteClient("http://10.10.0.15:8080", token=TOKEN)
        handshakes = self.serving(monkeypatch, palette, OLD_DER)
        assert palette.await_certificate(NEW_DER, CA_PEM, 60) == 0
        assert handshakes == []
        assert palette.verify is True

    def test_the_new_certificate_at_once(self, monkeypatch, clock):
        palette = client()
        handshakes = self.serving(monkeypatch, palette, NEW_DER)
        assert palette.await_certificate(NEW_DER, CA_PEM, 60) == 0
        assert handshakes == [("palette.example.com", None, CA_PEM)]
        assert clock.slept == []

    def test_it_waits_while_the_old_one_is_served_then_trusts_the_new_ca(self, monkeypatch, clock):
        palette = client()
        handshakes = self.serving(monkeypatch, palette, OLD_DER, OLD_DER, NEW_DER)
        assert palette.await_certificate(NEW_DER, CA_PEM, 60, interval=2) == 4
        assert len(handshakes) == 3
        assert clock.slept == [2, 2]
        assert isinstance(palette.verify, str)
        with open(palette.verify) as bundle:
            assert bundle.read() == CA_PEM

    def test_later_calls_are_verified_with_the_new_ca(self, api, monkeypatch, clock):
        palette = client(ca_path="/etc/pki/install-ca.pem")
        self.serving(monkeypatch, palette, NEW_DER)
        palette.await_certificate(NEW_DER, CA_PEM, 60)
        api.get(URL, json={})
        palette.request("GET", PATH)
        assert api.calls[0].request.req_kwargs["verify"] == palette.verify != "/etc/pki/install-ca.pem"

    def test_the_port_of_the_address_is_the_one_asked(self, monkeypatch, clock):
        palette = PaletteClient("https://10.10.0.15:8443", token=TOKEN)
        handshakes = self.serving(monkeypatch, palette, NEW_DER)
        palette.await_certificate(NEW_DER, None, 60)
        assert handshakes == [("10.10.0.15", 8443, None)]

    def test_without_a_ca_the_client_verifies_as_before(self, monkeypatch, clock):
        palette = client(ca_path="/etc/pki/install-ca.pem")
        self.serving(monkeypatch, palette, NEW_DER)
        palette.await_certificate(NEW_DER, None, 60)
        assert palette.verify == "/etc/pki/install-ca.pem"

    def test_with_validate_certs_false_nothing_is_verified_after_either(self, monkeypatch, clock):
        palette = client(validate_certs=False)
        self.serving(monkeypatch, palette, OLD_DER, NEW_DER)
        assert palette.await_certificate(NEW_DER, CA_PEM, 60) == 1
        assert palette.verify is False

    def test_the_old_one_until_the_time_runs_out(self, monkeypatch, clock):
        palette = client()
        handshakes = self.serving(monkeypatch, palette, OLD_DER)
        with pytest.raises(PaletteApiError) as caught:
            palette.await_certificate(NEW_DER, CA_PEM, 5)
        assert caught.value.kind == _transport.NOT_RELOADED
        assert str(caught.value) == (
            "Palette at https://palette.example.com took the new certificate but did not serve it within 5 seconds "
            "(it still served its previous certificate)."
        )
        assert len(handshakes) == 6
        assert clock.now == 5
        assert palette.verify is True

    def test_it_never_sleeps_past_the_deadline(self, monkeypatch, clock):
        palette = client()
        self.serving(monkeypatch, palette, OLD_DER)
        with pytest.raises(PaletteApiError):
            palette.await_certificate(NEW_DER, CA_PEM, 5, interval=2)
        assert clock.slept == [2, 2]
        assert clock.now == 4

    @pytest.mark.parametrize(
        "error",
        [
            ConnectionRefusedError(111, "Connection refused"),
            socket.timeout("timed out"),
            ssl.SSLCertVerificationError("certificate verify failed: self-signed certificate"),
            ssl.SSLEOFError("EOF occurred in violation of protocol"),
        ],
        ids=["refused", "timed out", "not verified", "cut off"],
    )
    def test_a_console_that_refuses_or_fails_the_handshake_is_tried_again(self, monkeypatch, clock, error):
        palette = client()
        handshakes = self.serving(monkeypatch, palette, error, error, NEW_DER)
        assert palette.await_certificate(NEW_DER, CA_PEM, 60) == 2
        assert len(handshakes) == 3

    def test_the_time_out_says_what_the_last_try_met(self, monkeypatch, clock):
        palette = client()
        self.serving(monkeypatch, palette, OLD_DER, ConnectionRefusedError(111, "Connection refused"))
        with pytest.raises(PaletteApiError, match=r"within 3 seconds \(\[Errno 111\] Connection refused\)\.$"):
            palette.await_certificate(NEW_DER, CA_PEM, 3)

    def test_other_errors_are_not_swallowed(self, monkeypatch, clock):
        palette = client()
        self.serving(monkeypatch, palette, RuntimeError("a bug"))
        with pytest.raises(RuntimeError, match="a bug"):
            palette.await_certificate(NEW_DER, CA_PEM, 60)

    def test_a_tiny_timeout_ends_in_real_time(self, monkeypatch):
        palette = client()
        handshakes = self.serving(monkeypatch, palette, OLD_DER)
        started = time.monotonic()
        with pytest.raises(PaletteApiError) as caught:
            palette.await_certificate(NEW_DER, CA_PEM, 0.05, interval=0.01)
        assert caught.value.kind == _transport.NOT_RELOADED
        assert time.monotonic() - started < 0.5
        assert 2 <= len(handshakes) <= 6


@pytest.fixture(scope="module")
def tls_console():
    """A local TLS listener with a trustme certificate for 127.0.0.1: (its CA, its certificate, its port).
    It completes each handshake, then closes the connection."""
    ca = trustme.CA()
    leaf = ca.issue_cert("127.0.0.1")
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    leaf.configure_cert(context)
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.2)
    stop = threading.Event()

    def serve():
        while not stop.is_set():
            try:
                raw, _peer = listener.accept()
            except OSError:
                continue
            try:
                with context.wrap_socket(raw, server_side=True):
                    pass
            except (OSError, ssl.SSLError):
                raw.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield ca, leaf, listener.getsockname()[1]
    stop.set()
    thread.join(1)
    listener.close()


class TestServedCertificate:
    """The one handshake await_certificate makes, against a real TLS listener."""

    @staticmethod
    def handshake(palette, ca_pem):
        return palette._served_certificate(urlsplit(palette.base_url), ca_pem, time.monotonic() + 5)

    @staticmethod
    def der(leaf):
        return ssl.PEM_cert_to_DER_cert(leaf.cert_chain_pems[0].bytes().decode())

    def test_the_certificate_verified_with_the_ca_given(self, tls_console):
        ca, leaf, port = tls_console
        palette = PaletteClient(f"https://127.0.0.1:{port}", token=TOKEN)
        assert self.handshake(palette, ca.cert_pem.bytes().decode()) == self.der(leaf)

    def test_verified_with_ca_path_when_no_ca_is_given(self, tls_console, tmp_path):
        ca, leaf, port = tls_console
        bundle = tmp_path / "ca.pem"
        ca.cert_pem.write_to_path(str(bundle))
        palette = PaletteClient(f"https://127.0.0.1:{port}", token=TOKEN, ca_path=str(bundle))
        assert self.handshake(palette, None) == self.der(leaf)

    def test_a_certificate_another_ca_issued_is_refused(self, tls_console):
        _ca, _leaf, port = tls_console
        palette = PaletteClient(f"https://127.0.0.1:{port}", token=TOKEN)
        with pytest.raises(ssl.SSLCertVerificationError):
            self.handshake(palette, trustme.CA().cert_pem.bytes().decode())

    def test_with_validate_certs_false_any_certificate_is_shown(self, tls_console):
        _ca, leaf, port = tls_console
        palette = PaletteClient(f"https://127.0.0.1:{port}", token=TOKEN, validate_certs=False)
        assert self.handshake(palette, trustme.CA().cert_pem.bytes().decode()) == self.der(leaf)

    def test_await_certificate_end_to_end(self, tls_console):
        ca, leaf, port = tls_console
        palette = PaletteClient(f"https://127.0.0.1:{port}", token=TOKEN)
        ca_pem = ca.cert_pem.bytes().decode()
        assert palette.await_certificate(self.der(leaf), ca_pem, 5, interval=0.01) < 5
        with open(palette.verify) as trusted:
            assert trusted.read() == ca_pem

    def test_a_closed_port_is_an_os_error(self):
        with socket.create_server(("127.0.0.1", 0)) as probe:
            port = probe.getsockname()[1]
        palette = PaletteClient(f"https://127.0.0.1:{port}", token=TOKEN)
        with pytest.raises(ConnectionRefusedError):
            self.handshake(palette, None)
