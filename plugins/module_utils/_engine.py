# Copyright (c) palette.selfhosted contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""System console settings as data, and the generic code that applies them.

FOR INTERNAL COLLECTION USE ONLY: no compatibility promise outside palette.selfhosted.
A Setting describes one singleton config under one API path (GET and PUT, optionally a
validate call) by a table of Fields. Everything else is generic: mapping options to and
from the API payload, the read-back modes of secrets, the plan, the views shown to users,
and the flow read -> plan -> validate -> write -> read back. Talks to the API only through
a transport's ``request(method, path, body)`` and ``remember_secret(value)``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

# How a GET returns a stored secret; Palette does not document it, so every mode is handled.
PLAIN = "plain"
MASKED = "masked"
EMPTY = "empty"
ABSENT = "absent"
UNSET_READBACKS = (EMPTY, ABSENT)

# update_<secret>: when a secret that cannot be compared is sent.
ON_CHANGE = "on_change"
ALWAYS = "always"
UPDATE_CHOICES = (ON_CHANGE, ALWAYS)

# What a diff shows in place of a secret, on both sides.
SECRET_MASK = "********"

# The unset value each type reads back as (Go omitempty leaves it out) and is sent as.
_ZERO = {"str": "", "int": 0, "bool": False, "json": ""}
# A "json" field is a JSON object the API carries as a string: the option is a dict, and values
# are compared as data, so that Palette's key order or spacing never makes a change.
OPTION_TYPES = {"json": "dict"}


@dataclass(frozen=True)
class Field:
    """One option and the API field behind it (a dotted path such as ``spec.orgName`` for a
    field inside an object).

    compared: part of the desired state that a read decides on; a field that is not is sent
    with every write but never makes one. secret: never shown; compared only when read back
    in clear. strip: surrounding white space is not part of the value, given or read back.
    choices: the values the option accepts. keeps_zero: 0 is a value (an hour of the day), not
    the unset one.
    """

    option: str
    api: str
    type: str = "str"
    required: bool = False
    default: object = None
    secret: bool = False
    compared: bool = True
    strip: bool = False
    choices: tuple = None
    keeps_zero: bool = False

    @property
    def option_type(self):
        return OPTION_TYPES.get(self.type, self.type)

    def from_param(self, value):
        if self.type == "bool":
            return bool(value)
        if self.type == "json":
            return value or None
        if self.type == "str" and value is not None:
            value = value.strip() if self.strip else value
        return None if value in (None, "") else value

    def from_api(self, payload):
        value = dig(payload, self.api)
        if self.type == "bool":
            return bool(value)
        if self.type == "int":
            is_int = isinstance(value, int) and not isinstance(value, bool)
            return value if is_int and (value or self.keeps_zero) else None
        if self.type == "json":
            return _json_object(value)
        if isinstance(value, str) and self.strip:
            value = value.strip()
        return value if isinstance(value, str) and value else None

    def to_api(self, value):
        if value is None:
            return _ZERO[self.type]
        return json.dumps(value, sort_keys=True, separators=(",", ":")) if self.type == "json" else value


def _json_object(text):
    """The object a JSON string holds; a string that is not one stays as it is, so that it differs
    from any desired value and is replaced."""
    if not isinstance(text, str) or not text.strip():
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return text
    return (value or None) if isinstance(value, dict) else text


def dig(payload, path):
    """The value at a dotted path of a JSON object, None where any part is missing."""
    for key in path.split("."):
        if not isinstance(payload, dict):
            return None
        payload = payload.get(key)
    return payload


def build(pairs):
    """A JSON object from (dotted path, value) pairs."""
    body = {}
    for path, value in pairs:
        *parents, last = path.split(".")
        node = body
        for key in parents:
            node = node.setdefault(key, {})
        node[last] = value
    return body


def readback_mode(value):
    """How the API returned a stored secret."""
    if value is None:
        return ABSENT
    if value == "":
        return EMPTY
    return MASKED if set(value) == {"*"} else PLAIN


@dataclass(frozen=True)
class Stored:
    """A setting as read: option -> value (a secret only when read back in clear), and for each
    secret the mode it read back in."""

    values: dict
    readbacks: dict

    def secret_is_set(self, option):
        return self.readbacks[option] not in UNSET_READBACKS


def _no_problems(_values):
    return []


def _nothing_derived(_values):
    return {}


