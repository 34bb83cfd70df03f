# Copyright (c) palette.selfhosted contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The Ansible side of every palette.selfhosted module.

FOR INTERNAL COLLECTION USE ONLY: no compatibility promise outside palette.selfhosted.
PaletteModule merges the connection options (documented once in the doc fragment
palette.selfhosted.connection), checks all input before any API call, connects, and owns
the failure path: transport errors become sentences that name the options to change, and a
resource kind's Failed its sentence and partial result. run_module() is the main() of every
module that applies a resource kind (see _resource), the console document's included.
"""

from __future__ import annotations

import dataclasses
import os

from ansible.module_utils.basic import AnsibleFallbackNotFound, AnsibleModule, missing_required_lib

from ansible_collections.palette.selfhosted.plugins.module_utils import _system_admin, _transport
from ansible_collections.palette.selfhosted.plugins.module_utils._document import CachedReads
from ansible_collections.palette.selfhosted.plugins.module_utils._keyed import KeyedList
from ansible_collections.palette.selfhosted.plugins.module_utils._resource import Failed, Run, run_one
from ansible_collections.palette.selfhosted.plugins.module_utils._transport import (
    HAS_REQUESTS,
    REQUESTS_IMPORT_ERROR,
    UNOFFERED,
    InvalidAddress,
    PaletteApiError,
    PaletteClient,
    normalize_host,
)


def env_unless_empty(*names):
    """The first of the environment variables that is set and not empty.

    Automation Controller's credential types inject every field they have, so a credential with a
    user name and password also sets PALETTE_TOKEN="": an empty variable counts as not given.
    """
    for name in names:
        value = os.environ.get(name)
        if value:
            return value
    raise AnsibleFallbackNotFound


def _from_env(name):
    return (env_unless_empty, [name])


CONNECTION_ARGUMENT_SPEC = {
    "host": {"type": "str", "required": True, "fallback": _from_env("PALETTE_HOST")},
    "auth_username": {"type": "str", "fallback": _from_env("PALETTE_USERNAME")},
    "auth_password": {"type": "str", "no_log": True, "fallback": _from_env("PALETTE_PASSWORD")},
    "auth_token": {"type": "str", "no_log": True, "fallback": _from_env("PALETTE_TOKEN")},
    "validate_certs": {"type": "bool", "default": True, "fallback": _from_env("PALETTE_VALIDATE_CERTS")},
    "ca_path": {"type": "path", "fallback": _from_env("PALETTE_CA_PATH")},
    "timeout": {"type": "int", "default": 30, "fallback": _from_env("PALETTE_TIMEOUT")},
    "retries": {"type": "int", "default": 3, "fallback": _from_env("PALETTE_RETRIES")},
}

# A token and credentials may both be given (say a role's token and a controller credential's user
# name and password): the token is used, the credentials only to renew it once it has expired.
CONNECTION_RULES = {
    "required_together": [("auth_username", "auth_password")],
    "required_one_of": [("auth_token", "auth_username")],
}

# What to change, by the kind of transport failure.
HINTS = {
    _transport.CREDENTIALS_REJECTED: "Check auth_username and auth_password (or PALETTE_USERNAME / PALETTE_PASSWORD).",
    _transport.PASSWORD_CHANGE_REQUIRED: "Change it with palette.selfhosted.palette_system_admin, the password the "
    "console has now as initial_password and the new one as auth_password; later tasks then give the new one.",
    _transport.MFA_REQUIRED: "Use a system console account without MFA or passkeys for automation.",
    _transport.FORBIDDEN: "Use a system admin account.",
    _transport.NOT_FOUND: "Set host to the system console of a self-hosted Palette or Palette VerteX.",
    _transport.TIMEOUT: "Check that the address is reachable, or raise the timeout option.",
    _transport.UNREACHABLE: "Check host and that the Palette system console is reachable from where the task runs.",
}
TLS_HINT = (
    "Set ca_path to the CA bundle that signed the Palette certificate, or (not recommended) validate_certs: false."
)
TLS_HINT_UNVERIFIED = "Check that the address speaks HTTPS."
TOKEN_EXPIRED_HINT = (
    "The token has probably expired (Palette's tokens last 15 minutes unless palette_session_timeout says "
    "otherwise): get a new one with palette.selfhosted.palette_token, or give auth_username and auth_password."
)
FRESH_TOKEN_REJECTED_HINT = "Palette refused even a fresh login's token: check that auth_username is a system admin."


class PaletteModule:
    """An AnsibleModule with the connection options, that fails before any API call without
    requests or with every problem the connection checks and the module's own ``check(params)``
    find, all at once."""

    def __init__(self, argument_spec=None, check=None, **kwargs):
        # A module's own rules of a kind the connection has too (a group's required_one_of) go with them.
        rules = {name: [*rule, *kwargs.pop(name, ())] for name, rule in CONNECTION_RULES.items()}
        self.ansible = AnsibleModule(
            argument_spec={**CONNECTION_ARGUMENT_SPEC, **(argument_spec or {})}, **rules, **kwargs
        )
        if not HAS_REQUESTS:
            self.ansible.fail_json(msg=missing_required_lib("requests"), exception=REQUESTS_IMPORT_ERROR)
        problems = connection_problems(self.params) + (check(self.params) if check else [])
        if problems:
            self.ansible.fail_json(msg="Invalid options: " + " ".join(problems))

    @property
    def params(self):
        return self.ansible.params

    def warn(self, sentence):
        self.ansible.warn(sentence)

    def connect(self, scrub_received_secrets=True, login=True):
        """A client for the console, logged in unless a token was given (or ``login`` is false:
        the caller logs in itself); the secrets it receives join the module's no_log values
        (unless told not to: see run())."""
        params = self.params
        credentials = (params["auth_username"], params["auth_password"]) if params["auth_username"] else None
        client = PaletteClient(
            host=params["host"],
            token=params["auth_token"],
            credentials=credentials,
            validate_certs=params["validate_certs"],
            ca_path=params["ca_path"],
            timeout=params["timeout"],
            retries=params["retries"],
            secrets=self.ansible.no_log_values if scrub_received_secrets else set(),
        )
        if login and not params["auth_token"]:
            client.login(*credentials)
        return client

    def run(self, action, scrub_received_secrets=True, login=True):
        """Exit with ``action(run)``'s result, ``run`` being the Run of this task, or fail with a
        sentence, what Palette said and the result so far.

        The token and any secret read back are scrubbed from the output, unless returning one is
        the module's point (palette_token, whose action plugin hides its whole result instead).
        """
        params = self.params
        try:
            run = Run(
                self.connect(scrub_received_secrets, login),
                check_mode=self.ansible.check_mode,
                diff=self.ansible._diff,
                username=params["auth_username"],
                password=params["auth_password"],
            )
            result = action(run)
        except PaletteApiError as exc:
            self.ansible.fail_json(msg=self.sentence(exc), error=exc.to_dict())
        except Failed as exc:
            error = exc.error
            details = {"error": error.to_dict()} if isinstance(error, PaletteApiError) else {}
            partial = dict(exc.result)
            # A failed run's warnings (a trial that ends soon) go out through warn() as a finished run's do.
            for warning in partial.pop("warnings", ()):
                self.warn(warning)
            self.ansible.fail_json(msg=exc.message(self.sentence), **{**partial, **details})
        # Warnings a kind found on the way go through warn(): exit_json(warnings=...) is deprecated.
        for warning in result.pop("warnings", ()):
            self.warn(warning)
        self.ansible.exit_json(**result)

    def sentence(self, exc):
        if exc.kind == _transport.TLS:
            hint = TLS_HINT if self.params["validate_certs"] else TLS_HINT_UNVERIFIED
        elif exc.kind == _transport.TOKEN_REJECTED:
            hint = FRESH_TOKEN_REJECTED_HINT if self.params["auth_username"] else TOKEN_EXPIRED_HINT
        else:
            hint = HINTS.get(exc.kind)
        return f"{exc} {hint}" if hint else str(exc)


def connection_problems(params):
    """Every problem with the connection options, as sentences; empty when they are fine."""
    problems = []
    try:
        normalize_host(params["host"])
    except InvalidAddress as exc:
        problems.append(_host_sentence(params["host"], exc))
    if params["timeout"] <= 0:
        problems.append(f"timeout must be a positive number of seconds, got {params['timeout']}.")
    if params["retries"] < 0:
        problems.append(f"retries must be 0 or more, got {params['retries']}.")
    if params.get("ca_path"):
        problems.extend(_ca_path_problems(params["ca_path"]))
    return problems


def _host_sentence(host, exc):
    if exc.carries_credentials:
        return f"host {exc}; use auth_username and auth_password."
    return f"host {host!r} {exc}." if host.strip() else f"host {exc}."


def _ca_path_problems(ca_path):
    """A CA bundle file must be readable PEM; a directory is taken as an OpenSSL CA directory."""
    if os.path.isdir(ca_path):
        return [] if os.access(ca_path, os.R_OK | os.X_OK) else [f"ca_path {ca_path} is not a readable directory."]
    try:
        with open(ca_path, "rb") as bundle:
            text = bundle.read()
    except OSError as exc:
        return [f"ca_path {ca_path} cannot be read: {exc.strerror}."]
    if b"-----BEGIN CERTIFICATE-----" not in text:
        return [f"ca_path {ca_path} is not a PEM CA bundle (it has no BEGIN CERTIFICATE block)."]
    return []


def run_module(kind):
    """main() of a module that applies a resource kind: its options checked before any call, its
    warnings about the desired state, then plan, validate where it would change, and apply."""
    module = PaletteModule(kind.argument_spec(), check=kind.check, supports_check_mode=True, **kind.option_rules())
    params = module.params
    for value in kind.public_values(params) if hasattr(kind, "public_values") else ():
        module.ansible.no_log_values.discard(value)
    for warning in kind.warnings(params):
        module.warn(warning)
    module.run(lambda run: run_one(kind, run, params), login=not getattr(kind, "signs_in", False))


def run_info_module(setting):
    """main() of a setting's _info module: read it, change nothing."""
    module = PaletteModule(supports_check_mode=True)

    def read(run):
        view, facts = setting.info(run)
        return {"changed": False, setting.name: view, **facts}

    module.run(read)


