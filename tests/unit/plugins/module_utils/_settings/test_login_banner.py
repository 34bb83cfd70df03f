"""What only the login banner has: an enabled banner needs a message."""

from __future__ import annotations

import pytest

from ansible_collections.palette.selfhosted.plugins.module_utils._settings.login_banner import LOGIN_BANNER


@pytest.mark.parametrize(
    "params",
    [
        {"enabled": True, "title": None, "text": "Monitored."},
        {"enabled": False, "title": None, "text": None},
        {"enabled": False, "title": "Kept", "text": ""},
    ],
)
def test_accepted(params):
    assert LOGIN_BANNER.check(params) == []


@pytest.mark.parametrize("text", [None, "", "  \n "])
def test_enabled_without_text(text):
    assert LOGIN_BANNER.check({"enabled": True, "title": "T", "text": text}) == [
        "text must not be empty when enabled is true."
    ]


def test_the_text_goes_to_the_capitalised_api_field():
    desired = LOGIN_BANNER.desired({"enabled": True, "title": "T", "text": "M"})
    assert LOGIN_BANNER.to_api(desired) == {"isEnabled": True, "title": "T", "Message": "M"}
