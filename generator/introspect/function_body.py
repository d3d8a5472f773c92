"""A function's body taken apart with PostgreSQL's own parser (libpg_query, through
pglast): the SQL statements it runs, the names of its variables, the search_path it
sets, the types it declares, and whether it builds SQL at run time.

Only bodies PostgreSQL does not track are read here: PL/pgSQL, and SQL functions
written as a string (`AS $$ ... $$`). A SQL-standard body (`BEGIN ATOMIC`, `RETURN`)
is tracked in pg_depend, exactly; other languages cannot be read. Nothing here knows
the database: `sql_references` and `name_resolution` find what the statements name.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from types import ModuleType
from typing import TYPE_CHECKING, Any

import orjson

if TYPE_CHECKING:
    from pglast import parser

Node = dict[str, Any]
PARSED_LANGUAGES = ("plpgsql", "sql")


@cache
def _parser() -> ModuleType:
    """pglast's parser, imported when the first body is parsed: pglast takes 20-40 ms
    to import, which a snapshot would otherwise add to its start-up (bodies are parsed
    in a thread of their own while the last catalog query runs, see
    parsed_dependencies)."""
    from pglast import parser

    return parser


def import_parser_soon() -> None:
    """Import pglast in a thread of its own from now on, so that the first body's parse
    does not wait for it: the import holds the interpreter for 20-40 ms, which cost
    nothing while the client waits for the server's answers, and delay the snapshot
    when they are spent beside the model's last steps."""
    threading.Thread(target=_parser, name="schemadoc-pglast", daemon=True).start()

# PLpgSQL_expr.parseMode (PostgreSQL's RawParseMode): a whole statement, an
# expression, or an assignment `target := expression` (three forms)
_STATEMENT, _EXPRESSION = 0, 2
_ASSIGNMENT_TARGET = re.compile(
    r'\s*(?:"(?:[^"]|"")*"|[^\s:=\[."]+)(?:\s*\.\s*(?:"(?:[^"]|"")*"|[^\s:=\[."]+))*'
    r"(?:\s*\[[^\]]*\])*\s*:?="
)
# statements that run a string as SQL, and the field of a statement that holds one
_DYNAMIC_STATEMENTS = frozenset({"PLpgSQL_stmt_dynexecute", "PLpgSQL_stmt_dynfors"})
_DYNAMIC_FIELD = "dynquery"
_NOT_VARIABLES = frozenset({"(unnamed row)"})
# the parser's complaints that rewriting the types can cure (see _plpgsql)
_CURABLE = ("LookupExplicitNamespace", "is not a known variable")
_SYSTEM_SCHEMAS = frozenset({"pg_catalog", "public"})


@dataclass
class Body:
    """What a function body holds, as far as parsing can tell."""

    statements: list[Node] = field(default_factory=list)  # parse trees of its SQL
    variables: frozenset[str] = frozenset()  # parameters, variables, the function's name
    search_path: list[str] | None = None  # its SET search_path, if any
    declared: list[tuple[list[str], str]] = field(default_factory=list)  # (name, "%type"...)
    dynamic_sql: bool = False
    error: str | None = None  # why (part of) it could not be parsed


@dataclass
class _Header:
    """The CREATE FUNCTION statement around the body."""

    language: str
    body: str | None
    parameters: list[str]
    name: str
    search_path: list[str] | None
    tracked: bool  # a SQL-standard body: pg_depend has what it reads


def read_body(definition: str) -> Body | None:
    """The parts of the body of `definition` (a `CREATE FUNCTION` statement as
    pg_get_functiondef() prints it); None when there is nothing to parse (a language
    other than PL/pgSQL and SQL, or a body PostgreSQL tracks)."""
    try:
        header = _header(definition)
    except _parser().ParseError as exc:
        return Body(error=_message(exc))
    if header.tracked or header.language not in PARSED_LANGUAGES or header.body is None:
        return None
    variables = {*header.parameters, header.name}
    if header.language == "sql":
        body = Body(variables=frozenset(variables), search_path=header.search_path)
        _add_statements(body, header.body, 0)
        return body
    return _plpgsql(definition, header, variables)


