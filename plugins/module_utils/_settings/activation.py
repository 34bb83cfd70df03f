# Copyright (c) palette.selfhosted contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The console's activation: the activation key that ends the trial (Activate Palette / VerteX).

FOR INTERNAL COLLECTION USE ONLY: no compatibility promise outside palette.selfhosted.
A key is single use, for one installation, and Palette never returns it: the state is what a run
compares. An Active console is sent no key (a second key would be spent for nothing); any other is
sent the key, and must read back Active. A new console runs a 30-day trial (from Palette 4.6.32),
after which clusters keep running but day-2 operations are blocked.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from ansible_collections.palette.selfhosted.plugins.module_utils._engine import dig
from ansible_collections.palette.selfhosted.plugins.module_utils._resource import Failed, Plan, dict_section
from ansible_collections.palette.selfhosted.plugins.module_utils._transport import (
    UNOFFERED,
    PaletteApiError,
    request_inferred,
)

# NOTES: the API paths are INFERRED. Palette documents the activation only as steps in the system
# console; the paths come from its API spec (palette-sdk-go api/spec/palette.json, "Palette APIs - 4.8"):
# POST /v1/system/activate (v1SystemActivate, v1SystemActivateRequest {activationKey}: 200, or 201 {uid}
# with an AuditUid header; 400 v1Error for a key it refuses), GET /v1/system/activation
# (v1SystemActivationGet, v1SystemActivationResponse: spec {systemUid, activationKeyUid, planUid},
# status {state Pending|Active|Inactive, lastActivatedAt}) and GET /v1/activations/system
# (v1ActivationsSystemGet, status {state, expiresAt}; the spec says "only for UI to show the banner",
# and it is the one call that gives the trial's end). A console that answers any of them with 404 or
# 405 does not offer this API, and the task says so.
ACTIVATE_PATH = "/v1/system/activate"
ACTIVATION_PATH = "/v1/system/activation"
BANNER_PATH = "/v1/activations/system"
INFERRED = (
    "The collection infers that API from Palette's API spec, since Palette documents the activation only as "
    "steps in the system console: enter the activation key there, or use a Palette version whose system API "
    "offers it."
)

ACTIVE = "Active"
# A trial that ends within this long is worth a warning.
TRIAL_WARNING = timedelta(days=7)
# Go's zero time, which a v1Time that was never set reads as.
_ZERO_YEAR = 1
_TIME = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):?(\d{2}))?$"
)


def parse_time(text):
    """The moment of a v1Time (RFC 3339, as Go writes it), None when unset or unreadable."""
    match = _TIME.match(text.strip()) if isinstance(text, str) else None
    if match is None:
        return None
    year, month, day, hour, minute, second, fraction, _z, sign, zone_hours, zone_minutes = match.groups()
    offset = timedelta(0)
    if sign:
        offset = timedelta(hours=int(zone_hours), minutes=int(zone_minutes)) * (-1 if sign == "-" else 1)
    try:
        moment = datetime(
            int(year),
            int(month),
            int(day),
            int(hour),
            int(minute),
            int(second),
            int((fraction or "0")[:6].ljust(6, "0")),
            tzinfo=timezone(offset),
        )
    except ValueError:
        return None
    return None if moment.year == _ZERO_YEAR else moment


def _time(text):
    """A v1Time as Palette wrote it, None when it is unset (empty or Go's zero time)."""
    return text if parse_time(text) is not None else None


def _days(left):
    if left.days == 0:
        return "less than a day"
    return f"{left.days} day" + ("s" if left.days != 1 else "")


def trial_warning(activation, now):
    """The warning about a console that is not Active and whose trial ends within TRIAL_WARNING (or has
    ended), saying how long is left; None otherwise."""
    end = parse_time(activation["expires_at"])
    if activation["state"] == ACTIVE or end is None:
        return None
    left = end - now
    state = activation["state"] or "no state"
    if left <= timedelta(0):
        return (
            f"The console is not activated ({state}) and its trial ended at {activation['expires_at']}: Palette "
            "blocks day-2 operations until it is activated."
        )
    if left > TRIAL_WARNING:
        return None
    return (
        f"The console is not activated ({state}) and its trial ends at {activation['expires_at']}, in "
        f"{_days(left)}: then Palette blocks day-2 operations until it is activated."
    )


def _now():
    return datetime.now(timezone.utc)


def _state(activation):
    return activation["state"] or "without an activation state"


