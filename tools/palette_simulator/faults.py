"""Misbehaviour the simulator can be told to show on any call."""

from __future__ import annotations

from dataclasses import dataclass

# The system console's login (every console serves it), which is never a write.
LOGIN_PATH = "/v1/auth/syslogin"
WRITE = "<the next write>"


@dataclass
class Fault:
    """Misbehaviour for the next ``count`` calls of ``method path`` (method None: any; path WRITE: the
    next call that changes something, whatever its path: not a GET, a login or a validation).

    status: answer this status (with a v1Error body) instead of serving the call;
    retry_after: add a Retry-After header; delay: sleep this long first;
    malformed: answer 200 with a body that is not JSON; drop: close the connection.
    """

    path: str
    method: str | None = None
    count: int = 1
    status: int | None = None
    retry_after: float | None = None
    delay: float = 0.0
    malformed: bool = False
    drop: bool = False

    def matches(self, method, path):
        if self.path == WRITE:
            return self.count > 0 and method != "GET" and path != LOGIN_PATH and not path.endswith("/validate")
        return self.count > 0 and self.path == path and self.method in (None, method)
