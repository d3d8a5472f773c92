"""The hostile database's site in a real headless Chromium: no page runs a payload.

Every page of the site is opened; each payload's key word is typed into Material's
search box and the first result followed (with its `?h=` highlighting); a script
installed before any page script records every alert, confirm and prompt, and the DOM
is searched for what a payload would add (event handlers, javascript: links, iframes,
its <img>, <b> and <i> elements). The names themselves must read exactly as written:
in the heading, the browser's title, the navigation and the columns.

On the embedded PostgreSQL 18 only: the HTML checks of test_site.py run on each server.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from generator.names.identifiers import qualified
from generator.names.visible import visible
from tests.chromium import WAIT, chromium, mermaid_site, require_chromium, serving
from tests.hostile.conftest import HOSTILE_SCHEMA, HOSTILE_TABLE, SEARCH_WORDS, HostileSite

require_chromium()

from selenium.common.exceptions import (  # noqa: E402
    NoAlertPresentException,
    StaleElementReferenceException,
)
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.remote.webdriver import WebDriver  # noqa: E402
from selenium.webdriver.support import expected_conditions as ec  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

pytestmark = [pytest.mark.slow,
              pytest.mark.parametrize("hostile_db", ["pg18-embedded"], indirect=True)]

# Runs in every document before its own scripts: dialogs are recorded, not shown.
RECORD_DIALOGS = """
window.__dialogs = [];
for (const name of ['alert', 'confirm', 'prompt']) {
  window[name] = (message) => { window.__dialogs.push(name + ': ' + message); };
}
"""
# What a payload would have added to the DOM, had it become markup.
FIND_INJECTED = """
const found = [];
for (const el of document.querySelectorAll('*')) {
  const tag = el.tagName.toLowerCase();
  for (const attr of el.attributes) {
    if (attr.name.startsWith('on')) found.push(tag + ' ' + attr.name + '=' + attr.value);
    if (/(^|:)href$|^src$|^action$/.test(attr.name) && /^\\s*javascript:/i.test(attr.value))
      found.push(tag + ' ' + attr.name + '=' + attr.value);
  }
  if (tag === 'iframe' || tag === 'b' || tag === 'i') found.push(tag);
  if (tag === 'img' && el.getAttribute('src') === 'x') found.push('img src=x');
  if (tag === 'script' && el.textContent.includes('alert(')) found.push('script alert');
}
return found;
"""
CONTENT_H1 = "article.md-content__inner h1"


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebDriver]:
    """Chromium that records dialogs instead of showing them, and leaves a real one
    open for the test to find."""
    with chromium(tmp_path_factory.mktemp("chromium-profile"), keep_dialogs=True) as driver:
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument",
                               {"source": RECORD_DIALOGS})
        yield driver


def _no_dialog(driver: WebDriver) -> None:
    try:
        text = driver.switch_to.alert.text
    except NoAlertPresentException:
        return
    pytest.fail(f"a dialog opened at {driver.current_url}: {text!r}")


def _assert_clean(driver: WebDriver, where: str) -> None:
    """No dialog was opened or recorded, and nothing a payload adds is in the DOM."""
    _no_dialog(driver)
    assert driver.execute_script("return window.__dialogs") == [], where
    assert driver.execute_script(FIND_INJECTED) == [], where


def _load(driver: WebDriver, url: str) -> None:
    driver.get(url)
    WebDriverWait(driver, WAIT).until(
        lambda d: d.execute_script("return document.readyState") == "complete")
    _no_dialog(driver)
    # Images fail and details toggle in tasks queued during the load; let them run.
    driver.execute_async_script("requestAnimationFrame(() => setTimeout(arguments[0]))")


def _page_url(site: HostileSite, page: Path) -> str:
    relative = page.relative_to(site.site).parent.as_posix()
    return site.url + ("" if relative == "." else quote(relative) + "/")


def test_every_page_opens_without_running_a_payload(browser: WebDriver,
                                                    hostile_site: HostileSite) -> None:
    """Each page of the site, loaded in full: no dialog, no injected element."""
    pages = [p for p in hostile_site.pages() if p.name == "index.html"]
    assert len(pages) > 15
    for page in pages:
        url = _page_url(hostile_site, page)
        _load(browser, url)
        _assert_clean(browser, url)


def _search(driver: WebDriver, word: str) -> list[str]:
    """Type `word` into the search box; the result links once Material has answered."""
    box = driver.find_element(By.CSS_SELECTOR, "input.md-search__input")
    if not box.is_displayed():
        driver.find_element(By.CSS_SELECTOR, "label.md-header__button[for='__search']").click()
    WebDriverWait(driver, WAIT).until(ec.element_to_be_clickable(box))
    box.click()
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys(Keys.BACKSPACE)
    meta = driver.find_element(By.CSS_SELECTOR, ".md-search-result__meta")
    WebDriverWait(driver, WAIT).until(lambda d: "matching" not in meta.text)
    box.send_keys(word)
    WebDriverWait(driver, WAIT).until(lambda d: "matching" in meta.text)
    # Material may redraw the list while it is read: read it again until it holds still.
    waiting = WebDriverWait(driver, WAIT, ignored_exceptions=(StaleElementReferenceException,))
    return waiting.until(lambda d: ([a.get_attribute("href") or "" for a in
                                     d.find_elements(By.CSS_SELECTOR,
                                                     ".md-search-result__item > a")],))[0]


def test_searching_each_payload_runs_nothing(browser: WebDriver,
                                             hostile_site: HostileSite) -> None:
    """Each payload's key word typed into search lists its pages as text; following
    the first result (which highlights the word on the page) runs nothing either."""
    found = []
    for word in SEARCH_WORDS:
        _load(browser, hostile_site.url)
        links = _search(browser, word)
        _assert_clean(browser, f"search results for {word!r}")
        found += [word] if links else []
        if links:
            browser.find_element(By.CSS_SELECTOR, ".md-search-result__item > a").click()
            WebDriverWait(browser, WAIT).until(ec.url_changes(hostile_site.url))
            WebDriverWait(browser, WAIT).until(
                ec.presence_of_element_located((By.CSS_SELECTOR, CONTENT_H1)))
            _assert_clean(browser, f"first result for {word!r}: {browser.current_url}")
    # Results were shown (and checked) for these at least; Material's search does not
    # split words at `<` or `>`, so `svg` alone does not find `<svg onload=...>`.
    assert {"script", "title", "onerror", "onload", "ontoggle", "onclick", "javascript",
            "alert", "quoted", "dotted", "orders"} <= set(found), found


def _table_page(site: HostileSite) -> str:
    page = next(p for p in site.pages() if "title-script-alert-9-script" in p.parent.name)
    return _page_url(site, page)


def test_names_read_exactly_as_written(browser: WebDriver, hostile_site: HostileSite) -> None:
    """The table's heading and the browser's title show its exact name; the columns
    table shows each column's name, quotes, ampersands and backslashes included."""
    _load(browser, _table_page(hostile_site))
    name = qualified(HOSTILE_SCHEMA, HOSTILE_TABLE)
    heading = browser.find_element(By.CSS_SELECTOR, CONTENT_H1)
    assert heading.text == name
    assert browser.title.replace("\u2060", "") == f"{name} - Hostile names"
    table = browser.find_element(By.XPATH, "//h2[@id='columns']/following::table[1]")
    names = [td.get_attribute("textContent")
             for td in table.find_elements(By.CSS_SELECTOR, "tbody tr td:nth-child(2)")]
    for name in ("<img src=x onerror=alert(3)>", "{: onclick=alert(6) }",
                 "it's \"quoted\" & <b>bold</b>", "back\\slash \\N \\G", "UPPER", "upper"):
        assert name in names, names
    _assert_clean(browser, "table page")


