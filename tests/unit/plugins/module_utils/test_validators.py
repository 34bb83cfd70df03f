from __future__ import annotations

import pytest

from ansible_collections.palette.selfhosted.plugins.module_utils._validators import (
    control_character_problems,
    email_problems,
    pem_problems,
    port_problems,
    range_problems,
    server_problems,
)


@pytest.mark.parametrize("value", ["smtp.example.com", "smtp", "10.0.0.5", "2001:db8::25", "mail.example.com."])
def test_server_accepted(value):
    assert server_problems("server", value) == []


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (None, "server must not be empty."),
        ("   ", "server must not be empty."),
        (
            "smtp://smtp.example.com",
            "server 'smtp://smtp.example.com' must be a host name or IP address, without scheme or path.",
        ),
        (
            "smtp.example.com/relay",
            "server 'smtp.example.com/relay' must be a host name or IP address, without scheme or path.",
        ),
        ("smtp example.com", "server 'smtp example.com' is not a valid host name or IP address."),
        ("smtp.example.com:587", "server 'smtp.example.com:587' is not a valid host name or IP address."),
        ("-bad.example.com", "server '-bad.example.com' is not a valid host name or IP address."),
    ],
)
def test_server_rejected(value, problem):
    assert server_problems("server", value) == [problem]


@pytest.mark.parametrize(("value", "problems"), [(1, 0), (65535, 0), (0, 1), (-1, 1), (65536, 1), (None, 1)])
def test_port(value, problems):
    assert len(port_problems("port", value)) == problems


def test_range_sentence():
    assert range_problems("minutes", 5, 15, 1440) == ["minutes must be between 15 and 1440, got 5."]


def test_port_sentence():
    assert port_problems("port", 0) == ["port must be between 1 and 65535, got 0."]


@pytest.mark.parametrize("value", ["palette@example.com", "a.b+c@mail.example.com", " p@example.com "])
def test_email_accepted(value):
    assert email_problems("from_email", value) == []


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("palette", "is not an email address"),
        ("@example.com", "is not an email address"),
        ("palette@", "is not an email address"),
        ("pal ette@example.com", "invalid part before the @"),
        ("a..b@example.com", "invalid part before the @"),
        ("a@@example.com", "invalid part before the @"),
        ("palette@localhost", "invalid domain after the @"),
        ("palette@exa mple.com", "invalid domain after the @"),
        ("p@example.com\r\nBcc: victim@example.org", "control characters"),
        ("p@example.com\nBcc: victim@example.org", "control characters"),
    ],
)
def test_email_rejected(value, fragment):
    (problem,) = email_problems("from_email", value)
    assert problem.startswith("from_email ")
    assert fragment in problem


def test_an_injected_header_is_not_echoed():
    (problem,) = email_problems("from_email", "p@example.com\r\nBcc: victim@example.org")
    assert "victim" not in problem


@pytest.mark.parametrize(("value", "problems"), [(None, 0), ("mailer", 0), ("mailer\r\nX: y", 1), ("a\x00", 1)])
def test_control_characters(value, problems):
    assert len(control_character_problems("username", value)) == problems


PEM_BODY = "TUlJQg==\n"


@pytest.mark.parametrize(
    ("text", "label"),
    [
        (f"-----BEGIN CERTIFICATE-----\n{PEM_BODY}-----END CERTIFICATE-----", "CERTIFICATE"),
        (f"-----BEGIN CERTIFICATE-----\n{PEM_BODY}-----END CERTIFICATE-----\n" * 2, "CERTIFICATE"),
        (f"\n-----BEGIN RSA PRIVATE KEY-----\n{PEM_BODY}-----END RSA PRIVATE KEY-----\n", "PRIVATE KEY"),
        (f"-----BEGIN PRIVATE KEY-----\n{PEM_BODY}-----END PRIVATE KEY-----", "PRIVATE KEY"),
    ],
)
def test_pem_accepted(text, label):
    assert pem_problems("pem", text, label) == []


@pytest.mark.parametrize(
    "text",
    [
        "",
        "not pem",
        f"-----BEGIN CERTIFICATE-----\n{PEM_BODY}-----END PRIVATE KEY-----",
        f"junk\n-----BEGIN CERTIFICATE-----\n{PEM_BODY}-----END CERTIFICATE-----",
    ],
)
def test_pem_rejected(text):
    assert pem_problems("pem", text, "CERTIFICATE") == [
        "pem must be PEM text: one or more -----BEGIN CERTIFICATE----- blocks and nothing else."
    ]
