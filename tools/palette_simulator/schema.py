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
    fields: API field -> Python type; default: what a fresh console stores; always_shown: fields
    read back even when empty (x-omitempty: false); secrets: API fields read back per the
    console's secret_readback; validate(spec, console) raises Rejected (on validate_method
    validate_path); on_save(spec, console) returns the spec as Palette keeps it, or raises
    Rejected where Palette refuses it."""

    name: str
    definition: str
    path: str
    fields: dict
    default: dict = field(default_factory=dict)
    always_shown: tuple = ()
    secrets: tuple = ()
    validate_path: str | None = None
    validate_method: str = "PUT"
    validate: object = None
    on_save: object = _keep

    def parse(self, spec):
        """The problem with a request body, as Palette's message would say it; None when fine."""
        if not isinstance(spec, dict):
            return f"request body must be a {self.definition} object"
        for key, value in spec.items():
            expected = self.fields.get(key)
            if expected is None:
                return f"unknown field {key}"
            if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
                return f"field {key} must be of type {expected.__name__}"
        return None