CONFIG = "config"


def informed_kinds(document, settings):
    """The document's other kinds that offer ``info(run)`` as a setting does (view, facts): each is a
    part of palette_system_info (the activation)."""
    return [
        kind
        for kind in document.sections
        if kind not in settings and not isinstance(kind, KeyedList) and hasattr(kind, "info")
    ]


def system_info_parts(document, settings):
    """What palette_system_info can return, by name: the admin, every setting, every other kind that
    offers info(run), every keyed list, and the console document (``config``)."""
    keyed = [kind.name for kind in document.sections if isinstance(kind, KeyedList)]
    informed = [kind.name for kind in informed_kinds(document, settings)]
    return ["admin", *(setting.name for setting in settings), *informed, *keyed, CONFIG]


def _merged(info):
    view, facts = info
    return {**view, **facts}


def _read_part(result, name, read):
    """``result[name] = read()``; a part whose API the console does not offer (a path inferred from
    the spec) reads as None, with Palette's answer as a warning."""
    try:
        result[name] = read()
    except PaletteApiError as exc:
        if exc.kind != UNOFFERED:
            raise
        result[name] = None
        result.setdefault("warnings", []).append(str(exc))


def run_system_info_module(document, settings):
    """main() of palette_system_info: the parts named in ``settings`` (all when left out), each
    setting read once however many parts show it, with one login."""
    names = system_info_parts(document, settings)
    module = PaletteModule(
        {"settings": {"type": "list", "elements": "str", "choices": names}},
        supports_check_mode=True,
    )
    asked = module.params["settings"] or names
    lists = {kind.name: kind for kind in document.sections if isinstance(kind, KeyedList)}
    informed = informed_kinds(document, settings)

    def read_all(run):
        run = dataclasses.replace(run, client=CachedReads(run.client))
        result = {"changed": False}
        if "admin" in asked:
            result["admin"] = _system_admin.describe(run.client)
        for kind in (*settings, *informed):
            if kind.name in asked:
                _read_part(result, kind.name, lambda kind=kind: _merged(kind.info(run)))
        for name, kind in lists.items():
            if name in asked:
                _read_part(result, name, lambda kind=kind: kind.resource.describe_all(run))
        if CONFIG in asked:
            config, left_out = document.describe(run)
            result.update(
                config=config,
                config_left_out=list(left_out),
                config_placeholders=document.with_placeholders(config, left_out),
            )
        return result

    module.run(read_all)
