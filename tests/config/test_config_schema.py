"""The shipped JSON Schema of schemadoc.yml: what editors validate the file with."""

from __future__ import annotations

from importlib.resources import files

import jsonschema
import pytest
import yaml

from generator.config import config_schema
from generator.lint import RULE_IDS


def demo_text() -> str:
    return files("generator.commands.demo").joinpath("schemadoc.yml").read_text("utf-8")


def editor_validator() -> jsonschema.Draft202012Validator:
    """What an editor does: the schema file alone, formats checked."""
    schema = config_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def test_the_schema_is_shipped_in_the_package() -> None:
    """config_schema.json and the demo's schemadoc.yml are package data."""
    assert files("generator.config").joinpath("config_schema.json").is_file()
    assert files("generator.commands.demo").joinpath("schemadoc.yml").is_file()


def test_the_schema_accepts_the_shipped_demo_config() -> None:
    """The sample Marketing DB's schemadoc.yml is valid under the schema as shipped."""
    errors = list(editor_validator().iter_errors(yaml.safe_load(demo_text())))
    assert errors == []


@pytest.mark.parametrize("bad", [
    {"titel": "typo"},
    {"include": "marketing"},
    {"exclude": ['a."b']},
    {"schemas": {"archive": {"status": "old"}}},
    {"schemas": {"a b": {"status": "active"}}},
    {"tables": {'"a"b.c': "x"}},
    {"tables": {"no_schema": "x"}},
    {"flows": [{"name": "one step", "steps": [{"table": "a.b"}]}]},
    {"flows": [{"steps": [{"table": "a.b"}, {"table": "a.c"}]}]},
    {"relations": {"declared": [{"from": "a.b(c)"}]}},
    {"relations": {"strategies": ["{table"]}},
    {"conventions": {"id_formats": [{"name": "x", "regex": "([", "columns": ["a.b.c"]}]}},
    {"conventions": {"id_formats": [{"name": "x", "regex": "^x$", "columns": ["a.b"]}]}},
    {"conventions": {"naming": {"booleans": ["{column}"]}}},
    {"lint": {"rules": {"no-such-rule": "off"}}},
    {"lint": {"rules": {"no-index": "fatal"}}},
    {"lint": {"rules": {"too-many-columns": {"max": 0}}}},
    {"version": 2},
], ids=lambda bad: yaml.safe_dump(bad, default_flow_style=True).strip())
def test_the_schema_rejects_bad_configs(bad: dict[str, object]) -> None:
    """Each of these mistakes is caught by the schema alone, as an editor would."""
    assert list(editor_validator().iter_errors(bad))


def test_the_schema_accepts_quoted_names_everywhere_a_name_appears() -> None:
    """Names holding dots, blanks, quotes or capitals are written quoted, as in SQL."""
    good = {
        "include": ['"a.b".*', 'table:a."b.c"', '"My Schema"'],
        "schemas": {'"a.b"': {"status": "active"}, '"x*"': {"group": "Literal star"}},
        "tables": {'"a.b".c': "One", 'a."b.c"': "Other", 'public."My ""Table"""': "Quoted"},
        "functions": {'"a.b".f(integer)': "A function"},
        "relations": {"declared": [{"from": '"a.b".c("x,y")', "to": 'a."b.c"(id)'}]},
        "flows": [{"name": "Dots", "steps": [{"table": '"a.b".c'}, {"table": 'a."b.c"'}]}],
        "conventions": {"id_formats": [{"name": "x", "regex": "^x$",
                                        "columns": ['"a.b".c.*_id']}]},
    }
    assert list(editor_validator().iter_errors(good)) == []


def test_the_schema_lists_exactly_the_lint_rules() -> None:
    """Rule ids in the schema and in `schemadoc lint` are the same set."""
    names = config_schema()["properties"]["lint"]["properties"]["rules"]["propertyNames"]
    assert sorted(names["enum"]) == sorted(RULE_IDS)
