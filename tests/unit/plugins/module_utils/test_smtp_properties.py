"""Properties of the options <-> v1SystemSmtpSpec mapping and the comparison, over generated configs."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from ansible_collections.palette.selfhosted.plugins.module_utils.smtp import (
    PASSWORD_MASK,
    check_params,
    diff_view,
    plan,
    public_view,
    spec_from_api,
    spec_from_params,
    spec_to_api,
)

labels = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=12)
hostnames = st.lists(labels, min_size=2, max_size=4).map(".".join)
secrets = st.text(min_size=1, max_size=40).filter(lambda text: text.strip("*") and text.strip())
usernames = st.text(alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=1, max_size=20)


@st.composite
def smtp_params(draw):
    authenticated = draw(st.booleans())
    return {
        "server": draw(hostnames),
        "port": draw(st.integers(min_value=1, max_value=65535)),
        "from_email": f"{draw(labels)}@{draw(hostnames)}",
        "username": draw(usernames) if authenticated else None,
        "password": draw(secrets) if authenticated else None,
        "insecure_skip_tls_verify": draw(st.booleans()),
    }


def readback(payload, mode):
    """What GET returns for a stored payload, in each undocumented password mode."""
    shown = dict(payload)
    if mode == "masked" and shown.get("password"):
        shown["password"] = PASSWORD_MASK
    elif mode == "absent":
        shown.pop("password", None)
    return {key: value for key, value in shown.items() if value not in ("", 0, False, None)}


@given(smtp_params())
def test_generated_params_are_valid(params):
    assert check_params(params) == []


@given(smtp_params())
def test_round_trip_through_the_api(params):
    desired = spec_from_params(params)
    assert spec_from_api(spec_to_api(desired)) == desired


@given(smtp_params(), st.sampled_from(["plain", "masked", "absent"]), st.sampled_from(["on_change", "always"]))
def test_a_stored_config_compared_with_itself_is_no_change(params, mode, update_password):
    desired = spec_from_params(params)
    stored = readback(spec_to_api(desired), mode)
    expected = ("password",) if (mode != "plain" and desired.password and update_password == "always") else ()
    assert plan(desired, stored, update_password).changed_fields == expected


@given(smtp_params(), smtp_params(), st.sampled_from(["plain", "masked", "absent"]))
def test_any_difference_outside_the_password_is_found(params, other, mode):
    desired, stored = spec_from_params(params), spec_from_params(other)
    changed = plan(desired, readback(spec_to_api(stored), mode)).changed_fields
    for option in ("server", "port", "from_email", "username", "insecure_skip_tls_verify"):
        assert (option in changed) == (getattr(desired, option) != getattr(stored, option))


@given(smtp_params(), smtp_params(), st.sampled_from(["plain", "masked", "absent"]), secrets, secrets)
def test_what_is_shown_does_not_depend_on_the_passwords(params, other, mode, new_desired, new_stored):
    """Diff and results are the same whatever the passwords are (only set or unset shows)."""

    def shown(desired_password, stored_password):
        desired = spec_from_params(params)._replace(password=desired_password)
        stored = spec_from_params(other)._replace(password=stored_password)
        current = plan(desired, readback(spec_to_api(stored), mode)).current
        return json.dumps([diff_view(desired), diff_view(current), public_view(desired), public_view(current)])

    original = shown(params["password"], other["password"])
    replaced = shown(params["password"] and new_desired, other["password"] and new_stored)
    assert original == replaced
