# Copyright (c) palette.selfhosted contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Keyed resources: many objects under one API path, each found by one field (its key), made
present or absent (or, for objects Palette neither creates nor removes on request, only changed).

FOR INTERNAL COLLECTION USE ONLY: no compatibility promise outside palette.selfhosted.
The counterpart of _engine.Setting for lists such as tenants, as two resource kinds (see
_resource): KeyedResource for one object (a thin module) and KeyedList for many (a section of the
console document). Both read the list once, every page of it. Only the options a task gives are
compared; a field Palette can change after creation names the call that changes it, and a
difference in any other field fails the run before any write, never silently ignored or recreated.
A kind whose objects Palette only lists (feature flags) is neither creatable nor removable: an
unknown key fails before any write, naming the keys there are, and it has no state option. A
one-way field (enabled once, enabled for good) refuses the way back before any write.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from urllib.parse import quote

from ansible_collections.palette.selfhosted.plugins.module_utils._engine import build, dig
from ansible_collections.palette.selfhosted.plugins.module_utils._resource import Failed, Plan, qualified
from ansible_collections.palette.selfhosted.plugins.module_utils._transport import (
    ENDLESS_LIST,
    UNOFFERED,
    PaletteApiError,
    request_inferred,
)

PRESENT = "present"
ABSENT = "absent"
# What apply() does to one object.
CREATE, UPDATE, DELETE = "create", "update", "delete"


@dataclass(frozen=True)
class Update:
    """How Palette changes one field after creation: ``method path_suffix`` with the value at the
    dotted path ``body``. Fields whose updates share the call are sent together in one, each with
    its given value or, when the task leaves it out or it does not differ, the one the object has:
    a call that sets several fields sets them all. at_creation: the field also goes in the create
    call (Palette requires it there), instead of being set by this call after it. inferred: as for
    KeyedResource, when this call alone comes from Palette's API spec.
    """

    method: str
    path_suffix: str
    body: str
    at_creation: bool = False
    inferred: str = None

    @property
    def call(self):
        return self.method, self.path_suffix


def _no_problems(_params):
    return []


def _no_warnings(_client, _given):
    return []


def _removable(_client, _item):
    return None


@dataclass
class _Change:
    """What apply() does to one object: ``action`` (CREATE, UPDATE, DELETE) on ``uid`` with the
    given options, the object as it is (None: there is none), and the options that differ."""

    action: str
    uid: str
    given: dict
    current: dict
    differing: tuple


