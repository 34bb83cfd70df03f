from __future__ import annotations

import pytest

from ansible_collections.palette.selfhosted.plugins.module_utils._retry import RetryPolicy


def waits(policy, retry_after=None):
    """The waits a call gets when every try fails, until the policy gives up."""
    attempt, slept = 1, []
    while (wait := policy.wait_before_next(attempt, retry_after)) is not None:
        slept.append(wait)
        attempt += 1
    return slept


@pytest.mark.parametrize(
    ("retries", "expected"),
    [(0, []), (1, [1.0]), (3, [1.0, 2.0, 4.0]), (6, [1.0, 2.0, 4.0, 8.0, 8.0, 8.0])],
)
def test_backoff_doubles_up_to_its_cap_and_stops_after_the_retries(retries, expected):
    assert waits(RetryPolicy(retries=retries)) == expected


@pytest.mark.parametrize(
    ("header", "expected"),
    [("5", 5.0), ("0.5", 0.5), ("3600", 30.0), ("-3", 0.0), ("Wed, 21 Oct 2026 07:28:00 GMT", 1.0), ("", 1.0)],
)
def test_retry_after_replaces_the_backoff_within_bounds(header, expected):
    assert RetryPolicy().wait_before_next(1, header) == expected


def test_retry_after_does_not_add_tries():
    assert len(waits(RetryPolicy(retries=2), "1")) == 2


@pytest.mark.parametrize(
    ("status", "retried"),
    [(429, True), (502, True), (503, True), (504, True), (500, False), (400, False), (401, False), (404, False)],
)
def test_which_statuses_are_retried(status, retried):
    assert RetryPolicy.retries_status(status) is retried
