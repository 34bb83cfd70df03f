"""The installation's activation (the docs page Activate Palette / VerteX; the paths are inferred from
the API spec): GET /v1/system/activation (v1SystemActivationResponse), GET /v1/activations/system
(v1ActivationsSystemResponse, the trial's end for the UI's banner) and POST /v1/system/activate
{activationKey}.

A new console is Pending, on a 30-day trial, and Inactive once the trial has ended. The console's
activation keys (its ``activation_keys`` option) are each good once: a used or unknown key is
refused with 400 and a v1Error. A key that is accepted makes the console Active (even an Active one,
as a new key would: the collection must not spend one on it). ``end_trial_in(days)`` moves the
trial's end, for the warning about a trial that ends soon.
"""

from __future__ import annotations

import re
import secrets
import threading
from datetime import datetime, timedelta, timezone

from palette_simulator.replies import answer, error

ACTIVATE_PATH = re.compile(r"^/v1/system/activate$")
ACTIVATION_PATH = re.compile(r"^/v1/system/activation$")
BANNER_PATH = re.compile(r"^/v1/activations/system$")
TRIAL = timedelta(days=30)
ACTIVE, PENDING, INACTIVE = "Active", "Pending", "Inactive"


def _now():
    return datetime.now(timezone.utc)


def stamp(moment):
    """A time as Go's strfmt.DateTime writes it: 2025-06-01T09:30:00.000Z."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


class Activation:
    """One installation's activation state and its unused keys."""

    def __init__(self, keys=(), trial=TRIAL):
        self._lock = threading.Lock()
        self.keys = set(keys)
        self.used = set()
        self.trial_ends = _now() + trial
        self.activated_at = None
        self.system_uid = secrets.token_hex(12)
        self.key_uid = ""
        self.plan_uid = "trial"

    @property
    def state(self):
        if self.activated_at is not None:
            return ACTIVE
        return PENDING if _now() < self.trial_ends else INACTIVE

    def end_trial_in(self, days):
        """Move the trial's end to ``days`` from now (a negative number: it has ended)."""
        with self._lock:
            self.trial_ends = _now() + timedelta(days=days)

    def activate(self, key):
        """Spend ``key``; returns the refusal's (code, message), or None once the console is Active."""
        with self._lock:
            if key in self.used:
                return "ActivationKeyAlreadyUsed", "the activation key has already been used"
            if key not in self.keys:
                return "InvalidActivationKey", "the activation key is not valid for this installation"
            self.keys.discard(key)
            self.used.add(key)
            self.activated_at = _now()
            self.key_uid = secrets.token_hex(12)
            self.plan_uid = "enterprise"
        return None

    def document(self):
        """v1SystemActivationResponse, Go omitempty."""
        spec = {"systemUid": self.system_uid, "planUid": self.plan_uid}
        if self.key_uid:
            spec["activationKeyUid"] = self.key_uid
        status = {"state": self.state}
        if self.activated_at is not None:
            status["lastActivatedAt"] = stamp(self.activated_at)
        return {"metadata": {"uid": self.system_uid, "name": "system"}, "spec": spec, "status": status}

    def banner(self):
        """v1ActivationsSystemResponse: the trial's end while there is one."""
        status = {"state": self.state}
        if self.state != ACTIVE:
            status["expiresAt"] = stamp(self.trial_ends)
        return {"status": status}


def routes(console):
    """(method, path pattern, handler(body, admin, **path parameters)) for the console."""
    return [
        ("GET", ACTIVATION_PATH, lambda body, _admin: answer(200, console.activation.document())),
        ("GET", BANNER_PATH, lambda body, _admin: answer(200, console.activation.banner())),
        ("POST", ACTIVATE_PATH, lambda body, _admin: _activate(console, body)),
    ]


def _activate(console, body):
    key = body.get("activationKey") if isinstance(body, dict) else None
    if not isinstance(key, str) or not key:
        return error(400, "InvalidRequest", "activationKey is required")
    refused = console.activation.activate(key)
    if refused:
        return error(400, *refused)
    return answer(201, {"uid": console.activation.key_uid}, {"AuditUid": secrets.token_hex(12)})
