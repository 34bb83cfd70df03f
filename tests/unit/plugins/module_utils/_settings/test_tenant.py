"""What only the tenant has: its input checks, its fields in v1TenantEntity (to create) and v1Tenant
(as read), and the warning when the console has no SMTP to email the first admin's invitation."""

from __future__ import annotations

import pytest

from ansible_collections.palette.selfhosted.plugins.module_utils._settings.smtp import SMTP
from ansible_collections.palette.selfhosted.plugins.module_utils._settings.tenant import NO_SMTP_WARNING, TENANT
from ansible_collections.palette.selfhosted.plugins.module_utils._transport import PaletteClient
from fake_palette import TOKEN, fixture, get

DATA = fixture("tenant")
PARAMS = DATA["params"]
LISTED = DATA["listed"]
FIELDS = {f.option: f for f in (TENANT.key, *TENANT.fields)}
# What a task with state: absent gives: the name, every other option left out.
ONLY_THE_NAME = {**dict.fromkeys(FIELDS), "name": "platform"}
CONTROL = "must not contain control characters such as CR or LF."
SMTP_DATA = fixture("smtp")


def at(payload, path):
    """The value at a dotted path of a JSON object (KeyError where there is none)."""
    for key in path.split("."):
        payload = payload[key]
    return payload


def leaves(payload, prefix=""):
    """The dotted paths of every value in a JSON object."""
    paths = []
    for key, value in payload.items():
        path = f"{prefix}{key}"
        paths += leaves(value, f"{path}.") if isinstance(value, dict) else [path]
    return paths


class TestCheck:
    def test_accepted(self):
        assert TENANT.check(PARAMS) == []

    def test_the_name_alone_is_enough_for_the_check(self):
        assert TENANT.check(ONLY_THE_NAME) == []

    @pytest.mark.parametrize(
        "change",
        [
            {"name": "Platform Team"},
            {"admin_email": " platform-lead@example.com "},
            {"org_email": "team+platform@mail.example.com"},
            {"admin_first_name": "Ada Augusta", "admin_last_name": "King-Noel"},
            {"admin_first_name": "Zoë", "admin_last_name": "Ó Briain"},
        ],
    )
    def test_accepted_values(self, change):
        assert TENANT.check({**PARAMS, **change}) == []

    @pytest.mark.parametrize(
        ("change", "problem"),
        [
            ({"name": None}, "name must not be empty."),
            ({"name": ""}, "name must not be empty."),
            ({"name": "   "}, "name must not be empty."),
            ({"name": "plat\r\nform"}, f"name {CONTROL}"),
            ({"name": "platform\x7f"}, f"name {CONTROL}"),
            ({"admin_first_name": "Ada\nBcc: x@example.org"}, f"admin_first_name {CONTROL}"),
            ({"admin_last_name": "Love\x00lace"}, f"admin_last_name {CONTROL}"),
        ],
    )
    def test_refused(self, change, problem):
        assert TENANT.check({**PARAMS, **change}) == [problem]

    @pytest.mark.parametrize("option", ["admin_email", "org_email"])
    @pytest.mark.parametrize(
        ("address", "problem"),
        [
            ("", "'' is not an email address (expected name@domain)."),
            ("ada.example.com", "'ada.example.com' is not an email address (expected name@domain)."),
            ("@example.com", "'@example.com' is not an email address (expected name@domain)."),
            ("ada lovelace@example.com", "'ada lovelace@example.com' has an invalid part before the @."),
            ("ada..lovelace@example.com", "'ada..lovelace@example.com' has an invalid part before the @."),
            ("ada@localhost", "'ada@localhost' has an invalid domain after the @."),
            ("ada@example.com\r\nBcc: victim@example.org", CONTROL),
        ],
    )
    def test_refused_addresses(self, option, address, problem):
        assert TENANT.check({**PARAMS, option: address}) == [f"{option} {problem}"]

    def test_an_injected_header_is_never_quoted(self):
        problems = TENANT.check({**PARAMS, "admin_email": "ada@example.com\nBcc: victim@example.org"})
        assert problems
        assert not any("victim" in problem for problem in problems)

    def test_a_name_of_control_characters_only_has_both_problems(self):
        assert TENANT.check({**ONLY_THE_NAME, "name": "\r\n"}) == [f"name {CONTROL}", "name must not be empty."]

    def test_every_problem_at_once(self):
        problems = TENANT.check(
            {
                "name": "",
                "admin_email": "ada",
                "org_email": "platform@",
                "admin_first_name": "A\nda",
                "admin_last_name": "Love\rlace",
                "active": True,
            }
        )
        assert [problem.split(" ", 1)[0] for problem in problems] == [
            "name",
            "admin_email",
            "org_email",
            "admin_first_name",
            "admin_last_name",
        ]


