# Copyright (c) palette.selfhosted contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""How long a system console login lasts: v1AuthTokenSettings.

FOR INTERNAL COLLECTION USE ONLY: no compatibility promise outside palette.selfhosted.
"""

from __future__ import annotations

from ansible_collections.palette.selfhosted.plugins.module_utils._engine import Field, Setting
from ansible_collections.palette.selfhosted.plugins.module_utils._validators import range_problems

# The bounds of expiryTimeMinutes in the Palette swagger.
SHORTEST, LONGEST = 15, 1440

SESSION_TIMEOUT = Setting(
    name="session_timeout",
    title="session timeout",
    path="/v1/system/authTokenSettings",
    fields=(Field("expiry_minutes", "expiryTimeMinutes", type="int", required=True),),
    check=lambda params: range_problems("expiry_minutes", params.get("expiry_minutes"), SHORTEST, LONGEST),
)
