"""How every template is loaded, for every output: pages, Health, Changelog (and its SVG
chart), DOT diagrams, the PR comment. `generator.render.env.make_environment` is the
one environment, with every filter; this module, beneath every stage, only loads.

The user's `--templates` folder comes first, then the built-ins, which are also
reachable as `builtin/<name>` so that a user template can extend one and override a
block. StrictUndefined makes a misspelt variable fail loudly. Only SVG templates
(`*.svg.j2`) are autoescaped: Markdown and DOT are not HTML, and are escaped through
their filters (`md_escape`, `code`, `dot_escape`, ...).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2


def builtin_templates() -> Path:
    """The shipped templates: the package `generator.templates` (a plain folder)."""
    return Path(str(resources.files("generator.templates")))


def template_environment(
    templates: Path | None, filters: Mapping[str, Callable[..., Any]]
) -> jinja2.Environment:
    """An environment over the user's templates (if any) and the built-ins."""
    builtin = jinja2.FileSystemLoader(builtin_templates())
    loaders: list[jinja2.BaseLoader] = []
    if templates is not None:
        loaders.append(jinja2.FileSystemLoader(templates))
    loaders += [jinja2.PrefixLoader({"builtin": builtin}), builtin]
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=jinja2.select_autoescape(enabled_extensions=("svg.j2",),
                                            default_for_string=False, default=False),
    )
    env.filters.update(filters)
    return env
