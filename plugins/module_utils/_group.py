# Copyright (c) palette.selfhosted contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Settings that one console page shows together but Palette keeps apart, each under its own path
(the cloud provider credentials for AWS, Azure and GCP), as one resource kind (see _resource).

FOR INTERNAL COLLECTION USE ONLY: no compatibility promise outside palette.selfhosted.
Each member is an option of its own, a dict of that setting's options; a member left out is left
alone, since a console may hold any of them. The members given are planned, validated and written
in their order; a failed write names the members already applied.
"""

from __future__ import annotations

from dataclasses import dataclass

from ansible_collections.palette.selfhosted.plugins.module_utils._resource import (
    Failed,
    Plan,
    dict_section,
    qualified,
)
from ansible_collections.palette.selfhosted.plugins.module_utils._transport import PaletteApiError


@dataclass(frozen=True)
class SettingGroup:
    """name: its key in results and its section of the console document; members: option -> Setting."""

    name: str
    members: dict

    def _given(self, params):
        return [(option, setting, params[option]) for option, setting in self.members.items() if params.get(option)]

    def argument_spec(self):
        return {option: dict_section(setting) for option, setting in self.members.items()}

    def option_rules(self):
        return {"required_one_of": [list(self.members)]}

    def section_spec(self):
        return dict_section(self)

    def check(self, params):
        return [
            qualified(option, sentence, setting.argument_spec())
            for option, setting, given in self._given(params)
            for sentence in setting.check(given)
        ]

    def warnings(self, params):
        return [f"{option}: {w}" for option, setting, given in self._given(params) for w in setting.warnings(given)]

    def plan(self, run, params):
        plans = [(option, setting.plan(run, given)) for option, setting, given in self._given(params)]
        changed = [(option, plan) for option, plan in plans if plan.changed]
        reads_after = {}
        for _option, plan in changed:
            reads_after.update(plan.reads_after)
        result = {"changed": bool(changed), self.name: {option: plan.result[plan.by.name] for option, plan in plans}}
        return Plan(
            tuple(option for option, _plan in changed),
            before={option: plan.before for option, plan in changed},
            after={option: plan.after for option, plan in changed},
            result=result,
            validatable=any(plan.validatable for _option, plan in changed),
            state=plans,
            reads_after=reads_after,
        )

    def validate(self, run, plan):
        for _option, member_plan in plan.state:
            if member_plan.changed and member_plan.validatable:
                member_plan.by.validate(run, member_plan)

    def apply(self, run, plan):
        """Each changed member in turn; a failure names those already applied."""
        result = {**plan.result, self.name: dict(plan.result[self.name])}
        if run.diff and plan.changed:
            result["diff"] = {"before": plan.before, "after": plan.after}
        applied = []
        for option, member_plan in plan.state:
            if not member_plan.changed:
                continue
            try:
                member_result = member_plan.by.apply(run, member_plan)
            except (Failed, PaletteApiError) as exc:
                # A member that Palette saved but did not keep as sent (Failed) has changed the console.
                result["changed"] = bool(applied) or bool(isinstance(exc, Failed) and exc.result.get("changed"))
                sentence = f"Applied {', '.join(applied)}; then {option} failed:" if applied else f"{option} failed:"
                raise Failed(sentence, result, cause=exc) from None
            result[self.name][option] = member_result[member_plan.by.name]
            applied.append(option)
        return result

    def describe(self, run):
        """Every member Palette holds; their secrets are left out by dotted name (``aws.secret_key``)."""
        section, left_out = {}, []
        for option, setting in self.members.items():
            described, secrets = setting.describe(run)
            if described is not None:
                section[option] = described
                left_out += [f"{option}.{secret}" for secret in secrets]
        return section or None, tuple(left_out)
