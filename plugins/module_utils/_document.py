# Copyright (c) palette.selfhosted contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The whole system console as one document: a section per resource kind, itself a kind.

FOR INTERNAL COLLECTION USE ONLY: no compatibility promise outside palette.selfhosted.
A section has exactly the options of its kind's module and is left alone when left out. One run
signs in once (through the admin's section when it has the install password), plans every
section, validates every section that would change and has a validate call, and only then
writes, section by section in the console's order. A failed write names what was applied and
what was not, so that a second run finishes the rest.
"""

from __future__ import annotations

import copy
import dataclasses
import re

from ansible_collections.palette.selfhosted.plugins.module_utils._resource import Failed, Plan, qualified
from ansible_collections.palette.selfhosted.plugins.module_utils._transport import Answer, PaletteApiError

# Shown in check mode when the console still has its install password: it can be read only after
# the change, so the plan is made against a console as the installer leaves it.
UNREAD_WARNING = (
    "The console still has its install password, which check mode does not change, and Palette shows "
    "nothing else until it is changed: the plan shows every section as it would be set on a new console, "
    "and nothing was validated."
)


class _NewConsole:
    """Reads as a console fresh from the installer: every GET answers {} (nothing configured)."""

    token = None
    # What it reads is not the console's: a list Palette alone fills (feature flags) reads empty.
    unread = True

    def request(self, method, path, body=None):
        if method != "GET":
            raise ValueError(f"{method} {path} on a console that cannot be read yet")
        return Answer(200, {}, None)

    def remember_secret(self, value):
        """Nothing is read, so nothing is remembered."""


class _AsPlanned:
    """A client whose GETs of what earlier plans will write answer as those plans leave it."""

    def __init__(self, client):
        self._client = client
        self.will_read = {}

    def __getattr__(self, name):
        return getattr(self._client, name)

    def request(self, method, path, body=None):
        if method == "GET" and path in self.will_read:
            return Answer(200, self.will_read[path], None)
        return self._client.request(method, path, body)


class CachedReads:
    """A client whose GETs are sent once per path: for runs that only read, where several views
    of one setting (palette_system_info's) come from one answer."""

    def __init__(self, client):
        self._client = client
        self._answers = {}

    def __getattr__(self, name):
        return getattr(self._client, name)

    def request(self, method, path, body=None):
        if method != "GET":
            return self._client.request(method, path, body)
        if path not in self._answers:
            self._answers[path] = self._client.request(method, path, body)
        return self._answers[path]


def _placeholder(name):
    return "{{ vault_" + re.sub(r"[^0-9A-Za-z]+", "_", name).strip("_") + " }}"


class ConsoleDocument:
    """The console document. ``sections`` are kinds in the console's order: what others depend on
    first (SMTP before the admin's address and the tenants, whose email goes through it)."""

    name = "console"
    # It signs in itself: through the admin section when given, else with the connection's password.
    signs_in = True

    def __init__(self, sections):
        self.sections = tuple(sections)
        # The kind that signs in itself (the admin, from the install password) is planned first.
        self._signer = next((kind for kind in self.sections if getattr(kind, "signs_in", False)), None)

    def argument_spec(self):
        return {kind.name: kind.section_spec() for kind in self.sections}

    def option_rules(self):
        return {}

    def _given(self, params):
        return [(kind, params[kind.name]) for kind in self.sections if params.get(kind.name) is not None]

    def check(self, params):
        sentences = []
        for kind, section in self._given(params):
            own = {**params, **section} if getattr(kind, "uses_connection", False) else section
            options = kind.section_spec()["options"]
            sentences += [qualified(kind.name, sentence, options) for sentence in kind.check(own)]
        return sentences

    def public_values(self, params):
        return [
            value
            for kind, section in self._given(params)
            if hasattr(kind, "public_values")
            for value in kind.public_values(section)
        ]

    def warnings(self, params):
        return [
            f"{kind.name}: {warning}" for kind, section in self._given(params) for warning in kind.warnings(section)
        ]

    def plan(self, run, params):
        given = self._given(params)
        plans = {}
        signer = next(((kind, section) for kind, section in given if kind is self._signer), None)
        if signer is not None:
            plans[signer[0].name] = signer[0].plan(run, signer[1])
        elif run.client.token is None:
            run.client.login(run.username, run.password)
        warnings = []
        readable = not (run.check_mode and signer is not None and plans[signer[0].name].result.get("password_changed"))
        if not readable:
            warnings.append(UNREAD_WARNING)
        # Each section is planned against the console as the sections before it will leave it: a tenant's
        # invitation goes through the SMTP config this run writes first.
        console = _AsPlanned(run.client if readable else _NewConsole())
        reader = dataclasses.replace(run, client=console)
        for kind, section in given:
            if kind is not self._signer:
                plan = plans[kind.name] = kind.plan(reader, section)
                plan.validatable &= readable
                if plan.changed:
                    console.will_read.update(plan.reads_after)
        ordered = [(kind, plans[kind.name]) for kind, _section in given]
        changed = [kind.name for kind, plan in ordered if plan.changed]
        warnings += [w for _kind, plan in ordered for w in plan.result.get("warnings", ())]
        result = {
            "changed": bool(changed),
            "changed_sections": changed,
            "validated_sections": [],
            "sections": {kind.name: _section_result(plan.result) for kind, plan in ordered},
        }
        if warnings:
            result["warnings"] = warnings
        return Plan(
            tuple(changed),
            before={kind.name: plan.before for kind, plan in ordered if plan.changed},
            after={kind.name: plan.after for kind, plan in ordered if plan.changed},
            result=result,
            validatable=any(plan.changed and plan.validatable for _kind, plan in ordered),
            state=ordered,
        )

    def validate(self, run, plan):
        """Every section that would change and that Palette can validate, before any write."""
        for kind, section_plan in plan.state:
            if not (section_plan.changed and section_plan.validatable):
                continue
            try:
                kind.validate(run, section_plan)
            except PaletteApiError as exc:
                result = {
                    **plan.result,
                    "changed": self._password_changed(run, plan),
                    "applied_sections": [],
                    "not_applied_sections": list(plan.changes),
                }
                raise Failed(
                    f"Palette did not validate the {kind.name} section, so nothing was written:", result, exc
                ) from None
            plan.result["validated_sections"].append(kind.name)
            plan.result["sections"][kind.name] = _section_result(section_plan.result)

    def apply(self, run, plan):
        """Each changed section in the console's order; a failure names what was applied and what not."""
        result = {**plan.result, "sections": dict(plan.result["sections"])}
        if run.diff and plan.changed:
            result["diff"] = {"before": plan.before, "after": plan.after}
        applied = []
        for kind, section_plan in plan.state:
            if not section_plan.changed:
                continue
            try:
                section_result = kind.apply(run, section_plan)
            except (Failed, PaletteApiError) as exc:
                pending = [name for name in plan.changes if name not in applied and name != kind.name]
                changed = bool(applied) or _changed_before_failing(exc) or self._password_changed(run, plan)
                result.update(changed=changed, applied_sections=applied)
                result["not_applied_sections"] = [kind.name, *pending]
                raise Failed(self._stopped_sentence(kind.name, applied, pending), result, exc) from None
            result["sections"][kind.name] = _section_result(section_result)
            applied.append(kind.name)
        result["applied_sections"] = [] if run.check_mode else applied
        return result

    def _password_changed(self, run, plan):
        """Whether the run changed the install password (its plan does, before any other write)."""
        if self._signer is None or run.check_mode:
            return False
        return bool(plan.result["sections"].get(self._signer.name, {}).get("password_changed"))

    @staticmethod
    def _stopped_sentence(failed, applied, pending):
        done = f"Applied {', '.join(applied)}; " if applied else "Nothing was applied; "
        rest = f", and {', '.join(pending)} not applied either" if pending else ""
        return f"{done}{failed} failed{rest}. A second run applies what is left once the cause is fixed:"

    def describe(self, run):
        """The document that reproduces the console, and the options it leaves out (by dotted name):
        secrets, and what Palette takes only at creation."""
        config, left_out = {}, []
        for kind in self.sections:
            section, unreadable = kind.describe(run)
            if section is not None:
                config[kind.name] = section
                left_out += [kind.name + ("" if option.startswith("[") else ".") + option for option in unreadable]
        return config, tuple(left_out)

    @staticmethod
    def with_placeholders(config, left_out):
        """``config`` with each left-out option as a reference to a vault_ variable named after it."""
        filled = copy.deepcopy(config)
        for name in left_out:
            parts = re.findall(r"[^.\[\]]+", name)
            node = filled
            for part in parts[:-1]:
                node = node[int(part)] if isinstance(node, list) else node[part]
            node[parts[-1]] = _placeholder(name)
        return filled


def _section_result(result):
    """A section's part of the document's result: what its own module returns, less what the
    document returns once for all (changed, diff, warnings)."""
    return {key: value for key, value in result.items() if key not in ("changed", "diff", "warnings")}


def _changed_before_failing(exc):
    return bool(isinstance(exc, Failed) and exc.result.get("changed"))
