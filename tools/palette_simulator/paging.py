"""Lists served a page at a time, as Palette's list calls do (v1ListMetaData): at most ``limit``
items per call (default and maximum 50), and in ``listmeta.continue`` an opaque token for the next
page, which the next call sends with the same query; an empty token after the last page."""

from __future__ import annotations

import base64
import secrets
import threading

from palette_simulator.replies import answer, error

LIMIT = 50


class Pager:
    """The continue tokens one console has handed out, each bound to its list and to where the
    next page starts, so that a token made up or sent to another list is refused as Palette would."""

    def __init__(self):
        self._lock = threading.Lock()
        self._tokens = {}  # token -> (list name, offset of the next page)

    def page(self, name, items, query):
        """The answer to a GET of the list ``name`` holding ``items``, for the query parameters
        ``query`` (name -> value): one page, or a 400 v1Error for a bad limit or token."""
        limit = query.get("limit", "")
        try:
            limit = int(limit) if limit else LIMIT
        except ValueError:
            return error(400, "InvalidRequest", f"limit must be an integer, got {limit!r}")
        # Not documented below 1: like Go's zero value, taken as unset.
        limit = LIMIT if limit < 1 else min(limit, LIMIT)
        offset = 0
        if query.get("continue"):
            with self._lock:
                list_name, offset = self._tokens.get(query["continue"], (None, 0))
            if list_name != name:
                return error(400, "InvalidRequest", f"continue token {query['continue']!r} is not valid for {name}")
        items = list(items)
        shown = items[offset : offset + limit]
        following = offset + len(shown)
        token = self._issue(name, following) if following < len(items) else ""
        listmeta = {"continue": token, "count": len(items), "limit": limit, "offset": following}
        return answer(200, {"items": shown, "listmeta": listmeta})

    def _issue(self, name, offset):
        # Standard base64 (+, / and =): a client that does not URL-encode the token sends another one.
        token = base64.b64encode(secrets.token_bytes(16)).decode()
        with self._lock:
            self._tokens[token] = (name, offset)
        return token
