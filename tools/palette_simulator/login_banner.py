"""The login banner (v1LoginBannerSettings): every field is x-omitempty false, so a GET shows all three."""

from __future__ import annotations

from palette_simulator.schema import SettingSchema

LOGIN_BANNER = SettingSchema(
    name="login_banner",
    definition="v1LoginBannerSettings",
    path="/v1/system/loginBanner",
    fields={"isEnabled": bool, "title": str, "Message": str},
    default={"isEnabled": False, "title": "", "Message": ""},
    always_shown=("isEnabled", "title", "Message"),
)
