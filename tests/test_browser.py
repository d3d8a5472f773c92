"""The built demo site in a real headless Chromium: what a reader clicks works.

The site is the one `make demo` builds (this repository's mkdocs.yml and hand-written
pages, the sample Marketing DB, its schemadoc.yml), served over HTTP on 127.0.0.1 as
`mkdocs serve` or any static host would. Chromium and chromedriver come from the
system (`scripts/system-deps` installs them); without them these tests skip.
"""

from __future__ import annotations

import html
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from generator.commands.demo import run_demo
from tests.chromium import WAIT, chromium, mermaid_site, require_chromium, serving
from tests.factories import seed_snapshot
from tests.helpers import REPO

require_chromium()

from selenium.common.exceptions import TimeoutException  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.remote.webdriver import WebDriver  # noqa: E402
from selenium.webdriver.remote.webelement import WebElement  # noqa: E402
from selenium.webdriver.support import expected_conditions as ec  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

pytestmark = pytest.mark.slow
CONTENT_H1 = "article.md-content__inner h1"  # search results are <article>s too


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """A static HTTP server for PROJECT/site (built later); (URL, PROJECT)."""
    project = tmp_path_factory.mktemp("demo")
    with serving(project / "site") as url:
        yield url, project


@pytest.fixture(scope="module")
def site_url(served: tuple[str, Path]) -> str:
    """`schemadoc demo` in a copy of this repository's site files, served; its URL.

    site_url is set to where it is served, as a team sets it to where it publishes:
    Material's instant navigation only takes over links within site_url.
    """
    url, project = served
    config = (REPO / "mkdocs.yml").read_text("utf-8")
    config, found = re.subn(r"(?m)^site_url: .*$", f'site_url: "{url}"', config)
    assert found == 1
    (project / "mkdocs.yml").write_text(config, "utf-8")
    shutil.copytree(REPO / "site_src", project / "site_src",
                    ignore=shutil.ignore_patterns("reference", "schema_map.json"))
    result = run_demo(project, quiet=True)
    assert (result.site.site_dir / "reference" / "index.html").exists()
    return url


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebDriver]:
    """Headless Chromium through the system chromedriver, with a fresh profile."""
    with chromium(tmp_path_factory.mktemp("chromium-profile")) as driver:
        yield driver


def _wait(driver: WebDriver) -> WebDriverWait:  # type: ignore[type-arg]
    return WebDriverWait(driver, WAIT)


def _heading(driver: WebDriver, text: str) -> WebElement:
    """Wait until the page's h1 reads `text` (instant navigation swaps pages in place)."""
    try:
        _wait(driver).until(ec.text_to_be_present_in_element((By.CSS_SELECTOR, CONTENT_H1),
                                                             text))
    except TimeoutException:
        found = driver.find_elements(By.CSS_SELECTOR, CONTENT_H1)
        pytest.fail(f"expected heading {text!r} at {driver.current_url}, "
                    f"found {[h.text for h in found]}")
    return driver.find_element(By.CSS_SELECTOR, CONTENT_H1)


def _open(driver: WebDriver, url: str) -> None:
    driver.get(url)
    _wait(driver).until(ec.presence_of_element_located((By.CSS_SELECTOR, CONTENT_H1)))


def test_search_finds_company_master_and_opens_its_page(browser: WebDriver,
                                                         site_url: str) -> None:
    """Typing a table name in the search box lists its page first; clicking opens it."""
    _open(browser, site_url)
    box = browser.find_element(By.CSS_SELECTOR, "input.md-search__input")
    if not box.is_displayed():  # a narrow window hides the box behind the header's button
        browser.find_element(By.CSS_SELECTOR, "label.md-header__button[for='__search']").click()
    _wait(browser).until(ec.element_to_be_clickable(box))
    box.click()
    box.send_keys("company_master")
    # Results follow each keystroke; links of the whole query carry it as ?h=.
    _wait(browser).until(ec.presence_of_element_located(
        (By.CSS_SELECTOR, ".md-search-result__item a[href*='h=company_master']")))
    pages = [a for a in browser.find_elements(By.CSS_SELECTOR, ".md-search-result__item > a")
             if a.is_displayed()]
    hrefs = [urlsplit(a.get_attribute("href") or "").path for a in pages]
    # Tables whose names start with company_master (company_master_legacy, ...) may
    # rank beside it; the table itself is among the first results.
    assert "/reference/marketing/company_master/" in hrefs[:3], hrefs
    pages[hrefs.index("/reference/marketing/company_master/")].click()
    heading = _heading(browser, "marketing.company_master")
    assert heading.text.startswith("marketing.company_master")
    assert "marketing.company_master" in browser.title
    assert urlsplit(browser.current_url).path == "/reference/marketing/company_master/"


