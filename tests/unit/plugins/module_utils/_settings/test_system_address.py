"""What only the system address has: the certificate checked before any call, its PEM texts base64 on
the wire, the plan that refuses a certificate the console or this task would lose, the warning of an
address change, and the write that waits for the console to serve the new certificate before it
reads back. palette_system_address's tests run it end to end."""

from __future__ import annotations

import base64
from datetime import datetime, timedelta, timezone

import pytest
import trustme
from cryptography.hazmat.primitives import serialization

from ansible_collections.palette.selfhosted.plugins.module_utils import _certificates
from ansible_collections.palette.selfhosted.plugins.module_utils._certificates import Chain
from ansible_collections.palette.selfhosted.plugins.module_utils._resource import Failed, Run, run_one
from ansible_collections.palette.selfhosted.plugins.module_utils._settings import system_address
from ansible_collections.palette.selfhosted.plugins.module_utils._settings.system_address import (
    OLD_ADDRESS_WARNING,
    SYSTEM_ADDRESS,
)
from ansible_collections.palette.selfhosted.plugins.module_utils._transport import (
    NOT_RELOADED,
    UNOFFERED,
    PaletteApiError,
    PaletteClient,
)
from fake_palette import TOKEN, FakePalette, fixture, get, put

DATA = fixture("system_address")
PARAMS = DATA["params"]
PAYLOAD = DATA["payload"]
KEY = PARAMS["private_key"]
GET, PUT = get(SYSTEM_ADDRESS), put(SYSTEM_ADDRESS)
FIELDS = {f.option: f for f in SYSTEM_ADDRESS.fields}
NAMES = "its subject alternative names are palette.example.com, 10.10.0.15"
NEW_DER = Chain.parse(PARAMS["certificate"]).der
START = datetime(2030, 1, 1, tzinfo=timezone.utc)
END = datetime(2031, 1, 1, tzinfo=timezone.utc)
OTHER_CA = trustme.CA()


def pem(leaf):
    return "".join(blob.bytes().decode() for blob in leaf.cert_chain_pems)


def issued(ca, *names, **validity):
    """Params for a certificate of ``ca``: the certificate, its key and the CA."""
    leaf = ca.issue_cert(*names, **validity)
    return {
        **PARAMS,
        "certificate": pem(leaf),
        "private_key": leaf.private_key_pem.bytes().decode(),
        "ca_certificate": ca.cert_pem.bytes().decode(),
    }


def encrypted(key_text):
    key = serialization.load_pem_private_key(key_text.encode(), password=None)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(b"passphrase-9"),
    ).decode()


def b64(text):
    return base64.b64encode(f"{text}\n".encode()).decode()


def stored(address=PARAMS["address"], **certificates):
    """A GET answer: the fixture's payload with another rootDomain and certificates fields."""
    return {"rootDomain": address, "certificates": {**PAYLOAD["certificates"], **certificates}}


def a_run(palette, **options):
    return Run(PaletteClient(palette.base_url, token=TOKEN, retries=0), **options)


