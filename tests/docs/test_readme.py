"""README.md is the collection's page on Galaxy, which cannot follow relative links: every link is
a full URL, and those into this repository name files that exist."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text()
LINKS = re.findall(r"\]\(([^)\s]+)\)", README)
REPOSITORY = yaml.safe_load((ROOT / "galaxy.yml").read_text())["repository"]


def test_every_link_is_a_full_url():
    assert LINKS
    assert [link for link in LINKS if not link.startswith("https://")] == []


def test_links_into_the_repository_name_files_that_exist():
    prefix = f"{REPOSITORY}/blob/main/"
    files = [link[len(prefix) :] for link in LINKS if link.startswith(prefix)]
    assert files
    assert [path for path in files if not (ROOT / path).is_file()] == []


def test_readme_gives_the_two_commands_of_a_fresh_clone():
    for command in ("ansible-galaxy collection install palette.selfhosted", "make demo", "make test"):
        assert command in README