def test_foreign_key_link_leads_to_the_referenced_table(browser: WebDriver,
                                                        site_url: str) -> None:
    """company_slots.company_unique_id links to company_master, without a page reload."""
    _open(browser, site_url + "reference/marketing/company_slots/")
    _heading(browser, "marketing.company_slots")
    # Instant navigation swaps the page in place: a marker on `window` survives it.
    browser.execute_script("window.schemadocMarker = 'still here';")
    row = browser.find_element(
        By.XPATH, "//h2[@id='columns']/following::table[1]//tr[td[2][normalize-space()="
        "'company_unique_id']]")
    # the References cell's link (the Keys cell may link "read by N" first)
    link = row.find_element(By.XPATH, ".//td[7]//a")
    assert link.text == "marketing.company_master.company_unique_id"
    link.click()
    _heading(browser, "marketing.company_master")
    assert urlsplit(browser.current_url).path == "/reference/marketing/company_master/"
    assert browser.execute_script("return window.schemadocMarker") == "still here"


def test_diagram_box_opens_that_tables_page(browser: WebDriver, site_url: str) -> None:
    """On company_slots' page, clicking company_master's box in the Diagram opens
    company_master's page."""
    _open(browser, site_url + "reference/marketing/company_slots/")
    _heading(browser, "marketing.company_slots")
    box = browser.find_element(
        By.XPATH, "//h2[@id='diagram']/following::div[contains(@class, 'schemadoc-diagram')]"
        "[1]//*[local-name()='a'][@*[local-name()='title']='marketing.company_master']")
    box.click()
    _heading(browser, "marketing.company_master")
    assert urlsplit(browser.current_url).path == "/reference/marketing/company_master/"


def test_palette_toggle_switches_between_light_and_dark(browser: WebDriver,
                                                        site_url: str) -> None:
    """The header's toggle switches the colour scheme to dark and back."""
    _open(browser, site_url)

    def scheme() -> str:
        return str(browser.execute_script(
            "return document.body.getAttribute('data-md-color-scheme')"))

    before = scheme()
    toggle = [t for t in browser.find_elements(By.CSS_SELECTOR,
                                               "form[data-md-component='palette'] label")
              if t.is_displayed()]
    assert toggle, "no visible palette toggle in the header"
    toggle[0].click()
    _wait(browser).until(lambda d: scheme() != before)
    assert {before, scheme()} == {"default", "slate"}


def _size_keys(browser: WebDriver, table: WebElement, column: int) -> list[float]:
    cells = table.find_elements(By.CSS_SELECTOR, f"tbody tr td:nth-child({column}) [data-sort]")
    return [float(c.get_attribute("data-sort") or "nan") for c in cells]


def test_size_column_sorts_numerically(browser: WebDriver, site_url: str) -> None:
    """Clicking a Size header sorts by bytes (8 kB before 1.2 MB), and again reverses it."""
    _open(browser, site_url + "reference/archive/")
    _heading(browser, "archive")
    table = browser.find_element(By.XPATH, "//h2[@id='tables']/following::table[1]")
    headers = [th.text.strip() for th in table.find_elements(By.CSS_SELECTOR, "thead th")]
    column = headers.index("Size") + 1
    header = table.find_elements(By.CSS_SELECTOR, "thead th")[column - 1]
    before = _size_keys(browser, table, column)
    assert len(set(before)) > 2 and before != sorted(before)
    header.click()
    assert _size_keys(browser, table, column) == sorted(before)
    header.click()
    assert _size_keys(browser, table, column) == sorted(before, reverse=True)
    assert header.get_attribute("aria-sort") == "descending"


