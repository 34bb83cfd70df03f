"""What only the system registries have: the ECR body with its fixed credential type and scope, the
checks of each type's options, and the pack sync's states. palette_system_registry's tests run a
basic registry end to end."""

from __future__ import annotations

import pytest

from ansible_collections.palette.selfhosted.plugins.module_utils._settings.system_registry import (
    ECR,
    SYSTEM_REGISTRY,
    TYPES,
)

ECR_PARAMS = {
    "name": "ecr-charts",
    "type": "ecr",
    "endpoint": "123456789012.dkr.ecr.us-east-1.amazonaws.com",
    "provider_type": "helm",
    "synchronization": True,
    "contains_spectro_manifest": False,
    "private": True,
    "default_region": "us-east-1",
    "access_key": "AKIAEXAMPLE0123456789",
    "secret_key": "ecr-Secret-55",
    "insecure_skip_verify": False,
    "sync_timeout": 600,
}


def test_an_ecr_body_carries_its_fixed_credential_type_and_scope():
    body = ECR.to_api(ECR.desired(ECR_PARAMS))
    assert body["metadata"] == {"name": "ecr-charts"}
    assert body["spec"]["scope"] == "system"
    assert body["spec"]["credentials"] == {
        "accessKey": "AKIAEXAMPLE0123456789",
        "secretKey": "ecr-Secret-55",
        "credentialType": "secret",
    }
    assert body["spec"]["tls"] == {"ca": "", "insecureSkipVerify": False, "enabled": True}
    assert body["spec"]["isPrivate"] is True


def test_an_ecr_registry_as_given_is_accepted():
    assert SYSTEM_REGISTRY.check(ECR_PARAMS) == []


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"provider_type": "zarf"}, "provider_type: zarf is for basic registries only."),
        ({"secret_key": None}, "private: true needs access_key and secret_key, with which Palette signs in to ECR."),
        ({"username": "robot"}, "username does not apply to type: ecr."),
        ({"endpoint": "ecr\nexample"}, "endpoint must not contain control characters such as CR or LF."),
    ],
)
def test_bad_ecr_input(change, problem):
    assert problem in SYSTEM_REGISTRY.check({**ECR_PARAMS, **change})


def test_a_public_ecr_registry_needs_no_keys():
    params = {**ECR_PARAMS, "private": False, "access_key": None, "secret_key": None}
    assert SYSTEM_REGISTRY.check(params) == []


def test_the_type_and_endpoint_are_required_only_to_make_one_present():
    rules = SYSTEM_REGISTRY.option_rules()["required_if"]
    assert ("state", "present", ["type", "endpoint"]) in rules
    spec = SYSTEM_REGISTRY.argument_spec()
    assert "required" not in spec["type"]
    assert "required" not in spec["endpoint"]
    assert spec["name"]["required"] is True


def test_each_types_secrets_are_no_log_and_have_their_update_option():
    spec = SYSTEM_REGISTRY.argument_spec()
    for secret in ("password", "token", "secret_key"):
        assert spec[secret]["no_log"] is True
        assert spec[f"update_{secret}"]["choices"] == ["on_change", "always"]
    assert set(TYPES.choices) == {"basic", "ecr"}
