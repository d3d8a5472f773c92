"""The folder `mkdocs build` writes (`site/`), replaced whole.

MkDocs empties its site folder and then writes the new site into it, so a build
stopped half way leaves half a site. `build_site` has MkDocs write into a folder
beside it instead (`.site.building`) and, once the build succeeded, swaps the two
(`site` -> `.site.old`, `.site.building` -> `site`, then `.site.old` removed; signals
wait for the two renames). A build that fails or is interrupted removes its folder,
and the site stays as it was. A run killed between the two renames (SIGKILL) leaves
`.site.old` and no `site`: the next run puts it back first.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml

from generator.errors import SchemadocError
from generator.runtime.interrupts import deferred

__all__ = ["configured_site_dir", "staged_site"]


class _AnyTag(yaml.SafeLoader):
    """mkdocs.yml as data: the tags MkDocs and its extensions use (`!ENV`,
    `!!python/name:...`) read as null instead of failing."""


_AnyTag.add_multi_constructor("", lambda loader, suffix, node: None)


def configured_site_dir(config_file: Path) -> Path | None:
    """Where `mkdocs build` with `config_file` writes the site; None when that is not
    plain in the file (an `INHERIT`, a `!ENV` value): then the site is built in place."""
    try:
        data: Any = yaml.load(config_file.read_text("utf-8"), Loader=_AnyTag)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    if not isinstance(data, dict) or "INHERIT" in data:
        return None
    site_dir = data.get("site_dir", "site")
    if not isinstance(site_dir, str) or not site_dir.strip():
        return None
    return (config_file.parent / site_dir).resolve()


def _aside(target: Path, role: str) -> Path:
    return target.with_name(f".{target.name}.{role}")


def _recover(target: Path) -> None:
    old, building = _aside(target, "old"), _aside(target, "building")
    if old.exists() and not target.exists():
        old.rename(target)  # killed between the two renames of a swap
    for leftover in (old, building):
        shutil.rmtree(leftover, ignore_errors=True)


@contextmanager
def staged_site(target: Path | None) -> Iterator[Path | None]:
    """A folder for `mkdocs build --site-dir` that replaces `target` when the block
    succeeds (None: no target known, the site is built in place)."""
    if target is None:
        yield None
        return
    building, old = _aside(target, "building"), _aside(target, "old")
    try:
        _recover(target)
        yield building
        with deferred():
            if target.exists():
                target.rename(old)
            building.rename(target)
        shutil.rmtree(old, ignore_errors=True)
    except OSError as exc:
        raise SchemadocError(f"cannot replace the site in {target}: {exc.strerror or exc}; "
                             "check that the folder is writable and has free space") from None
    finally:
        shutil.rmtree(building, ignore_errors=True)
