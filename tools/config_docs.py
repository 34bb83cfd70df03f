"""Write the section options of palette_system_config's documentation from the modules they come from.

Each section of the console document has exactly the options of its own module, so its documentation
is that module's, generated rather than written twice: `python tools/config_docs.py` rewrites the part of
plugins/modules/palette_system_config.py between its GENERATED markers, and the unit test of that module
fails while the committed part differs from what this writes (`--check` says so too).

A section's module is found by name: palette_<section>, palette_<section in the singular>, or
palette_system_<section>; its option references (O(...)) are made to point at that module.
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
MODULES = ROOT / "plugins" / "modules"
TARGET = MODULES / "palette_system_config.py"
BEGIN = "  # BEGIN GENERATED SECTIONS: python tools/config_docs.py writes what follows, up to END.\n"
END = "  # END GENERATED SECTIONS\n"
# What a section's documentation keeps of each option.
KEPT = ("description", "type", "elements", "required", "default", "choices", "suboptions", "no_log")


def module_documentation(name):
    """The DOCUMENTATION of a module, parsed, without importing it."""
    tree = ast.parse((MODULES / f"{name}.py").read_text())
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "DOCUMENTATION" for t in node.targets):
            return yaml.safe_load(node.value.value)
    raise LookupError(f"{name} has no DOCUMENTATION")


def module_of(section):
    singular = section[: -len("ies")] + "y" if section.endswith("ies") else section.rstrip("s")
    for name in (f"palette_{section}", f"palette_{singular}", f"palette_system_{section}"):
        if (MODULES / f"{name}.py").exists():
            return name
    raise LookupError(f"no module documents the section {section}: add palette_{section}")


def _pointed(text, where):
    """O(option) and O(option=value) of the section's module, as references from palette_system_config:
    to the section's own option, to the connection option of the same name, or else to the module."""

    def point(match):
        option, value = match.groups()
        if option in where.options:
            return f"O({where.prefix}.{option}{value})"
        if option in where.connection:
            return match.group(0)
        return f"O(palette.selfhosted.{where.module}#module:{option}{value})"

    return re.sub(r"O\(([a-z_]+)((?:=[^)]*)?)\)", point, text)


def _described(value, where):
    if isinstance(value, str):
        return _pointed(value, where)
    if isinstance(value, list):
        return [_described(item, where) for item in value]
    return value


def _option(doc, where):
    kept = {key: doc[key] for key in KEPT if key in doc}
    kept["description"] = _described(kept.get("description", []), where)
    if isinstance(kept["description"], str):
        kept["description"] = [kept["description"]]
    if "suboptions" in kept:
        kept["suboptions"] = {name: _option(sub, where) for name, sub in kept["suboptions"].items()}
    return kept


@dataclass(frozen=True)
class _Where:
    """Where a section's documentation is read: its module, its options, how they are named."""

    module: str
    prefix: str
    options: frozenset
    connection: frozenset


def section_documentation(section, spec):
    """The documentation of one section option: its module's options that the section takes."""
    module = module_of(section)
    documented = module_documentation(module)["options"]
    missing = sorted(set(spec["options"]) - set(documented))
    if missing:
        raise LookupError(f"{module} does not document {', '.join(missing)}, which the {section} section takes")
    listed = spec["type"] == "list"
    doc = {
        "description": [
            f"Section C({section}): "
            + (
                f"a list, each item with the options of M(palette.selfhosted.{module})."
                if listed
                else f"the options of M(palette.selfhosted.{module})."
            ),
            "Left out, it is left alone.",
        ],
        "type": spec["type"],
    }
    if listed:
        doc["elements"] = spec["elements"]
    where = _Where(module, f"{section}[]" if listed else section, frozenset(spec["options"]), _connection_options())
    doc["suboptions"] = {name: _option(documented[name], where) for name in spec["options"]}
    return doc


def _connection_options():
    """The options of the connection doc fragment, which palette_system_config has too."""
    tree = ast.parse((ROOT / "plugins" / "doc_fragments" / "connection.py").read_text())
    text = next(
        node.value.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "DOCUMENTATION" for t in node.targets)
    )
    return frozenset(yaml.safe_load(text)["options"])


def generated(document):
    options = {kind.name: section_documentation(kind.name, kind.section_spec()) for kind in document.sections}
    text = yaml.safe_dump(options, sort_keys=False, width=90, default_flow_style=False)
    return "".join(f"  {line}\n" if line else "\n" for line in text.splitlines())


def rewritten(source, document):
    start, end = source.index(BEGIN) + len(BEGIN), source.index(END)
    return source[:start] + generated(document) + source[end:]


def _console():
    """The registry's document, imported from this checkout (as ansible_collections.palette.selfhosted)."""
    try:
        from ansible_collections.palette.selfhosted.plugins.module_utils._settings.registry import CONSOLE
    except ImportError:
        tree = Path(tempfile.mkdtemp()) / "ansible_collections" / "palette"
        tree.mkdir(parents=True)
        (tree / "selfhosted").symlink_to(ROOT)
        sys.path.insert(0, str(tree.parents[1]))
        from ansible_collections.palette.selfhosted.plugins.module_utils._settings.registry import CONSOLE
    return CONSOLE


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--check", action="store_true", help="only say whether the file is up to date")
    args = parser.parse_args(argv)
    source = TARGET.read_text()
    wanted = rewritten(source, _console())
    if wanted == source:
        return 0
    if args.check:
        print(f"{TARGET.relative_to(ROOT)} is stale: run python tools/config_docs.py", file=sys.stderr)
        return 1
    TARGET.write_text(wanted)
    return 0


if __name__ == "__main__":
    sys.exit(main())
