# Copyright (c) palette.selfhosted contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Keyed settings: many objects of one list, each written whole like a Setting (secrets, their
update_<secret> modes, a validate call, the read-back), keyed by name, each of a type that chooses
the Setting its body follows (a basic or an ECR registry).

FOR INTERNAL COLLECTION USE ONLY: no compatibility promise outside palette.selfhosted.
Two resource kinds (see _resource): KeyedSetting for one object (a thin module) and
KeyedSettingList for many (a section of the console document). The list is read once, every page
of it; only an object it lists is read on its own, with its type's GET. A type's Setting has the
object's path, with ``{uid}``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ansible_collections.palette.selfhosted.plugins.module_utils._engine import ON_CHANGE, dig, read
from ansible_collections.palette.selfhosted.plugins.module_utils._keyed import (
    ABSENT,
    CREATE,
    DELETE,
    PRESENT,
    UPDATE,
    KeyedList,
    read_list,
)
from ansible_collections.palette.selfhosted.plugins.module_utils._resource import Failed, Plan
from ansible_collections.palette.selfhosted.plugins.module_utils._transport import (
    UNOFFERED,
    PaletteApiError,
    request_inferred,
)


def _everything(_item):
    return True


def _no_problems(_params):
    return []


def _nothing_to_settle(_run, _setting, _uid, _params, _written):
    return {}


@dataclass(frozen=True)
class _Write:
    """What apply() does to one object: ``action`` on ``uid`` (the one named ``key``) with the desired
    values of ``setting``, its type's."""

    action: str
    setting: object
    uid: str
    key: str
    values: dict