def test_long_sql_is_folded_and_code_has_a_copy_button(browser: WebDriver,
                                                       site_url: str) -> None:
    """A function body is folded (details, closed) until clicked; code has a copy button."""
    _open(browser, site_url + "reference/marketing/")
    folded = browser.find_element(By.CSS_SELECTOR, "article.md-content__inner details")
    assert folded.get_attribute("open") is None
    body = folded.find_element(By.CSS_SELECTOR, "pre")
    assert not body.is_displayed()
    folded.find_element(By.CSS_SELECTOR, "summary").click()
    _wait(browser).until(lambda d: body.is_displayed())
    copy = folded.find_elements(By.CSS_SELECTOR, "button[data-md-type='copy'], .md-clipboard")
    assert copy and copy[0].is_displayed()


def _row_counts(table: WebElement, column: int) -> list[float]:
    cells = table.find_elements(By.CSS_SELECTOR, f"tbody tr td:nth-child({column})")
    values = []
    for cell in cells:
        tagged = cell.find_elements(By.CSS_SELECTOR, "[data-sort]")
        text = tagged[0].get_attribute("data-sort") if tagged else cell.text
        values.append(float((text or "").strip("~+").replace(",", "")))
    return values


def test_row_counts_sort_numerically(browser: WebDriver, site_url: str) -> None:
    """Rows (`~41,551`, `~688`, `never analysed`) sort by value, not alphabetically."""
    _open(browser, site_url + "reference/archive/")
    table = browser.find_element(By.XPATH, "//h2[@id='tables']/following::table[1]")
    headers = table.find_elements(By.CSS_SELECTOR, "thead th")
    column = [th.text.strip() for th in headers].index("Rows") + 1
    before = _row_counts(table, column)
    assert len(set(before)) > 2
    headers[column - 1].click()
    after = _row_counts(table, column)
    assert after == sorted(before)
    assert sorted(before) != sorted(before, key=lambda v: str(v))  # a real numeric test


# -- diagrams: mermaid, drawn by Mermaid itself ------------------------------------------

MERMAID_BLOCK = re.compile(r'<pre class="mermaid"><code>(.*?)</code></pre>', re.S)


