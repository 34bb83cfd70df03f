"""Feature flags (System Console > Feature Flags): list them (GET /v1/system/features) and allow one
(PATCH /v1/system/features/{uid} with v1SystemFeaturesOperation {isAllowed}, 204).

Palette documents the flags only as UI steps; the paths and shapes are those of its API spec
(V1SystemFeaturesGet, V1SystemFeaturesUidUpdate), which the collection infers too. The list call
takes no limit or continue in the spec, so it is one unpaged answer (v1SystemFeatures, no listmeta).
The flags are the documented ones: AwsSecretPartition, AzureUSSecretCloud (Palette VerteX only) and
LxdMaas, none allowed on a new console. Allowing one is one-way ("once enabled it cannot be
disabled"): isAllowed false for an allowed flag is refused with a 400 v1Error.
"""

from __future__ import annotations

import hashlib
import re

from palette_simulator.replies import answer, error

LIST_PATH = "/v1/system/features"
ITEM_PATH = re.compile(r"^/v1/system/features/(?P<uid>[^/]+)$")
EVERY_EDITION = ("palette", "vertex")
# key -> (description, the editions that have it).
FLAGS = {
    "AwsSecretPartition": ("Deploy clusters to the AWS Secret partition", EVERY_EDITION),
    "AzureUSSecretCloud": ("Deploy clusters to the Azure US Secret cloud", ("vertex",)),
    "LxdMaas": ("Deploy LXD clusters on MAAS", EVERY_EDITION),
}


def seeded():
    """The flags of a new console: key -> v1SystemFeature, none allowed. A flag's uid is the console's
    own (derived from its key here, so that tests can name it)."""
    return {
        key: {
            "metadata": {"uid": hashlib.sha256(key.encode()).hexdigest()[:24], "name": key},
            "spec": {"key": key, "description": description, "isAllowed": False},
        }
        for key, (description, _editions) in FLAGS.items()
    }


def routes(console):
    """(method, path pattern, handler(body, admin, **path parameters)) for the console."""
    return [
        ("GET", re.compile(f"^{LIST_PATH}$"), lambda _body, _admin: answer(200, {"items": _listed(console)})),
        ("PATCH", ITEM_PATH, lambda body, _admin, uid: _allow(console, uid, body)),
    ]


def _listed(console):
    """The flags of the console's edition, in a stable order."""
    edition = console.settings["edition"]
    return [flag for key, flag in console.feature_flags.items() if edition in FLAGS.get(key, ("", EVERY_EDITION))[1]]


def _allow(console, uid, body):
    flag = next((flag for flag in _listed(console) if flag["metadata"]["uid"] == uid), None)
    if flag is None:
        return error(404, "ResourceNotFound", f"feature {uid} not found")
    if not isinstance(body, dict) or not isinstance(body.get("isAllowed"), bool):
        return error(400, "InvalidRequest", "request body must be a v1SystemFeaturesOperation object with isAllowed")
    if flag["spec"]["isAllowed"] and not body["isAllowed"]:
        return error(400, "FeatureCannotBeDisabled", f"feature {flag['spec']['key']} is enabled and cannot be disabled")
    flag["spec"]["isAllowed"] = body["isAllowed"]
    return answer(204)
