"""The classification banner (v1ClassificationBanner): {config}, a JSON document as a string.

Palette keeps the string as sent; one that is not a JSON object is refused.
"""

from __future__ import annotations

import json

from palette_simulator.schema import Rejected, SettingSchema


def a_json_object(spec, _console):
    text = spec.get("config", "")
    if text:
        try:
            document = json.loads(text)
        except ValueError:
            document = None
        if not isinstance(document, dict):
            raise Rejected("InvalidRequest", "config must be a JSON object")
    return spec


CLASSIFICATION_BANNER = SettingSchema(
    name="classification_banner",
    definition="v1ClassificationBanner",
    path="/v1/system/classificationBanner",
    fields={"config": str},
    on_save=a_json_object,
)
