"""The one fake of the Palette system API for unit tests: a `responses` route table built from
setting descriptors, plus the payloads and secrets the tests share (tests/unit/fixtures/*.json)."""

from __future__ import annotations

import json
from pathlib import Path

from ansible_collections.palette.selfhosted.plugins.module_utils._engine import dig

BASE_URL = "https://palette.example.com"
LOGIN_PATH = "/v1/auth/syslogin"
CONSOLE_PASSWORD = "console-Secret-42"
TOKEN = "token-9f8e7d6c5b4a"
AUDIT_UID = "audit-42"
# A complete connection for module arguments.
CONNECTION = {"host": "palette.example.com", "auth_username": "admin", "auth_password": CONSOLE_PASSWORD}

LOGIN = f"POST {LOGIN_PATH}"


def fixture(name):
    """tests/unit/fixtures/<name>.json"""
    return json.loads((Path(__file__).parent / "fixtures" / f"{name}.json").read_text())


def get(setting):
    return f"GET {setting.path}"


def validate(setting):
    return f"{setting.validate_method} {setting.validate_path}"


def put(setting):
    return f"PUT {setting.path}"


class FakePalette:
    """A console whose stored settings are what the test says; unexpected calls fail the test.

    Every answer can be replaced with answer(method, path, ...) (a status, a body, an exception).
    """

    def __init__(self, api, base_url=BASE_URL):
        self.api = api
        self.base_url = base_url

    def url(self, path):
        return self.base_url + path

    def accepts_login(self, token=TOKEN):
        self.api.post(self.url(LOGIN_PATH), json={"Authorization": token, "IsPasswordReset": False})
        return self

    def stores(self, setting, stored, then=None):
        """GET answers `stored`; validation and PUT succeed; after a write GET answers `then`."""
        self.api.get(self.url(setting.path), json=stored)
        if setting.validate_path:
            self.api.add(
                setting.validate_method, self.url(setting.validate_path), status=204, headers={"AuditUid": AUDIT_UID}
            )
        self.api.put(self.url(setting.path), status=204)
        if then is not None:
            self.api.get(self.url(setting.path), json=then)
        return self

    def lists(self, resource, items, created_uid="new-uid"):
        """A keyed resource: GET lists `items`, POST creates one with `created_uid`, and each listed
        item can be deleted and updated (what reading one answers: item())."""
        self.api.get(self.url(resource.list_path), json={resource.items_at: items})
        self.api.post(self.url(resource.list_path), status=201, json={"uid": created_uid})
        for item in items:
            self.item(resource, dig(item, resource.uid_at))
        return self

    def item(self, resource, uid, *reads):
        """What reading the item `uid` answers, one read after another; deleting and updating it succeed."""
        url = self.url(resource.item_path.format(uid=uid))
        for body in reads:
            self.api.get(url, json=body)
        self.api.delete(url, status=204)
        for update in resource.updates.values():
            self.api.add(update.method, url + update.path_suffix, status=204)
        return self

    def answer(self, method, path, **response):
        """Replace what `method path` answers (responses keywords: status, json, body, headers)."""
        self.api.replace(method, self.url(path), **response)
        return self

    @property
    def calls(self):
        return [f"{call.request.method} {call.request.path_url}" for call in self.api.calls]

    def sent(self, method, path):
        """The JSON bodies sent to `method path`, in order."""
        return [
            json.loads(call.request.body)
            for call in self.api.calls
            if (call.request.method, call.request.path_url) == (method, path)
        ]


def warning_texts(result):
    """The warnings of a module result; ansible-core 2.19 and later return each as a dict."""
    return [warning["event"]["msg"] if isinstance(warning, dict) else warning for warning in result.get("warnings", [])]
