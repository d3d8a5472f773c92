"""What a reader sees, measured in a real headless Chromium at a desktop (1400×900) and
a phone (400×800) width, on the demo site and the Pagila and tbls sites.

- At 1400 px the widest table's Columns table shows all its columns, no scrolling.
- At 400 px no page scrolls sideways: wide tables and diagrams scroll in their frames.
- Every diagram's smallest text renders at 10 CSS px or more (font size × the SVG's
  scale) as first shown, and its full-size view opens and shows the diagram.
- Every generated page has breadcrumbs; a table page links to its neighbours.
- Searching a table's exact name lists that table first.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from tests.chromium import WAIT, chromium, require_chromium, serving
from tests.ux.conftest import Site

require_chromium()

from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.remote.webdriver import WebDriver  # noqa: E402
from selenium.webdriver.support import expected_conditions as ec  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

pytestmark = pytest.mark.slow

SITES = ["demo_site", "pagila_site", "tbls_site"]
WIDTHS = {"desktop": (1400, 900), "phone": (400, 800)}
LEGIBLE_PX = 10

# The smallest text of each diagram on the page, in CSS pixels as rendered, and whether
# its frame scrolls.
DIAGRAM_TEXT = """
return [...document.querySelectorAll('article .schemadoc-diagram svg')].map(svg => {
  const frame = svg.closest('.schemadoc-diagram');
  const box = svg.viewBox.baseVal;
  const sizes = [...svg.querySelectorAll('text')].map(t => parseFloat(t.getAttribute('font-size')))
    .filter(s => s > 0);
  const scale = svg.getBoundingClientRect().width / box.width;
  return {smallest: sizes.length ? Math.min(...sizes) * scale : null,
          scrolls: frame.scrollWidth > frame.clientWidth + 1};
});
"""


# Text whose tokens (runs without blanks, between <wbr> break points) are split over
# two lines: each should sit on one line. arguments[0]: the elements to look in.
BROKEN_TOKENS = """
const broken = [];
for (const code of document.querySelectorAll(arguments[0])) {
  const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const token of node.textContent.matchAll(/\\S+/g)) {
      const range = document.createRange();
      range.setStart(node, token.index);
      range.setEnd(node, token.index + token[0].length);
      const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
      if (tops.size > 1) broken.push(token[0]);
    }
  }
}
return broken;
"""


@pytest.fixture(scope="module", params=SITES)
def site(request: pytest.FixtureRequest) -> Site:
    """Each built site in turn."""
    return request.getfixturevalue(request.param)  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def served(site: Site) -> Iterator[str]:
    """The site over HTTP on 127.0.0.1, as any static host serves it."""
    with serving(site.folder) as url:
        yield url


@pytest.fixture(scope="module", params=list(WIDTHS))
def browser(request: pytest.FixtureRequest,
            tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebDriver]:
    """Headless Chromium at a desktop's or a phone's width."""
    width, height = WIDTHS[request.param]
    with chromium(tmp_path_factory.mktemp("ux-chromium"), width, height) as driver:
        yield driver


def _open(driver: WebDriver, url: str) -> None:
    driver.get(url)
    WebDriverWait(driver, WAIT).until(
        ec.presence_of_element_located((By.CSS_SELECTOR, "article.md-content__inner h1")))


def _width(driver: WebDriver) -> int:
    return int(driver.execute_script("return window.innerWidth"))


def test_columns_table_shows_every_column_at_desktop_width(browser: WebDriver, served: str,
                                                           site: Site) -> None:
    """The widest table's Columns table fits: no horizontal scroll in its frame."""
    if _width(browser) < 1400:
        pytest.skip("a phone scrolls wide tables in their frame (the next test)")
    _open(browser, served + site.table_url)
    scroll, client = browser.execute_script(
        "const t = document.querySelector('h2#columns ~ .md-typeset__scrollwrap');"
        "return [t.scrollWidth, t.clientWidth];")
    assert scroll <= client + 1, f"{site.table_url}: Columns table {scroll} px in {client} px"


