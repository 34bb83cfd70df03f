"""What only the login banner has: an enabled banner needs a message."""

from __future__ import annotations

import pytest

from ansible_collections.palette.selfhosted.plugins.module_utils._settings.login_banner import LOGIN_BANNER


@pytest.mark.parametrize(
    "params",
    [
        {"enabled": True, "title": None, "message": "Monitored."},
        {"enabled": False, "title": None, "message": None},
        {"enabled": False, "title": "Kept", "message": ""},
    ],
)
def test_accepted(params):
    assert LOGIN_BANNER.check(params) == []


@pytest.mark.parametrize("message", [None, "", "  \n "])
def test_enabled_without_a_message(message):
    assert LOGIN_BANNER.check({"enabled": True, "title": "T", "message": message}) == [
        "message must not be empty when enabled is true."
    ]


def test_the_message_goes_to_the_capitalised_api_field():
    desired = LOGIN_BANNER.desired({"enabled": True, "title": "T", "message": "M"})
    assert LOGIN_BANNER.to_api(desired) == {"isEnabled": True, "title": "T", "Message": "M"}