@dataclass(frozen=True)
class Setting:
    """A singleton system console setting.

    name: its key in results ("smtp"); title: how sentences name it ("SMTP config").
    validate_part: the part of the payload the validate call takes, when not all of it.
    check(params) -> sentences about bad input beyond types; warnings(values) -> sentences;
    derived(values) -> facts added to the public view; unkept_hints: option -> why Palette may
    not keep it.
    """

    name: str
    title: str
    path: str
    fields: tuple
    validate_path: str = None
    validate_method: str = "PUT"
    validate_part: str = None
    check: object = _no_problems
    warnings: object = _no_problems
    derived: object = _nothing_derived
    unkept_hints: dict = field(default_factory=dict)

    @property
    def secrets(self):
        return tuple(f for f in self.fields if f.secret)

    def desired(self, params):
        return {f.option: f.from_param(params.get(f.option)) for f in self.fields}

    def stored(self, payload):
        payload = payload or {}
        readbacks = {f.option: readback_mode(dig(payload, f.api)) for f in self.secrets}
        values = {
            f.option: f.from_api(payload) if not f.secret or readbacks[f.option] == PLAIN else None for f in self.fields
        }
        return Stored(values, readbacks)

    def to_api(self, values):
        """Every field, always: an unset one goes as its zero value, so that it clears what was
        stored instead of leaving it to omitempty."""
        return build((f.api, f.to_api(values[f.option])) for f in self.fields)

    def plan(self, desired, stored, update_secrets):
        """The options whose desired value differs from the stored one.

        A secret counts as changed when it reads back in clear and differs; when it must be
        cleared and one is stored; or, when it cannot be read back, with update_<secret>: always.
        With on_change an unreadable secret goes along with another change (the whole setting is
        always sent, so a secret is never left behind from an older config).
        """
        changed = []
        for f in self.fields:
            if not f.compared:
                continue
            if not f.secret or stored.readbacks[f.option] == PLAIN:
                differs = desired[f.option] != stored.values[f.option]
            elif desired[f.option] is None:
                differs = stored.readbacks[f.option] == MASKED
            else:
                differs = update_secrets.get(f.option, ON_CHANGE) == ALWAYS
            if differs:
                changed.append(f.option)
        return tuple(changed)

    def unkept(self, sent, saved):
        """The options Palette did not keep as sent, judged from its read-back after a write."""
        unkept = []
        for f in self.fields:
            if not f.compared:
                continue
            if not f.secret or saved.readbacks[f.option] == PLAIN:
                lost = sent[f.option] != saved.values[f.option]
            else:
                lost = sent[f.option] is None and saved.secret_is_set(f.option)
            if lost:
                unkept.append(f.option)
        return tuple(unkept)

    def is_configured(self, stored):
        # A field whose zero is a value reads back the same from a setting never configured.
        return any(stored.values[f.option] not in (None, False) for f in self.fields if not (f.secret or f.keeps_zero))

    def public_view(self, values):
        """For return values: every field but the secrets, plus the derived facts."""
        view = {f.option: values[f.option] for f in self.fields if not f.secret}
        view.update(self.derived(values))
        return view

    def diff_view(self, values, secrets_set):
        """For --diff: every field, a secret as a fixed mask when set."""
        view = {f.option: values[f.option] for f in self.fields}
        view.update({f.option: SECRET_MASK if secrets_set[f.option] else None for f in self.secrets})
        return view

    def desired_secrets_set(self, desired):
        return {f.option: desired[f.option] is not None for f in self.secrets}


class NotKept(Exception):
    """Palette accepted a write but read back something else; ``result`` is the run so far."""

    def __init__(self, setting, options, sent, saved, result):
        super().__init__(options)
        self.setting = setting
        self.options = options
        self.sent = sent
        self.saved = saved
        self.result = result


def read(setting, client):
    """The stored setting; a secret read back in clear becomes one of the client's secrets."""
    stored = setting.stored(client.request("GET", setting.path).body)
    for f in setting.secrets:
        if stored.readbacks[f.option] == PLAIN:
            client.remember_secret(stored.values[f.option])
    return stored


def apply(setting, client, desired, update_secrets, validate=True, check_mode=False, diff=False):
    """Read, plan, validate, write and read back; returns the result of the run.

    Check mode still validates (validation saves nothing) and never writes. Raises NotKept
    when the read-back after a write differs from what was sent.
    """
    current = read(setting, client)
    changed = setting.plan(desired, current, update_secrets)
    result = {"changed": bool(changed), setting.name: setting.public_view(current.values)}
    if setting.validate_path:
        result["validated"] = False
    if not changed:
        return result
    if diff:
        before = setting.diff_view(current.values, {f.option: current.secret_is_set(f.option) for f in setting.secrets})
        result["diff"] = {"before": before, "after": setting.diff_view(desired, setting.desired_secrets_set(desired))}

    payload = setting.to_api(desired)
    if validate and setting.validate_path:
        validated = dig(payload, setting.validate_part) if setting.validate_part else payload
        result["audit_uid"] = client.request(setting.validate_method, setting.validate_path, validated).audit_uid
        result["validated"] = True
    result[setting.name] = setting.public_view(desired)
    if check_mode:
        return result

    client.request("PUT", setting.path, payload)
    saved = read(setting, client)
    unkept = setting.unkept(desired, saved)
    if unkept:
        raise NotKept(setting, unkept, desired, saved.values, result)
    result[setting.name] = setting.public_view(saved.values)
    return result


def describe(setting, client):
    """What an _info module returns for a setting: its public view, whether it is configured,
    which secrets are set (never their values), and the derived facts at the top level too."""
    stored = read(setting, client)
    info = {setting.name: setting.public_view(stored.values), **_facts(setting, stored)}
    info.update(setting.derived(stored.values))
    return info


def summarize(setting, client):
    """A setting as palette_system_info returns it: its public view, whether it is configured and
    which secrets are set, in one dictionary."""
    stored = read(setting, client)
    return {**setting.public_view(stored.values), **_facts(setting, stored)}


def _facts(setting, stored):
    facts = {"configured": setting.is_configured(stored)}
    facts.update({f"{f.option}_set": stored.secret_is_set(f.option) for f in setting.secrets})
    return facts