@pytest.mark.parametrize("page", ["overview", "schema", "table", "health", "changelog"])
def test_no_page_scrolls_sideways(browser: WebDriver, served: str, site: Site,
                                  page: str) -> None:
    """Wide tables and diagrams scroll inside their own frames, never the page; a name
    longer than a phone's line breaks inside it only then (Health's findings)."""
    url = {"overview": "reference/", "schema": site.schema_url, "table": site.table_url,
           "health": "reference/health/", "changelog": "reference/changelog/"}[page]
    _open(browser, served + url)
    scroll, client = browser.execute_script(
        "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert scroll <= client, f"{url} is {scroll} px wide in a {client} px window"


@pytest.mark.parametrize("page", ["overview", "schema", "table"])
def test_diagram_text_is_legible_as_first_shown(browser: WebDriver, served: str, site: Site,
                                                page: str) -> None:
    """Each diagram's smallest text renders at 10 px or more: a diagram too wide for the
    column keeps its legible size and its frame scrolls."""
    url = {"overview": "reference/", "schema": site.schema_url, "table": site.table_url}[page]
    _open(browser, served + url)
    diagrams = browser.execute_script(DIAGRAM_TEXT)
    for found in diagrams:
        if found["smallest"] is not None:
            assert found["smallest"] >= LEGIBLE_PX - 0.05, (url, found)


def test_code_in_cells_wraps_only_between_tokens(browser: WebDriver, served: str,
                                                 site: Site) -> None:
    """`company_master_pkey`, `numeric(15,2)`, `'US'::text` never break inside; long
    code wraps at blanks and after the dots and commas of names."""
    _open(browser, served + site.table_url)
    assert browser.execute_script(BROKEN_TOKENS, "article table td code") == []


def test_page_heading_wraps_only_between_names(browser: WebDriver, served: str,
                                               site: Site) -> None:
    """At a phone's width `marketing.people_master` wraps after its dot, never inside
    a name (`people_mas` over `ter`); the browser tab's title has no break marks."""
    _open(browser, served + site.table_url)
    assert browser.execute_script(BROKEN_TOKENS, "article.md-content__inner h1") == []
    heading = browser.find_element(By.CSS_SELECTOR, "article.md-content__inner h1").text
    assert site.table_name in heading.replace("\n", "")
    assert site.table_name in browser.title and "wbr" not in browser.title


def test_full_size_view_opens_and_shows_the_diagram(browser: WebDriver, served: str,
                                                    site: Site) -> None:
    """The table page's diagram has a Full size button; the view fills the window with
    the diagram at a legible size, and Escape closes it."""
    _open(browser, served + site.table_url)
    buttons = browser.find_elements(By.CSS_SELECTOR, ".schemadoc-zoom-open")
    if not browser.find_elements(By.CSS_SELECTOR, "article .schemadoc-diagram svg"):
        pytest.skip(f"{site.table_url} has no diagram")
    assert buttons, "no Full size button beside the diagram"
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", buttons[0])
    buttons[0].click()
    dialog = WebDriverWait(browser, WAIT).until(ec.visibility_of_element_located(
        (By.CSS_SELECTOR, "dialog.schemadoc-zoom[open]")))
    width, height, texts, smallest = browser.execute_script(
        "const svg = document.querySelector('dialog.schemadoc-zoom svg');"
        "const r = svg.getBoundingClientRect();"
        "const shown = [...svg.querySelectorAll('text')].filter(t => {"
        "  const b = t.getBoundingClientRect();"
        "  return b.right > 0 && b.bottom > 0 && b.left < innerWidth && b.top < innerHeight;});"
        "const px = shown.map(t => t.getBoundingClientRect().height);"
        "return [r.width, r.height, shown.length, Math.min(...px)];")
    assert width >= _width(browser) - 20 and height > 300
    assert texts > 0, "the full-size view shows no text of the diagram"
    assert smallest >= LEGIBLE_PX, f"text {smallest:.1f} px high in the full-size view"
    dialog.send_keys("\ue00c")  # Escape
    WebDriverWait(browser, WAIT).until_not(ec.presence_of_element_located(
        (By.CSS_SELECTOR, "dialog.schemadoc-zoom[open]")))


def _crumb_links(driver: WebDriver, url: str) -> list[str]:
    """The page's one trail above its title: the paths it links to."""
    _open(driver, url)
    crumbs = driver.find_elements(By.CSS_SELECTOR, "article .schemadoc-crumbs")
    assert len(crumbs) == 1 and crumbs[0].is_displayed(), url
    title = driver.find_element(By.CSS_SELECTOR, "article.md-content__inner h1")
    assert crumbs[0].location["y"] < title.location["y"], f"{url}: the trail is not above"
    return [urlsplit(a.get_attribute("href") or "").path for a in
            crumbs[0].find_elements(By.CSS_SELECTOR, "a")]


def test_pages_have_breadcrumbs_and_table_pages_their_neighbours(
        browser: WebDriver, served: str, site: Site) -> None:
    """database › schema › table above the title; previous / all / next below. The
    overview is the trail's root; Health and the Changelog sit under it."""
    assert _crumb_links(browser, served + "reference/") == []
    for page in ("health", "changelog"):
        assert _crumb_links(browser, served + f"reference/{page}/") == ["/reference/"]
    assert _crumb_links(browser, served + site.schema_url) == ["/reference/"]
    links = _crumb_links(browser, served + site.table_url)
    assert links == ["/reference/", "/" + site.schema_url], links
    pager = browser.find_element(By.CSS_SELECTOR, "article .schemadoc-pager")
    up = pager.find_element(By.CSS_SELECTOR, "a.schemadoc-up").get_attribute("href") or ""
    assert urlsplit(up).path == "/" + site.schema_url
    assert pager.find_elements(By.CSS_SELECTOR, "a.schemadoc-previous, a.schemadoc-next")


def test_search_lists_the_exact_name_first(browser: WebDriver, served: str,
                                           site: Site) -> None:
    """Typing a table's name lists that table's page first, above the tables whose names
    start with it."""
    if _width(browser) < 1400:
        pytest.skip("the same index at both widths")
    _open(browser, served + "reference/")
    box = browser.find_element(By.CSS_SELECTOR, "input.md-search__input")
    box.click()
    box.send_keys(site.search_name)
    wanted = f"[href*='h={site.search_name}']"
    WebDriverWait(browser, WAIT).until(ec.presence_of_element_located(
        (By.CSS_SELECTOR, f".md-search-result__item a{wanted}")))
    first = browser.find_element(By.CSS_SELECTOR, ".md-search-result__item > a")
    assert urlsplit(first.get_attribute("href") or "").path == "/" + site.search_url


def test_search_opens_an_enum_at_its_section(browser: WebDriver, served: str,
                                             site: Site) -> None:
    """Typing an enum's name lists it first; the result opens its schema page scrolled
    to the enum's own section, not to the top of the page."""
    if site.enum is None:
        pytest.skip(f"the {site.name} site has no enum")
    if _width(browser) < 1400:
        pytest.skip("the same index at both widths")
    name, schema_url = site.enum
    _open(browser, served + "reference/")
    box = browser.find_element(By.CSS_SELECTOR, "input.md-search__input")
    box.click()
    box.send_keys(name)
    WebDriverWait(browser, WAIT).until(ec.presence_of_element_located(
        (By.CSS_SELECTOR, f".md-search-result__item a[href*='h={name}']")))
    first = browser.find_element(By.CSS_SELECTOR, ".md-search-result__item > a")
    assert urlsplit(first.get_attribute("href") or "").path == "/" + schema_url
    first.click()
    WebDriverWait(browser, WAIT).until(lambda d: urlsplit(d.current_url).fragment)
    anchor = urlsplit(browser.current_url).fragment
    top, header = browser.execute_script(
        "return [document.getElementById(decodeURIComponent(arguments[0]))"
        ".getBoundingClientRect().top,"
        " document.querySelector('.md-header').getBoundingClientRect().bottom]", anchor)
    heading = browser.find_element(By.ID, anchor)
    assert heading.text.strip().startswith(name)
    # At the top, below the header (or lower when the page ends before it could be).
    bottom = browser.execute_script("return innerHeight") - 40
    assert header <= top < bottom, f"the {name} section is {top} px from the window's top"
    assert browser.execute_script("return scrollY") > 0
