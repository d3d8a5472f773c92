"""How every template is loaded: one kind of Jinja environment for pages, diagrams and
the diff comment.

The user's `--templates` folder comes first, then the built-ins, which are also
reachable as `builtin/<name>` so that a user template can extend one and override a
block. StrictUndefined makes a misspelt variable fail loudly; there is no autoescape
because no output is HTML: each caller escapes through its own filters.
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
        autoescape=False,
    )
    env.filters.update(filters)
    return env
