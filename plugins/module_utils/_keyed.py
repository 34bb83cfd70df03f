# Copyright (c) palette.selfhosted contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Keyed resources: many objects under one API path, each found by one field (its key), made
present or absent.

FOR INTERNAL COLLECTION USE ONLY: no compatibility promise outside palette.selfhosted.
The counterpart of _engine.Setting for lists such as tenants. Only the options a task gives
are compared; a field Palette can change after creation names the call that changes it, and a
difference in any other field is reported, never silently ignored or recreated.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ansible_collections.palette.selfhosted.plugins.module_utils._engine import NotKept, build, dig

PRESENT = "present"
ABSENT = "absent"


@dataclass(frozen=True)
class Update:
    """How Palette changes one field after creation: ``method path_suffix`` with ``{body: value}``."""

    method: str
    path_suffix: str
    body: str


def _no_problems(_params):
    return []


def _no_warnings(_client, _given):
    return []


@dataclass(frozen=True)
class KeyedResource:
    """name: its key in results; title: how sentences name one ("tenant"); list_path lists
    (GET, ``items_at``) and creates (POST, answering ``{uid}``); item_path, with ``{uid}``,
    reads and deletes one; updates: option -> Update for the fields Palette can change.

    A field that is not ``compared`` is only sent at creation (Palette does not return it).
    check(params) -> sentences about bad input beyond types; required_to_create: the options a
    task with state: present must give; creation_warnings(client, given) -> sentences about a
    creation that cannot take full effect.
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

    @property
    def secrets(self):
        return tuple(f for f in self.fields if f.secret)

    @property
    def compared(self):
        return {f.option for f in (self.key, *self.fields) if f.compared}

    def values(self, item):
        return {f.option: f.from_api(item) for f in (self.key, *self.fields)}

    def item_url(self, uid):
        return self.item_path.format(uid=uid)


class CannotChange(Exception):
    """Options that differ from an existing object and that Palette cannot change after creation."""

    def __init__(self, resource, options, current, given):
        super().__init__(options)
        self.resource = resource
        self.options = options
        self.current = current
        self.given = given


def list_all(resource, client):
    """Every object, as its options that Palette returns."""
    compared = resource.compared
    return [
        {option: value for option, value in resource.values(item).items() if option in compared}
        for item in _listed(resource, client)
    ]


def find(resource, client, key):
    """The object whose key is ``key``, as the list returns it; None when there is none."""
    return next((item for item in _listed(resource, client) if resource.key.from_api(item) == key), None)


def _listed(resource, client):
    return dig(client.request("GET", resource.list_path).body, resource.items_at) or []


def apply_keyed(resource, client, desired, state, check_mode=False, diff=False):
    """Make the object keyed ``desired[key]`` present with the given options, or absent.

    ``desired`` holds the key and the options the task gives (None: not managed). With ``diff``, a
    change comes with the object before and after ({} where there is none).
    """
    key = desired[resource.key.option]
    found = find(resource, client, key)
    if state == ABSENT:
        if found is not None and not check_mode:
            client.request("DELETE", resource.item_url(dig(found, resource.uid_at)))
        result = {"changed": found is not None, resource.name: None}
        if diff and found is not None:
            result["diff"] = {"before": resource.values(found), "after": {}}
        return result

    given = {option: value for option, value in desired.items() if value is not None}
    result = {"changed": True, resource.name: given}
    if diff:
        before = resource.values(found) if found is not None else {}
        result["diff"] = {"before": before, "after": {**before, **given}}
    if found is None:
        warnings = resource.creation_warnings(client, given)
        if warnings:
            result["warnings"] = warnings
        create = [
            (f.api, f.to_api(given.get(f.option)))
            for f in (resource.key, *resource.fields)
            if f.option not in resource.updates
        ]
        if check_mode:
            return result
        uid = client.request("POST", resource.list_path, build(create)).body.get("uid")
        current = resource.values(client.request("GET", resource.item_url(uid)).body)
    else:
        uid, current = dig(found, resource.uid_at), resource.values(found)

    compared = resource.compared
    differing = [option for option, value in given.items() if option in compared and current[option] != value]
    fixed = [option for option in differing if option not in resource.updates]
    if fixed and found is not None:
        raise CannotChange(resource, tuple(fixed), current, given)
    result["changed"] = found is None or bool(differing)
    if not result["changed"]:
        result.pop("diff", None)
    if check_mode or not differing:
        result[resource.name] = {**current, **given}
        return result
    for option in differing:
        update = resource.updates.get(option)
        if update is not None:
            client.request(update.method, resource.item_url(uid) + update.path_suffix, {update.body: given[option]})
    saved = resource.values(client.request("GET", resource.item_url(uid)).body)
    unkept = tuple(option for option, value in given.items() if option in compared and saved[option] != value)
    if unkept:
        raise NotKept(resource, unkept, given, saved, result)
    result[resource.name] = {**saved, **{option: value for option, value in given.items() if option not in compared}}
    return result
