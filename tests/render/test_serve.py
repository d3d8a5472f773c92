"""`mkdocs serve`, as a team previews its site: every link of a table page (its diagram's
boxes included) answers 200 from the development server."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urljoin

import pytest

from tests.factories import seed_snapshot
from tests.render.site_check import _Links, project_with


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.read().decode("utf-8", "replace")


@pytest.mark.slow
def test_mkdocs_serve_serves_every_link_of_a_table_page(tmp_path: Path) -> None:
    """Links in pages and diagrams resolve under `mkdocs serve` as in the built site."""
    project, _ = project_with(tmp_path, seed_snapshot())
    port = _free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--no-livereload",
         "-a", f"127.0.0.1:{port}"],
        cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        page = f"http://127.0.0.1:{port}/reference/marketing/company_slots/"
        deadline = time.monotonic() + 120
        while True:
            try:
                status, html = _get(page)
                break
            except OSError:
                assert time.monotonic() < deadline, "mkdocs serve did not answer"
                time.sleep(0.5)
        assert status == 200
        parser = _Links()
        parser.feed(html)
        in_svg = html[html.find("<svg"):html.rfind("</svg>")]
        assert "company_master" in in_svg, "the page has no diagram linking company_master"
        targets = {urljoin(page, link) for link in parser.links
                   if not link.startswith(("#", "mailto:")) and "://" not in link}
        assert any(t.rstrip("/").endswith("marketing/company_master") for t in targets)
        for target in sorted(targets):
            assert _get(target.split("#")[0])[0] == 200, target
    finally:
        server.terminate()
        server.wait(timeout=30)