@dataclass(frozen=True)
class KeyedResource:
    """name: its key in results; title: how sentences name one ("tenant"); list_path lists
    (GET, ``items_at``) and creates (POST, answering ``{uid}``); item_path, with ``{uid}``,
    reads and deletes one; updates: option -> Update for the fields Palette can change.

    A field that is not ``compared`` is only sent at creation (Palette does not return it).
    check(params) -> sentences about bad input beyond types; required_to_create: the options a
    task with state: present must give; creation_warnings(client, given) -> sentences about a
    creation that cannot take full effect.

    creatable: False when Palette has every object there will be (an unknown key fails before any
    write, naming the known ones); removable: False when it cannot remove one (no state option);
    one_way: option -> the value Palette never lets it leave once it has it; paged: False when the
    list call takes no limit and continue (one GET); reads_one: False when there is no GET of one
    object (it is read back from the list); inferred: set when the paths come from Palette's API
    spec alone, the sentence that says so and what to do instead, for a console that answers one
    of them with 404 or 405 (it does not offer that API).
    """

    name: str
    title: str
    list_path: str
    item_path: str
    key: object
    fields: tuple
    updates: dict = field(default_factory=dict)
    uid_at: str = "metadata.uid"
    items_at: str = "items"
    unkept_hints: dict = field(default_factory=dict)
    check: object = _no_problems
    required_to_create: tuple = ()
    creation_warnings: object = _no_warnings
    removal_refusal: object = _removable
    creatable: bool = True
    removable: bool = True
    one_way: dict = field(default_factory=dict)
    paged: bool = True
    reads_one: bool = True
    inferred: str = None

    @property
    def plural(self):
        return f"{self.title}s"

    @property
    def secrets(self):
        return tuple(f for f in self.fields if f.secret)

    @property
    def compared(self):
        return {f.option for f in (self.key, *self.fields) if f.compared}

    @property
    def create_only(self):
        """The options Palette takes at creation and never returns."""
        return tuple(f.option for f in self.fields if not f.compared)

    def _field(self, option):
        return next(f for f in (self.key, *self.fields) if f.option == option)

    def values(self, item):
        return {f.option: f.from_api(item) for f in (self.key, *self.fields)}

    def item_url(self, uid):
        return self.item_path.format(uid=uid)

    def key_of(self, params):
        return self.key.from_param(params.get(self.key.option))

    def request(self, client, method, path, body=None, inferred=None):
        """One call on the resource's paths; on paths inferred from the spec (all of them, or this
        call's: ``inferred``), a 404 or 405 says the console does not offer the API (with Palette's
        answer), instead of a missing object or host."""
        note = inferred or self.inferred
        if not note:
            return client.request(method, path, body)
        return request_inferred(client, method, path, body, api=f"API for {self.plural}", note=note)

    def read_one(self, client, uid):
        """The object ``uid`` as Palette returns it: its GET, or its entry in the list (None if gone)."""
        if self.reads_one:
            return self.request(client, "GET", self.item_url(uid)).body
        return next((item for item in read_list(self, client) if dig(item, self.uid_at) == uid), None)

    # The resource interface (_resource), for one object ----------------------------------------

    def argument_spec(self):
        """Its key, its fields (left out: not managed, unless required), and state where Palette can
        remove one."""
        # no_log said outright, as for every field: a key named "key" is not a secret.
        spec = {self.key.option: {"type": self.key.option_type, "required": True, "no_log": self.key.secret}}
        for f in self.fields:
            spec[f.option] = {"type": f.option_type, "no_log": f.secret}
            if f.required:
                spec[f.option]["required"] = True
            if f.choices:
                spec[f.option]["choices"] = list(f.choices)
        if self.removable:
            spec["state"] = {"type": "str", "choices": [PRESENT, ABSENT], "default": PRESENT}
        return spec

    def option_rules(self):
        if not self.removable:
            return {}
        return {"required_if": [("state", PRESENT, list(self.required_to_create))]}

    def warnings(self, _params):
        return []

    def plan(self, run, params):
        return self.plan_one(run, read_list(self, run.client), params)

    def plan_one(self, run, listing, params):
        """The plan for the object ``params`` names, against ``listing`` (every object as listed).
        Raises Failed, before any write, for a difference Palette cannot make."""
        given = {
            f.option: f.from_param(params[f.option])
            for f in (self.key, *self.fields)
            if params.get(f.option) is not None
        }
        key = given[self.key.option]
        found = next((item for item in listing if self.key.from_api(item) == key), None)
        if found is None and not self.creatable:
            if not getattr(run.client, "unread", False):
                raise Failed(self.unknown_sentence(key, listing), {"changed": False})
            # A console that cannot be read yet (check mode on its install password) is planned as a
            # new one: the object with nothing set.
            found = build([(self.key.api, key)])
        current = self.values(found) if found is not None else None
        uid = dig(found, self.uid_at) if found is not None else None
        if params.get("state", PRESENT) == ABSENT:
            refusal = self.removal_refusal(run.client, found) if found is not None else None
            if refusal:
                raise Failed(refusal, {"changed": False})
            change = _Change(DELETE, uid, given, current, ())
            result = {"changed": found is not None, self.name: None}
            return self._plan(change, current or {}, {}, result)

        if found is None:
            change = _Change(CREATE, None, given, None, ())
            result = {"changed": True, self.name: given}
            warnings = self.creation_warnings(run.client, given)
            if warnings:
                result["warnings"] = warnings
            return self._plan(change, {}, given, result)

        differing = tuple(o for o, value in given.items() if o in self.compared and current[o] != value)
        back = next((o for o in differing if o in self.one_way and current[o] == self.one_way[o]), None)
        if back is not None:
            raise Failed(self.one_way_sentence(key, back), {"changed": False})
        fixed = tuple(option for option in differing if option not in self.updates)
        if fixed:
            raise Failed(self.cannot_change_sentence(fixed, current, given), {"changed": False})
        change = _Change(UPDATE, uid, given, current, differing)
        result = {"changed": bool(differing), self.name: {**current, **given}}
        return self._plan(change, current, {**current, **given}, result)

    def _plan(self, change, before, after, result):
        changed = result["changed"]
        return Plan(
            (change.given[self.key.option],) if changed else (),
            before=before,
            after=after,
            result=result,
            state=change,
        )

    def validate(self, run, plan):
        """Palette has no validate call for these objects."""

    def apply(self, run, plan):
        """Delete, create or change the object; raises Failed when Palette did not keep a change."""
        result = dict(plan.result)
        change = plan.state
        if not plan.changed:
            return result
        if run.diff:
            result["diff"] = {"before": plan.before, "after": plan.after}
        if run.check_mode:
            return result
        if change.action == DELETE:
            self.request(run.client, "DELETE", self.item_url(change.uid))
            return result
        uid, current, differing = change.uid, change.current, change.differing
        given = change.given
        if change.action == CREATE:
            create = [
                (f.api, f.to_api(given.get(f.option)))
                for f in (self.key, *self.fields)
                if f.option not in self.updates or self.updates[f.option].at_creation
            ]
            uid = self.request(run.client, "POST", self.list_path, build(create)).body.get("uid")
            current = self.values(self.read_one(run.client, uid))
            differing = tuple(o for o, value in given.items() if o in self.compared and current[o] != value)
        if not differing:
            result[self.name] = {**current, **given}
            return result
        calls = {}
        for option in differing:
            calls.setdefault(self.updates[option].call, self.updates[option])
        for update in calls.values():
            together = [(o, u) for o, u in self.updates.items() if u.call == update.call]
            body = build((u.body, self._field(o).to_api(given.get(o, current[o]))) for o, u in together)
            path = self.item_url(uid) + update.path_suffix
            self.request(run.client, update.method, path, body, inferred=update.inferred)
        saved = self.read_one(run.client, uid)
        if saved is None:
            raise Failed(
                f"After the change, Palette no longer lists the {self.title} {given[self.key.option]!r}.", result
            )
        saved = self.values(saved)
        unkept = tuple(o for o, value in given.items() if o in self.compared and saved[o] != value)
        if unkept:
            raise Failed(self.not_kept_sentence(given[self.key.option], unkept, given, saved), result)
        result[self.name] = {**saved, **{o: value for o, value in given.items() if o not in self.compared}}
        return result

    def describe_all(self, run):
        """Every object as the options of it that Palette returns."""
        compared = self.compared
        return [
            {option: value for option, value in self.values(item).items() if option in compared}
            for item in read_list(self, run.client)
        ]

    # Sentences -----------------------------------------------------------------------------

    def cannot_change_sentence(self, options, current, given):
        secrets = {f.option for f in self.secrets}
        changes = [
            option if option in secrets else f"{option} (it has {current[option]!r}, the task gives {given[option]!r})"
            for option in options
        ]
        anew = ", or remove it (state: absent) and create it anew" if self.removable and self.creatable else ""
        return (
            f"Palette cannot change {'; '.join(changes)} of the existing {self.title} {given[self.key.option]!r}. "
            f"Give the values it has{anew}."
        )

    def unknown_sentence(self, key, listing):
        known = sorted({k for k in (self.key.from_api(item) for item in listing) if k is not None})
        has = f"its {self.plural} are {', '.join(map(repr, known))}" if known else f"it has no {self.plural}"
        return (
            f"Palette has no {self.title} {key!r} ({has}), and {self.plural} cannot be created: give the "
            f"{self.key.option} of one it has."
        )

    def one_way_sentence(self, key, option):
        value = _shown(self.one_way[option])
        return (
            f"The {self.title} {key!r} has {option}: {value}, which Palette cannot undo (once {value}, {option} "
            f"stays {value}). Give {option}: {value}; nothing was changed."
        )

    def not_kept_sentence(self, key, options, sent, saved):
        reasons = []
        for option in options:
            reason = f"{option} (sent {sent[option]!r}, reads back {saved[option]!r})"
            hint = self.unkept_hints.get(option)
            reasons.append(f"{reason}: {hint}" if hint else reason)
        return f"Palette saved the {self.title} {key!r} but did not keep " + "; ".join(reasons) + "."


