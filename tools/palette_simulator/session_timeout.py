"""The session timeout setting (v1AuthTokenSettings): token lifetime in minutes, 15 to 1440."""

from __future__ import annotations

from palette_simulator.schema import Rejected, SettingSchema

SHORTEST, LONGEST = 15, 1440


def within_bounds(spec, _console):
    minutes = spec.get("expiryTimeMinutes", 0)
    if not SHORTEST <= minutes <= LONGEST:
        raise Rejected("InvalidRequest", f"expiryTimeMinutes must be between {SHORTEST} and {LONGEST}")
    return spec


SESSION_TIMEOUT = SettingSchema(
    name="session_timeout",
    definition="v1AuthTokenSettings",
    path="/v1/system/authTokenSettings",
    fields={"expiryTimeMinutes": int},
    default={"expiryTimeMinutes": SHORTEST},
    always_shown=("expiryTimeMinutes",),
    on_save=within_bounds,
)
