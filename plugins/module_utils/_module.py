# Copyright (c) palette.selfhosted contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The Ansible side of every palette.selfhosted module.

FOR INTERNAL COLLECTION USE ONLY: no compatibility promise outside palette.selfhosted.
PaletteModule merges the connection options (documented once in the doc fragment
palette.selfhosted.connection), checks all input before any API call, connects, and owns
the failure path: transport and engine errors become sentences that name the options to change.
"""

from __future__ import annotations

import os

from ansible.module_utils.basic import AnsibleFallbackNotFound, AnsibleModule, missing_required_lib

from ansible_collections.palette.selfhosted.plugins.module_utils import _engine, _keyed, _system_admin, _transport
from ansible_collections.palette.selfhosted.plugins.module_utils._transport import (
    HAS_REQUESTS,
    REQUESTS_IMPORT_ERROR,
    InvalidAddress,
    PaletteApiError,
    PaletteClient,
    normalize_host,
)
from ansible_collections.palette.selfhosted.plugins.module_utils._validators import email_problems


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
        self.ansible = AnsibleModule(
            argument_spec={**CONNECTION_ARGUMENT_SPEC, **(argument_spec or {})}, **CONNECTION_RULES, **kwargs
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
        the action logs in itself); the secrets it receives join the module's no_log values
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
        """Exit with ``action(client)``'s result, or fail with a sentence and what Palette said.

        The token and any secret read back are scrubbed from the output, unless returning one is
        the module's point (palette_token, whose action plugin hides its whole result instead).
        """
        try:
            result = action(self.connect(scrub_received_secrets, login))
        except PaletteApiError as exc:
            self.ansible.fail_json(msg=self.sentence(exc), error=exc.to_dict())
        except _engine.NotKept as exc:
            self.ansible.fail_json(msg=not_kept_sentence(exc), **exc.result)
        except _keyed.CannotChange as exc:
            self.ansible.fail_json(msg=cannot_change_sentence(exc), changed=False)
        except _system_admin.NotChanged as exc:
            self.ansible.fail_json(msg=str(exc), changed=True)
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


def not_kept_sentence(exc):
    """Why the task fails when Palette's read-back differs from what was sent."""
    setting = exc.setting
    secrets = {f.option for f in setting.secrets}
    reasons = []
    for option in exc.options:
        if option in secrets:
            reasons.append(f"the {option}")
            continue
        reason = f"{option} (sent {exc.sent[option]!r}, reads back {exc.saved[option]!r})"
        hint = setting.unkept_hints.get(option)
        reasons.append(f"{reason}: {hint}" if hint else reason)
    return f"Palette saved the {setting.title} but did not keep " + "; ".join(reasons) + "."


def cannot_change_sentence(exc):
    """Why the task fails when it asks for a change Palette cannot make to an existing object."""
    resource = exc.resource
    secrets = {f.option for f in resource.secrets}
    changes = [
        option
        if option in secrets
        else f"{option} (it has {exc.current[option]!r}, the task gives {exc.given[option]!r})"
        for option in exc.options
    ]
    key = exc.given[resource.key.option]
    return (
        f"Palette cannot change {'; '.join(changes)} of the existing {resource.title} {key!r}. "
        "Give the values it has, or remove it (state: absent) and create it anew."
    )


def setting_argument_spec(setting):
    """The module options of a setting: its fields, ``validate`` where Palette can validate,
    and ``update_<secret>`` for each secret."""
    spec = {}
    for f in setting.fields:
        # Every option says whether it is a secret, so that none is taken for one by its name.
        option = {"type": f.option_type, "no_log": f.secret}
        if f.required:
            option["required"] = True
        if f.default is not None:
            option["default"] = f.default
        if f.choices:
            option["choices"] = list(f.choices)
        spec[f.option] = option
    if setting.validate_path:
        spec["validate"] = {"type": "bool", "default": True}
    for f in setting.secrets:
        spec[f"update_{f.option}"] = {
            "type": "str",
            "choices": list(_engine.UPDATE_CHOICES),
            "default": _engine.ON_CHANGE,
            "no_log": False,
        }
    return spec


def run_setting_module(setting):
    """main() of a setting module: warn about the desired config, then apply it."""
    module = PaletteModule(setting_argument_spec(setting), check=setting.check, supports_check_mode=True)
    _apply_setting(module, setting)


def _apply_setting(module, setting):
    params = module.params
    desired = setting.desired(params)
    for warning in setting.warnings(desired):
        module.warn(warning)
    module.run(
        lambda client: _engine.apply(
            setting,
            client,
            desired,
            update_secrets={f.option: params[f"update_{f.option}"] for f in setting.secrets},
            validate=params.get("validate", False),
            check_mode=module.ansible.check_mode,
            diff=module.ansible._diff,
        )
    )


