# Copyright (c) palette.selfhosted contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The one interface every kind of console resource offers, and the one way a run of it fails.

FOR INTERNAL COLLECTION USE ONLY: no compatibility promise outside palette.selfhosted.
A kind (a singleton setting, a setting chosen by an option, a keyed list, the admin, the whole
console document) is an object with:

- ``name``: its key in results, and its section in the console document;
- ``argument_spec()`` and ``option_rules()``: its module options and the AnsibleModule rules
  between them; ``section_spec()``: the same as one option of the console document;
- ``check(params)``: sentences about bad input beyond types, before any call;
- ``warnings(params)``: sentences about the desired state, before any call;
- ``plan(run, params)``: read the console, return a Plan (nothing is written);
- ``validate(run, plan)``: have Palette validate the desired state where it can (nothing saved);
- ``apply(run, plan)``: write what the plan changes (unless in check mode), read it back, and
  return the run's result; raises Failed;
- ``describe(run)``: the section as the console document takes it (None when not configured),
  and the secret options it leaves out;
- optionally ``info(run)``: (view, facts), what palette_system_info returns of it, secrets removed;
  a setting's is its own part, and any other section kind that offers it is a part too.

Thin modules and the document both drive kinds through run_one() or the same three steps.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class Failed(Exception):
    """A run that could not finish: the sentence to show and the result so far.

    ``cause``, when given, is the error that stopped it (a transport error, or another Failed);
    its own sentence, as ``explain`` words it, goes after this one.
    """

    def __init__(self, sentence, result=None, cause=None):
        super().__init__(sentence)
        self.sentence = sentence
        self.result = dict(result or {})
        self.cause = cause

    def message(self, explain):
        if self.cause is None:
            return self.sentence
        cause = self.cause.message(explain) if isinstance(self.cause, Failed) else explain(self.cause)
        return f"{self.sentence} {cause}" if self.sentence else cause

    @property
    def error(self):
        """The transport error at the root of the failure, if any."""
        cause = self.cause
        while isinstance(cause, Failed):
            cause = cause.cause
        return cause


@dataclass(frozen=True)
class Run:
    """What every kind may need of one run: the console client, check and diff mode, and the
    connection's admin and password (which palette_system_admin makes the admin's)."""

    client: object
    check_mode: bool = False
    diff: bool = False
    username: str = None
    password: str = None


@dataclass
class Plan:
    """What a run would change.

    changes: the options (or keys of a list) that differ; before and after: the --diff views,
    secrets masked; result: what the run returns when it writes nothing; validatable: whether
    validate() would ask Palette; state: the kind's own data for apply(); by: the kind that made
    it, where a kind hands the work to another (a choice to the setting it chose); reads_after:
    path -> the body a GET of it answers once applied, for plans made after this one; settle:
    what a write sets off that apply() waits for before it reads back (callable(run) -> facts for
    the result), such as a listener reload; creates: whether apply() stores what nothing was stored
    as before (a kind that Palette creates with another call than the one that changes it).
    """

    changes: tuple
    before: dict
    after: dict
    result: dict
    validatable: bool = False
    state: object = None
    by: object = None
    reads_after: dict = field(default_factory=dict)
    settle: object = None
    creates: bool = False

    @property
    def changed(self):
        return bool(self.changes)


def run_one(kind, run, params):
    """Plan, validate where it would change, apply: the flow of every thin module."""
    plan = kind.plan(run, params)
    if plan.changed and plan.validatable:
        kind.validate(run, plan)
    return kind.apply(run, plan)


def dict_section(kind):
    """A kind's options as one dict option of the console document."""
    return {"type": "dict", "options": kind.argument_spec(), **kind.option_rules()}


def qualified(prefix, sentence, options):
    """A kind's sentence about its input, named under ``prefix`` (its section, or an item of a
    list): "smtp.port must be ...", "tenants[0].name must ...", "tenants lists 'a' more than once";
    a sentence that names no option of ``options`` comes after "prefix: "."""
    if sentence.startswith("["):
        return prefix + sentence
    first = sentence.split(" ", 1)[0]
    # A member's own option ("aws.secret_key ...") is named under the prefix like an option.
    if first.split(".", 1)[0] in options:
        return f"{prefix}.{sentence}"
    return f"{prefix} {sentence}" if first.islower() else f"{prefix}: {sentence}"
