"""Fixtures for unit tests: HTTP is mocked at the requests layer with `responses`."""

from __future__ import annotations

import pytest
import responses


@pytest.fixture
def api():
    """A `responses` mock in which every unexpected request fails the test."""
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


@pytest.fixture
def no_sleep(monkeypatch):
    """Record back-off sleeps instead of waiting; returns the list of slept seconds."""
    from ansible_collections.palette.selfhosted.plugins.module_utils import client

    slept = []
    monkeypatch.setattr(client.time, "sleep", slept.append)
    return slept
