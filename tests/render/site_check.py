"""Helpers for render tests: a scaffolded project, a real `mkdocs build`, link checks."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from generator.commands.build import BuildOptions, BuildResult, build
from generator.commands.scaffold import scaffold
from generator.model import Snapshot
from generator.snapshot import write_snapshot


def project_with(tmp_path: Path, snapshot: Snapshot) -> tuple[Path, BuildResult]:
    """`schemadoc init` + `schemadoc build --snapshot` in a fresh folder."""
    scaffold(tmp_path, "Test site")
    path = tmp_path / "schema_map.json"
    write_snapshot(path, snapshot)
    result = build(BuildOptions(snapshot=path, site_dir=tmp_path / "site_src", quiet=True))
    return tmp_path, result


def plugin_mode(project: Path, snapshot: str = "schema_map.json") -> None:
    """Switch a project `schemadoc init` made to plugin mode as its mkdocs.yml says: the
    commented `- schemadoc:` lines replace `- schemadoc`, with `snapshot` (relative to
    mkdocs.yml) as the snapshot."""
    config = project / "mkdocs.yml"
    text = config.read_text("utf-8")
    assert "\n  - schemadoc\n" in text and "\n  # - schemadoc:\n" in text, text
    text = text.replace("\n  - schemadoc\n", "\n")
    text = re.sub(r"^  # (- schemadoc:|    \w+: )", r"  \1", text, flags=re.MULTILINE)
    text = re.sub(r"^(      snapshot: )\S+", rf"\g<1>{snapshot}", text, flags=re.MULTILINE)
    config.write_text(text, "utf-8")


def mkdocs_build(project: Path, env: dict[str, str] | None = None) -> str:
    """`mkdocs build --strict` in `project`; fails the test on any warning."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project, env=env,
        capture_output=True, text=True, timeout=600,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{output[-4000:]}"
    assert "WARNING" not in output, output[-4000:]
    return output


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            # Diagrams inlined as SVG link their nodes with <a xlink:href> (or href).
            if value and ((tag == "a" and name in ("href", "xlink:href"))
                          or (tag == "link" and name == "href")
                          or (tag in ("script", "img") and name == "src")):
                self.links.append(value)


def internal_links(page: Path) -> list[str]:
    """Every relative href/src of one built page."""
    parser = _Links()
    parser.feed(page.read_text("utf-8"))
    found = []
    for link in parser.links:
        parts = urlsplit(link)
        if parts.scheme or parts.netloc or link.startswith(("#", "mailto:")):
            continue
        found.append(link)
    return found


def broken_links(site: Path) -> list[str]:
    """`page -> link` for every internal link of the built site whose target is missing."""
    broken = []
    for page in sorted(site.rglob("*.html")):
        for link in internal_links(page):
            path = unquote(urlsplit(link).path)
            # Root-relative links (404.html uses them) start at the site's root, as
            # site_url's path is "/".
            target = site / path.lstrip("/") if path.startswith("/") else page.parent / path
            if link.endswith("/") or target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{page.relative_to(site)} -> {link}")
    return broken