@pytest.fixture(scope="module")
def seed_mermaid(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The seed snapshot built with `diagrams: mermaid`, served; (URL, the built site)."""
    site = mermaid_site(tmp_path_factory.mktemp("mermaid"), seed_snapshot())
    with serving(site) as url:
        yield url, site


def test_mermaid_diagrams_are_drawn_by_mermaid(browser: WebDriver,
                                               seed_mermaid: tuple[str, Path]) -> None:
    """A table page's Mermaid diagram parses and is drawn: Material replaces the code
    block with the picture, and Mermaid's own drawing of the same text names the table
    and its neighbours (a syntax error would draw an error picture instead)."""
    url, site = seed_mermaid
    page = site / "reference" / "marketing" / "company_master" / "index.html"
    (source,) = MERMAID_BLOCK.findall(page.read_text("utf-8"))
    source = html.unescape(source)
    assert "erDiagram" in source
    _open(browser, url + "reference/marketing/company_master/")
    # Material swaps each `pre.mermaid` for a `div.mermaid` holding the SVG, once drawn.
    _wait(browser).until(lambda d: not d.find_elements(By.CSS_SELECTOR, "pre.mermaid"))
    drawn = browser.find_element(By.CSS_SELECTOR, "div.mermaid")
    assert drawn.size["height"] > 100
    svg = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "mermaid.render('check', arguments[0])"
        "  .then(r => done(r.svg), e => done('error: ' + e));", source)
    assert svg.startswith("<svg"), svg[:300]
    assert "Syntax error" not in svg
    for name in ("company_master", "company_slots"):
        assert name in svg


def test_every_mermaid_diagram_of_the_site_parses(browser: WebDriver,
                                                  seed_mermaid: tuple[str, Path]) -> None:
    """Every diagram of every kind (tables, schemas, the overview, flows) is text that
    Mermaid draws without an error."""
    url, site = seed_mermaid
    sources = {f"{page.relative_to(site)}#{number}": html.unescape(text)
               for page in sorted(site.rglob("*.html"))
               for number, text in enumerate(MERMAID_BLOCK.findall(page.read_text("utf-8")))}
    assert len(sources) > 10
    assert any(text.startswith("flowchart") for text in sources.values())
    _open(browser, url)
    drawn = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "const results = {};"
        "(async () => {"
        "  let n = 0;"
        "  for (const [where, text] of Object.entries(arguments[0])) {"
        "    try { results[where] = (await mermaid.render('d' + n++, text)).svg.slice(0, 4); }"
        "    catch (e) { results[where] = 'error: ' + e; }"
        "  }"
        "  done(results);"
        "})();", sources)
    assert drawn == {where: "<svg" for where in sources}


# The text of the full-size view's diagram that shows in the window: each label (an SVG
# <text>, or the HTML of a <foreignObject>, as Mermaid draws either), with its height.
SHOWN_LABELS = """
const svg = document.querySelector('dialog.schemadoc-zoom[open] svg');
if (!svg) return null;
const box = svg.getBoundingClientRect();
const labels = [...svg.querySelectorAll('text, foreignObject')].map(l => {
  const r = l.getBoundingClientRect();
  const inside = r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0
    && r.left < innerWidth && r.top < innerHeight;
  return inside ? [l.textContent.trim(), r.height] : null;
}).filter(l => l && l[0]);
return {width: box.width, height: box.height, labels: labels};
"""


def test_full_size_view_of_a_mermaid_diagram(browser: WebDriver,
                                             seed_mermaid: tuple[str, Path]) -> None:
    """A Mermaid diagram, drawn by Material in the page, has a Full size button as a
    Graphviz one does: the view fills the window with Mermaid's drawing of the same
    diagram (the table and its neighbours, legible), zooms, and Escape closes it."""
    url, _ = seed_mermaid
    _open(browser, url + "reference/marketing/company_master/")
    _wait(browser).until(lambda d: not d.find_elements(By.CSS_SELECTOR, "pre.mermaid"))
    (opener,) = browser.find_elements(By.CSS_SELECTOR, ".schemadoc-zoom-open")
    drawn = browser.find_element(By.CSS_SELECTOR, "div.mermaid")
    # The button sits right above the picture Material drew.
    assert browser.execute_script(
        "return arguments[0].closest('.schemadoc-zoom-opener').nextElementSibling"
        " === arguments[1]", opener, drawn)
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", opener)
    opener.click()
    _wait(browser).until(lambda d: d.execute_script(SHOWN_LABELS))
    shown = browser.execute_script(SHOWN_LABELS)
    width = browser.execute_script("return innerWidth")
    assert shown["width"] >= width - 20 and shown["height"] > 300, shown
    names = {text for text, _ in shown["labels"]}
    assert "company_master" in names, names
    assert min(height for _, height in shown["labels"]) >= 10, shown["labels"]
    before = browser.execute_script(
        "return document.querySelector('dialog.schemadoc-zoom svg').getAttribute('viewBox')")
    browser.find_element(By.CSS_SELECTOR, "dialog.schemadoc-zoom button[title='Zoom in']"
                         ).click()
    after = browser.execute_script(
        "return document.querySelector('dialog.schemadoc-zoom svg').getAttribute('viewBox')")
    assert float(after.split()[2]) < float(before.split()[2])  # a narrower box: zoomed in
    browser.find_element(By.CSS_SELECTOR, "dialog.schemadoc-zoom").send_keys("\ue00c")
    _wait(browser).until_not(ec.presence_of_element_located(
        (By.CSS_SELECTOR, "dialog.schemadoc-zoom[open]")))
