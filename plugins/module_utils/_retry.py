# Copyright (c) palette.selfhosted contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""When a failed call to the Palette system API is tried again, and after how long.

FOR INTERNAL COLLECTION USE ONLY: no compatibility promise outside palette.selfhosted.
Pure: no I/O, no clock. The transport asks, sleeps and sends.
"""

from __future__ import annotations

from dataclasses import dataclass

# Statuses a proxy or an overloaded Palette answers with that are worth another try.
RETRY_STATUSES = frozenset((429, 502, 503, 504))


@dataclass(frozen=True)
class RetryPolicy:
    """``retries`` extra tries after a connection error or a status in RETRY_STATUSES.

    Waits double from ``backoff_first`` up to ``backoff_max``; a numeric ``Retry-After``
    replaces the back-off, capped at ``retry_after_max`` so the budget stays bounded in time.
    """

    retries: int = 3
    backoff_first: float = 1.0
    backoff_max: float = 8.0
    retry_after_max: float = 30.0

    @staticmethod
    def retries_status(status):
        return status in RETRY_STATUSES

    def wait_before_next(self, attempt, retry_after=None):
        """Seconds to wait before try ``attempt + 1``, or None when ``attempt`` was the last."""
        if attempt > self.retries:
            return None
        asked = _seconds(retry_after)
        if asked is not None:
            return min(max(asked, 0.0), self.retry_after_max)
        return min(self.backoff_first * 2 ** (attempt - 1), self.backoff_max)


def _seconds(header):
    """A numeric Retry-After header in seconds; None for an HTTP date, garbage or no header."""
    try:
        return float(header)
    except (TypeError, ValueError):
        return None
