"""A broken schemadoc.yml is reported as one line: file, line, key path, what was expected."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.config import Config, find_config, load_config, parse_config
from generator.errors import ConfigError

# (case, file text, expected message after "schemadoc.yml:")
BROKEN = [
    ("unknown top-level key",
     "title: Marketing DB\nflow:\n  - name: x\n",
     "2: flow: unknown key 'flow' (expected one of: version, title, introduction, include, "
     "exclude, schemas, tables, functions, relations, flows, diagrams, conventions, lint)"),
    ("misspelt nested key",
     "flows:\n  - name: Company\n    stepz:\n      - table: a.b\n",
     "3: flows[0].stepz: unknown key 'stepz' (expected one of: name, description, steps) "
     "(and 1 more problem)"),
    ("wrong type",
     "title: Marketing DB\ninclude: marketing\n",
     "2: include: expected a list, got a string"),
    ("bad regular expression",
     "conventions:\n  id_formats:\n    - name: Barton ID\n      regex: '^([0-9]{2}'\n"
     "      columns: [marketing.*.unique_id]\n",
     "4: conventions.id_formats[0].regex: bad regular expression '^([0-9]{2}': missing ), "
     "unterminated subpattern at position 1"),
    ("bad object pattern",
     "exclude:\n  - archive.*\n  - archive.\"old\n",
     "3: exclude[1]: expected a pattern schema or schema.name, optionally prefixed by table:, "
     "view:, materialized_view:, function:, sequence: or type: (quote a part holding dots or "
     "blanks); got 'archive.\"old'"),
    ("a blank outside quotes",
     "flows:\n  - name: Intake\n    steps:\n      - table: public.my table\n"
     "      - table: public.t\n",
     "4: flows[0].steps[0].table: expected a table as schema.table (quote a part holding dots "
     "or blanks: \"a.b\".c, public.\"My Table\"); got 'public.my table'"),
    ("a quoted part joined to another",
     "schemas:\n  '\"a\".b': {status: archive}\n",
     "2: schemas.\"\\\"a\\\".b\": '\"a\".b' is not one schema name (a quoted part cannot "
     "join others)"),
    ("a quote left open",
     "relations:\n  declared:\n    - from: 'public.\"t(x)'\n      to: public.u(id)\n",
     "3: relations.declared[0].from: expected schema.table(column, ...) (quote a name holding "
     "dots, blanks or commas); got 'public.\"t(x)'"),
    ("bad table name as a key",
     "tables:\n  company_master: Primary company records.\n",
     "2: tables.company_master: bad name 'company_master': expected a table as schema.table "
     "(quote a part holding dots or blanks: \"a.b\".c, public.\"My Table\")"),
    ("unknown status",
     "schemas:\n  archive:\n    status: archived\n",
     "3: schemas.archive.status: expected one of: active, archive, reserved, platform; "
     "got 'archived' (did you mean archive?)"),
    ("unknown lint rule",
     "lint:\n  rules:\n    no-primary-keys: off\n",
     "3: lint.rules.no-primary-keys: bad name 'no-primary-keys': expected a rule id "
     "(see `schemadoc lint --list-rules`) (did you mean no-primary-key?)"),
    ("bad relation endpoint",
     "relations:\n  declared:\n    - from: marketing.pipeline_events\n"
     "      to: marketing.company_master(company_unique_id)\n",
     "3: relations.declared[0].from: expected schema.table(column, ...) (quote a name holding "
     "dots, blanks or commas); got 'marketing.pipeline_events'"),
    ("bad strategy placeholder",
     "relations:\n  strategies: ['{tabel}_id']\n",
     "2: relations.strategies[0]: expected a column-name template with {table}, {singular} "
     "or {referenced_table}, e.g. {singular}_id; got '{tabel}_id'"),
    ("missing required key",
     "flows:\n  - steps:\n      - table: a.b\n      - table: a.c\n",
     "2: flows[0]: missing key 'name'"),
    ("flow with one step",
     "flows:\n  - name: Lonely\n    steps:\n      - table: a.b\n",
     "3: flows[0].steps: expected at least 2 items, got 1"),
    ("empty title",
     "title: ''\n",
     "1: title: expected a non-empty string"),
    ("duplicate key",
     "title: One\nintroduction: Hi\ntitle: Two\n",
     "3: title: duplicate key (only one may be given)"),
    ("not YAML",
     "title: [Marketing DB\n",
     "2: not valid YAML: expected ',' or ']', but got '<stream end>'"),
    ("not a mapping",
     "- marketing\n",
     "1: (top level): expected a mapping (key: value), got a list"),
    ("flow arrow from a later step",
     "flows:\n  - name: Intent\n    steps:\n      - table: bit.bit_signal\n"
     "      - table: bit.bit_company_score\n        from: bit.bit_contact_score\n",
     "6: flows[0].steps[1].from: expected a table of an earlier step (bit.bit_signal); "
     "got 'bit.bit_contact_score'"),
]


@pytest.mark.parametrize(("text", "expected"), [(t, e) for _, t, e in BROKEN],
                         ids=[case for case, _, _ in BROKEN])
def test_each_error_is_one_line_with_file_line_and_key(text: str, expected: str) -> None:
    """Every kind of mistake names the file, the line, the key path and what was expected."""
    with pytest.raises(ConfigError) as caught:
        parse_config(text, "schemadoc.yml")
    message = str(caught.value)
    assert message == f"schemadoc.yml:{expected}"
    assert "\n" not in message


def test_a_file_on_disk_is_named_by_its_path(tmp_path: Path) -> None:
    """The message starts with the path the user gave, so editors can jump to it."""
    path = tmp_path / "docs" / "schemadoc.yml"
    path.parent.mkdir()
    path.write_text("title: ok\nlint:\n  rules:\n    too-many-columns: {max: many}\n")
    with pytest.raises(ConfigError, match=rf"^{path}:4: lint\.rules\.too-many-columns\.max: "
                       "expected a whole number, got a string$"):
        load_config(path)


def test_a_missing_file_given_explicitly_is_an_error(tmp_path: Path) -> None:
    """--config naming a file that is not there stops the run."""
    with pytest.raises(ConfigError, match="cannot read the configuration"):
        find_config(tmp_path / "nope.yml")


def test_no_file_means_the_defaults(tmp_path: Path) -> None:
    """Without --config and without ./schemadoc.yml, everything is documented and linted."""
    assert find_config(None, tmp_path) == Config()
    (tmp_path / "schemadoc.yml").write_text("title: Found\n")
    assert find_config(None, tmp_path).title == "Found"


def test_off_is_a_word_not_false() -> None:
    """YAML 1.1 reads `off` as false; a rule's `off` must stay the word."""
    config = parse_config("lint:\n  rules:\n    unused-index: off\n    no-index: warning\n")
    assert config.lint.rule("unused-index").severity == "off"
    assert config.lint.rule("no-index").severity == "warning"


def test_an_empty_file_is_the_defaults() -> None:
    """An empty schemadoc.yml (only comments) changes nothing."""
    assert parse_config("# nothing yet\n") == Config(source="schemadoc.yml")


def test_lint_stops_on_a_bad_config_before_reading_the_database(tmp_path: Path) -> None:
    """The configuration is checked first: exit 2, one line, no output, no connection."""
    bad = tmp_path / "schemadoc.yml"
    bad.write_text("lint:\n  rulez: {}\n")
    result = CliRunner().invoke(cli, ["lint", "--dsn", "host=192.0.2.1 connect_timeout=30",
                                      "--config", str(bad)])
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr == (f"schemadoc: error: {bad}:2: lint.rulez: unknown key 'rulez' "
                             "(expected one of: exclude, rules)\n")
