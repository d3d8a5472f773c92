"""Reading schemadoc.yml: YAML with the line of every key, checked by its JSON Schema.

`read_config_data(text, source)` returns plain data and a map key path -> line, or
raises `ConfigError` with one line: `file:line: key.path: what was expected`.

The file is untrusted input (a pull request brings its own, and `diff --lint` reads
it in CI), so every limit holds before memory or time can grow: the file is read only
up to `MAX_BYTES` (`read_config_file`), must be UTF-8 text, nests at most `_MAX_DEPTH`
levels (checked while the parser builds the tree, not after), and its aliases (`*a`)
may repeat at most `MAX_ALIASED` characters of the text they stand for, so a 342-byte
alias bomb is refused after a few thousand values instead of expanding to gigabytes.
"""

from __future__ import annotations

import difflib
import json
import re
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError, best_match

from generator.errors import ConfigError

__all__ = ["MAX_ALIASED", "MAX_BYTES", "KeyPath", "config_schema", "dotted", "read_config_data",
           "read_config_file"]

KeyPath = tuple[str | int, ...]
MAX_BYTES = 1 << 20
_MAX_DEPTH = 40
# What aliases may repeat, in characters of the values they stand for (each value
# counting at least 1): plenty for sharing settings or texts, a few MB of memory at most.
MAX_ALIASED = 100_000
_TYPE_WORDS = {"string": "a string", "object": "a mapping (key: value)", "array": "a list",
               "integer": "a whole number", "number": "a number", "boolean": "true or false",
               "null": "nothing"}


class _Loader(yaml.SafeLoader):
    """YAML with 1.2 booleans (`off` stays the word a rule's severity needs, not False),
    whose tree may nest at most _MAX_DEPTH levels."""

    def __init__(self, text: str, source: str) -> None:
        super().__init__(text)
        self.source = source
        self.depth = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        # PyYAML composes recursively: 5,000 nested `[` would exhaust Python's stack.
        self.depth += 1
        try:
            if self.depth > _MAX_DEPTH:
                line = self.peek_event().start_mark.line + 1  # type: ignore[no-untyped-call]
                raise ConfigError(f"{self.source}:{line}: nested more than {_MAX_DEPTH} "
                                  "levels deep; flatten the structure")
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool",
                              re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                              list("tTfF"))


@cache
def _schema_text() -> str:
    return files("generator.config").joinpath("config_schema.json").read_text("utf-8")


def config_schema() -> dict[str, Any]:
    """The JSON Schema (Draft 2020-12) of schemadoc.yml, as a fresh dict."""
    schema: dict[str, Any] = json.loads(_schema_text())
    return schema


@cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(config_schema(),
                                format_checker=Draft202012Validator.FORMAT_CHECKER)


def dotted(path: KeyPath) -> str:
    """`flows[0].steps[1].table`; keys holding dots or spaces are quoted."""
    out = ""
    for key in path:
        if isinstance(key, int):
            out += f"[{key}]"
        else:
            text = key if re.fullmatch(r"[\w-]+", key) else json.dumps(key, ensure_ascii=False)
            out += f".{text}" if out else text
    return out or "(top level)"


def _kind(value: object) -> str:
    names = {dict: "a mapping", list: "a list", str: "a string", bool: "a boolean",
             int: "a number", float: "a number", type(None): "nothing"}
    return names.get(type(value), f"a {type(value).__name__}")


class _Walk:
    """One pass over the composed tree: the line of every key, and what aliases cost."""

    def __init__(self, loader: _Loader, source: str) -> None:
        self.loader, self.source = loader, source
        self.lines: dict[KeyPath, int] = {}
        self.seen: set[int] = set()  # nodes already turned into data once
        self.open: set[int] = set()  # nodes being turned into data now (cycle check)
        self.aliased = 0  # characters repeated through aliases so far

    def _charge(self, node: yaml.Node, path: KeyPath, alias_line: int | None) -> int | None:
        """Count a node reached again through an alias (`alias_line`: where the repeat
        began); stop when aliases repeat too much."""
        if alias_line is None and id(node) in self.seen:
            alias_line = self.lines.get(path[:-1], node.start_mark.line + 1)
        self.seen.add(id(node))
        if alias_line is not None:
            self.aliased += 1 + (len(node.value) if isinstance(node, yaml.ScalarNode) else 0)
            if self.aliased > MAX_ALIASED:
                raise ConfigError(
                    f"{self.source}:{alias_line}: aliases (*name) repeat more than "
                    f"{MAX_ALIASED:,} characters of values; write the values out instead "
                    "of nesting aliases")
        return alias_line

    def data(self, node: yaml.Node, path: KeyPath, repeated: int | None = None) -> Any:
        """Plain data from a node, recording the line of every key and list item;
        `repeated` is the line where an alias began repeating the node, if it did."""
        self.lines.setdefault(path, node.start_mark.line + 1)
        if len(path) > _MAX_DEPTH:
            raise ConfigError(f"{self.source}:{self.lines[path]}: {dotted(path)}: nested too "
                              "deeply; flatten the structure")
        repeated = self._charge(node, path, repeated)
        if id(node) in self.open:
            raise ConfigError(f"{self.source}:{node.start_mark.line + 1}: {dotted(path)}: an "
                              "alias refers to a value that holds it; remove the alias")
        if isinstance(node, yaml.ScalarNode):
            return self.loader.construct_object(node, deep=True)
        self.open.add(id(node))
        try:
            if isinstance(node, yaml.MappingNode):
                return self._mapping(node, path, repeated)
            return [self.data(item, path + (i,), repeated) for i, item in enumerate(node.value)]
        finally:
            self.open.discard(id(node))

    def _mapping(self, node: yaml.MappingNode, path: KeyPath, repeated: int | None
                 ) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                raise ConfigError(f"{self.source}:{line}: {dotted(path)}: a key must be plain "
                                  "text, not a list or mapping; write the key as text")
            key = str(self.loader.construct_object(key_node, deep=True))
            where = path + (key,)
            if key in out:
                raise ConfigError(f"{self.source}:{line}: {dotted(where)}: "
                                  "duplicate key (only one may be given)")
            self.lines[where] = line
            out[key] = self.data(value_node, where, repeated)
        return out