class TestCheck:
    def test_a_sound_set_has_no_problems(self):
        assert SYSTEM_ADDRESS.check(PARAMS) == []

    @pytest.mark.parametrize(
        "change",
        [
            {"address": "10.10.0.15"},
            {"address": "  palette.example.com\n"},
            {"ca_certificate": None},
            {"certificate": PARAMS["certificate"] + "\n\n", "private_key": "\n" + KEY},
            {"reload_timeout": 1},
        ],
        ids=["its IP address", "white space around the address", "no CA", "white space around PEMs", "1 second"],
    )
    def test_accepted(self, change):
        assert SYSTEM_ADDRESS.check({**PARAMS, **change}) == []

    def test_a_certificate_with_its_intermediate_and_the_root(self):
        intermediate = OTHER_CA.create_child_ca()
        assert SYSTEM_ADDRESS.check({**issued(intermediate, "palette.example.com"), **self.root()}) == []

    def root(self):
        return {"ca_certificate": OTHER_CA.cert_pem.bytes().decode()}

    @pytest.mark.parametrize(
        ("address", "problem"),
        [
            ("", "address must not be empty."),
            ("https://palette.example.com", "address 'https://palette.example.com' must be a host name or IP address"),
            ("palette.example.com/system", "address 'palette.example.com/system' must be a host name or IP address"),
            ("palette example.com", "address 'palette example.com' is not a valid host name or IP address."),
        ],
    )
    def test_a_bad_address_is_the_one_problem(self, address, problem):
        (sentence,) = SYSTEM_ADDRESS.check({**PARAMS, "address": address})
        assert sentence.startswith(problem)

    @pytest.mark.parametrize(
        ("text", "problem"),
        [
            ("/etc/pki/palette.crt", "certificate holds no PEM certificate (-----BEGIN CERTIFICATE-----)."),
            (KEY, "certificate holds no PEM certificate (-----BEGIN CERTIFICATE-----)."),
            (
                "-----BEGIN CERTIFICATE-----\nTUlJQg==\n-----END CERTIFICATE-----",
                "certificate holds a certificate that does not parse (",
            ),
        ],
        ids=["a path", "the key", "not DER"],
    )
    def test_an_unparsable_certificate(self, text, problem):
        (sentence,) = SYSTEM_ADDRESS.check({**PARAMS, "certificate": text})
        assert sentence.startswith(problem)

    def test_an_unparsable_ca_certificate(self):
        problems = SYSTEM_ADDRESS.check({**PARAMS, "ca_certificate": "root-ca.pem"})
        assert problems == ["ca_certificate holds no PEM certificate (-----BEGIN CERTIFICATE-----)."]

    def test_the_key_of_another_certificate(self):
        other = issued(trustme.CA(), "palette.example.com")["private_key"]
        assert SYSTEM_ADDRESS.check({**PARAMS, "private_key": other}) == [
            "private_key is not the key of certificate (their public keys differ)."
        ]

    @pytest.mark.parametrize("key", ["", "not a key", PARAMS["certificate"]], ids=["empty", "words", "a certificate"])
    def test_no_key(self, key):
        assert SYSTEM_ADDRESS.check({**PARAMS, "private_key": key}) == [
            "private_key holds no PEM private key that parses (-----BEGIN PRIVATE KEY-----)."
        ]

    def test_an_encrypted_key(self):
        assert SYSTEM_ADDRESS.check({**PARAMS, "private_key": encrypted(KEY)}) == [
            "private_key is encrypted: give it without a passphrase, as Palette serves it."
        ]

    def test_an_expired_certificate(self, monkeypatch):
        params = issued(OTHER_CA, "palette.example.com", not_before=START, not_after=END)
        monkeypatch.setattr(_certificates, "now", lambda: END + timedelta(seconds=1))
        assert SYSTEM_ADDRESS.check(params) == ["certificate expired at 2031-01-01T00:00:00+00:00."]

    def test_a_certificate_not_yet_valid(self, monkeypatch):
        params = issued(OTHER_CA, "palette.example.com", not_before=START, not_after=END)
        monkeypatch.setattr(_certificates, "now", lambda: START - timedelta(seconds=1))
        assert SYSTEM_ADDRESS.check(params) == ["certificate is not valid before 2030-01-01T00:00:00+00:00."]

    @pytest.mark.parametrize("moment", [START, END], ids=["its first second", "its last second"])
    def test_a_certificate_within_its_validity(self, monkeypatch, moment):
        params = issued(OTHER_CA, "palette.example.com", not_before=START, not_after=END)
        monkeypatch.setattr(_certificates, "now", lambda: moment)
        assert SYSTEM_ADDRESS.check(params) == []

    def test_the_clock_is_the_real_one(self):
        past = issued(OTHER_CA, "palette.example.com", not_after=datetime(2001, 1, 1, tzinfo=timezone.utc))
        assert SYSTEM_ADDRESS.check(past) == ["certificate expired at 2001-01-01T00:00:00+00:00."]

    @pytest.mark.parametrize("address", ["console.example.com", "10.10.0.16", "a.palette.example.com"])
    def test_an_address_the_certificate_does_not_cover(self, address):
        assert SYSTEM_ADDRESS.check({**PARAMS, "address": address}) == [
            f"certificate does not cover address {address!r}: {NAMES}."
        ]

    def test_a_certificate_without_names(self):
        params = issued(OTHER_CA, common_name="palette.example.com")
        assert SYSTEM_ADDRESS.check(params) == [
            "certificate does not cover address 'palette.example.com': it has no subject alternative names."
        ]

    def test_a_ca_that_did_not_issue_it(self):
        assert SYSTEM_ADDRESS.check({**PARAMS, **self.root()}) == [
            "certificate was not issued by ca_certificate (nor by a certificate that ca_certificate issued)."
        ]

    @pytest.mark.parametrize("timeout", [0, -5])
    def test_a_reload_timeout_under_a_second(self, timeout):
        assert SYSTEM_ADDRESS.check({**PARAMS, "reload_timeout": timeout}) == [
            f"reload_timeout must be 1 or more seconds, got {timeout}."
        ]

    def test_every_certificate_problem_at_once(self):
        params = {
            **PARAMS,
            "address": "console.example.com",
            "private_key": issued(trustme.CA(), "x.example.com")["private_key"],
            **self.root(),
        }
        problems = SYSTEM_ADDRESS.check(params)
        assert [problem.split(" ", 1)[0] for problem in problems] == ["private_key", "certificate", "certificate"]

    def test_a_bad_reload_timeout_does_not_hide_the_certificates_problems(self):
        problems = SYSTEM_ADDRESS.check({**PARAMS, "address": "console.example.com", "reload_timeout": 0})
        assert problems == [
            "reload_timeout must be 1 or more seconds, got 0.",
            f"certificate does not cover address 'console.example.com': {NAMES}.",
        ]

    @pytest.mark.parametrize(
        "change",
        [
            {"private_key": KEY.replace("-----END EC PRIVATE KEY-----", "")},
            {"private_key": KEY[:-60] + KEY[-40:]},
            {"private_key": encrypted(KEY)},
            {"private_key": issued(trustme.CA(), "palette.example.com")["private_key"]},
            {"certificate": KEY},
            {"ca_certificate": KEY},
            {"address": "console.example.com"},
        ],
        ids=["truncated", "cut", "encrypted", "another", "as the certificate", "as the CA", "uncovered address"],
    )
    def test_no_sentence_holds_key_material(self, change):
        params = {**PARAMS, **change}
        problems = SYSTEM_ADDRESS.check(params)
        assert problems
        text = " ".join(problems)
        for secret in (KEY, params["private_key"]):
            for line in secret.splitlines()[1:-1]:
                assert line[:16] not in text

    def test_without_cryptography_it_says_to_install_it(self, monkeypatch):
        monkeypatch.setattr(_certificates, "HAS_CRYPTOGRAPHY", False)
        assert SYSTEM_ADDRESS.check(PARAMS) == [system_address.NO_CRYPTOGRAPHY]
        assert "install it there" in system_address.NO_CRYPTOGRAPHY

    def test_the_options(self):
        spec = SYSTEM_ADDRESS.argument_spec()
        assert spec["private_key"] == {"type": "str", "no_log": True, "required": True}
        assert spec["certificate"] == {"type": "str", "no_log": False, "required": True}
        assert spec["ca_certificate"] == {"type": "str", "no_log": False}
        assert spec["reload_timeout"] == {"type": "int", "default": 300}
        assert spec["update_private_key"]["choices"] == ["on_change", "always"]
        assert SYSTEM_ADDRESS.section_spec()["options"] == spec