def setting_choice_argument_spec(option, choices):
    """The options of a module whose ``option`` chooses the setting it applies (palette_backup's
    storage), and the required_if rules for what only one choice requires."""
    specs = {choice: setting_argument_spec(setting) for choice, setting in choices.items()}
    spec = {option: {"type": "str", "required": True, "choices": list(choices)}}
    required_if = []
    for choice, own in specs.items():
        for name, option_spec in own.items():
            option_spec = dict(option_spec)
            required = option_spec.pop("required", False)
            if required and not all(other.get(name, {}).get("required") for other in specs.values()):
                required_if.append((option, choice, [name]))
            elif required:
                option_spec["required"] = True
            spec.setdefault(name, option_spec)
    return spec, required_if


def run_setting_choice_module(option, choices):
    """main() of a module whose ``option`` chooses which setting it applies: an option of another
    choice is refused before any call, so that nothing given is silently ignored."""
    spec, required_if = setting_choice_argument_spec(option, choices)

    def check(params):
        chosen = choices[params[option]]
        own = {option, *setting_argument_spec(chosen)}
        given = [name for name in spec if "default" not in spec[name] and params.get(name) is not None]
        foreign = [name for name in given if name not in own]
        return [f"{name} does not apply to {option}: {params[option]}." for name in foreign] + chosen.check(params)

    module = PaletteModule(spec, check=check, required_if=required_if, supports_check_mode=True)
    _apply_setting(module, choices[module.params[option]])


def keyed_argument_spec(resource):
    """The module options of a keyed resource: its key, its fields (left out: not managed), and state."""
    spec = {resource.key.option: {"type": resource.key.option_type, "required": True}}
    for f in resource.fields:
        spec[f.option] = {"type": f.option_type, "no_log": f.secret}
        if f.choices:
            spec[f.option]["choices"] = list(f.choices)
    spec["state"] = {"type": "str", "choices": [_keyed.PRESENT, _keyed.ABSENT], "default": _keyed.PRESENT}
    return spec


def run_keyed_module(resource):
    """main() of a keyed resource's module: make one object present as given, or absent."""
    module = PaletteModule(
        keyed_argument_spec(resource),
        check=resource.check,
        required_if=[("state", _keyed.PRESENT, list(resource.required_to_create))],
        supports_check_mode=True,
    )
    params = module.params
    desired = {
        f.option: None if params[f.option] is None else f.from_param(params[f.option])
        for f in (resource.key, *resource.fields)
    }
    module.run(
        lambda client: _keyed.apply_keyed(
            resource, client, desired, params["state"], check_mode=module.ansible.check_mode, diff=module.ansible._diff
        )
    )


def run_system_admin_module():
    """main() of palette_system_admin: the connection's auth_password becomes the admin's."""

    def problems(params):
        found = [] if params["email"] is None else email_problems("email", params["email"])
        if not params["auth_password"]:
            found.append("palette_system_admin needs auth_password: the password the admin is to have.")
        elif params["initial_password"] == params["auth_password"]:
            found.append("initial_password must differ from auth_password, the password the admin is to have.")
        if params["auth_token"] and params["initial_password"]:
            found.append("initial_password needs a login with it, not auth_token: leave out auth_token.")
        if params["auth_password_refused"] and not params["initial_password"]:
            found.append("auth_password_refused needs initial_password, the password to log in with instead.")
        return found

    module = PaletteModule(
        {
            "initial_password": {"type": "str", "no_log": True},
            "auth_password_refused": {"type": "bool", "default": False},
            "email": {"type": "str"},
        },
        check=problems,
        supports_check_mode=True,
    )
    params = module.params
    module.run(
        lambda client: _system_admin.apply_system_admin(
            client,
            params["auth_username"],
            params["auth_password"],
            initial_password=params["initial_password"],
            email=params["email"],
            password_refused=params["auth_password_refused"],
            check_mode=module.ansible.check_mode,
            diff=module.ansible._diff,
        ),
        login=False,
    )


def run_info_module(setting):
    """main() of a setting's _info module: read it, change nothing."""
    module = PaletteModule(supports_check_mode=True)
    module.run(lambda client: {"changed": False, **_engine.describe(setting, client)})


def run_system_info_module(settings, resources=()):
    """main() of palette_system_info: the admin, every setting and every keyed resource's list (or
    those named in ``settings``), with one login."""
    names = ["admin"] + [setting.name for setting in settings] + [f"{resource.name}s" for resource in resources]
    module = PaletteModule(
        {"settings": {"type": "list", "elements": "str", "choices": names}},
        supports_check_mode=True,
    )
    asked = module.params["settings"] or names

    def read_all(client):
        result = {"changed": False}
        if "admin" in asked:
            result["admin"] = _system_admin.describe(client)
        result.update({s.name: _engine.summarize(s, client) for s in settings if s.name in asked})
        result.update({f"{r.name}s": _keyed.list_all(r, client) for r in resources if f"{r.name}s" in asked})
        return result

    module.run(read_all)
