"""The one fake of the Palette system API for unit tests: a `responses` route table built from
setting descriptors, plus the payloads and secrets the tests share (tests/unit/fixtures/*.json)."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

from responses import matchers

from ansible_collections.palette.selfhosted.plugins.module_utils._engine import dig

BASE_URL = "https://palette.example.com"
LOGIN_PATH = "/v1/auth/syslogin"
CONSOLE_PASSWORD = "console-Secret-42"
TOKEN = "token-9f8e7d6c5b4a"
AUDIT_UID = "audit-42"
# A complete connection for module arguments.
CONNECTION = {"host": "palette.example.com", "auth_username": "admin", "auth_password": CONSOLE_PASSWORD}

LOGIN = f"POST {LOGIN_PATH}"
# The system console's admin: what the installer sets as its password (the console wants it changed),
# its uid, and the calls about it.
INSTALL_PASSWORD = "admin"
ADMIN_UID = "admin-uid-1"
ME_PATH = "/v1/system/users/me"
CHANGE_PASSWORD_PATH = f"/v1/system/admins/{ADMIN_UID}/changePassword"
EMAIL_PATH = "/v1/system/admin/email"
# Palette's list calls answer at most this many objects (the default and maximum of `limit`).
PAGE_LIMIT = 50
# The query parameters that page a list.
PAGING = ("limit", "continue")


def fixture(name):
    """tests/unit/fixtures/<name>.json"""
    return json.loads((Path(__file__).parent / "fixtures" / f"{name}.json").read_text())


def continue_token(page):
    """The continue token that asks for page `page` (2 or more) of a list: like base64, it needs URL-encoding."""
    return f"page+{page}/=="


def me(email=None, verified=False):
    """What GET users/me answers for the admin."""
    return {
        "metadata": {"uid": ADMIN_UID, "name": "admin"},
        "spec": {"emailId": email or ""},
        "status": {"isEmailVerified": verified},
    }


# An admin fresh from the installer: no email address yet.
NEW_ADMIN = me()

# The installation's activation (paths inferred from Palette's API spec), and a key for it.
ACTIVATION_PATH = "/v1/system/activation"
ACTIVATIONS_SYSTEM_PATH = "/v1/activations/system"
ACTIVATE_PATH = "/v1/system/activate"
ACTIVATION_KEY = "activation-Key-7f3e"


def activation_state(state, activated_at=None, expires_at=None):
    """What the two activation GETs answer, (GET activation, GET activations/system), Go omitempty."""
    status = {"state": state, **({"lastActivatedAt": activated_at} if activated_at else {})}
    banner = {"state": state, **({"expiresAt": expires_at} if expires_at else {})}
    return {"spec": {"systemUid": "system-uid-1", "planUid": "trial"}, "status": status}, {"status": banner}


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

    def has_admin(self, password, reads=(NEW_ADMIN,), keeps_old_password=False):
        """A console with one admin whose password is `password`: a login is answered by the password
        it gives (401 for another; IsPasswordReset for INSTALL_PASSWORD), GET users/me answers `reads`
        one after another, a password change takes effect (unless `keeps_old_password`), and an email
        change succeeds."""
        state = {"password": password}

        def login(request):
            given = json.loads(request.body)["password"]
            if given != state["password"]:
                return 401, {}, json.dumps({"code": "Unauthorized", "message": "Invalid credentials"})
            return 200, {}, json.dumps({"Authorization": TOKEN, "IsPasswordReset": given == INSTALL_PASSWORD})

        def change(request):
            if not keeps_old_password:
                state["password"] = json.loads(request.body)["newPassword"]
            return 204, {"AuditUid": AUDIT_UID}, ""

        self.api.add_callback("POST", self.url(LOGIN_PATH), callback=login)
        for body in reads:
            self.api.get(self.url(ME_PATH), json=body)
        self.api.add_callback("PATCH", self.url(CHANGE_PASSWORD_PATH), callback=change)
        self.api.patch(self.url(EMAIL_PATH), status=204)
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
        """A keyed resource: GET lists `items` as Palette pages them (PAGE_LIMIT a page, each asked for
        with ?limit=50 and, after the first, the continue token of the one before; any other query
        finds no answer), POST creates one with `created_uid`, and each listed item can be deleted and
        updated (what reading one answers: item()). A list that is not paged answers one GET without
        a query."""
        self.lists_next(resource, items)
        self.api.post(self.url(resource.list_path), status=201, json={"uid": created_uid})
        for item in items:
            self.item(resource, dig(item, resource.uid_at))
        return self

    def lists_next(self, resource, items):
        """What the next read of the list answers, after those registered before (the last one repeats)."""
        if not resource.paged:
            self.api.get(
                self.url(resource.list_path),
                json={resource.items_at: items},
                match=[matchers.query_param_matcher({})],
            )
            return self
        pages = [items[start : start + PAGE_LIMIT] for start in range(0, len(items), PAGE_LIMIT)] or [[]]
        for number, page in enumerate(pages, start=1):
            query = {"limit": str(PAGE_LIMIT), **({"continue": continue_token(number)} if number > 1 else {})}
            listmeta = {
                "continue": continue_token(number + 1) if number < len(pages) else "",
                "count": len(items),
                "limit": PAGE_LIMIT,
                "offset": (number - 1) * PAGE_LIMIT + len(page),
            }
            self.api.get(
                self.url(resource.list_path),
                json={resource.items_at: page, "listmeta": listmeta},
                match=[matchers.query_param_matcher(query)],
            )
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

    def has_activation(self, *reads, activate=None):
        """The installation's activation: its two GETs answer `reads` (activation_state() pairs) one
        read after another, the last repeating; POST activate answers `activate` (responses keywords),
        by default 201 {uid} with an AuditUid."""
        for document, banner in reads:
            self.api.get(self.url(ACTIVATION_PATH), json=document)
            self.api.get(self.url(ACTIVATIONS_SYSTEM_PATH), json=banner)
        accepted = {"status": 201, "json": {"uid": "activation-uid-1"}, "headers": {"AuditUid": AUDIT_UID}}
        self.api.post(self.url(ACTIVATE_PATH), **(activate or accepted))
        return self

    def answer(self, method, path, **response):
        """Replace what `method path` answers (responses keywords: status, json, body, headers)."""
        self.api.replace(method, self.url(path), **response)
        return self

    @property
    def calls(self):
        """Each call as "METHOD path?query", without a list's paging parameters: a list read page by
        page shows once a page (pages() has their queries)."""
        return [f"{call.request.method} {_without_paging(call.request.path_url)}" for call in self.api.calls]

    def pages(self, resource):
        """The query parameters of each GET of `resource`'s list, in order."""
        return [
            dict(parse_qsl(urlsplit(call.request.url).query))
            for call in self.api.calls
            if call.request.method == "GET" and urlsplit(call.request.url).path == resource.list_path
        ]

    def sent(self, method, path):
        """The JSON bodies sent to `method path`, in order."""
        return [
            json.loads(call.request.body)
            for call in self.api.calls
            if (call.request.method, call.request.path_url) == (method, path)
        ]


def _without_paging(path_url):
    path, _mark, query = path_url.partition("?")
    kept = [(name, value) for name, value in parse_qsl(query, keep_blank_values=True) if name not in PAGING]
    return f"{path}?{urlencode(kept)}" if kept else path


def warning_texts(result):
    """The warnings of a module result; ansible-core 2.19 and later return each as a dict."""
    return [warning["event"]["msg"] if isinstance(warning, dict) else warning for warning in result.get("warnings", [])]
