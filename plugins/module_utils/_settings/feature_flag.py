# Copyright (c) palette.selfhosted contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Feature flags (v1SystemFeatures as listed), keyed by the flag's key (spec.key).

FOR INTERNAL COLLECTION USE ONLY: no compatibility promise outside palette.selfhosted.
Palette's feature flags turn Tech Preview features on for every tenant (System Console > Feature
Flags). Palette has them all: none is created or removed, so an unknown key fails before any write,
and a flag's key is the way to name it (its uid differs from console to console). Enabling one is
the one change there is, and it is one-way: "once enabled it cannot be disabled", so enabled: false
for an enabled flag fails before any write. Flags vanish from the list when their feature graduates.
"""

from __future__ import annotations

from ansible_collections.palette.selfhosted.plugins.module_utils._engine import Field
from ansible_collections.palette.selfhosted.plugins.module_utils._keyed import KeyedList, KeyedResource, Update
from ansible_collections.palette.selfhosted.plugins.module_utils._validators import control_character_problems

# NOTES: the API paths are INFERRED. Palette documents feature flags only as steps in the system
# console; the paths come from its API spec (palette-sdk-go api/spec/palette.json, "Palette APIs - 4.8"):
# GET /v1/system/features (V1SystemFeaturesGet, "Lists all feature flags": v1SystemFeatures, items
# with metadata.uid and spec {key, description, docLink, isAllowed}; no limit or continue, so not paged)
# and PATCH /v1/system/features/{uid} (V1SystemFeaturesUidUpdate, v1SystemFeaturesOperation
# {isAllowed}, 204). The spec has no GET of one flag: a change is read back from the list. A console
# that answers either path with 404 or 405 does not offer this API, and the task says so.
LIST_PATH = "/v1/system/features"
ITEM_PATH = "/v1/system/features/{uid}"
INFERRED = (
    "The collection infers that API from Palette's API spec, since Palette documents feature flags only as "
    "steps in the system console: enable the flag there (System Console > Feature Flags), or use a Palette "
    "version whose system API lists them."
)


def _problems(params):
    problems = control_character_problems("key", params.get("key"))
    if not (params.get("key") or "").strip():
        problems.append("key must not be empty.")
    return problems


FEATURE_FLAG = KeyedResource(
    name="feature_flag",
    title="feature flag",
    list_path=LIST_PATH,
    item_path=ITEM_PATH,
    key=Field("key", "spec.key", strip=True),
    fields=(Field("enabled", "spec.isAllowed", type="bool", required=True),),
    updates={"enabled": Update("PATCH", "", "isAllowed")},
    check=_problems,
    creatable=False,
    removable=False,
    one_way={"enabled": True},
    paged=False,
    reads_one=False,
    inferred=INFERRED,
)
FEATURE_FLAGS = KeyedList("feature_flags", FEATURE_FLAG)
