# Copyright (c) palette.selfhosted contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    # The connection options of every palette.selfhosted module.
    # Modules do not support ansible's "env:" keys; the env fallbacks are
    # implemented with env_fallback and named in each description.
    DOCUMENTATION = r"""
requirements:
  - Python 3.8 or later on the host that runs the module, usually C(localhost).
  - The Python library C(requests) 2.25.0 or later on that host.
options:
  host:
    description:
      - Address of the Palette or Palette VerteX system console.
      - A bare host name such as V(palette.example.com), a URL such as V(https://palette.example.com),
        or either with a port (V(palette.example.com:8443)). V(https://) is assumed when no scheme is given.
      - Only scheme, host and port; a path or query is an error.
      - If not set, the value of the E(PALETTE_HOST) environment variable is used.
    type: str
    required: true
  auth_username:
    description:
      - System console admin user name, used to log in with C(POST /v1/auth/syslogin).
      - Required with O(auth_password) unless O(auth_token) is given.
      - A call that Palette answers with HTTP 401 (the token expired) is sent once more after a fresh
        login with these credentials; a refused login is never tried again (five lock the account).
      - If not set, the value of the E(PALETTE_USERNAME) environment variable is used.
    type: str
  auth_password:
    description:
      - Password of O(auth_username).
      - If not set, the value of the E(PALETTE_PASSWORD) environment variable is used.
    type: str
  auth_token:
    description:
      - A token from an earlier system console login, sent as the raw value of the C(Authorization) header.
      - Saves one login per task when many tasks run against the same console; get one with
        M(palette.selfhosted.palette_token).
      - When O(auth_username) and O(auth_password) are given too, the token is used, and they serve
        only to log in again once if Palette rejects the token (it expired).
      - If not set, the value of the E(PALETTE_TOKEN) environment variable is used.
    type: str
  validate_certs:
    description:
      - Verify the TLS certificate of the system console.
      - Set to V(false) only for a console you reach over a trusted network; prefer O(ca_path).
      - If not set, the value of the E(PALETTE_VALIDATE_CERTS) environment variable is used.
    type: bool
    default: true
  ca_path:
    description:
      - CA bundle (PEM) to verify the system console certificate with, for a private PKI.
      - If not set, the value of the E(PALETTE_CA_PATH) environment variable is used.
    type: path
  timeout:
    description:
      - Seconds to wait for each HTTP call to the system console.
      - If not set, the value of the E(PALETTE_TIMEOUT) environment variable is used.
    type: int
    default: 30
  retries:
    description:
      - How many extra tries a call gets after a connection error or an HTTP 429, 502, 503 or 504.
      - Tries are spaced by an exponential back-off (1, 2, 4, 8 seconds at most), or by the C(Retry-After)
        header of a 429 or 503 (up to 30 seconds).
      - V(0) disables retries.
      - If not set, the value of the E(PALETTE_RETRIES) environment variable is used.
    type: int
    default: 3
notes:
  - The connection options can be set once for a play with
    C(module_defaults) and the action group C(group/palette.selfhosted.palette).
  - An environment variable that is set but empty counts as not set, as when an Automation Controller
    credential type injects a field the credential leaves blank.
  - The modules honour the E(HTTPS_PROXY), E(HTTP_PROXY) and E(NO_PROXY) environment variables of the
    host that runs them, as the Python C(requests) library reads them.
"""
