"""X.509 facts about PEM text: a chain as parsed, the names it covers as TLS clients match them, the CA
it leads to, its private key and its validity. Certificates come from trustme, or from cryptography
where trustme cannot make one (a DNS name that looks like an IP address, a forged CA)."""

from __future__ import annotations

import ipaddress
from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

import pytest
import trustme
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from ansible_collections.palette.selfhosted.plugins.module_utils import _certificates
from ansible_collections.palette.selfhosted.plugins.module_utils._certificates import Chain, key_matches, private_key

CA = trustme.CA()
LEAF = CA.issue_cert("palette.example.com", "10.10.0.15", "2001:db8::15")
WILDCARD = CA.issue_cert("*.example.com")
START = datetime(2020, 1, 1, tzinfo=timezone.utc)
END = datetime(2021, 1, 1, tzinfo=timezone.utc)


def pem(leaf):
    """The PEM text of a trustme LeafCert's chain, the leaf first."""
    return "".join(blob.bytes().decode() for blob in leaf.cert_chain_pems)


def chain(leaf):
    return Chain.parse(pem(leaf))


def key_pem(leaf):
    return leaf.private_key_pem.bytes().decode()


def authority(ca):
    return Chain.parse(ca.cert_pem.bytes().decode())


def self_signed(*names, subject="palette.example.com", key=None):
    """A self-signed certificate with exactly the subject alternative names ``names`` (none: no
    extension at all), for what trustme does not make."""
    key = key or ec.generate_private_key(ec.SECP256R1())
    name = subject if isinstance(subject, x509.Name) else x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)])
    builder = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(START)
        .not_valid_after(datetime(3000, 1, 1, tzinfo=timezone.utc))
    )
    if names:
        builder = builder.add_extension(x509.SubjectAlternativeName(list(names)), critical=False)
    certificate = builder.sign(key, hashes.SHA256())
    return Chain.parse(certificate.public_bytes(serialization.Encoding.PEM).decode())


class TestParse:
    def test_a_leaf_and_its_intermediate_parse_in_order(self):
        intermediate = CA.create_child_ca()
        leaf = intermediate.issue_cert("palette.example.com")
        parsed = chain(leaf)
        assert len(parsed.certificates) == 2
        assert parsed.leaf.subject != parsed.certificates[1].subject
        assert parsed.certificates[1] == authority(intermediate).leaf
        served = x509.load_pem_x509_certificate(leaf.cert_chain_pems[0].bytes())
        assert parsed.der == served.public_bytes(serialization.Encoding.DER)

    def test_text_around_the_blocks_is_ignored(self):
        parsed = Chain.parse(f"subject=CN=palette.example.com\n{pem(LEAF)}\ntrailing words")
        assert len(parsed.certificates) == 1

    @pytest.mark.parametrize(
        "text",
        [
            "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----",
            "-----BEGIN CERTIFICATE-----\nTUlJQg==\n-----END CERTIFICATE-----",
        ],
        ids=["not base64", "not DER"],
    )
    def test_a_block_that_does_not_parse(self, text):
        with pytest.raises(ValueError, match=r"^holds a certificate that does not parse \(") as caught:
            Chain.parse(text)
        assert caught.value.__cause__ is None

    def test_one_bad_block_after_a_good_one_fails_the_chain(self):
        with pytest.raises(ValueError, match="holds a certificate that does not parse"):
            Chain.parse(pem(LEAF) + "-----BEGIN CERTIFICATE-----\nTUlJQg==\n-----END CERTIFICATE-----")

    @pytest.mark.parametrize("text", [None, "", "/etc/pki/palette.crt", "-----BEGIN PRIVATE KEY-----\nMIIB\n"])
    def test_no_pem_certificate(self, text):
        with pytest.raises(ValueError, match=r"^holds no PEM certificate \(-----BEGIN CERTIFICATE-----\)$"):
            Chain.parse(text)

    def test_a_key_is_no_certificate(self):
        with pytest.raises(ValueError, match="holds no PEM certificate"):
            Chain.parse(key_pem(LEAF))