def _header(definition: str) -> _Header:
    (statement,) = orjson.loads(_parser().parse_sql_json(definition))["stmts"]
    create: Node = statement["stmt"]["CreateFunctionStmt"]
    language, body, search_path = "sql", None, None
    for option in create.get("options", []):
        element = option["DefElem"]
        if element["defname"] == "language":
            language = element["arg"]["String"]["sval"]
        elif element["defname"] == "as":
            items = element["arg"]["List"]["items"]
            body = items[0]["String"]["sval"] if len(items) == 1 else None
        elif element["defname"] == "set":
            setting = element["arg"]["VariableSetStmt"]
            if setting.get("name") == "search_path":
                search_path = [_constant(arg) for arg in setting.get("args", [])]
    parameters = [p["FunctionParameter"]["name"] for p in create.get("parameters", [])
                  if "name" in p["FunctionParameter"]]
    name = create["funcname"][-1]["String"]["sval"]
    return _Header(language, body, parameters, name, search_path, "sql_body" in create)


def _constant(node: Node) -> str:
    value = node.get("A_Const", {})
    return str(value.get("sval", {}).get("sval", "")) if "sval" in value else ""


def _plpgsql(definition: str, header: _Header, variables: set[str]) -> Body:
    assert header.body is not None
    rewritten, declared = _declarations(header.body)
    body = Body(search_path=header.search_path, declared=declared)
    try:
        tree = _parser().parse_plpgsql_json(definition)
    except _parser().ParseError as exc:
        # libpg_query knows no database: it cannot look up a type outside pg_catalog and
        # public, nor the fields of a %ROWTYPE variable. Types in public it takes for
        # composite ones: the same body with such types, if any, parses.
        start = definition.find(header.body)
        neutral = (_public_types(definition[:start]) + rewritten
                   + definition[start + len(header.body):])
        if neutral == definition or not any(c in str(exc.args[0]) for c in _CURABLE):
            body.error = _message(exc)
            return body
        try:
            tree = _parser().parse_plpgsql_json(neutral)
        except _parser().ParseError:
            body.error = _message(exc)
            return body
    for kind, value, line in _walk(orjson.loads(tree), 0):
        if kind == "variable":
            variables.add(value)
        elif kind == "dynamic":
            body.dynamic_sql = True
        else:
            _add_statements(body, value, line)
    body.variables = frozenset(variables)
    return body


def _public_types(head: str) -> str:
    """The CREATE FUNCTION header before the body with the types of its arguments and
    result moved to `public` (the function's own name stays as it is)."""
    opening = _DOLLAR_QUOTE.search(head)  # the body's opening quote: no token of its own
    head, quote = (head[: opening.start()], opening.group()) if opening else (head, "")
    try:
        tokens = list(_parser().scan(head))
    except _parser().ParseError:
        return head + quote
    edits = []
    named = False  # the first qualified name is the function's
    for before, dot, after in zip(tokens, tokens[1:], tokens[2:], strict=False):
        if dot.name != "ASCII_46" or before.end + 1 != dot.start or dot.end + 1 != after.start:
            continue
        if not named:
            named = True
            continue
        schema = identifier_parts(head[before.start : before.end + 1])
        if schema and schema[0] not in _SYSTEM_SCHEMAS:
            edits.append((before.start, before.end + 1))
    for begin, stop in reversed(edits):
        head = head[:begin] + "public" + head[stop:]
    return head + quote


_DOLLAR_QUOTE = re.compile(r"(\$[A-Za-z_0-9]*\$|')\s*$")


def _walk(node: Any, line: int) -> Iterator[tuple[str, Any, int]]:
    """The variables, SQL texts (with their line) and dynamic statements of a PL/pgSQL
    parse tree."""
    if isinstance(node, list):
        for item in node:
            yield from _walk(item, line)
        return
    if not isinstance(node, dict):
        return
    line = node.get("lineno", line)
    for key, value in node.items():
        if key == "PLpgSQL_expr":
            yield "sql", _sql_text(value), line
        elif key in _DYNAMIC_STATEMENTS or key == _DYNAMIC_FIELD:
            yield "dynamic", None, line
            yield from _walk(value, line)
        elif key == "refname" and value not in _NOT_VARIABLES:
            yield "variable", value, line
        elif isinstance(value, dict | list):
            yield from _walk(value, line)


def _sql_text(expression: Node) -> str:
    """The SQL statement an expression of PL/pgSQL stands for."""
    text: str = expression["query"]
    mode = expression.get("parseMode", _STATEMENT)
    if mode == _STATEMENT:
        return text
    if mode != _EXPRESSION:  # an assignment: what is assigned
        target = _ASSIGNMENT_TARGET.match(text)
        text = text[target.end():] if target else text
    return "SELECT " + text


