"""What only the session timeout has: its range."""

from __future__ import annotations

import pytest

from ansible_collections.palette.selfhosted.plugins.module_utils._settings.session_timeout import SESSION_TIMEOUT


@pytest.mark.parametrize("minutes", [15, 240, 1440])
def test_in_range(minutes):
    assert SESSION_TIMEOUT.check({"expiry_minutes": minutes}) == []


@pytest.mark.parametrize("minutes", [0, 14, 1441])
def test_out_of_range(minutes):
    assert SESSION_TIMEOUT.check({"expiry_minutes": minutes}) == [
        f"expiry_minutes must be between 15 and 1440, got {minutes}."
    ]