def _read_yaml(text: str, source: str) -> tuple[Any, dict[KeyPath, int]]:
    try:
        # The reader checks every character first: YAML allows no control character
        # but tab and line breaks, raw (an escape sequence pasted from a terminal).
        loader = _Loader(text, source)
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        raise ConfigError(
            f"{source}:{line}: holds the character U+{exc.character:04X}, which YAML does not "
            "allow raw; remove it, or write it as an escape inside double quotes "
            f'("\\u{exc.character:04x}")') from None
    try:
        node = loader.get_single_node()
        walk = _Walk(loader, source)
        data = {} if node is None else walk.data(node, ())
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ConfigError(f"{source}:{line}: not valid YAML: {problem}") from None
    finally:
        loader.dispose()
    return data, walk.lines


def _line(lines: dict[KeyPath, int], path: KeyPath) -> int:
    return next((lines[path[:n]] for n in range(len(path), -1, -1) if path[:n] in lines), 1)


def _explain(err: ValidationError) -> tuple[KeyPath, str]:
    """The key path an error is about, and what was expected there."""
    path: KeyPath = tuple(err.absolute_path)
    schema = err.schema if isinstance(err.schema, dict) else {}
    expected = schema.get("x-expected")
    instance: Any = err.instance
    value: Any = err.validator_value
    if "propertyNames" in err.absolute_schema_path:
        return path + (str(instance),), (f"bad name {instance!r}: expected {expected}"
                                         f"{_close(instance, schema.get('enum'))}")
    if err.validator == "additionalProperties":
        known = list(schema.get("properties", {}))
        extra = sorted(k for k in instance if k not in known)[0]
        return path + (extra,), f"unknown key {extra!r} (expected one of: {', '.join(known)})"
    if err.validator == "required":
        return path, f"missing key {next(k for k in value if k not in instance)!r}"
    if err.validator == "format":
        return path, f"bad regular expression {instance!r}: {err.cause}"
    if err.validator in ("enum", "const"):
        allowed = value if err.validator == "enum" else [value]
        words = expected or "one of: " + ", ".join(map(str, allowed))
        return path, f"expected {words}; got {instance!r}{_close(instance, allowed)}"
    if err.validator == "type" and not expected:
        words = " or ".join(_TYPE_WORDS.get(t, t) for t in ([value] if isinstance(value, str)
                                                            else value))
        return path, f"expected {words}, got {_kind(instance)}"
    if err.validator == "minItems":
        return path, f"expected at least {value} items, got {len(instance)}"
    if err.validator == "minLength":
        return path, "expected a non-empty string"
    if err.validator == "minimum":
        return path, f"expected a number of at least {value}, got {instance!r}"
    if expected:
        return path, f"expected {expected}; got {_short(instance)}"
    return path, err.message


def _close(value: object, choices: list[Any] | None) -> str:
    words = [str(c) for c in choices or []]
    close = difflib.get_close_matches(str(value), words, n=1) if isinstance(value, str) else []
    return f" (did you mean {close[0]}?)" if close else ""


def _short(value: object) -> str:
    text = repr(value) if isinstance(value, str) else _kind(value)
    return text if len(text) <= 80 else text[:77] + "..."


def read_config_file(path: Path) -> str:
    """The text of a schemadoc.yml, read no further than MAX_BYTES; a file that is too
    large, binary or not UTF-8 is refused in one line. A UTF-8 byte order mark is dropped."""
    try:
        with path.open("rb") as stream:
            raw = stream.read(MAX_BYTES + 1)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the configuration: {exc.strerror or exc}; "
                          "check the path and its permissions") from None
    if len(raw) > MAX_BYTES:
        raise ConfigError(f"{path}:1: the file is larger than {MAX_BYTES // 1024} KiB, the "
                          "most a schemadoc.yml may be; keep descriptions short or move "
                          "them into database comments")
    if b"\0" in raw:
        line = raw.count(b"\n", 0, raw.index(b"\0")) + 1
        raise ConfigError(f"{path}:{line}: not a text file (it holds a NUL byte); give a "
                          "YAML file")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise ConfigError(f"{path}:{line}: not UTF-8 text (byte 0x{raw[exc.start]:02x}); "
                          "save the file as UTF-8") from None
    return text.removeprefix("\ufeff")


def read_config_data(text: str, source: str) -> tuple[dict[str, Any], dict[KeyPath, int]]:
    """Parse and validate; raise ConfigError naming the first problem in file order."""
    data, lines = _read_yaml(text, source)
    problems = []
    for error in _validator().iter_errors(data):
        path, what = _explain(best_match([error]))
        # A misspelt key also makes a required one missing: name the misspelling first.
        missing = error.validator == "required"
        problems.append((missing, _line(lines, path), dotted(path), what))
    if problems:
        problems.sort()
        _, line, where, what = problems[0]
        more = len(problems) - 1
        more_text = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
        raise ConfigError(f"{source}:{line}: {where}: {what}{more_text}")
    return data, lines
