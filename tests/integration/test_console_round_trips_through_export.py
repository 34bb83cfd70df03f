"""examples/export_console.yml writes a configured console to a vars file (mode 0600) that holds no
secret: what Palette does not return is a vault_ variable its header names. With those variables
defined, the file applied to the same console changes nothing and writes nothing, and applied to a
fresh console makes it read back as the first."""

from __future__ import annotations

import re
import stat

import pytest
import yaml

from conftest import COLLECTION_ROOT, leaks, secrets_to_scan_for
from lab_tasks import LOGIN, config_task, connection_for, console_document

EXPORT = COLLECTION_ROOT / "examples" / "export_console.yml"
# What Palette never returns of the lab's document: its secrets, and a tenant's first admin.
LEFT_OUT = {
    "smtp.password",
    "reverse_proxy.client_key",
    "backup.secret_key",
    "tenants[0].admin_email",
    "tenants[0].admin_first_name",
    "tenants[0].admin_last_name",
}
PLACEHOLDER = re.compile(r"^\{\{ (vault_\w+) \}\}$")


def placeholders(node, path=""):
    """(dotted name, variable) of every vault_ reference in an exported document."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from placeholders(value, f"{path}.{key}" if path else key)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from placeholders(value, f"{path}[{index}]")
    elif isinstance(node, str) and PLACEHOLDER.match(node):
        yield path, PLACEHOLDER.match(node).group(1)


def value_at(document, dotted):
    node = document
    for part in re.findall(r"[^.\[\]]+", dotted):
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node


def environment_of(lab):
    """The connection as PALETTE_* variables, as an Automation Controller credential injects it."""
    described = lab.describe()
    return {
        "PALETTE_HOST": described["palette_host"],
        "PALETTE_USERNAME": described["palette_auth_username"],
        "PALETTE_PASSWORD": described["palette_auth_password"],
    }


def read_config(ansible_playbook, lab):
    run = ansible_playbook(
        [{"name": "Config", "palette.selfhosted.palette_system_info": {"settings": ["config"]}}], connection_for(lab)
    )
    assert run.rc == 0, run.stdout
    return run.results["r0"]


def test_an_exported_console_applies_unchanged_to_itself_and_reproduces_it_on_a_fresh_one(
    lab_factory, labs, ansible_playbook, ansible_playbook_file, tmp_path
):
    source = lab_factory(backup_targets=True)
    document = console_document(source)
    configured = ansible_playbook([config_task(document)], connection_for(source))
    assert configured.rc == 0, configured.stdout

    exported = tmp_path / "exported" / "console.yml"
    exported.parent.mkdir()
    export = ansible_playbook_file(
        EXPORT,
        given=[document, connection_for(source)],
        extra_vars={"palette_console_file": str(exported)},
        extra_env=environment_of(source),
    )
    assert export.rc == 0, export.stdout
    assert stat.S_IMODE(exported.stat().st_mode) == 0o600
    text = exported.read_text()
    assert leaks(text, secrets_to_scan_for([document, connection_for(source)], labs)) == []

    console = yaml.safe_load(text)["palette_console"]
    assert set(console) == set(document)
    references = dict(placeholders(console))
    assert set(references) == LEFT_OUT
    assert references["smtp.password"] == "vault_smtp_password"
    assert references["tenants[0].admin_email"] == "vault_tenants_0_admin_email"
    header = [line for line in text.splitlines() if line.startswith("#")]
    for dotted, variable in references.items():
        assert any(variable in line and dotted in line for line in header), f"the header does not name {variable}"
    assert any('palette.selfhosted.palette_system_config: "{{ palette_console }}"' in line for line in header)
    # The vault file a user would write, here in the clear: the lab's secrets and the tenant's admin.
    vault = {variable: value_at(document, dotted) for dotted, variable in references.items()}
    applied_from_file = {"vars_files": [str(exported)], "vars": vault}

    # (a) The same console: nothing differs, nothing is written.
    source.console.log.clear()
    again = ansible_playbook(
        [config_task("{{ palette_console }}")], connection_for(source), play_options=applied_from_file, scan=document
    )
    assert again.rc == 0, again.stdout
    assert again.results["r0"]["changed"] is False
    assert again.results["r0"]["changed_sections"] == []
    assert [call for call in source.console.calls() if not call.startswith("GET ") and call != LOGIN] == []

    # (b) A fresh console (past its install password, nothing configured) ends up as the first.
    fresh = lab_factory(backup_targets=True)
    # Each lab has its own SMTP server and CA; the document names the first's server, which the
    # second console must trust to validate it, as consoles of one site trust their mail server.
    fresh.console.smtp_trust_file = str(source.smtp_ca_file)
    applied = ansible_playbook(
        [config_task("{{ palette_console }}")], connection_for(fresh), play_options=applied_from_file, scan=document
    )
    assert applied.rc == 0, applied.stdout
    assert applied.results["r0"]["changed"] is True
    original, copy = read_config(ansible_playbook, source), read_config(ansible_playbook, fresh)
    assert copy["config"] == original["config"]
    assert copy["config_left_out"] == original["config_left_out"]


@pytest.mark.parametrize("where", ["variables", "environment"])
def test_the_export_takes_its_connection_from_variables_or_the_environment(
    lab, labs, ansible_playbook_file, tmp_path, where
):
    described = lab.describe()
    variables = {
        "palette_host": described["palette_host"],
        "palette_auth_username": described["palette_auth_username"],
        "palette_auth_password": described["palette_auth_password"],
    }
    run = ansible_playbook_file(
        EXPORT,
        given=variables,
        extra_vars=variables if where == "variables" else None,
        extra_env=environment_of(lab) if where == "environment" else None,
    )
    assert run.rc == 0, run.stdout
    # Without palette_console_file: console.yml beside the playbook (the helper runs a copy of it).
    written = next(tmp_path.glob("file-run*/console.yml"))
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    assert isinstance(yaml.safe_load(written.read_text())["palette_console"], dict)