class TestMapping:
    def test_the_api_field_of_each_option(self):
        assert {option: f.api for option, f in FIELDS.items()} == {
            "address": "rootDomain",
            "certificate": "certificates.certificateBase64",
            "private_key": "certificates.keyBase64",
            "ca_certificate": "certificates.caCertificateBase64",
        }

    def test_the_pem_texts_go_base64_encoded(self):
        assert SYSTEM_ADDRESS.to_api(SYSTEM_ADDRESS.desired(PARAMS)) == PAYLOAD

    def test_white_space_around_a_pem_is_not_sent(self):
        loose = {**PARAMS, "certificate": f"\n{PARAMS['certificate']}\n\n", "address": " palette.example.com "}
        assert SYSTEM_ADDRESS.to_api(SYSTEM_ADDRESS.desired(loose)) == PAYLOAD

    def test_an_unset_ca_is_sent_empty(self):
        sent = SYSTEM_ADDRESS.to_api(SYSTEM_ADDRESS.desired({**PARAMS, "ca_certificate": None}))
        assert sent["certificates"]["caCertificateBase64"] == ""

    def test_a_stored_set_decodes_to_the_pem_texts(self):
        assert SYSTEM_ADDRESS.stored(PAYLOAD).values == SYSTEM_ADDRESS.desired(PARAMS)

    def test_a_stored_set_is_what_was_sent(self):
        assert SYSTEM_ADDRESS.changes(SYSTEM_ADDRESS.desired(PARAMS), SYSTEM_ADDRESS.stored(PAYLOAD), {}) == ()

    def test_base64_without_its_final_newline_is_the_same_pem(self):
        payload = stored(certificateBase64=base64.b64encode(PARAMS["certificate"].encode()).decode())
        assert SYSTEM_ADDRESS.stored(payload).values["certificate"] == PARAMS["certificate"]

    @pytest.mark.parametrize(
        "value", ["-----BEGIN CERTIFICATE-----", "not base64!", "//79"], ids=["pem", "words", "bytes"]
    )
    def test_a_stored_value_that_is_not_base64_of_text_differs(self, value):
        current = SYSTEM_ADDRESS.stored(stored(certificateBase64=value))
        assert current.values["certificate"] == value
        assert SYSTEM_ADDRESS.changes(SYSTEM_ADDRESS.desired(PARAMS), current, {}) == ("certificate",)

    def test_a_key_read_back_in_clear_is_compared(self):
        other = SYSTEM_ADDRESS.stored(stored(keyBase64=b64("-----BEGIN EC PRIVATE KEY-----\nAAAA")))
        assert SYSTEM_ADDRESS.changes(SYSTEM_ADDRESS.desired(PARAMS), other, {}) == ("private_key",)

    @pytest.mark.parametrize("key", [None, ""], ids=["absent", "empty"])
    def test_a_key_not_read_back_is_sent_as_update_private_key_says(self, key):
        current = SYSTEM_ADDRESS.stored(stored(keyBase64=key))
        desired = SYSTEM_ADDRESS.desired(PARAMS)
        assert SYSTEM_ADDRESS.changes(desired, current, {"private_key": "on_change"}) == ()
        assert SYSTEM_ADDRESS.changes(desired, current, {"private_key": "always"}) == ("private_key",)

    def test_the_public_view_names_the_certificate_and_its_end_but_not_the_key(self):
        assert SYSTEM_ADDRESS.public_view(SYSTEM_ADDRESS.stored(PAYLOAD).values) == DATA["public"]
        assert "private_key" not in DATA["public"]

    @pytest.mark.parametrize("payload", [{}, stored(certificateBase64="not base64!")], ids=["none", "unparsable"])
    def test_no_certificate_derives_nothing(self, payload):
        view = SYSTEM_ADDRESS.public_view(SYSTEM_ADDRESS.stored(payload).values)
        assert (view["certificate_names"], view["certificate_expires_at"]) == (None, None)


