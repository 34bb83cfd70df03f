"""How the simulator serves one system console setting, from the facts in shared/palette-api.

A setting is a schema: its path, its fields and their types, which fields are secrets (read back
as the console's secret_readback mode says), and optional hooks for a validate call and for what
Palette changes when it saves. The console serves every schema with the same generic code.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class Rejected(Exception):
    """What a hook answers when Palette would refuse the call: a 400 v1Error with this code."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


def _keep(spec, _console):
    return spec


@dataclass(frozen=True)
class SettingSchema:
    """name: the key of its stored value; definition: the swagger schema; path: GET and PUT;
    fields: API field -> Python type, or -> the fields of a nested object; default: what a fresh
    console stores; always_shown: fields read back even when empty (x-omitempty: false); secrets:
    API fields read back per the console's secret_readback. A field inside an object is named by
    its dotted path ("s3.secretKey"). validate(spec, console) raises Rejected (on validate_method
    validate_path, which takes the validate_part object of the spec, or all of it); on_save(spec,
    console) returns the spec as Palette keeps it, or raises Rejected where Palette refuses it.
    not_configured: the v1Error code of the 404 a GET answers while nothing is stored, on a console
    whose unconfigured_backup is not_found (Palette answers an unconfigured backup so, NOTES.md);
    None: such a GET reads {} on every console."""

    name: str
    definition: str
    path: str
    fields: dict
    default: dict = field(default_factory=dict)
    always_shown: tuple = ()
    secrets: tuple = ()
    validate_path: str | None = None
    validate_method: str = "PUT"
    validate_part: str | None = None
    validate: object = None
    on_save: object = _keep
    not_configured: str | None = None

    @property
    def route(self):
        """The validate call's path without its query, as the server routes it."""
        return self.validate_path.split("?", 1)[0]

    def parse(self, spec, part=None):
        """The problem with a request body (the whole spec, or the object at ``part``), as
        Palette's message would say it; None when fine."""
        fields = self.fields[part] if part else self.fields
        return _problem(spec, fields, f"{part} of {self.definition}" if part else self.definition, "")


def _problem(spec, fields, definition, prefix):
    if not isinstance(spec, dict):
        return f"request body must be a {definition} object" if not prefix else f"field {prefix[:-1]} must be an object"
    for key, value in spec.items():
        expected = fields.get(key)
        if expected is None:
            return f"unknown field {prefix}{key}"
        if isinstance(expected, dict):
            problem = _problem(value, expected, definition, f"{prefix}{key}.")
            if problem:
                return problem
        elif not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            return f"field {prefix}{key} must be of type {expected.__name__}"
    return None


def flatten(spec, prefix=""):
    """A nested object as {dotted path: value}."""
    flat = {}
    for key, value in spec.items():
        if isinstance(value, dict):
            flat.update(flatten(value, f"{prefix}{key}."))
        else:
            flat[prefix + key] = value
    return flat


def nest(flat):
    """The inverse of flatten."""
    spec = {}
    for path, value in flat.items():
        *parents, last = path.split(".")
        node = spec
        for key in parents:
            node = node.setdefault(key, {})
        node[last] = value
    return spec
