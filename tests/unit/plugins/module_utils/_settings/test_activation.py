"""The activation as a resource kind, driven directly (palette_activation's tests run it end to end):
the state read first, an Active console never sent a key, the key sent once and the state read back,
Palette's refusal, a lost answer to a key that did activate, check mode, the diff without the key,
the trial's warning, the inferred paths a console may not offer, its section and its info."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from ansible_collections.palette.selfhosted.plugins.module_utils._resource import Failed, Run, run_one
from ansible_collections.palette.selfhosted.plugins.module_utils._settings.activation import (
    ACTIVATION,
    Activation,
    parse_time,
    trial_warning,
)
from ansible_collections.palette.selfhosted.plugins.module_utils._transport import (
    UNOFFERED,
    PaletteApiError,
    PaletteClient,
)
from fake_palette import (
    ACTIVATE_PATH,
    ACTIVATION_KEY,
    ACTIVATION_PATH,
    ACTIVATIONS_SYSTEM_PATH,
    TOKEN,
    activation_state,
)

READ = [f"GET {ACTIVATION_PATH}", f"GET {ACTIVATIONS_SYSTEM_PATH}"]
POST = f"POST {ACTIVATE_PATH}"
PARAMS = {"activation_key": ACTIVATION_KEY}
NOW = datetime(2025, 6, 1, 12, 0, tzinfo=timezone.utc)
ACTIVATED_AT = "2025-06-01T12:00:01.000Z"


def at(delta):
    """A v1Time `delta` from NOW, as Palette writes it."""
    return (NOW + delta).strftime("%Y-%m-%dT%H:%M:%S.000Z")


IN_30_DAYS = at(timedelta(days=30))
IN_3_DAYS = at(timedelta(days=3, hours=2))
PENDING = activation_state("Pending", expires_at=IN_30_DAYS)
ENDING = activation_state("Pending", expires_at=IN_3_DAYS)
ACTIVE = activation_state("Active", activated_at=ACTIVATED_AT)
REFUSED = {"status": 400, "json": {"code": "ActivationKeyAlreadyUsed", "message": "the key has been used"}}
KIND = Activation(clock=lambda: NOW)


def a_run(palette, **options):
    return Run(PaletteClient(palette.base_url, token=TOKEN, retries=0), **options)


class TestCheck:
    def test_a_key_is_accepted(self):
        assert ACTIVATION.check(PARAMS) == []

    @pytest.mark.parametrize("key", ["", "   "])
    def test_an_empty_key_is_refused(self, key):
        assert ACTIVATION.check({"activation_key": key}) == ["activation_key must not be empty."]

    @pytest.mark.parametrize("key", [f"{ACTIVATION_KEY}\n", f" {ACTIVATION_KEY}"])
    def test_white_space_around_it_is_refused_without_showing_it(self, key):
        (problem,) = ACTIVATION.check({"activation_key": key})
        assert problem.startswith("activation_key must not begin or end with white space")
        assert ACTIVATION_KEY not in problem

    def test_the_key_is_a_required_secret(self):
        assert ACTIVATION.argument_spec() == {"activation_key": {"type": "str", "required": True, "no_log": True}}
        assert ACTIVATION.section_spec()["options"] == ACTIVATION.argument_spec()


class TestActivate:
    def test_a_pending_console_is_sent_the_key_once_and_read_back_active(self, palette):
        palette.has_activation(PENDING, ACTIVE)
        result = run_one(KIND, a_run(palette, diff=True), PARAMS)
        assert palette.calls == [*READ, POST, *READ]
        assert palette.sent("POST", ACTIVATE_PATH) == [{"activationKey": ACTIVATION_KEY}]
        assert result == {
            "changed": True,
            "activation": {"state": "Active", "activated_at": ACTIVATED_AT, "expires_at": None},
            "diff": {"before": {"state": "Pending"}, "after": {"state": "Active"}},
        }

    @pytest.mark.parametrize("state", ["Pending", "Inactive"])
    def test_any_console_that_is_not_active_is_sent_the_key(self, palette, state):
        palette.has_activation(activation_state(state), ACTIVE)
        plan = KIND.plan(a_run(palette), PARAMS)
        assert (plan.changes, plan.validatable) == (("state",), False)

    def test_an_active_console_is_never_sent_a_key(self, palette):
        palette.has_activation(ACTIVE)
        run = a_run(palette, diff=True)
        plan = KIND.plan(run, PARAMS)
        assert plan.changed is False
        assert KIND.apply(run, plan) == {
            "changed": False,
            "activation": {"state": "Active", "activated_at": ACTIVATED_AT, "expires_at": None},
        }
        assert palette.calls == READ

    def test_check_mode_sends_nothing_and_shows_the_console_as_it_would_be(self, palette):
        palette.has_activation(PENDING)
        result = run_one(KIND, a_run(palette, check_mode=True, diff=True), PARAMS)
        assert palette.calls == READ
        assert result["changed"] is True
        assert result["activation"] == {"state": "Active", "activated_at": None, "expires_at": None}
        assert result["diff"] == {"before": {"state": "Pending"}, "after": {"state": "Active"}}
        assert "warnings" not in result, "a trial of 30 days is no warning"

    def test_the_plan_never_holds_the_key_in_what_it_shows(self, palette):
        palette.has_activation(PENDING)
        plan = KIND.plan(a_run(palette, check_mode=True, diff=True), PARAMS)
        assert ACTIVATION_KEY not in repr((plan.before, plan.after, plan.result))

    def test_the_apply_leaves_the_plan_as_it_was(self, palette):
        palette.has_activation(PENDING, ACTIVE)
        run = a_run(palette)
        plan = KIND.plan(run, PARAMS)
        KIND.apply(run, plan)
        assert plan.result["activation"]["state"] == "Pending"


class TestRefused:
    def test_a_refused_key_fails_with_palettes_message_and_the_console_as_it_stays(self, palette):
        palette.has_activation(PENDING, activate=REFUSED)
        with pytest.raises(Failed) as caught:
            run_one(KIND, a_run(palette), PARAMS)
        assert caught.value.sentence == "Palette refused the activation key, so the console stays Pending:"
        error = caught.value.error
        assert (error.status, error.code, error.message) == (400, "ActivationKeyAlreadyUsed", "the key has been used")
        assert "the key has been used" in caught.value.message(str)
        assert caught.value.result == {
            "changed": False,
            "activation": {"state": "Pending", "activated_at": None, "expires_at": IN_30_DAYS},
        }
        assert palette.calls == [*READ, POST, *READ]

    def test_a_key_an_earlier_try_spent_is_success_when_the_console_reads_active(self, palette):
        # The transport sent the POST again after a lost answer: Palette refuses the key it just took.
        palette.has_activation(PENDING, ACTIVE, activate=REFUSED)
        result = run_one(KIND, a_run(palette), PARAMS)
        assert (result["changed"], result["activation"]["state"]) == (True, "Active")
        assert palette.calls == [*READ, POST, *READ]

    def test_an_accepted_key_that_leaves_the_console_pending_fails_as_changed(self, palette):
        palette.has_activation(PENDING)
        with pytest.raises(Failed) as caught:
            run_one(KIND, a_run(palette), PARAMS)
        assert caught.value.sentence == (
            "Palette accepted the activation key, but the console reads back Pending, not Active."
        )
        assert caught.value.result["changed"] is True
        assert caught.value.error is None

    def test_a_busy_console_that_cannot_be_read_again_says_so(self, palette):
        palette.has_activation(PENDING, activate={"status": 503, "json": {}})
        palette.api.get(palette.url(ACTIVATION_PATH), status=503, json={})
        with pytest.raises(Failed) as caught:
            run_one(KIND, a_run(palette), PARAMS)
        assert caught.value.sentence == (
            "The activation did not complete, and the console's state could not be read again:"
        )
        assert caught.value.error.status == 503
        assert palette.calls == [*READ, POST, f"GET {ACTIVATION_PATH}"]

    def test_a_busy_console_that_still_reads_pending_says_so(self, palette):
        palette.has_activation(PENDING, activate={"status": 503, "json": {}})
        with pytest.raises(Failed) as caught:
            run_one(KIND, a_run(palette), PARAMS)
        assert caught.value.sentence == "The activation did not complete, and the console reads Pending:"
        assert caught.value.result["changed"] is False


class TestTrialWarning:
    def test_check_mode_warns_of_a_trial_that_ends_within_seven_days_saying_how_many_are_left(self, palette):
        palette.has_activation(ENDING)
        result = run_one(KIND, a_run(palette, check_mode=True), PARAMS)
        assert result["warnings"] == [
            f"The console is not activated (Pending) and its trial ends at {IN_3_DAYS}, in 3 days: then Palette "
            "blocks day-2 operations until it is activated."
        ]

    def test_a_run_that_activates_the_console_does_not_warn(self, palette):
        palette.has_activation(ENDING, ACTIVE)
        assert "warnings" not in run_one(KIND, a_run(palette), PARAMS)

    def test_a_refused_key_warns(self, palette):
        palette.has_activation(ENDING, activate=REFUSED)
        with pytest.raises(Failed) as caught:
            run_one(KIND, a_run(palette), PARAMS)
        assert "in 3 days" in caught.value.result["warnings"][0]

    @pytest.mark.parametrize(
        ("left", "says"),
        [
            (timedelta(days=7), "in 7 days"),
            (timedelta(days=1, hours=1), "in 1 day:"),
            (timedelta(hours=5), "in less than a day"),
            (timedelta(days=-2), "its trial ended at"),
        ],
    )
    def test_how_long_is_left(self, left, says):
        warning = trial_warning({"state": "Pending", "activated_at": None, "expires_at": at(left)}, NOW)
        assert says in warning

    @pytest.mark.parametrize(
        "activation",
        [
            {"state": "Pending", "activated_at": None, "expires_at": at(timedelta(days=7, seconds=1))},
            {"state": "Active", "activated_at": ACTIVATED_AT, "expires_at": at(timedelta(days=1))},
            {"state": "Pending", "activated_at": None, "expires_at": None},
        ],
        ids=["more than seven days", "active", "no end"],
    )
    def test_no_warning(self, activation):
        assert trial_warning(activation, NOW) is None


class TestTimes:
    @pytest.mark.parametrize(
        ("text", "moment"),
        [
            ("2025-06-01T12:00:00Z", NOW),
            ("2025-06-01T12:00:00.000Z", NOW),
            ("2025-06-01T12:00:00.123456789Z", NOW + timedelta(microseconds=123456)),
            ("2025-06-01T14:00:00+02:00", NOW),
            ("2025-06-01T07:00:00-05:00", NOW),
        ],
    )
    def test_rfc_3339_as_go_writes_it(self, text, moment):
        assert parse_time(text) == moment

    @pytest.mark.parametrize("text", [None, "", "0001-01-01T00:00:00.000Z", "soon", "2025-13-01T00:00:00Z", 17])
    def test_unset_or_unreadable(self, text):
        assert parse_time(text) is None

    def test_go_zero_time_reads_as_never(self, palette):
        palette.has_activation(activation_state("Pending", "0001-01-01T00:00:00.000Z", "0001-01-01T00:00:00Z"))
        view, _facts = KIND.info(a_run(palette))
        assert view == {"state": "Pending", "activated_at": None, "expires_at": None}


class TestUnoffered:
    @pytest.mark.parametrize("status", [404, 405])
    @pytest.mark.parametrize("path", [ACTIVATION_PATH, ACTIVATIONS_SYSTEM_PATH])
    def test_a_read_the_console_does_not_offer_says_so(self, palette, status, path):
        palette.has_activation(PENDING)
        palette.answer("GET", path, status=status, json={"code": "NotFound", "message": "no such path"})
        with pytest.raises(PaletteApiError) as caught:
            KIND.plan(a_run(palette), PARAMS)
        assert caught.value.kind == UNOFFERED
        assert str(caught.value).startswith(
            f"Palette at {palette.base_url} answered {status} to GET {path} (no such path): this console does not "
            "offer the activation API that the collection uses. The collection infers that API"
        )

    @pytest.mark.parametrize("status", [404, 405])
    def test_an_activation_the_console_does_not_offer_says_so(self, palette, status):
        palette.has_activation(PENDING, activate={"status": status, "body": ""})
        with pytest.raises(PaletteApiError) as caught:
            run_one(KIND, a_run(palette), PARAMS)
        assert (caught.value.kind, caught.value.status) == (UNOFFERED, status)
        assert f"answered {status} to POST {ACTIVATE_PATH}: this console does not offer" in str(caught.value)
        assert palette.calls == [*READ, POST]

    def test_a_console_without_the_api_has_no_section(self, palette):
        palette.api.get(palette.url(ACTIVATION_PATH), status=404, body="")
        assert KIND.describe(a_run(palette)) == (None, ())


class TestDescribeAndInfo:
    def test_an_active_console_has_its_section_with_the_key_left_out(self, palette):
        palette.has_activation(ACTIVE)
        assert KIND.describe(a_run(palette)) == ({}, ("activation_key",))

    @pytest.mark.parametrize("state", ["Pending", "Inactive"])
    def test_a_console_that_is_not_active_has_none(self, palette, state):
        palette.has_activation(activation_state(state, expires_at=IN_30_DAYS))
        assert KIND.describe(a_run(palette)) == (None, ())

    def test_info_is_the_state_and_its_times(self, palette):
        palette.has_activation(PENDING)
        assert KIND.info(a_run(palette)) == (
            {"state": "Pending", "activated_at": None, "expires_at": IN_30_DAYS},
            {},
        )
        assert palette.calls == READ