class Activation:
    """The activation as a resource kind (see _resource). ``clock`` gives the current time (UTC), for
    the trial's days left."""

    name = "activation"

    def __init__(self, clock=_now):
        self.clock = clock

    def argument_spec(self):
        return {"activation_key": {"type": "str", "required": True, "no_log": True}}

    def option_rules(self):
        return {}

    def section_spec(self):
        return dict_section(self)

    def check(self, params):
        key = params.get("activation_key")
        if key is None:
            return []
        if not key.strip():
            return ["activation_key must not be empty."]
        if key != key.strip():
            # Sent as given, since a key trimmed here would not be the value no_log hides.
            return ["activation_key must not begin or end with white space (a line break read from a file, say)."]
        return []

    def warnings(self, _params):
        return []

    def read(self, client):
        """state, activated_at and expires_at, from both calls; raises PaletteApiError (UNOFFERED)
        when the console does not offer them."""
        activation = _request(client, "GET", ACTIVATION_PATH).body
        banner = _request(client, "GET", BANNER_PATH).body
        return {
            "state": dig(activation, "status.state") or dig(banner, "status.state") or None,
            "activated_at": _time(dig(activation, "status.lastActivatedAt")),
            "expires_at": _time(dig(banner, "status.expiresAt")),
        }

    def plan(self, run, params):
        """Read the state: an Active console is no change, and is never sent a key."""
        current = self.read(run.client)
        active = current["state"] == ACTIVE
        result = {"changed": not active, self.name: current}
        # A run that activates the console ends the trial: only check mode leaves it as it is.
        warning = trial_warning(current, self.clock()) if run.check_mode else None
        if warning:
            result["warnings"] = [warning]
        return Plan(
            () if active else ("state",),
            before={"state": current["state"]},
            after={"state": ACTIVE},
            result=result,
            state=params["activation_key"],
        )

    def validate(self, run, plan):
        """Palette has no validate call for an activation key."""

    def apply(self, run, plan):
        """Send the key (not in check mode) and read the state back: it must be Active."""
        result = {**plan.result, self.name: dict(plan.result[self.name])}
        if not plan.changed:
            return result
        if run.diff:
            result["diff"] = {"before": plan.before, "after": plan.after}
        if run.check_mode:
            # As it would be: Palette sets the times.
            result[self.name] = {"state": ACTIVE, "activated_at": None, "expires_at": None}
            return result
        before = plan.result[self.name]
        try:
            _request(run.client, "POST", ACTIVATE_PATH, {"activationKey": plan.state})
        except PaletteApiError as exc:
            if exc.kind == UNOFFERED:
                raise
            # The transport sends a call again after a lost answer: a key an earlier try spent is refused,
            # and the console reads Active.
            after = self._read_again(run.client)
            if after is None or after["state"] != ACTIVE:
                raise self._not_activated(exc, before, after) from None
            saved = after
        else:
            saved = self.read(run.client)
            if saved["state"] != ACTIVE:
                raise self._failed(
                    f"Palette accepted the activation key, but the console reads back {_state(saved)}, not Active.",
                    saved,
                    changed=True,
                )
        result[self.name] = saved
        return result

    def _read_again(self, client):
        try:
            return self.read(client)
        except PaletteApiError:
            return None

    def _not_activated(self, exc, before, after):
        """Why the key did not activate the console: Palette's refusal, or a call without an answer."""
        if exc.status is not None and 400 <= exc.status < 500:
            sentence = f"Palette refused the activation key, so the console stays {_state(after or before)}:"
        elif after is None:
            sentence = "The activation did not complete, and the console's state could not be read again:"
        else:
            sentence = f"The activation did not complete, and the console reads {_state(after)}:"
        return self._failed(sentence, after or before, cause=exc)

    def _failed(self, sentence, shown, changed=False, cause=None):
        """A Failed with the activation as read, and the trial's warning where it applies."""
        result = {"changed": changed, self.name: shown}
        warning = trial_warning(shown, self.clock())
        if warning:
            result["warnings"] = [warning]
        return Failed(sentence, result, cause)

    def describe(self, run):
        """The key cannot be read back: an Active console's section is its key, left out; any other has
        none. A console that does not offer the API has none either."""
        try:
            current = self.read(run.client)
        except PaletteApiError as exc:
            if exc.kind != UNOFFERED:
                raise
            return None, ()
        return ({}, ("activation_key",)) if current["state"] == ACTIVE else (None, ())

    def info(self, run):
        """What palette_system_info returns: the state and its times."""
        return self.read(run.client), {}


def _request(client, method, path, body=None):
    """One call on an inferred path (see INFERRED)."""
    return request_inferred(client, method, path, body, api="activation API", note=INFERRED)


ACTIVATION = Activation()