@dataclass(frozen=True)
class KeyedList:
    """Many objects of one KeyedResource as one section of the console document: a list of the
    object's options, each with its state. The list is read once, and the objects are applied in
    the order given."""

    name: str
    resource: KeyedResource

    def section_spec(self):
        resource = self.resource
        return {"type": "list", "elements": "dict", "options": resource.argument_spec(), **resource.option_rules()}

    def check(self, items):
        options = self.resource.argument_spec()
        sentences = []
        for index, item in enumerate(items):
            sentences += [qualified(f"[{index}]", s, options) for s in self.resource.check(item)]
        keys = [self.resource.key_of(item) for item in items]
        twice = sorted({key for key in keys if keys.count(key) > 1})
        if twice:
            named = ", ".join(map(repr, twice))
            sentences.append(f"lists {named} more than once: give each {self.resource.title} once.")
        return sentences

    def warnings(self, _items):
        return []

    def plan(self, run, items):
        listing = read_list(self.resource, run.client)
        plans = [self.resource.plan_one(run, listing, item) for item in items]
        changed = [plan for plan in plans if plan.changed]
        result = {"changed": bool(changed), self.name: [plan.result[self.resource.name] for plan in plans]}
        warnings = [warning for plan in plans for warning in plan.result.get("warnings", ())]
        if warnings:
            result["warnings"] = warnings
        return Plan(
            tuple(key for plan in changed for key in plan.changes),
            before={plan.changes[0]: plan.before for plan in changed},
            after={plan.changes[0]: plan.after for plan in changed},
            result=result,
            state=plans,
        )

    def validate(self, run, plan):
        """Palette has no validate call for these objects."""

    def apply(self, run, plan):
        """Each object in turn; a failure names the objects already applied."""
        result = dict(plan.result)
        if run.diff and plan.changed:
            result["diff"] = {"before": plan.before, "after": plan.after}
        done, applied = [], []
        for item_plan in plan.state:
            try:
                item_result = self.resource.apply(run, item_plan)
            except (Failed, PaletteApiError) as exc:
                partial = exc.result if isinstance(exc, Failed) else {}
                result.update(
                    changed=bool(applied) or bool(partial.get("changed")),
                    **{self.name: [*done, partial.get(self.resource.name)]},
                )
                sentence = f"Applied {', '.join(map(repr, applied))}; then" if applied else ""
                raise Failed(sentence, result, cause=exc) from None
            done.append(item_result[self.resource.name])
            if item_plan.changed:
                applied.append(item_plan.changes[0])
        result[self.name] = done
        return result

    def describe(self, run):
        """Every object the section can give; the options Palette never returns (sent at creation) are
        listed per object. A list whose API the console does not offer (see KeyedResource.inferred) is
        left out."""
        try:
            described = self.resource.describe_all(run)
        except PaletteApiError as exc:
            if exc.kind != UNOFFERED:
                raise
            return None, ()
        # An object the section could not give as it is read (no key, or without a value that creating
        # one requires, such as the root admin's role) is not the section's: it stays out.
        needed = [
            self.resource.key.option,
            *(o for o in self.resource.required_to_create if o in self.resource.compared),
        ]
        described = [item for item in described if all(item.get(option) is not None for option in needed)]
        items = [{option: value for option, value in item.items() if value is not None} for item in described]
        left_out = tuple(f"[{index}].{option}" for index in range(len(items)) for option in self.resource.create_only)
        return items or None, left_out


def _shown(value):
    """A value as a task gives it: true, false, a number, a quoted string."""
    return json.dumps(value) if isinstance(value, (bool, int, float)) or value is None else repr(value)


def read_list(resource, client):
    """Every object of ``resource``'s list (one with list_path, items_at, paged and request()), page
    after page: Palette answers at most 50 a call and names the next page in listmeta.continue (empty
    after the last), asked for with the same query and that token.
    A list that is not paged is one call without a query."""
    if not resource.paged:
        return dig(resource.request(client, "GET", resource.list_path).body, resource.items_at) or []
    first = path = f"{resource.list_path}?limit=50"
    items, tokens = [], set()
    while True:
        body = resource.request(client, "GET", path).body
        items += dig(body, resource.items_at) or []
        token = dig(body, "listmeta.continue")
        if not token:
            return items
        if token in tokens:
            raise PaletteApiError(
                f"Palette at {client.base_url} answered GET {path} with a continue token it had given before, "
                "so reading the list on would never end. Check that nothing between here and the console "
                "(a caching proxy) answers list calls without their query.",
                ENDLESS_LIST,
            )
        tokens.add(token)
        path = f"{first}&continue={quote(str(token), safe='')}"
