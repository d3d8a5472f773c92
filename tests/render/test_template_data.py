"""Templates read view data by name: `finding.rule`, `row.tables_share.text`, never
`row[0]` or `for icon, name, n in counts`. A reader of a template should not have to open
the Python that built a tuple to learn what its third item is.

Found with Jinja's own lexer, so text outside tags (`[0]` in Markdown) is not mistaken
for an expression. A two-name loop (`for name, table in page.tables`) stays allowed: it
is how a mapping's items read.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import jinja2

from generator.render.env import make_environment
from generator.templating import builtin_templates

# Tokens that end an operand: a `[` after one of them is a subscript, not a list.
_OPERAND_END = {"name", ")", "]"}
_IGNORED = {"whitespace", "comment_begin", "comment", "comment_end", "linecomment"}


def _tokens(env: jinja2.Environment, source: str) -> list[tuple[int, str, str]]:
    """(line, kind, text) of each token; an operator's kind is itself (`[`, `,`)."""
    return [(line, value if kind == "operator" else kind, value)
            for line, kind, value in env.lex(source) if kind not in _IGNORED]


def _positional(env: jinja2.Environment, source: str) -> Iterator[tuple[int, str]]:
    """(line, what) of each index by number and each unpacking of three or more names."""
    tokens = _tokens(env, source)
    for i, (line, kind, value) in enumerate(tokens):
        if kind == "[" and i and tokens[i - 1][1] in _OPERAND_END:
            rest = [t[1] for t in tokens[i + 1: i + 4]]
            if rest[:2] == ["integer", "]"] or rest == ["-", "integer", "]"]:
                yield line, "indexes a value by position"
        if kind == "name" and value in ("for", "set"):
            names = 0
            for _, inner, text in tokens[i + 1:]:
                if inner == "name" and text != "in":
                    names += 1
                elif inner != ",":
                    break
            if names >= 3:
                yield line, f"unpacks {names} names in `{value}`"


def positional_uses(root: Path) -> list[str]:
    """`file:line: what` for every positional access in the templates under `root`."""
    env = make_environment()
    found = []
    for path in sorted(root.rglob("*.j2")):
        for line, what in _positional(env, path.read_text("utf-8")):
            found.append(f"{path.relative_to(root).as_posix()}:{line}: {what}")
    return found


def test_templates_read_view_data_by_name() -> None:
    found = positional_uses(builtin_templates())
    assert found == [], ("give the view data named fields (a frozen dataclass or a "
                         "NamedTuple) instead:\n" + "\n".join(found))


def test_the_check_finds_positional_access(tmp_path: Path) -> None:
    """The check itself: it names the file and line, and leaves names and text alone."""
    (tmp_path / "bad.md.j2").write_text(
        "Row [0] of the table\n"
        "{{ row.share[0]|sortable(row.share[1]) }}\n"
        "{% for icon, name, n in counts %}{{ n }}{% endfor %}\n"
        "{% for name, table in tables %}{{ pairs[-1] }}{% endfor %}\n"
        "{{ [1, 2] }} {{ row.cells['a'] }}\n", "utf-8")
    assert positional_uses(tmp_path) == [
        "bad.md.j2:2: indexes a value by position",
        "bad.md.j2:2: indexes a value by position",
        "bad.md.j2:3: unpacks 3 names in `for`",
        "bad.md.j2:4: indexes a value by position",
    ]