def test_navigation_and_search_results_show_names_as_text(
        browser: WebDriver, hostile_site: HostileSite) -> None:
    """The schema's entry in the navigation reads as its name; a search result's
    title reads as the table's exact name."""
    _load(browser, hostile_site.url + "reference/")
    entries = browser.execute_script(
        "return [...document.querySelectorAll('.md-nav__link')].map(a => a.textContent.trim())")
    assert any(e.replace("\u2060", "") == qualified(HOSTILE_SCHEMA) for e in entries), entries
    _search(browser, "ontoggle")
    titles = browser.execute_script(
        "return [...document.querySelectorAll('.md-search-result__item h1')]"
        ".map(h => h.textContent)")
    assert qualified(HOSTILE_SCHEMA, "<details open ontoggle=alert(13)>") in titles, titles
    _assert_clean(browser, "search results for 'ontoggle'")



def _page_headed(site: HostileSite, heading: str) -> str:
    """The URL of the page whose H1 reads `heading` (escapes as text)."""
    for page in site.pages():
        for h1 in re.findall(r"<h1[^>]*>(.*?)</h1>", page.read_text("utf-8"), re.S):
            if html.unescape(re.sub(r"<[^>]+>", "", h1)).replace("¶", "").strip() == heading:
                return _page_url(site, page)
    raise AssertionError(f"no page is headed {heading!r}")


