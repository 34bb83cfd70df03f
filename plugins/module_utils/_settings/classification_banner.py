# Copyright (c) palette.selfhosted contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The classification banner shown on every console page: v1ClassificationBanner.

FOR INTERNAL COLLECTION USE ONLY: no compatibility promise outside palette.selfhosted.
Its one field, config, is a JSON document carried as a string; the engine's "json" type compares
it as data.
"""

from __future__ import annotations

from ansible_collections.palette.selfhosted.plugins.module_utils._engine import Field, Setting

CLASSIFICATION_BANNER = Setting(
    name="classification_banner",
    title="classification banner",
    path="/v1/system/classificationBanner",
    fields=(Field("config", "config", type="json", required=True),),
)