@dataclass(frozen=True)
class KeyedSetting:
    """name: its key in results; title: how sentences name one ("system registry"); list_path: the
    list (GET, paged); key: the Field that names one; types: a SettingChoice whose option chooses the
    type, each a Setting whose path has ``{uid}``; type_at: where the list shows an object's type
    (its choice); create_paths: type -> where POST creates one; listed(item): whether a listed object
    is this kind's (the list may hold others, such as tenants' registries); one_way: option -> the
    value Palette never lets it leave; options: the module's options beyond the types' own (and
    check_options(params) -> sentences about them); settle(run, setting, uid, params, written) ->
    facts: what the task waits for after a write (written) before it reads back, or on an object it
    left as it was (a pack sync); inferred: as for KeyedResource.
    """

    name: str
    title: str
    list_path: str
    key: object
    types: object
    type_at: str
    create_paths: dict
    listed: object = _everything
    one_way: dict = field(default_factory=dict)
    options: dict = field(default_factory=dict)
    check_options: object = _no_problems
    settle: object = _nothing_to_settle
    inferred: str = None
    paged: bool = True
    items_at: str = "items"
    uid_at: str = "metadata.uid"

    @property
    def plural(self):
        return f"{self.title[:-1]}ies" if self.title.endswith("y") else f"{self.title}s"

    def request(self, client, method, path, body=None):
        if not self.inferred:
            return client.request(method, path, body)
        return request_inferred(client, method, path, body, api=f"API for {self.plural}", note=self.inferred)

    def key_of(self, params):
        return self.key.from_param(params.get(self.key.option))

    def _read(self, setting, client, uid):
        return read(setting, client, setting.path.format(uid=uid))

    def _view(self, kind, setting, values):
        return {self.types.option: kind, **setting.public_view(values)}

    # The resource interface (_resource), for one object ----------------------------------------

    def argument_spec(self):
        """Its key, its types' options (those they require, required with state: present), the kind's
        own options, and state."""
        spec = {self.key.option: {"type": "str", "required": True, "no_log": False}}
        for name, option in self.types.argument_spec().items():
            spec.setdefault(name, {key: value for key, value in option.items() if key != "required"})
        spec.update(self.options)
        spec["state"] = {"type": "str", "choices": [PRESENT, ABSENT], "default": PRESENT}
        return spec

    def option_rules(self):
        types = self.types.argument_spec()
        required = [name for name, option in types.items() if option.get("required") and name != self.key.option]
        return {"required_if": [("state", PRESENT, required), *self.types.option_rules()["required_if"]]}

    def _owns(self, item):
        return self.listed(item) and dig(item, self.type_at) in self.types.choices

    def check(self, params):
        if params.get("state", PRESENT) == ABSENT:
            return []
        return self.types.check(params) + self.check_options(params)

    def warnings(self, params):
        return [] if params.get("state", PRESENT) == ABSENT else self.types.warnings(params)

    def plan(self, run, params):
        return self.plan_one(run, read_list(self, run.client), params)

    def plan_one(self, run, listing, params):
        """The plan for the object ``params`` names, against ``listing``; raises Failed, before any
        write, for a change Palette cannot make."""
        key = self.key_of(params)
        found = next((item for item in listing if self._owns(item) and self.key.from_api(item) == key), None)
        uid = dig(found, self.uid_at) if found is not None else None
        found_type = dig(found, self.type_at) if found is not None else None
        if params.get("state", PRESENT) == ABSENT:
            before = {self.key.option: key, self.types.option: found_type} if found is not None else {}
            write = _Write(DELETE, self.types.choices.get(found_type), uid, key, None)
            return self._plan(
                write, found is not None, before, {}, {"changed": found is not None, self.name: None}, params
            )

        kind = params[self.types.option]
        setting = self.types.choices[kind]
        desired = setting.desired(params)
        after = setting.diff_view(desired, setting.desired_secrets_set(desired))
        if found is None:
            result = {"changed": True, self.name: self._view(kind, setting, desired)}
            return self._plan(_Write(CREATE, setting, None, key, desired), True, {}, after, result, params)
        if found_type != kind:
            raise Failed(
                f"The {self.title} {key!r} is of {self.types.option} {found_type}, and Palette cannot change it: "
                f"give {self.types.option}: {found_type}, or remove it (state: absent) and create it anew.",
                {"changed": False},
            )
        stored = self._read(setting, run.client, uid)
        for option, value in self.one_way.items():
            if stored.values.get(option) == value and desired.get(option) != value:
                raise Failed(
                    f"The {self.title} {key!r} has {option}: {str(value).lower()}, which Palette cannot undo. "
                    f"Give {option}: {str(value).lower()}; nothing was changed.",
                    {"changed": False},
                )
        update_secrets = {f.option: params.get(f"update_{f.option}") or ON_CHANGE for f in setting.secrets}
        changes = setting.changes(desired, stored, update_secrets)
        secrets_set = {f.option: stored.secret_is_set(f.option) for f in setting.secrets}
        before = setting.diff_view(stored.values, secrets_set)
        result = {"changed": bool(changes), self.name: self._view(kind, setting, stored.values)}
        return self._plan(_Write(UPDATE, setting, uid, key, desired), bool(changes), before, after, result, params)

    def _plan(self, write, changed, before, after, result, params):
        validates = write.action != DELETE and bool(write.setting.validate_path)
        if validates:
            result["validated"] = False
        validatable = validates and changed and params.get("validate", True)
        return Plan(
            (write.key,) if changed else (),
            before=before,
            after=after,
            result=result,
            validatable=validatable,
            state=(write, params),
        )

    def validate(self, run, plan):
        """Validation saves nothing: check mode runs it too."""
        write, _params = plan.state
        plan.result["audit_uid"] = write.setting.validate_values(run.client, write.values)
        plan.result["validated"] = True

    def apply(self, run, plan):
        """Create, change or remove the object, wait for what the write sets off, and read it back.
        A failure after the write says the object changed."""
        write, params = plan.state
        result = dict(plan.result)
        if not plan.changed:
            # Nothing to write; what an earlier write set off may still be going (a sync to wait for).
            if run.check_mode or write.action == DELETE:
                return result
            return self._settled(run, write.setting, write.uid, params, result, written=False)
        if run.diff:
            result["diff"] = {"before": plan.before, "after": plan.after}
        setting, uid = write.setting, write.uid
        if write.action != DELETE:
            kind = params[self.types.option]
            result[self.name] = self._view(kind, setting, write.values)
        if run.check_mode:
            return result
        if write.action == DELETE:
            self.request(run.client, "DELETE", setting.path.format(uid=uid))
            return result
        if write.action == CREATE:
            created = self.request(run.client, "POST", self.create_paths[kind], setting.to_api(write.values))
            uid = (created.body or {}).get("uid")
            if not uid:
                raise Failed(
                    f"Palette created the {self.title} {write.key!r} but did not answer with its uid, so the task "
                    "cannot read it back: check it in the system console.",
                    result,
                )
        else:
            self.request(run.client, "PUT", setting.path.format(uid=uid), setting.to_api(write.values))
        result = self._settled(run, setting, uid, params, result, written=True)
        try:
            saved = self._read(setting, run.client, uid)
        except PaletteApiError as exc:
            # Written, then not read: the result still says the object changed.
            raise Failed("", result, exc) from None
        unkept = setting.unkept(write.values, saved)
        if unkept:
            raise Failed(setting.not_kept_sentence(unkept, write.values, saved.values), result)
        result[self.name] = self._view(kind, setting, saved.values)
        return result

    def _settled(self, run, setting, uid, params, result, written):
        """``result`` with the facts of settle(); a failure keeps the result so far."""
        try:
            return {**result, **self.settle(run, setting, uid, params, written)}
        except Failed as exc:
            raise Failed(exc.sentence, {**result, **exc.result}, exc.cause) from None
        except PaletteApiError as exc:
            raise Failed("", result, exc) from None

    def read_all(self, run):
        """Every object of this kind, as (its type, its type's Setting, what its GET holds)."""
        for item in read_list(self, run.client):
            if self._owns(item):
                kind = dig(item, self.type_at)
                setting = self.types.choices[kind]
                yield kind, setting, self._read(setting, run.client, dig(item, self.uid_at))

    def describe_all(self, run):
        """What palette_system_info returns of each object: its public view, and for each secret
        whether one is stored (never its value)."""
        return [
            {
                **self._view(kind, setting, stored.values),
                **{f"{f.option}_set": stored.secret_is_set(f.option) for f in setting.secrets},
            }
            for kind, setting, stored in self.read_all(run)
        ]


@dataclass(frozen=True)
class KeyedSettingList(KeyedList):
    """Many objects of one KeyedSetting as a section of the console document: a list of the
    object's options, each with its state; validated, like a setting, before any write."""

    def plan(self, run, items):
        plan = super().plan(run, items)
        plan.validatable = any(item_plan.validatable for item_plan in plan.state)
        return plan

    def validate(self, run, plan):
        for item_plan in plan.state:
            if item_plan.validatable:
                self.resource.validate(run, item_plan)

    def describe(self, run):
        """Every object of the kind as the options that reproduce it (an unset value or a default left
        out); its secrets are left out by index (``[0].password``). A console that does not offer the
        API has none."""
        items, left_out = [], []
        try:
            described = list(self.resource.read_all(run))
        except PaletteApiError as exc:
            # A console that does not offer the API (see KeyedSetting.inferred) has none of these.
            if exc.kind != UNOFFERED:
                raise
            return None, ()
        for kind, setting, stored in described:
            values, secrets = setting.section_of(stored)
            key = self.resource.key.option
            items.append({key: values.pop(key), self.resource.types.option: kind, **values})
            left_out += [f"[{len(items) - 1}].{secret}" for secret in secrets]
        return items or None, tuple(left_out)