def _add_statements(body: Body, text: str, line: int) -> None:
    try:
        parsed = orjson.loads(_parser().parse_sql_json(text))
    except _parser().ParseError as exc:
        if body.error is None:
            body.error = f"line {line}: {_message(exc)}" if line else _message(exc)
        return
    body.statements.extend(item["stmt"] for item in parsed.get("stmts", ()) if "stmt" in item)


def _message(exc: parser.ParseError) -> str:
    return str(exc.args[0]) if exc.args else "does not parse"


# -- declarations ------------------------------------------------------------------------


def _declarations(body: str) -> tuple[str, list[tuple[list[str], str]]]:
    """The body with every declared row or composite type (`v s.t%ROWTYPE`, `v s.mytype`)
    made `record`, and the declared types that name objects: `([schema,] table, column)`
    for %TYPE, `([schema,] table)` for %ROWTYPE, `([schema,] type)` for a qualified type.

    libpg_query knows no database: it cannot look up a type outside pg_catalog and
    public, nor the fields of a %ROWTYPE variable, and refuses such bodies; a record
    variable takes any field, which is all that parsing needs.
    """
    try:
        tokens = list(_parser().scan(body))
    except _parser().ParseError:  # the parse that follows says what is wrong
        return body, []
    declared: list[tuple[list[str], str]] = []
    edits: list[tuple[int, int]] = []
    for start, end in _type_spans(body, tokens):
        text = body[tokens[start].start : tokens[end].end + 1]
        names = identifier_parts(_TYPE_DECORATION.sub("", text))
        suffix = text.rsplit("%", 1)[1].strip().lower() if "%" in text else ""
        if suffix in ("type", "rowtype") or (len(names) > 1 and names[0] not in _SYSTEM_SCHEMAS):
            declared.append((names, f"%{suffix}" if suffix else ""))
        if suffix == "rowtype" or (not suffix and len(names) > 1
                                   and names[0] not in _SYSTEM_SCHEMAS):
            edits.append((tokens[start].start, tokens[end].end + 1))
    for begin, stop in reversed(edits):
        body = body[:begin] + "record" + body[stop:]
    return body, declared


# what follows the name of a declared type: %TYPE, %ROWTYPE, array brackets
_TYPE_DECORATION = re.compile(r"(?i)(\s*%\s*(row)?type|\s*\[[^\]]*\])+$")
_TYPE_ENDS = frozenset({"COLON_EQUALS", "ASCII_61", "DEFAULT", "NOT", "COLLATE", "ASCII_59"})


def _type_spans(body: str, tokens: list[Any]) -> Iterator[tuple[int, int]]:
    """(first, last) token of the type of each variable declared in a DECLARE section."""
    in_declare, position = False, 0
    while position < len(tokens):
        name = tokens[position].name
        if name == "DECLARE":
            in_declare = True
        elif name == "BEGIN_P":
            in_declare = False
        elif in_declare and name != "ASCII_59":
            end = _statement_end(tokens, position)
            words = [body[t.start : t.end + 1].lower() for t in tokens[position:end]]
            first = position + (2 if len(words) > 1 and words[1] == "constant" else 1)
            if not {"alias", "cursor", "scroll", "no"} & set(words[1:3]):
                last = first
                while last < end and tokens[last].name not in _TYPE_ENDS:
                    last += 1
                if last > first:
                    yield first, last - 1
            position = end
        position += 1


def _statement_end(tokens: list[Any], position: int) -> int:
    """The index of the `;` ending the declaration at `position` (outside brackets)."""
    depth = 0
    while position < len(tokens):
        name = tokens[position].name
        if name in ("ASCII_40", "ASCII_91"):
            depth += 1
        elif name in ("ASCII_41", "ASCII_93"):
            depth -= 1
        elif name == "ASCII_59" and depth <= 0:
            return position
        position += 1
    return position


_IDENTIFIER_PART = re.compile(r'\s*(?:"((?:[^"]|"")*)"|([^."\s]+))\s*(?:\.|$)')


def identifier_parts(text: str) -> list[str]:
    """`a."B c".d` as PostgreSQL reads it: ['a', 'B c', 'd'] (unquoted parts in lower
    case, as the server folds them)."""
    parts, position = [], 0
    while position < len(text):
        match = _IDENTIFIER_PART.match(text, position)
        if match is None or match.end() == position:
            break
        quoted, plain = match.groups()
        parts.append(quoted.replace('""', '"') if quoted is not None else plain.lower())
        position = match.end()
    return parts
