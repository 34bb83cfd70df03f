"""What a person sees on the documentation site, in headless Chromium: every module page shows
its options table and its examples, the guide is reachable from the start page, and every link
between pages leads somewhere that exists."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urldefrag, urlparse

import pytest
from selenium.webdriver.common.by import By

GUIDE = {
    "Getting started": "guide_getting_started.html",
    "Install day: the system console as code": "guide_install_day.html",
    "The console as code: one document, planned, captured and watched": "guide_console_as_code.html",
    "Automation Controller (AWX, Ansible Automation Platform)": "guide_automation_controller.html",
    "Troubleshooting, by error message": "guide_troubleshooting.html",
}


def open_page(browser, page):
    browser.get(page.as_uri())
    return browser


def visible_section(browser, section_id):
    section = browser.find_element(By.ID, section_id)
    assert section.is_displayed(), f"section {section_id} is hidden"
    return section


def test_every_module_page_shows_options_and_examples(site, browser, documented_modules, screenshots):
    for module, doc in documented_modules.items():
        open_page(browser, site / f"{module}_module.html")
        browser.save_screenshot(str(screenshots / f"{module}_module.png"))

        options = visible_section(browser, "parameters").find_element(By.TAG_NAME, "table")
        assert options.is_displayed()
        assert options.size["height"] > 100
        table_text = options.text
        missing = [option for option in doc["options"] if option not in table_text]
        assert not missing, f"{module}: options missing from the table: {missing}"

        examples = visible_section(browser, "examples").find_element(By.CSS_SELECTOR, "div.highlight")
        assert f"palette.selfhosted.{module}:" in examples.text


def test_role_page_shows_its_variables(site, browser):
    open_page(browser, site / "palette_smtp_role.html")
    text = browser.find_element(By.CSS_SELECTOR, "div[role=main]").text
    for variable in ("palette_smtp_server", "palette_auth_token", "palette_smtp_no_log"):
        assert variable in text


def test_the_guide_is_reached_from_the_start_page(site, browser, screenshots):
    open_page(browser, site / "index.html")
    browser.save_screenshot(str(screenshots / "index.png"))
    for title, page in GUIDE.items():
        open_page(browser, site / "index.html")
        browser.find_element(By.CSS_SELECTOR, "div[role=main]").find_element(By.LINK_TEXT, title).click()
        assert urldefrag(browser.current_url).url.endswith(f"/docsite/{page}")
        assert browser.find_element(By.TAG_NAME, "h1").text.startswith(title)


def test_guide_links_lead_to_the_module_reference(site, browser):
    open_page(browser, site / "docsite" / "guide_troubleshooting.html")
    browser.find_element(By.LINK_TEXT, "palette.selfhosted.palette_token").click()
    assert urldefrag(browser.current_url).url.endswith("/palette_token_module.html")
    assert "palette.selfhosted.palette_token module" in browser.find_element(By.TAG_NAME, "h1").text


def crawl(browser, site):
    """Every existing page reachable from the start page: its anchors' ids and the links it holds."""
    root = site.as_uri() + "/"
    pages, queue = {}, [(site / "index.html").as_uri()]
    while queue:
        url = queue.pop()
        if url in pages:
            continue
        browser.get(url)
        ids = set(browser.execute_script("return Array.from(document.querySelectorAll('[id]'), e => e.id)"))
        links = browser.execute_script("return Array.from(document.querySelectorAll('a[href]'), a => a.href)")
        pages[url] = (ids, links)
        for link in links:
            target = urldefrag(link).url
            if target.startswith(root) and target not in pages and Path(unquote(urlparse(target).path)).is_file():
                queue.append(target)
    return root, pages


def test_every_link_between_pages_resolves(site, browser):
    root, pages = crawl(browser, site)
    assert len(pages) >= 10, sorted(pages)
    broken = []
    for page, (_anchors, links) in pages.items():
        for link in links:
            target, fragment = urldefrag(link)
            if not target.startswith(root):
                continue
            if target not in pages:
                broken.append(f"{page} -> {link} (no such page)")
            elif fragment and fragment not in pages[target][0]:
                broken.append(f"{page} -> {link} (no such anchor)")
    assert not broken, "\n".join(broken)


@pytest.mark.parametrize("page", ["search.html", "index.html"])
def test_site_pages_have_no_broken_images(site, browser, page):
    open_page(browser, site / page)
    broken = browser.execute_script(
        "return Array.from(document.images).filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src)"
    )
    assert broken == []


def test_the_start_page_says_what_the_collection_is_and_whose_it_is(site, browser):
    open_page(browser, site / "index.html")
    text = browser.find_element(By.TAG_NAME, "body").text
    assert "captured from a live console and checked for drift" in text, "galaxy.yml's description is not shown"
    assert "starting with its SMTP settings" not in text
    footer = browser.find_element(By.TAG_NAME, "footer").text
    assert "palette.selfhosted contributors" in footer
