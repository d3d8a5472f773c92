"""Diagrams in a real headless Chromium: clicking a table's box opens that table's page,
and the boxes follow Material's light and dark palettes.

The site is a throwaway MkDocs Material build of the seed's diagrams (tests/diagrams/
site.py), served over HTTP on 127.0.0.1 with directory URLs, instant navigation on.
Chromium and chromedriver come from the system; without them these tests skip.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from tests.chromium import WAIT, chromium, require_chromium, serving
from tests.diagrams.conftest import NO_DOT
from tests.diagrams.site import mkdocs_build, write_site
from tests.factories import seed_snapshot

if shutil.which("dot") is None:
    pytest.skip(NO_DOT, allow_module_level=True)
require_chromium()

from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.remote.webdriver import WebDriver  # noqa: E402
from selenium.webdriver.support import expected_conditions as ec  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

pytestmark = pytest.mark.slow
H1 = "article.md-content__inner h1"


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The seed's diagram site, built and served on a free port; its URL."""
    project = tmp_path_factory.mktemp("diagram-site")
    with serving(project / "site") as url:
        write_site(project, seed_snapshot(), use_directory_urls=True, site_url=url)
        mkdocs_build(project)
        yield url


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebDriver]:
    """Headless Chromium through the system chromedriver, with a fresh profile."""
    with chromium(tmp_path_factory.mktemp("chromium-profile")) as driver:
        yield driver


def _open(driver: WebDriver, url: str, heading: str) -> None:
    driver.get(url)
    WebDriverWait(driver, WAIT).until(ec.text_to_be_present_in_element(
        (By.CSS_SELECTOR, H1), heading))


def _node_link(driver: WebDriver, table: str) -> object:
    """The <a> of the diagram box whose tooltip is `table`."""
    return driver.find_element(
        By.XPATH, "//div[contains(@class, 'schemadoc-diagram')]//*[local-name()='a']"
        f"[@*[local-name()='title']='{table}']")


def test_clicking_a_box_opens_the_table_page(browser: WebDriver, site_url: str) -> None:
    """On company_slots' page, the company_master box leads to company_master's page."""
    _open(browser, site_url + "reference/marketing/company_slots/", "marketing.company_slots")
    _node_link(browser, "marketing.company_master").click()  # type: ignore[attr-defined]
    WebDriverWait(browser, WAIT).until(ec.text_to_be_present_in_element(
        (By.CSS_SELECTOR, H1), "marketing.company_master"))
    assert urlsplit(browser.current_url).path == "/reference/marketing/company_master/"


def test_clicking_a_box_on_the_schema_page(browser: WebDriver, site_url: str) -> None:
    """From the schema page (one folder up), a box still opens the right page."""
    _open(browser, site_url + "reference/marketing/", "marketing")
    _node_link(browser, "marketing.pipeline_events").click()  # type: ignore[attr-defined]
    WebDriverWait(browser, WAIT).until(ec.text_to_be_present_in_element(
        (By.CSS_SELECTOR, H1), "marketing.pipeline_events"))
    assert urlsplit(browser.current_url).path == "/reference/marketing/pipeline_events/"


_COLOURS = """
const svg = document.querySelector('.schemadoc-diagram svg');
const text = svg.querySelector('g.node text[fill="#222222"]');
const box = svg.querySelector('g.node polygon[fill="#fcfcfc"]');
return [getComputedStyle(text).fill, getComputedStyle(box).fill,
        getComputedStyle(document.body).backgroundColor];
"""


def _brightness(css: str) -> float:
    parts = [float(p) for p in css[css.index("(") + 1:css.index(")")].split(",")[:3]]
    return sum(parts) / 3


def test_boxes_follow_the_light_and_dark_palettes(browser: WebDriver, site_url: str) -> None:
    """Light palette: dark text on a light box; dark palette: light text on a dark box."""
    _open(browser, site_url + "reference/marketing/company_slots/", "marketing.company_slots")
    browser.execute_script("document.body.setAttribute('data-md-color-scheme', 'default')")
    text, box, page = browser.execute_script(_COLOURS)
    assert _brightness(text) < 100 < _brightness(box), (text, box, page)
    browser.execute_script("document.body.setAttribute('data-md-color-scheme', 'slate')")
    text, box, page = browser.execute_script(_COLOURS)
    assert _brightness(text) > 150 > _brightness(box), (text, box, page)
    assert _brightness(page) < 100