class TestPlan:
    def test_a_first_set_is_planned_with_the_key_masked(self, palette):
        palette.stores(SYSTEM_ADDRESS, {})
        plan = SYSTEM_ADDRESS.plan(a_run(palette), PARAMS)
        # A key Palette does not return goes with the other changes (the whole set is always sent).
        assert plan.changes == ("address", "certificate", "ca_certificate")
        assert plan.after["private_key"] == "********"
        assert plan.before["private_key"] is None
        assert "warnings" not in plan.result
        assert plan.settle is not None
        assert KEY not in repr((plan.before, plan.after, plan.result))
        assert palette.calls == [GET]

    def test_a_certificate_that_drops_the_stored_address_fails_before_any_write(self, palette):
        palette.stores(SYSTEM_ADDRESS, stored("console.example.com"))
        with pytest.raises(Failed) as caught:
            SYSTEM_ADDRESS.plan(a_run(palette), PARAMS)
        assert caught.value.sentence == (
            "The certificate does not cover 'console.example.com', the console's current address (Palette requires "
            f"the new certificate to keep it); {NAMES}. Add the name to the certificate; nothing was changed."
        )
        assert caught.value.result == {"changed": False}
        assert palette.calls == [GET]

    def test_a_certificate_for_another_host_than_the_task_reaches_fails_before_any_write(self, api):
        palette = FakePalette(api, base_url="https://10.10.0.16").stores(SYSTEM_ADDRESS, {})
        with pytest.raises(Failed) as caught:
            SYSTEM_ADDRESS.plan(a_run(palette), PARAMS)
        assert caught.value.sentence == (
            "The certificate does not cover '10.10.0.16', where this task reaches the console (it could not verify "
            f"it afterwards); {NAMES}. Add the name to the certificate; nothing was changed."
        )
        assert palette.calls == [GET]

    def test_both_at_once(self, api):
        palette = FakePalette(api, base_url="https://10.10.0.16").stores(SYSTEM_ADDRESS, stored("console.example.com"))
        with pytest.raises(Failed) as caught:
            SYSTEM_ADDRESS.plan(a_run(palette), PARAMS)
        assert caught.value.sentence.startswith(
            "The certificate does not cover 'console.example.com', the console's current address (Palette requires "
            "the new certificate to keep it) nor '10.10.0.16', where this task reaches the console"
        )

    def test_a_check_mode_run_fails_the_same(self, palette):
        palette.stores(SYSTEM_ADDRESS, stored("console.example.com"))
        with pytest.raises(Failed):
            run_one(SYSTEM_ADDRESS, a_run(palette, check_mode=True), PARAMS)
        assert palette.calls == [GET]

    def test_the_task_may_reach_the_console_at_its_ip_address_in_the_certificate(self, api):
        palette = FakePalette(api, base_url="https://10.10.0.15").stores(SYSTEM_ADDRESS, {})
        assert SYSTEM_ADDRESS.plan(a_run(palette), PARAMS).changed is True

    def test_an_address_change_warns_of_the_clusters_that_keep_the_old_one(self, palette):
        palette.stores(SYSTEM_ADDRESS, stored("10.10.0.15"))
        plan = SYSTEM_ADDRESS.plan(a_run(palette), PARAMS)
        assert plan.changes == ("address",)
        assert plan.result["warnings"] == [OLD_ADDRESS_WARNING.format(old="10.10.0.15", new="palette.example.com")]
        (warning,) = plan.result["warnings"]
        assert warning.startswith("The system address changes from 10.10.0.15 to palette.example.com.")
        assert "hubble-info" in warning

    def test_a_new_certificate_for_the_same_address_does_not_warn(self, palette):
        renewed = issued(trustme.CA(), "palette.example.com", "10.10.0.15")
        palette.stores(SYSTEM_ADDRESS, PAYLOAD)
        plan = SYSTEM_ADDRESS.plan(a_run(palette), renewed)
        assert set(plan.changes) == {"certificate", "private_key", "ca_certificate"}
        assert "warnings" not in plan.result

    def test_the_set_as_stored_plans_no_change_and_no_wait(self, palette, monkeypatch):
        monkeypatch.setattr(PaletteClient, "await_certificate", pytest.fail)
        palette.stores(SYSTEM_ADDRESS, PAYLOAD)
        run = a_run(palette, diff=True)
        plan = SYSTEM_ADDRESS.plan(run, PARAMS)
        assert (plan.changed, plan.settle) == (False, None)
        assert SYSTEM_ADDRESS.apply(run, plan) == {"changed": False, "system_address": DATA["public"]}
        assert palette.calls == [GET]