def test_names_that_pass_for_others_show_escapes(browser: WebDriver,
                                                hostile_site: HostileSite) -> None:
    """A table named with a right-to-left override reads, in the heading, the browser's
    title and the navigation, as its name with `\\u202e` in place of the override, the
    escape in its own style; its schema's page lists the zero-width space, tab and
    newline names with their escapes, and draws them so in the diagram."""
    name = visible(qualified("spoof", "rlo\u202esredro"))
    assert name == 'spoof."rlo\\u202esredro"'
    _load(browser, _page_headed(hostile_site, name))
    heading = browser.find_element(By.CSS_SELECTOR, CONTENT_H1)
    assert heading.text == name
    assert browser.title.replace("\u2060", "") == f"{name} - Hostile names"
    mark = heading.find_element(By.CSS_SELECTOR, ".schemadoc-hidden")
    assert mark.text == "\\u202e"
    assert mark.value_of_css_property("border-top-style") == "dashed"
    assert "mono" in mark.value_of_css_property("font-family").lower()
    _load(browser, _page_headed(hostile_site, "spoof"))
    text = browser.execute_script("return document.querySelector('article').innerText")
    for shown in ("rlo\\u202esredro", "ord\\u200bers", "tab\\tbed", "new\\nline"):
        assert shown in text, shown
    svg = browser.execute_script(
        "return [...document.querySelectorAll('svg text')].map(t => t.textContent).join('|')")
    assert "rlo\\u202esredro" in svg and "new\\nline" in svg, svg
    _assert_clean(browser, "spoof schema page")


def test_dotted_pairs_read_apart(browser: WebDriver, hostile_site: HostileSite) -> None:
    """Schema "a.b" table c and schema a table "b.c" have headings and titles that tell
    them apart."""
    seen = []
    for heading in ('"a.b".c', 'a."b.c"'):
        _load(browser, _page_headed(hostile_site, heading))
        assert browser.find_element(By.CSS_SELECTOR, CONTENT_H1).text == heading
        seen.append(browser.title)
    assert seen == ['"a.b".c - Hostile names', 'a."b.c" - Hostile names']


@pytest.fixture(scope="module")
def hostile_mermaid(hostile_site: HostileSite,
                 tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The same snapshot built with `diagrams: mermaid` and a local copy of Mermaid,
    served; (URL, the built site)."""
    site = mermaid_site(tmp_path_factory.mktemp("hostile-mermaid"),
                        hostile_site.result.snapshot)
    with serving(site) as url:
        yield url, site


def _shadow_content(driver: WebDriver) -> tuple[str, list[str]]:
    """The text inside the page's shadow roots, closed ones included (Material draws each
    Mermaid diagram in one), and the event-handler attributes of elements there."""
    texts: list[str] = []
    handlers: list[str] = []

    def walk(node: dict[str, Any], shadowed: bool) -> None:
        if shadowed and node.get("nodeType") == 3:
            texts.append(node.get("nodeValue", ""))
        attributes = node.get("attributes", [])
        for name, value in zip(attributes[::2], attributes[1::2], strict=True):
            if shadowed and name.lower().startswith("on"):
                handlers.append(f"{node.get('nodeName')} {name}={value}")
        for child in node.get("children", []):
            walk(child, shadowed)
        for root in node.get("shadowRoots", []):
            walk(root, True)

    walk(driver.execute_cdp_cmd("DOM.getDocument", {"depth": -1, "pierce": True})["root"],
         False)
    return "".join(texts), handlers


def test_mermaid_diagrams_draw_names_as_text(browser: WebDriver,
                                             hostile_mermaid: tuple[str, Path]) -> None:
    """Every page with a Mermaid diagram: Mermaid draws each one (no syntax error), the
    drawing holds the exact names as text, and nothing runs."""
    url, site = hostile_mermaid
    pages = [p for p in sorted(site.rglob("index.html"))
             if '<pre class="mermaid">' in p.read_text("utf-8")]
    assert len(pages) > 10
    drawn = ""
    for page in pages:
        address = url + quote(page.relative_to(site).parent.as_posix()) + "/"
        _load(browser, address)
        WebDriverWait(browser, WAIT).until(
            lambda d: not d.find_elements(By.CSS_SELECTOR, "pre.mermaid"))
        text, handlers = _shadow_content(browser)
        assert "Syntax error" not in text and handlers == [], address
        drawn += text
        _assert_clean(browser, address)
    for name in (HOSTILE_TABLE, "<details open ontoggle=alert(13)>",
                 'policy "off" \\ <i>here</i>', "<img src=x onerror=alert(3)>"):
        assert name in drawn, name