class TestNames:
    def test_dns_names_then_ip_addresses(self):
        assert chain(LEAF).names == ("palette.example.com", "10.10.0.15", "2001:db8::15")

    def test_a_certificate_without_the_extension_has_none(self):
        assert self_signed().names == ()

    def test_the_subjects_common_name_is_no_name(self):
        assert self_signed(subject="palette.example.com").covers("palette.example.com") is False


class TestCovers:
    @pytest.mark.parametrize("host", ["palette.example.com", "PALETTE.Example.COM", "palette.example.com."])
    def test_the_exact_name_in_any_case(self, host):
        assert chain(LEAF).covers(host) is True

    @pytest.mark.parametrize("host", ["example.com", "console.palette.example.com", "palette.example.org", ""])
    def test_another_name(self, host):
        assert chain(LEAF).covers(host) is False

    @pytest.mark.parametrize("host", ["palette.example.com", "Console.EXAMPLE.com"])
    def test_a_wildcard_covers_one_label(self, host):
        assert chain(WILDCARD).covers(host) is True

    @pytest.mark.parametrize("host", ["a.palette.example.com", "example.com", ".example.com"])
    def test_a_wildcard_covers_neither_two_labels_nor_none(self, host):
        assert chain(WILDCARD).covers(host) is False

    def test_a_wildcard_in_the_names_of_the_pattern_only(self):
        assert chain(LEAF).covers("*.example.com") is False

    @pytest.mark.parametrize("host", ["10.10.0.15", "2001:db8::15", "2001:DB8:0:0::15"])
    def test_an_ip_address_in_any_notation(self, host):
        assert chain(LEAF).covers(host) is True

    @pytest.mark.parametrize("host", ["10.10.0.16", "2001:db8::16", "::ffff:10.10.0.15"])
    def test_another_ip_address(self, host):
        assert chain(LEAF).covers(host) is False

    def test_an_ip_address_is_not_matched_by_a_dns_name_that_spells_it(self):
        spelled = self_signed(x509.DNSName("10.10.0.15"), x509.DNSName("*.10.0.15"))
        assert spelled.names == ("10.10.0.15", "*.10.0.15")
        assert spelled.covers("10.10.0.15") is False

    def test_a_dns_name_is_not_matched_by_an_ip_address(self):
        only_ip = self_signed(x509.IPAddress(ipaddress.ip_address("10.10.0.15")))
        assert only_ip.covers("10.10.0.15") is True
        assert only_ip.covers("palette.example.com") is False


class TestIssuedBy:
    def test_directly_by_the_ca(self):
        assert chain(LEAF).issued_by(authority(CA)) is True

    def test_through_an_intermediate_the_chain_holds(self):
        intermediate = CA.create_child_ca()
        parsed = chain(intermediate.issue_cert("palette.example.com"))
        assert parsed.issued_by(authority(CA)) is True

    def test_by_the_intermediate_itself(self):
        intermediate = CA.create_child_ca()
        parsed = chain(intermediate.issue_cert("palette.example.com"))
        assert parsed.issued_by(authority(intermediate)) is True

    def test_a_leaf_without_its_intermediate_does_not_lead_to_the_root(self):
        intermediate = CA.create_child_ca()
        leaf = Chain.parse(intermediate.issue_cert("palette.example.com").cert_chain_pems[0].bytes().decode())
        assert leaf.issued_by(authority(CA)) is False

    def test_a_chain_out_of_order(self):
        intermediate = CA.create_child_ca()
        parsed = chain(intermediate.issue_cert("palette.example.com"))
        swapped = Chain(tuple(reversed(parsed.certificates)))
        assert swapped.issued_by(authority(CA)) is False

    def test_another_ca(self):
        assert chain(LEAF).issued_by(authority(trustme.CA())) is False

    def test_a_ca_with_the_same_name_but_another_key(self):
        real = authority(CA).leaf
        forged = self_signed(subject=real.subject)
        assert forged.leaf.subject == chain(LEAF).leaf.issuer
        assert chain(LEAF).issued_by(forged) is False

    def test_any_of_several_authorities(self):
        bundle = Chain(authority(trustme.CA()).certificates + authority(CA).certificates)
        assert chain(LEAF).issued_by(bundle) is True