class TestApply:
    @pytest.fixture
    def served(self, monkeypatch, palette):
        """The console serves the new certificate at once; records the calls made before each handshake."""
        seen = []

        def handshake(client, address, ca_pem, deadline):
            seen.append((list(palette.calls), address.hostname, ca_pem))
            return NEW_DER

        monkeypatch.setattr(PaletteClient, "_served_certificate", handshake)
        return seen

    def test_the_write_waits_for_the_new_certificate_then_reads_back_trusting_the_new_ca(self, palette, served):
        palette.stores(SYSTEM_ADDRESS, {}, then=PAYLOAD)
        run = a_run(palette)
        result = run_one(SYSTEM_ADDRESS, run, PARAMS)
        assert palette.calls == [GET, PUT, GET]
        assert palette.sent("PUT", SYSTEM_ADDRESS.path) == [PAYLOAD]
        assert served == [([GET, PUT], "palette.example.com", PARAMS["ca_certificate"] + "\n")]
        assert result == {"changed": True, "system_address": DATA["public"], "reload_seconds": 0.0}
        with open(run.client.verify) as bundle:
            assert bundle.read() == PARAMS["ca_certificate"] + "\n"
        assert palette.api.calls[-1].request.req_kwargs["verify"] == run.client.verify

    def test_the_seconds_it_took_are_rounded(self, palette, monkeypatch):
        monkeypatch.setattr(PaletteClient, "await_certificate", lambda client, der, ca, timeout: 2.345)
        palette.stores(SYSTEM_ADDRESS, {}, then=PAYLOAD)
        assert run_one(SYSTEM_ADDRESS, a_run(palette), PARAMS)["reload_seconds"] == 2.3

    def test_it_waits_as_long_as_reload_timeout_says(self, palette, monkeypatch):
        waited = []
        monkeypatch.setattr(
            PaletteClient, "await_certificate", lambda client, der, ca, timeout: waited.append((der, ca, timeout)) or 1
        )
        palette.stores(SYSTEM_ADDRESS, {}, then=stored(caCertificateBase64=""))
        run_one(SYSTEM_ADDRESS, a_run(palette), {**PARAMS, "ca_certificate": None, "reload_timeout": 42})
        assert waited == [(NEW_DER, None, 42)]
        assert palette.sent("PUT", SYSTEM_ADDRESS.path)[0]["certificates"]["caCertificateBase64"] == ""

    def test_by_default_it_waits_five_minutes(self, palette, monkeypatch):
        waited = []
        monkeypatch.setattr(
            PaletteClient, "await_certificate", lambda client, der, ca, timeout: waited.append(timeout) or 1
        )
        palette.stores(SYSTEM_ADDRESS, {}, then=PAYLOAD)
        run_one(SYSTEM_ADDRESS, a_run(palette), PARAMS)
        assert waited == [300]

    def test_a_console_that_does_not_come_back_in_time_fails_as_changed(self, palette, monkeypatch):
        error = PaletteApiError("Palette at https://palette.example.com took the new certificate but ...", NOT_RELOADED)

        def never(client, der, ca, timeout):
            raise error

        monkeypatch.setattr(PaletteClient, "await_certificate", never)
        palette.stores(SYSTEM_ADDRESS, {}, then=PAYLOAD)
        with pytest.raises(Failed) as caught:
            run_one(SYSTEM_ADDRESS, a_run(palette), PARAMS)
        assert caught.value.sentence.startswith(
            "Palette saved the system address and certificate, but the console did not come back with them in time: "
            "check it at https://palette.example.com, then run the task again"
        )
        assert caught.value.result == {"changed": True}
        assert caught.value.error is error
        assert palette.calls == [GET, PUT]

    def test_check_mode_neither_writes_nor_waits(self, palette, monkeypatch):
        monkeypatch.setattr(PaletteClient, "await_certificate", pytest.fail)
        palette.stores(SYSTEM_ADDRESS, {})
        result = run_one(SYSTEM_ADDRESS, a_run(palette, check_mode=True), PARAMS)
        assert result["changed"] is True
        assert "reload_seconds" not in result
        assert palette.calls == [GET]

    def test_a_set_palette_did_not_keep_fails_after_the_wait(self, palette, served):
        palette.stores(SYSTEM_ADDRESS, {}, then=stored("10.10.0.15"))
        with pytest.raises(Failed) as caught:
            run_one(SYSTEM_ADDRESS, a_run(palette), PARAMS)
        assert caught.value.sentence.startswith("Palette saved the system address and certificate but did not keep")
        assert "address (sent 'palette.example.com', reads back '10.10.0.15')" in caught.value.sentence
        assert caught.value.result["reload_seconds"] == 0.0
        assert palette.calls == [GET, PUT, GET]


