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

import base64
import binascii
import json
from dataclasses import dataclass, field

from ansible_collections.palette.selfhosted.plugins.module_utils._resource import Failed, Plan, dict_section
from ansible_collections.palette.selfhosted.plugins.module_utils._transport import (
    MISSING,
    UNOFFERED,
    PaletteApiError,
    request_inferred,
)

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
_ZERO = {"str": "", "int": 0, "bool": False, "json": "", "pem64": ""}
# A "json" field is a JSON object the API carries as a string: the option is a dict, and values
# are compared as data, so that Palette's key order or spacing never makes a change. A "pem64" field
# is PEM text (a certificate, a key) that the API carries base64-encoded: the option is the PEM.
OPTION_TYPES = {"json": "dict", "pem64": "str"}


@dataclass(frozen=True)
class Field:
    """One option and the API field behind it (a dotted path such as ``spec.orgName`` for a
    field inside an object).

    compared: part of the desired state that a read decides on; a field that is not is sent
    with every write but never makes one. secret: never shown; compared only when read back
    in clear. strip: surrounding white space is not part of the value, given or read back.
    choices: the values the option accepts; api_values: the API's own word for each of them, when
    it differs (``{"operations_admin": "OperationAdmin"}``). keeps_zero: 0 is a value (an hour of
    the day), not the unset one.
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
    api_values: dict = None
    keeps_zero: bool = False

    @property
    def option_type(self):
        return OPTION_TYPES.get(self.type, self.type)

    def from_param(self, value):
        if self.type == "bool":
            return bool(value)
        if self.type == "json":
            return value or None
        if self.type == "pem64" and value is not None:
            value = value.strip()
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
        if self.type == "pem64":
            return _pem(value)
        if isinstance(value, str) and self.strip:
            value = value.strip()
        if self.api_values and value:
            # A word the collection does not know stays as Palette wrote it, so that it differs.
            value = next((option for option, word in self.api_values.items() if word == value), value)
        return value if isinstance(value, str) and value else None

    def to_api(self, value):
        if value is None:
            return _ZERO[self.type]
        if self.api_values:
            return self.api_values.get(value, value)
        if self.type == "pem64":
            return base64.b64encode(f"{value}\n".encode()).decode()
        return json.dumps(value, sort_keys=True, separators=(",", ":")) if self.type == "json" else value


def _json_object(text):
    """The object a JSON string holds; a string that is not one stays as it is, so that it differs
    from any desired value and is replaced."""
    if isinstance(text, dict):
        # Returned as an object rather than the string sent.
        return text or None
    if not isinstance(text, str) or not text.strip():
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return text
    return (value or None) if isinstance(value, dict) else text


def _pem(text):
    """The PEM text a base64 string holds; a string that holds none stays as it is, so that it
    differs from any desired value and is replaced."""
    if isinstance(text, dict):
        # Returned as an object rather than the string sent.
        return text or None
    if not isinstance(text, str) or not text.strip():
        return None
    try:
        return base64.b64decode(text, validate=True).decode().strip() or None
    except (binascii.Error, ValueError):
        return text


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


# A run of asterisks inside a value is a mask too: a key file returned with its private key masked.
_MASK_INSIDE = "****"


def readback_mode(value):
    """How the API returned a stored secret (a JSON object, for a key file returned as one)."""
    if value is None:
        return ABSENT
    if value in ("", {}):
        return EMPTY
    text = json.dumps(value) if isinstance(value, dict) else value
    return MASKED if set(text) == {"*"} or _MASK_INSIDE in text else PLAIN


@dataclass(frozen=True)
class Stored:
    """A setting as read: option -> value (a secret only when read back in clear), for each
    secret the mode it read back in, and the options whose API field the answer held at all."""

    values: dict
    readbacks: dict
    present: frozenset = frozenset()

    def secret_is_set(self, option):
        return self.readbacks[option] not in UNSET_READBACKS


def _no_problems(_values):
    return []


def _nothing_derived(_values):
    return {}


@dataclass(frozen=True)
class Setting:
    """A singleton system console setting, and the resource kind (see _resource) that applies it.

    name: its key in results and its section of the console document ("smtp"); title: how
    sentences name it ("SMTP config"). validate_part: the part of the payload the validate call
    takes, when not all of it. check(params) -> sentences about bad input beyond types;
    advice(values) -> warnings about a desired config; derived(values) -> facts added to the
    public view; unkept_hints: option -> why Palette may not keep it. inferred: set when the path
    comes from Palette's API spec alone, the sentence that says so and what to do instead, for a
    console that answers it with 404 or 405 (it does not offer that API). fixed: API field -> the
    value every write carries, whatever the task (a registry's scope). create_method: the call that
    stores it while nothing is stored, when Palette documents another than PUT (the STS account's
    POST); a console that answers it with 405 (as one following the spec, which lists PUT alone,
    would) gets the PUT.
    """

    name: str
    title: str
    path: str
    fields: tuple
    validate_path: str = None
    validate_method: str = "PUT"
    validate_part: str = None
    check: object = _no_problems
    advice: object = _no_problems
    derived: object = _nothing_derived
    unkept_hints: dict = field(default_factory=dict)
    inferred: str = None
    fixed: dict = field(default_factory=dict)
    create_method: str = None

    @property
    def secrets(self):
        return tuple(f for f in self.fields if f.secret)

    def request(self, client, method, path, body=None):
        """One call on the setting's paths (see KeyedResource.request for those inferred from the spec)."""
        if not self.inferred:
            return client.request(method, path, body)
        return request_inferred(client, method, path, body, api=f"API for the {self.title}", note=self.inferred)

    def desired(self, params):
        return {f.option: f.from_param(params.get(f.option)) for f in self.fields}

    def stored(self, payload):
        payload = payload or {}
        readbacks = {f.option: readback_mode(dig(payload, f.api)) for f in self.secrets}
        values = {
            f.option: f.from_api(payload) if not f.secret or readbacks[f.option] == PLAIN else None for f in self.fields
        }
        # A stored false is a value (a disabled banner); an empty string or a 0 reads as unset, and so
        # does a field whose zero is a value, since a zero-filled answer holds it too.
        present = frozenset(
            f.option
            for f in self.fields
            if not f.keeps_zero
            and (dig(payload, f.api) is not None if f.type == "bool" else values[f.option] is not None)
        )
        return Stored(values, readbacks, present)

    def to_api(self, values):
        """Every field, always: an unset one goes as its zero value, so that it clears what was
        stored instead of leaving it to omitempty."""
        return build([*((f.api, f.to_api(values[f.option])) for f in self.fields), *self.fixed.items()])

    def changes(self, desired, stored, update_secrets):
        """The options whose desired value differs from the stored one.

        A secret counts as changed when it reads back in clear and differs; when it must be
        cleared and one is stored; or, when it cannot be read back, with update_<secret>: always.
        With on_change an unreadable secret goes along with another change (the whole setting is
        always sent, so a secret is never left behind from an older config), or alone when nothing
        is stored.
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
        if not changed and not self.is_configured(stored):
            # Nothing is stored and nothing else differs (a setting that holds only a secret, a GCP key
            # file): the secret is the change, or with on_change it would never be sent.
            changed = [f.option for f in self.secrets if f.compared and desired[f.option] is not None]
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
        """Whether Palette returned any of the setting's values: a never-configured setting reads
        back as {} (Go omitempty), while a stored false or 0 (a disabled banner) is a value, and so
        is a stored secret (all a GCP account holds)."""
        return any(f.option in stored.present for f in self.fields if not f.secret) or any(
            stored.secret_is_set(f.option) for f in self.secrets
        )

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

    def not_kept_sentence(self, options, sent, saved):
        """Why the task fails when Palette's read-back differs from what was sent."""
        secrets = {f.option for f in self.secrets}
        reasons = []
        for option in options:
            if option in secrets:
                reasons.append(f"the {option}")
                continue
            reason = f"{option} (sent {sent[option]!r}, reads back {saved[option]!r})"
            hint = self.unkept_hints.get(option)
            reasons.append(f"{reason}: {hint}" if hint else reason)
        return f"Palette saved the {self.title} but did not keep " + "; ".join(reasons) + "."

    # The resource interface (_resource) ------------------------------------------------------

    def argument_spec(self):
        """Its fields, ``validate`` where Palette can validate, and ``update_<secret>`` for each secret."""
        spec = {}
        for f in self.fields:
            # Every option says whether it is a secret, so that none is taken for one by its name.
            option = {"type": f.option_type, "no_log": f.secret}
            if f.required:
                option["required"] = True
            if f.default is not None:
                option["default"] = f.default
            if f.choices:
                option["choices"] = list(f.choices)
            spec[f.option] = option
        if self.validate_path:
            spec["validate"] = {"type": "bool", "default": True}
        for f in self.secrets:
            spec[f"update_{f.option}"] = {
                "type": "str",
                "choices": list(UPDATE_CHOICES),
                "default": ON_CHANGE,
                "no_log": False,
            }
        return spec

    def option_rules(self):
        return {}

    def section_spec(self):
        return dict_section(self)

    def warnings(self, params):
        return self.advice(self.desired(params))

    def plan(self, run, params):
        desired = self.desired(params)
        for f in self.secrets:
            if f.type == "json" and desired[f.option]:
                # As sent, a key file's private key has its line breaks escaped: scrub that text too.
                run.client.remember_secret(f.to_api(desired[f.option]))
        current = read(self, run.client)
        update_secrets = {f.option: params.get(f"update_{f.option}") or ON_CHANGE for f in self.secrets}
        changes = self.changes(desired, current, update_secrets)
        result = {"changed": bool(changes), self.name: self.public_view(current.values)}
        if self.validate_path:
            result["validated"] = False
        secrets_set = {f.option: current.secret_is_set(f.option) for f in self.secrets}
        return Plan(
            changes,
            before=self.diff_view(current.values, secrets_set),
            after=self.diff_view(desired, self.desired_secrets_set(desired)),
            result=result,
            validatable=bool(self.validate_path and params.get("validate", True)),
            state=desired,
            by=self,
            reads_after={self.path: self.to_api(desired)},
            creates=not self.is_configured(current),
        )

    def validate(self, run, plan):
        """Validation saves nothing: check mode runs it too."""
        plan.result["audit_uid"] = self.validate_values(run.client, plan.state)
        plan.result["validated"] = True

    def validate_values(self, client, values):
        """Have Palette validate ``values`` (the validate_part of their payload); returns the AuditUid."""
        payload = self.to_api(values)
        validated = dig(payload, self.validate_part) if self.validate_part else payload
        return self.request(client, self.validate_method, self.validate_path, validated).audit_uid

    def apply(self, run, plan):
        """Write the desired config and read it back; raises Failed when Palette did not keep it."""
        result = dict(plan.result)
        if not plan.changed:
            return result
        if run.diff:
            result["diff"] = {"before": plan.before, "after": plan.after}
        desired = plan.state
        result[self.name] = self.public_view(desired)
        if run.check_mode:
            return result
        self.write(run.client, self.to_api(desired), plan.creates)
        if plan.settle is not None:
            result.update(plan.settle(run))
        saved = read(self, run.client)
        unkept = self.unkept(desired, saved)
        if unkept:
            raise Failed(self.not_kept_sentence(unkept, desired, saved.values), result)
        result[self.name] = self.public_view(saved.values)
        return result

    def write(self, client, body, creates=False):
        """Store ``body``: with PUT, or while nothing is stored with the create_method Palette documents."""
        if creates and self.create_method:
            try:
                return self.request(client, self.create_method, self.path, body)
            except PaletteApiError as exc:
                if exc.status != 405:
                    raise
        return self.request(client, "PUT", self.path, body)

    def describe(self, run):
        """The options that reproduce what is stored, or None when nothing is; a secret is left
        out (listed when set), and so is an option whose value is unset or its default. A setting whose
        API the console does not offer (see inferred) has none."""
        try:
            stored = read(self, run.client)
        except PaletteApiError as exc:
            if exc.kind != UNOFFERED:
                raise
            return None, ()
        if not self.is_configured(stored):
            return None, ()
        # A section without a value it requires could not be given as it is read (an address stored
        # without its certificate): it is not the document's.
        if any(f.required and not f.secret and stored.values[f.option] is None for f in self.fields):
            return None, ()
        return self.section_of(stored)

    def section_of(self, stored):
        """The options that reproduce ``stored`` (an unset value or a default is what leaving the
        option out means), and the secret options set, which no read shows."""
        section = {
            f.option: stored.values[f.option]
            for f in self.fields
            if not f.secret and stored.values[f.option] not in (None, f.default)
        }
        return section, tuple(f.option for f in self.secrets if stored.secret_is_set(f.option))

    def info(self, run):
        """What the info modules return: the public view, and the facts about it: whether it is
        configured, which secrets are set (never their values), and the derived facts."""
        stored = read(self, run.client)
        facts = {"configured": self.is_configured(stored)}
        facts.update({f"{f.option}_set": stored.secret_is_set(f.option) for f in self.secrets})
        facts.update(self.derived(stored.values))
        return self.public_view(stored.values), facts


def read(setting, client, path=None):
    """The stored setting (at ``path`` when its own holds a parameter); a secret read back in clear
    becomes one of the client's secrets.

    A GET that Palette answers with its own 404 (BackupNotConfigured: a backup never set up) reads as
    a setting never configured, the way other settings read {}.
    """
    try:
        payload = setting.request(client, "GET", path or setting.path).body
    except PaletteApiError as exc:
        if exc.kind != MISSING:
            raise
        payload = {}
    stored = setting.stored(payload)
    for f in setting.secrets:
        if stored.readbacks[f.option] != PLAIN:
            continue
        value = stored.values[f.option]
        if isinstance(value, dict):
            # A JSON object (a key file): the text Palette answered, and every string it holds.
            answered = dig(payload, f.api)
            if isinstance(answered, str):
                client.remember_secret(answered)
            for text in _strings(value):
                client.remember_secret(text)
        else:
            client.remember_secret(value)
    return stored


def _strings(value):
    """Every string in a JSON value."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


@dataclass(frozen=True)
class SettingChoice:
    """A resource kind whose ``option`` chooses which of several settings it applies (the backup's
    storage). It takes the options of every choice; one of another choice is refused before any
    call, so that nothing given is silently ignored."""

    name: str
    option: str
    choices: dict

    def _specs(self):
        return {choice: setting.argument_spec() for choice, setting in self.choices.items()}

    def argument_spec(self):
        """Every choice's options; one that only some choices require is required by required_if."""
        specs = self._specs()
        spec = {self.option: {"type": "str", "required": True, "choices": list(self.choices)}}
        for own in specs.values():
            for name, option_spec in own.items():
                option_spec = {key: value for key, value in option_spec.items() if key != "required"}
                if all(other.get(name, {}).get("required") for other in specs.values()):
                    option_spec["required"] = True
                spec.setdefault(name, option_spec)
        return spec

    def option_rules(self):
        specs = self._specs()
        required_if = [
            (self.option, choice, [name])
            for choice, own in specs.items()
            for name, option_spec in own.items()
            if option_spec.get("required") and not all(other.get(name, {}).get("required") for other in specs.values())
        ]
        return {"required_if": required_if}

    def section_spec(self):
        return dict_section(self)

    def check(self, params):
        spec = self.argument_spec()
        chosen = self.choices[params[self.option]]
        own = {self.option, *chosen.argument_spec()}
        # An option of another choice counts as given when set, or set to other than its default.
        given = [
            name for name in spec if params.get(name) is not None and params.get(name) != spec[name].get("default")
        ]
        foreign = [name for name in given if name not in own]
        sentences = [f"{name} does not apply to {self.option}: {params[self.option]}." for name in foreign]
        return sentences + chosen.check(params)

    def warnings(self, params):
        return self.choices[params[self.option]].warnings(params)

    def plan(self, run, params):
        return self.choices[params[self.option]].plan(run, params)

    def validate(self, run, plan):
        plan.by.validate(run, plan)

    def apply(self, run, plan):
        return plan.by.apply(run, plan)

    def describe(self, run):
        """The first configured choice (Palette keeps each under its own path; a task manages one)."""
        for choice, setting in self.choices.items():
            section, secrets = setting.describe(run)
            if section is not None:
                return {self.option: choice, **section}, secrets
        return None, ()
