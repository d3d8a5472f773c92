"""A built site in a real headless Chromium: a static HTTP server for its folder and the
system's chromium driven through its chromedriver (no driver download).

Modules that use it skip when chromium, chromedriver or selenium are missing
(`scripts/system-deps` installs them as root).
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from generator.commands.build import BuildOptions, build
from generator.commands.scaffold import scaffold
from generator.model import Snapshot
from generator.snapshot import write_snapshot
from tests.helpers import REPO
from tests.render.site_check import mkdocs_build

if TYPE_CHECKING:
    from selenium.webdriver.remote.webdriver import WebDriver

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver") or (
    "/usr/bin/chromedriver" if Path("/usr/bin/chromedriver").exists() else None)
MISSING = ("chromium and chromedriver are not installed (bash scripts/system-deps "
           "installs them as root)")
WAIT = 20  # seconds; the search index is built in a web worker on first use
MERMAID_JS = REPO / ".schemadoc" / "mermaid" / "mermaid.min.js"


def require_chromium() -> None:
    """Skip the calling test module when selenium, chromium or chromedriver is missing."""
    pytest.importorskip("selenium.webdriver", reason="selenium is not installed "
                        "(pip install -e '.[dev]')")
    if CHROMIUM is None or CHROMEDRIVER is None:
        pytest.skip(MISSING, allow_module_level=True)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serving(folder: Path) -> Iterator[str]:
    """A static HTTP server on a free port of 127.0.0.1 for `folder`; its URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@contextmanager
def chromium(profile: Path, width: int = 1280, height: int = 1000,
             keep_dialogs: bool = False) -> Iterator[WebDriver]:
    """Headless Chromium with a fresh profile in `profile`; `keep_dialogs` leaves an
    alert open for the test to find instead of dismissing it at the next command."""
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    assert CHROMIUM is not None and CHROMEDRIVER is not None, MISSING
    options = Options()
    options.binary_location = CHROMIUM
    for argument in ("--headless", "--no-sandbox", "--disable-gpu",
                     "--disable-background-networking", "--disable-dev-shm-usage",
                     "--disable-component-update", "--disable-sync", "--no-first-run",
                     f"--window-size={width},{height}", f"--user-data-dir={profile}"):
        options.add_argument(argument)
    if keep_dialogs:
        options.set_capability("unhandledPromptBehavior", "ignore")
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(WAIT)
    # Headless windows are at least 500 px wide: the viewport is set exactly instead,
    # so that a 400 px phone is a 400 px phone.
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
    try:
        yield driver
    finally:
        driver.quit()


def mermaid_site(project: Path, snapshot: Snapshot) -> Path:
    """A `diagrams: mermaid` site of `snapshot` built in `project`; its site folder.

    Material loads Mermaid from a CDN unless the page already has it: the copy that
    scripts/system-deps fetched from npm is listed in extra_javascript instead (the
    test skips without it).
    """
    if not MERMAID_JS.exists():
        pytest.skip(f"{MERMAID_JS.relative_to(REPO)} is missing: scripts/system-deps fetches "
                    "it with npm")
    scaffold(project, "Mermaid")
    write_snapshot(project / "schema_map.json", snapshot)
    (project / "schemadoc.yml").write_text("diagrams:\n  engine: mermaid\n", "utf-8")
    build(BuildOptions(snapshot=project / "schema_map.json", site_dir=project / "site_src",
                       quiet=True))
    (project / "site_src" / "javascripts").mkdir()
    shutil.copy(MERMAID_JS, project / "site_src" / "javascripts" / "mermaid.min.js")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8")
                      + "extra_javascript: [javascripts/mermaid.min.js]\n", "utf-8")
    mkdocs_build(project)
    return project / "site"
