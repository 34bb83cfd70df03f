"""The one interface of every resource kind: how a run fails (Failed), what a plan says, the flow of a
thin module (run_one), and how a kind's sentences are named in the console document."""

from __future__ import annotations

import pytest

from ansible_collections.palette.selfhosted.plugins.module_utils import _transport
from ansible_collections.palette.selfhosted.plugins.module_utils._resource import (
    Failed,
    Plan,
    Run,
    dict_section,
    qualified,
    run_one,
)


def api_error():
    return _transport.PaletteApiError("Palette refused it.", _transport.STATUS, status=400)


def explain(exc):
    """What the module layer does with a transport error: its sentence, and a hint."""
    return f"{exc} (explained)"


class TestFailed:
    def test_without_a_cause_the_sentence_alone(self):
        failed = Failed("Palette did not keep port.", {"changed": True})
        assert failed.message(explain) == "Palette did not keep port."
        assert str(failed) == "Palette did not keep port."
        assert failed.error is None
        assert failed.result == {"changed": True}

    def test_a_transport_cause_follows_as_explain_words_it(self):
        error = api_error()
        failed = Failed("Saved smtp.", cause=error)
        assert failed.message(explain) == "Saved smtp. Palette refused it. (explained)"
        assert failed.error is error

    def test_a_chain_of_causes_reads_outermost_first_and_its_error_is_at_the_root(self):
        error = api_error()
        failed = Failed("Saved smtp.", cause=Failed("tenants[0] failed.", cause=Failed("Creating it:", cause=error)))
        assert failed.message(explain) == "Saved smtp. tenants[0] failed. Creating it: Palette refused it. (explained)"
        assert failed.error is error

    def test_a_chain_without_a_transport_error_has_no_error(self):
        failed = Failed("Saved smtp.", cause=Failed("Palette did not keep port."))
        assert failed.message(explain) == "Saved smtp. Palette did not keep port."
        assert failed.error is None

    def test_an_empty_sentence_gives_the_cause_alone(self):
        assert Failed("", cause=api_error()).message(explain) == "Palette refused it. (explained)"
        assert Failed("", cause=Failed("Inner.")).message(explain) == "Inner."

    def test_the_result_is_a_copy(self):
        result = {"changed": True}
        failed = Failed("Failed.", result)
        result["changed"] = False
        assert failed.result == {"changed": True}
        assert Failed("Failed.").result == {}


@pytest.mark.parametrize(("changes", "changed"), [((), False), (("port",), True), (("a", "b"), True)])
def test_a_plan_changes_when_it_has_changes(changes, changed):
    assert Plan(changes, before={}, after={}, result={}).changed is changed


def test_a_run_defaults_to_no_check_mode_no_diff_and_no_credentials():
    run = Run("client")
    assert (run.client, run.check_mode, run.diff, run.username, run.password) == ("client", False, False, None, None)


class Kind:
    """A throwaway kind that records the steps run_one takes."""

    def __init__(self, changes, validatable):
        self.changes = changes
        self.validatable = validatable
        self.steps = []

    def plan(self, run, params):
        self.steps.append(("plan", run, params))
        return Plan(self.changes, {}, {}, {"changed": bool(self.changes)}, validatable=self.validatable)

    def validate(self, run, plan):
        self.steps.append(("validate", plan.changes))

    def apply(self, run, plan):
        self.steps.append(("apply", plan.changes))
        return {"applied": plan.changes}


@pytest.mark.parametrize(
    ("changes", "validatable", "validated"),
    [(("port",), True, True), (("port",), False, False), ((), True, False), ((), False, False)],
    ids=["changed and validatable", "changed, nothing to validate with", "unchanged", "unchanged, not validatable"],
)
def test_run_one_validates_only_what_would_change_and_can_be_validated(changes, validatable, validated):
    kind, run = Kind(changes, validatable), Run("client")
    assert run_one(kind, run, {"port": 25}) == {"applied": changes}
    expected = [("plan", run, {"port": 25}), *([("validate", changes)] if validated else []), ("apply", changes)]
    assert kind.steps == expected


def test_run_one_applies_nothing_when_validation_fails():
    kind = Kind(("port",), True)

    def refuse(_run, _plan):
        raise api_error()

    kind.validate = refuse
    with pytest.raises(_transport.PaletteApiError):
        run_one(kind, Run("client"), {})
    assert [step[0] for step in kind.steps] == ["plan"]


def test_dict_section_is_the_kinds_options_and_rules_as_one_dict_option():
    class Sectioned:
        def argument_spec(self):
            return {"port": {"type": "int"}}

        def option_rules(self):
            return {"required_if": [("state", "present", ["port"])]}

    assert dict_section(Sectioned()) == {
        "type": "dict",
        "options": {"port": {"type": "int"}},
        "required_if": [("state", "present", ["port"])],
    }


OPTIONS = {"name", "port", "username"}


@pytest.mark.parametrize(
    ("prefix", "sentence", "qualified_sentence"),
    [
        ("smtp", "port must be between 1 and 65535, got 0.", "smtp.port must be between 1 and 65535, got 0."),
        ("tenants", "[0].name must not be empty.", "tenants[0].name must not be empty."),
        ("tenants[1]", "name must not be empty.", "tenants[1].name must not be empty."),
        ("tenants", "lists 'a' more than once.", "tenants lists 'a' more than once."),
        ("admin", "Palette needs auth_password.", "admin: Palette needs auth_password."),
        ("smtp", "portal must be set.", "smtp portal must be set."),
    ],
    ids=["an option", "an item of a list", "an option of an item", "lower case", "upper case", "not an option"],
)
def test_qualified(prefix, sentence, qualified_sentence):
    assert qualified(prefix, sentence, OPTIONS) == qualified_sentence
