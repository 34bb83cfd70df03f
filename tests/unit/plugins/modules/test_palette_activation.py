"""palette_activation end to end through its main(): a pending console activated with one POST, an
Active one sent no key, check mode, the diff, Palette's refusal in a sentence with its error, the
trial's warning, a console that does not offer the inferred API, bad input before any call, and the
key in no output."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from ansible_collections.palette.selfhosted.plugins.modules import palette_activation
from fake_palette import (
    ACTIVATE_PATH,
    ACTIVATION_KEY,
    ACTIVATION_PATH,
    ACTIVATIONS_SYSTEM_PATH,
    CONNECTION,
    LOGIN,
    activation_state,
    warning_texts,
)

READ = [f"GET {ACTIVATION_PATH}", f"GET {ACTIVATIONS_SYSTEM_PATH}"]
POST = f"POST {ACTIVATE_PATH}"
ARGS = {**CONNECTION, "activation_key": ACTIVATION_KEY}
ACTIVATED_AT = "2025-06-01T09:30:00.000Z"
ACTIVE = activation_state("Active", activated_at=ACTIVATED_AT)


def trial_ending_in(delta):
    """A pending console whose trial ends `delta` from now."""
    end = (datetime.now(timezone.utc) + delta).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    return activation_state("Pending", expires_at=end), end


PENDING, TRIAL_END = trial_ending_in(timedelta(days=30))


@pytest.fixture
def console(palette):
    palette.accepts_login()
    return palette


def test_a_pending_console_is_activated_with_one_post_and_read_back(console, run_module):
    console.has_activation(PENDING, ACTIVE)
    result = run_module(palette_activation, ARGS, diff=True)
    assert result["changed"] is True
    assert result["activation"] == {"state": "Active", "activated_at": ACTIVATED_AT, "expires_at": None}
    assert result["diff"] == {"before": {"state": "Pending"}, "after": {"state": "Active"}}
    assert console.calls == [LOGIN, *READ, POST, *READ]
    assert console.sent("POST", ACTIVATE_PATH) == [{"activationKey": ACTIVATION_KEY}]
    assert ACTIVATION_KEY not in run_module.stdout


def test_an_active_console_is_sent_no_key(console, run_module):
    console.has_activation(ACTIVE)
    result = run_module(palette_activation, ARGS, diff=True)
    assert result["changed"] is False
    assert "diff" not in result
    assert console.calls == [LOGIN, *READ]


def test_check_mode_sends_no_key(console, run_module):
    console.has_activation(PENDING)
    result = run_module(palette_activation, ARGS, check_mode=True, diff=True)
    assert result["changed"] is True
    assert result["diff"]["after"] == {"state": "Active"}
    assert console.calls == [LOGIN, *READ]
    assert warning_texts(result) == []


def test_a_refused_key_fails_with_palettes_message_and_never_shows_the_key(console, run_module):
    # A careless console repeats the key in its message: no_log hides it.
    refusal = {"code": "InvalidActivationKey", "message": f"activation key {ACTIVATION_KEY} is not valid"}
    console.has_activation(PENDING, activate={"status": 400, "json": refusal})
    result = run_module(palette_activation, ARGS)
    assert result["failed"] is True
    assert result["msg"].startswith("Palette refused the activation key, so the console stays Pending: ")
    assert f"answered 400 to POST {ACTIVATE_PATH}: activation key ******** is not valid" in result["msg"]
    assert "(code InvalidActivationKey)" in result["msg"]
    assert (result["error"]["status"], result["error"]["code"]) == (400, "InvalidActivationKey")
    assert result["changed"] is False
    assert result["activation"]["state"] == "Pending"
    assert ACTIVATION_KEY not in run_module.stdout


def test_check_mode_warns_of_a_trial_that_ends_within_seven_days(console, run_module):
    ending, end = trial_ending_in(timedelta(days=2, hours=3))
    console.has_activation(ending)
    result = run_module(palette_activation, ARGS, check_mode=True)
    assert warning_texts(result) == [
        f"The console is not activated (Pending) and its trial ends at {end}, in 2 days: then Palette blocks "
        "day-2 operations until it is activated."
    ]


def test_a_failed_activation_warns_of_the_trial_too(console, run_module):
    ending, _end = trial_ending_in(timedelta(days=5, hours=1))
    console.has_activation(ending, activate={"status": 400, "json": {"code": "X", "message": "no"}})
    result = run_module(palette_activation, ARGS)
    assert result["failed"] is True
    assert [w for w in warning_texts(result) if "in 5 days" in w]


@pytest.mark.parametrize("status", [404, 405])
def test_a_console_without_the_inferred_api_fails_with_a_sentence(console, run_module, status):
    console.has_activation(PENDING)
    console.answer("GET", ACTIVATION_PATH, status=status, body="")
    result = run_module(palette_activation, ARGS)
    assert result["failed"] is True
    assert "this console does not offer the activation API that the collection uses" in result["msg"]
    assert "enter the activation key there" in result["msg"]
    assert "Traceback" not in run_module.stdout
    assert result["error"]["status"] == status
    assert console.calls == [LOGIN, f"GET {ACTIVATION_PATH}"]


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        ({**CONNECTION}, "missing required arguments: activation_key"),
        ({**CONNECTION, "activation_key": ""}, "activation_key must not be empty."),
        ({**CONNECTION, "activation_key": f"{ACTIVATION_KEY}\n"}, "activation_key must not begin or end"),
    ],
    ids=["missing", "empty", "white space"],
)
def test_bad_input_fails_before_any_call(console, run_module, args, problem):
    result = run_module(palette_activation, args)
    assert result["failed"] is True
    assert problem in result["msg"]
    assert console.calls == []
