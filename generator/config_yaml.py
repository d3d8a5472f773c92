"""Reading schemadoc.yml: YAML with the line of every key, checked by its JSON Schema.

`read_config_data(text, source)` returns plain data and a map key path -> line, or
raises `ConfigError` with one line: `file:line: key.path: what was expected`.
"""

from __future__ import annotations

import difflib
import json
import re
from functools import cache
from importlib.resources import files
from typing import Any

import yaml
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError, best_match

from generator.errors import ConfigError

__all__ = ["KeyPath", "config_schema", "dotted", "read_config_data"]

KeyPath = tuple[str | int, ...]
_MAX_DEPTH = 40
_TYPE_WORDS = {"string": "a string", "object": "a mapping (key: value)", "array": "a list",
               "integer": "a whole number", "number": "a number", "boolean": "true or false",
               "null": "nothing"}


class _Loader(yaml.SafeLoader):
    """YAML with 1.2 booleans: `off` stays the word a rule's severity needs, not False."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool",
                              re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                              list("tTfF"))


@cache
def _schema_text() -> str:
    return files("generator").joinpath("config_schema.json").read_text("utf-8")


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


def _data(node: yaml.Node, path: KeyPath, lines: dict[KeyPath, int], loader: _Loader,
          source: str) -> Any:
    """Plain data from a node, recording the line of every key and list item."""
    lines.setdefault(path, node.start_mark.line + 1)
    if len(path) > _MAX_DEPTH:
        raise ConfigError(f"{source}:{lines[path]}: {dotted(path)}: nested too deeply")
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = str(loader.construct_object(key_node, deep=True))
            where = path + (key,)
            if key in out:
                raise ConfigError(f"{source}:{key_node.start_mark.line + 1}: {dotted(where)}: "
                                  "duplicate key (only one may be given)")
            lines[where] = key_node.start_mark.line + 1
            out[key] = _data(value_node, where, lines, loader, source)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_data(item, path + (i,), lines, loader, source)
                for i, item in enumerate(node.value)]
    return loader.construct_object(node, deep=True)


def _read_yaml(text: str, source: str) -> tuple[Any, dict[KeyPath, int]]:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        lines: dict[KeyPath, int] = {}
        data = {} if node is None else _data(node, (), lines, loader, source)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ConfigError(f"{source}:{line}: not valid YAML: {problem}") from None
    finally:
        loader.dispose()
    return data, lines


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