class TestUnoffered:
    @pytest.mark.parametrize("status", [404, 405])
    def test_a_console_without_the_api_fails_saying_so_before_any_write(self, palette, status):
        palette.api.get(
            palette.url(SYSTEM_ADDRESS.path), status=status, json={"code": "NotFound", "message": "no route"}
        )
        with pytest.raises(PaletteApiError) as caught:
            SYSTEM_ADDRESS.plan(a_run(palette), PARAMS)
        assert caught.value.kind == UNOFFERED
        assert str(caught.value) == (
            f"Palette at https://palette.example.com answered {status} to GET {SYSTEM_ADDRESS.path} (no route): this "
            "console does not offer the API for the system address and certificate that the collection uses. "
            + system_address.INFERRED
        )
        assert palette.calls == [GET]

    def test_a_write_refused_as_unknown_says_so(self, palette):
        palette.stores(SYSTEM_ADDRESS, {}).answer("PUT", SYSTEM_ADDRESS.path, status=405)
        with pytest.raises(PaletteApiError, match="does not offer the API for the system address and certificate"):
            run_one(SYSTEM_ADDRESS, a_run(palette), PARAMS)
        assert palette.calls == [GET, PUT]

    def test_it_describes_as_nothing(self, palette):
        palette.api.get(palette.url(SYSTEM_ADDRESS.path), status=404, json={})
        assert SYSTEM_ADDRESS.describe(a_run(palette)) == (None, ())

    def test_other_errors_are_not_taken_for_it(self, palette):
        palette.api.get(palette.url(SYSTEM_ADDRESS.path), status=403, json={})
        with pytest.raises(PaletteApiError) as caught:
            SYSTEM_ADDRESS.plan(a_run(palette), PARAMS)
        assert caught.value.kind != UNOFFERED


class TestDescribe:
    def test_what_is_stored_without_the_key(self, palette):
        palette.stores(SYSTEM_ADDRESS, PAYLOAD)
        section, secrets = SYSTEM_ADDRESS.describe(a_run(palette))
        assert section == {option: value for option, value in PARAMS.items() if option != "private_key"}
        assert secrets == ("private_key",)

    def test_the_key_read_back_is_kept_out_of_the_output(self, palette):
        palette.stores(SYSTEM_ADDRESS, PAYLOAD)
        run = a_run(palette)
        SYSTEM_ADDRESS.info(run)
        assert KEY in run.client.secrets