class TestPrivateKey:
    def test_a_key_parses(self):
        key = private_key(key_pem(LEAF))
        assert key_matches(key, chain(LEAF)) is True

    def test_an_encrypted_key_says_to_give_it_without_its_passphrase(self):
        key = serialization.load_pem_private_key(LEAF.private_key_pem.bytes(), password=None)
        encrypted = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(b"passphrase-9"),
        ).decode()
        with pytest.raises(ValueError, match="passphrase") as caught:
            private_key(encrypted)
        assert str(caught.value) == "is encrypted: give it without a passphrase, as Palette serves it"

    @pytest.mark.parametrize(
        "text",
        [None, "", "not a key", "-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----", pem(LEAF)],
        ids=["none", "empty", "words", "truncated", "a certificate"],
    )
    def test_no_key(self, text):
        with pytest.raises(ValueError, match="holds no PEM private key") as caught:
            private_key(text)
        assert str(caught.value) == "holds no PEM private key that parses (-----BEGIN PRIVATE KEY-----)"

    def test_a_broken_key_is_never_quoted(self):
        text = key_pem(LEAF)
        broken = text.replace(text.splitlines()[1], text.splitlines()[1][:-4] + "!!!!")
        with pytest.raises(ValueError, match="holds no PEM private key") as caught:
            private_key(broken)
        assert text.splitlines()[1][:20] not in str(caught.value)


class TestKeyMatches:
    def test_the_key_of_another_certificate(self):
        other = CA.issue_cert("palette.example.com")
        assert key_matches(private_key(key_pem(other)), chain(LEAF)) is False

    def test_the_key_of_the_leaf_not_the_intermediate(self):
        intermediate = CA.create_child_ca()
        leaf = intermediate.issue_cert("palette.example.com")
        assert key_matches(private_key(key_pem(leaf)), chain(leaf)) is True

    def test_an_rsa_key_against_an_ec_certificate(self):
        rsa = CA.issue_cert("palette.example.com", key_type=trustme.KeyType.RSA)
        assert key_matches(private_key(key_pem(rsa)), chain(LEAF)) is False


class TestValidity:
    LIMITED = chain(CA.issue_cert("palette.example.com", not_before=START, not_after=END))

    def test_its_start_and_end_in_utc(self):
        assert self.LIMITED.not_before == START
        assert self.LIMITED.not_after == END
        assert self.LIMITED.not_after.tzinfo is not None

    @pytest.mark.parametrize("moment", [START, START + timedelta(days=100), END])
    def test_valid_from_its_start_to_its_end(self, moment):
        assert self.LIMITED.valid_at(moment) is True

    @pytest.mark.parametrize("moment", [START - timedelta(seconds=1), END + timedelta(seconds=1)])
    def test_not_valid_before_its_start_nor_after_its_end(self, moment):
        assert self.LIMITED.valid_at(moment) is False

    def test_an_older_cryptography_without_the_utc_properties(self):
        naive = SimpleNamespace(not_valid_before=datetime(2020, 1, 1), not_valid_after=datetime(2021, 1, 1))
        assert _certificates._utc(naive, "not_valid_before") == START
        assert _certificates._utc(naive, "not_valid_after") == END

    def test_now_is_aware_utc(self):
        moment = _certificates.now()
        assert moment.tzinfo is not None
        assert moment.utcoffset() == timedelta(0)
