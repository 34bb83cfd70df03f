# Copyright (c) palette.selfhosted contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The banner people must acknowledge before they sign in: v1LoginBannerSettings.

FOR INTERNAL COLLECTION USE ONLY: no compatibility promise outside palette.selfhosted.
"""

from __future__ import annotations

from ansible_collections.palette.selfhosted.plugins.module_utils._engine import Field, Setting


def _problems(params):
    # An enabled banner without text would show people an empty dialog to acknowledge.
    if params.get("enabled") and not (params.get("text") or "").strip():
        return ["text must not be empty when enabled is true."]
    return []


LOGIN_BANNER = Setting(
    name="login_banner",
    title="login banner",
    path="/v1/system/loginBanner",
    fields=(
        Field("enabled", "isEnabled", type="bool", required=True),
        Field("title", "title"),
        # The API's field is Message, with a capital M (v1LoginBannerSettings); "message" is an
        # option name Ansible keeps for itself.
        Field("text", "Message"),
    ),
    check=_problems,
)