class TestMapping:
    def test_the_api_field_of_each_option(self):
        assert {option: f.api for option, f in FIELDS.items()} == {
            "name": "spec.orgName",
            "admin_email": "spec.emailId",
            "admin_first_name": "spec.firstName",
            "admin_last_name": "spec.lastName",
            "org_email": "spec.orgEmailId",
            "active": "status.isActive",
        }

    def test_the_creation_payload_holds_every_field_but_the_one_changed_after_creation(self):
        created = [f for option, f in FIELDS.items() if option not in TENANT.updates]
        assert sorted(f.api for f in created) == sorted(leaves(DATA["create_payload"]))
        for f in created:
            assert f.to_api(f.from_param(PARAMS[f.option])) == at(DATA["create_payload"], f.api), f.option

    def test_activation_is_the_one_change_palette_makes_to_an_existing_tenant(self):
        updates = {option: (u.method, u.path_suffix, u.body) for option, u in TENANT.updates.items()}
        assert updates == {"active": ("PATCH", "/activate", "isActive")}
        assert FIELDS["active"].type == "bool"

    def test_the_admin_is_required_to_create(self):
        assert set(TENANT.required_to_create) == {"admin_email", "admin_first_name", "admin_last_name"}

    def test_as_listed(self):
        assert {option: f.from_api(LISTED) for option, f in FIELDS.items()} == {
            "name": "platform",
            "admin_email": None,
            "admin_first_name": None,
            "admin_last_name": None,
            "org_email": "platform@example.com",
            "active": True,
        }

    def test_what_palette_does_not_return_is_never_compared(self):
        uncompared = {option for option, f in FIELDS.items() if not f.compared}
        assert uncompared == {"admin_email", "admin_first_name", "admin_last_name"}
        assert all(FIELDS[option].from_api(LISTED) is None for option in uncompared)

    @pytest.mark.parametrize(
        "status", [{"isActive": False}, {"toBeDeleted": False}, None], ids=["false", "omitted", "no status"]
    )
    def test_an_inactive_tenant(self, status):
        listed = {**LISTED, "status": status}
        assert FIELDS["active"].from_api(listed) is False

    @pytest.mark.parametrize("option", ["name", "admin_email", "org_email"])
    def test_surrounding_white_space_is_not_part_of_a_name_or_address(self, option):
        f = FIELDS[option]
        assert f.from_param(f"  {PARAMS[option]}\t") == PARAMS[option]
        stored = {"spec": {f.api.split(".", 1)[1]: f" {PARAMS[option]} "}}
        assert f.from_api(stored) == PARAMS[option]

    def test_an_unset_org_email_is_sent_empty(self):
        assert FIELDS["org_email"].to_api(FIELDS["org_email"].from_param(None)) == ""


class TestWithoutSmtp:
    """Palette emails a new tenant's first admin through the console's SMTP settings."""

    GIVEN = {option: FIELDS[option].from_param(value) for option, value in PARAMS.items()}

    def warnings(self, palette, stored_smtp):
        palette.stores(SMTP, stored_smtp)
        client = PaletteClient(palette.base_url, token=TOKEN, retries=0)
        warnings = TENANT.creation_warnings(client, self.GIVEN)
        assert palette.calls == [get(SMTP)]
        return warnings, client

    def test_a_console_without_smtp_is_warned_of_naming_the_admin(self, palette):
        warnings, _client = self.warnings(palette, {})
        assert warnings == [NO_SMTP_WARNING.format(admin_email="platform-lead@example.com")]
        (warning,) = warnings
        assert warning.startswith("SMTP is not configured on this console, so Palette cannot email the invitation")
        assert "(platform-lead@example.com)" in warning
        assert "palette.selfhosted.palette_smtp" in warning

    @pytest.mark.parametrize("stored", ["payload", "anonymous_payload"], ids=["authenticated", "anonymous"])
    def test_a_console_with_smtp_is_not(self, palette, stored):
        warnings, _client = self.warnings(palette, SMTP_DATA[stored])
        assert warnings == []

    def test_a_password_smtp_reads_back_in_clear_is_kept_out_of_the_output(self, palette):
        _warnings, client = self.warnings(palette, SMTP_DATA["payload"])
        assert SMTP_DATA["payload"]["password"] in client.secrets
