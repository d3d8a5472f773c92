"""The Jinja environment of the diff's templates (`templates/diff_*.j2`).

Markdown has no autoescape: every name, comment or definition reaches a template
already escaped by the view data (`render_markdown.py`) or through the `md`, `html`
and `code` filters; StrictUndefined makes a misspelt variable fail loudly.
"""

from __future__ import annotations

from functools import cache

from jinja2 import Environment
from markupsafe import escape

from generator.names.visible import visible
from generator.render.env import fence, fmt_bytes, fmt_int, md_escape
from generator.render.templating import template_environment


def code(value: object) -> str:
    """Inline code for GitHub: <code> around Markdown-escaped text.

    GitHub splits a table row at every unescaped pipe, even inside a backtick span;
    inside <code> the text is Markdown again, so the escapes of `md_escape` hold.
    """
    if value is None or value == "":
        return ""
    return f"<code>{md_escape(value)}</code>"


def html(value: object) -> str:
    """Text for an HTML block (`<summary>`), where Markdown escapes would show;
    characters a reader cannot see as escapes (`generator.names.visible`)."""
    return str(escape(visible("" if value is None else str(value), layout=True))
               ).replace("\n", " ")


@cache
def environment() -> Environment:
    """The diff templates' environment (built once; it holds no state between renders)."""
    return template_environment(None, dict(
        md=md_escape, html=html, code=code, fence=fence, fmt_int=fmt_int, fmt_bytes=fmt_bytes
    ))
