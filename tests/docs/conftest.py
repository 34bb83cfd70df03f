"""The documentation site as `make docs` built it, and a real browser to look at it.

The site is read from build/docs/html (or PALETTE_DOCS_SITE). A missing site or browser fails
the tests: they never pass by not running.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

ROOT = Path(__file__).resolve().parents[2]
SITE = Path(os.environ.get("PALETTE_DOCS_SITE", ROOT / "build" / "docs" / "html"))
SCREENSHOTS = SITE.parent / "screenshots"


@pytest.fixture(scope="session")
def site():
    assert (SITE / "index.html").is_file(), f"no documentation site at {SITE}: run `make docs` first"
    return SITE


@pytest.fixture(scope="session")
def documented_modules():
    """Every module's documentation as ansible-doc gives it, from the collection the site was built from."""
    modules = sorted(f"palette.selfhosted.{path.stem}" for path in (ROOT / "plugins" / "modules").glob("palette_*.py"))
    env = {"ANSIBLE_COLLECTIONS_PATH": str(ROOT / "build" / "collections"), **os.environ}
    completed = subprocess.run(
        [Path(sys.executable).parent / "ansible-doc", "--json", "-t", "module", *modules],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return {name.rsplit(".", 1)[1]: entry["doc"] for name, entry in json.loads(completed.stdout).items()}


@pytest.fixture(scope="session")
def browser():
    chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if not (chromium and driver):
        pytest.fail("the tests need Debian's chromium and chromium-driver packages (make browser)")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,1024"):
        options.add_argument(argument)
    # The driver is given by path, so Selenium never tries to download one.
    session = webdriver.Chrome(service=Service(executable_path=driver), options=options)
    yield session
    session.quit()


@pytest.fixture(scope="session")
def screenshots():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
