"""Names with dots, blanks, quotes and capitals in schemadoc.yml: written as SQL quotes
identifiers, read by one rule, and never taken for another object.

The snapshot holds the pair the issue reported: a schema `a.b` with a table `c`, and a
schema `a` with a table `b.c`; both are `a.b.c` when written without quotes.
"""

from __future__ import annotations

import pytest

from generator.config import Endpoint, VirtualRelation, filter_snapshot, parse_config
from generator.errors import ConfigError
from generator.model import Column, Database, Function, Schema, Snapshot, Table
from generator.names.identifiers import BadName, parse_name, qualified, quote_ident


def table(*columns: str) -> Table:
    names = columns or ("id",)
    return Table(oid=1, kind="table", owner="o", columns={
        name: Column(position=i, attnum=i, type="bigint", nullable=False)
        for i, name in enumerate(names, start=1)})


def function(name: str) -> Function:
    return Function(oid=1, name=name, kind="function", arguments="x integer",
                    returns="void", language="sql", volatility="volatile",
                    security_definer=False, strict=False, parallel="unsafe", owner="o")


def dotted() -> Snapshot:
    """"a.b".c and a."b.c", with case variants and names with blanks and quotes beside."""
    return Snapshot(
        format_version=2, generated_at="2025-01-01T00:00:00Z",
        database=Database("db", None, None, "u", "18.0", 180000),
        schemas={
            "a.b": Schema(oid=1, owner="o", tables={"c": table("id", "x.y")},
                          functions={"f(integer)": function("f")}),
            "a": Schema(oid=2, owner="o", tables={"b.c": table(), "plain": table("c_id")},
                        functions={"b.f(integer)": function("b.f")}),
            "bit": Schema(oid=3, owner="o", tables={"t": table(), "T": table(),
                                                    "my table": table(), 'q"t': table()}),
            "BIT": Schema(oid=4, owner="o", tables={"t": table()}),
        })


# -- the one rule ---------------------------------------------------------------------


@pytest.mark.parametrize(("name", "parts"), [
    ("a.b", ("a", "b")), ("BIT.T", ("BIT", "T")), ('"a.b".c', ("a.b", "c")),
    ('a."b.c"', ("a", "b.c")), ('bit."my table"', ("bit", "my table")),
    ('bit."q""t"', ("bit", 'q"t')), ('"bit"."T"', ("bit", "T")),
])
def test_quoting_and_reading_give_back_the_same_names(name: str, parts: tuple[str, ...]
                                                       ) -> None:
    """A name reads as exactly the parts it was written from, and the parts written
    with `qualified` read back as themselves."""
    assert parse_name(name).readings(2) == (parts,)
    assert parse_name(qualified(*parts)).readings(2) == (parts,)


def test_quoted_forms_keep_apart_what_dots_would_join() -> None:
    """The two tables the issue reported are one dotted string, but two quoted ones."""
    assert qualified("a.b", "c") == '"a.b".c'
    assert qualified("a", "b.c") == 'a."b.c"'
    assert [quote_ident(n) for n in ("t", "T", "my table", 'q"t', "é", "x$")] == [
        "t", '"T"', '"my table"', '"q""t"', '"é"', '"x$"']


def test_a_bare_dotted_name_keeps_every_reading() -> None:
    """`a.b.c` as a table: "a.b".c or a."b.c"; the snapshot decides."""
    assert parse_name("a.b.c").readings(2) == (("a", "b.c"), ("a.b", "c"))
    assert parse_name("a.b.c").readings(1) == (("a.b.c",),)


@pytest.mark.parametrize(("text", "problem"), [
    ('a."b', "quote that is not closed"),
    ("a b.c", "a blank at position 2 outside double quotes"),
    ("a..b", "empty part at position 3"),
    ('"".b', "empty quoted name"),
    ('"a"b.c', "'b' at position 4 outside double quotes"),
])
def test_malformed_names_say_what_is_wrong(text: str, problem: str) -> None:
    """Each mistake is named, with where it is."""
    with pytest.raises(BadName, match=problem):
        parse_name(text)


# -- what the file's names name ------------------------------------------------------


def test_an_ambiguous_bare_name_is_a_one_line_error_naming_both() -> None:
    """`a.b.c` names both tables: the error shows the quoted form of each."""
    config = parse_config("tables:\n  a.b.c: Which one?\n")
    with pytest.raises(ConfigError) as caught:
        config.check(dotted())
    assert str(caught.value) == (
        'schemadoc.yml:2: tables."a.b.c": a.b.c could name two tables, a."b.c" and "a.b".c; '
        "write the one you mean with its quotes")


def test_quoted_names_describe_exactly_their_table() -> None:
    """Each quoted key reaches its own table, and no other."""
    config = parse_config("tables:\n"
                          "  '\"a.b\".c': In the dotted schema.\n"
                          "  'a.\"b.c\"': {description: The dotted table.}\n"
                          "  'bit.\"my table\"': With a blank.\n"
                          "  'bit.\"q\"\"t\"': With a quote.\n"
                          "  'bit.\"T\"': Capital T.\n"
                          "  'bit.t': Small t.\n"
                          "  'BIT.t': In the capital schema.\n")
    assert config.check(dotted()) == []
    described = {(s, t): config.description_for("table", s, t)
                 for s, schema in dotted().schemas.items() for t in schema.tables}
    assert described == {
        ("a.b", "c"): "In the dotted schema.", ("a", "b.c"): "The dotted table.",
        ("a", "plain"): None, ("bit", "my table"): "With a blank.",
        ("bit", 'q"t'): "With a quote.", ("bit", "T"): "Capital T.",
        ("bit", "t"): "Small t.", ("BIT", "t"): "In the capital schema."}


def test_a_bare_dotted_name_that_fits_one_table_names_it() -> None:
    """Without its twin, `a.b.c` reads as the one table there is."""
    snapshot = dotted()
    del snapshot.schemas["a"].tables["b.c"]
    config = parse_config("tables:\n  a.b.c: {description: Only one, columns: {id: key}}\n")
    assert config.check(snapshot) == []
    assert config.description_for("table", "a.b", "c") == "Only one"
    assert config.description_for("column", "a.b", "c", "id") == "key"


def test_a_column_with_a_dot_in_a_description_key() -> None:
    """Columns are keyed by their plain name under their table: `x.y` is one column."""
    config = parse_config("tables:\n  '\"a.b\".c':\n    columns: {x.y: the dotted column}\n")
    assert config.check(dotted()) == []
    assert config.description_for("column", "a.b", "c", "x.y") == "the dotted column"


def test_patterns_quote_names_and_keep_globs_in_bare_parts() -> None:
    """`"a.b".*` leaves out the dotted schema, not the dotted table of schema a; an
    ambiguous bare pattern that names things both ways is refused."""
    config = parse_config("exclude: ['\"a.b\".*', 'bit.\"T\"']\n")
    assert config.check(dotted()) == []
    kept = filter_snapshot(dotted(), config)
    assert "a.b" not in kept.schemas
    assert set(kept.schemas["a"].tables) == {"b.c", "plain"}
    assert set(kept.schemas["bit"].tables) == {"t", "my table", 'q"t'}
    ambiguous = parse_config("exclude: [a.b.c]\n")
    with pytest.raises(ConfigError, match=r'^schemadoc\.yml:1: exclude\[0\]: a\.b\.c could '
                       r'name two objects, a\."b\.c" and "a\.b"\.c; write the one you mean'):
        ambiguous.check(dotted())


def test_a_quoted_glob_character_is_literal() -> None:
    """Inside quotes `*` is part of the name, not a wildcard."""
    config = parse_config("exclude: ['bit.\"*\"']\n")
    assert set(filter_snapshot(dotted(), config).schemas["bit"].tables) == {
        "t", "T", "my table", 'q"t'}


def test_flows_relations_functions_and_id_formats_take_quoted_names() -> None:
    """Every place a name appears reads the quoted form the same way."""
    config = parse_config(
        "flows:\n"
        "  - name: Dots\n"
        "    steps:\n"
        "      - table: '\"a.b\".c'\n"
        "      - table: 'a.\"b.c\"'\n"
        "      - table: a.plain\n"
        "        from: '\"a.b\".\"c\"'\n"
        "relations:\n"
        "  declared:\n"
        "    - from: 'a.plain(c_id)'\n"
        "      to: '\"a.b\".c(\"x.y\")'\n"
        "functions:\n"
        "  '\"a.b\".f(integer)': The dotted schema's f.\n"
        "  'a.\"b.f\"': The dotted function.\n"
        "conventions:\n"
        "  id_formats:\n"
        "    - {name: X, regex: '^x$', columns: ['\"a.b\".c.\"x.y\"']}\n")
    snapshot = dotted()
    assert config.check(snapshot) == []
    assert [config.relation_key(snapshot, s.table) for s in config.flows[0].steps] == [
        ("a.b", "c"), ("a", "b.c"), ("a", "plain")]
    assert config.relation_key(snapshot, config.flows[0].steps[2].source or "") == ("a.b", "c")
    assert config.virtual_relations(snapshot) == [VirtualRelation(
        Endpoint("a", "plain", ("c_id",)), Endpoint("a.b", "c", ("x.y",)), "declared")]
    assert config.description_for("function", "a.b", "f(integer)") == "The dotted schema's f."
    assert config.description_for("function", "a", "b.f(integer)") == "The dotted function."
    assert config.id_format_for("a.b", "c", "x.y") is not None
    assert config.id_format_for("a", "b.c", "x.y") is None


def test_a_step_from_an_earlier_table_matches_it_quoted_or_not() -> None:
    """`from` names an earlier step however it is written."""
    config = parse_config("flows:\n  - name: F\n    steps:\n      - table: a.plain\n"
                          "      - table: 'a.\"b.c\"'\n        from: '\"a\".plain'\n")
    assert config.check(dotted()) == []


def test_two_flows_cannot_share_a_name() -> None:
    """A flow's name is its heading and its diagram's key: two alike are a mistake."""
    text = ("flows:\n"
            "  - {name: Same, steps: [{table: a.plain}, {table: bit.t}]}\n"
            "  - {name: Same, steps: [{table: bit.t}, {table: a.plain}]}\n")
    with pytest.raises(ConfigError, match=r"^schemadoc\.yml:3: flows\[1\]\.name: flows\[0\] "
                       r"is named 'Same' already; give each flow its own name$"):
        parse_config(text)


def test_a_flow_naming_a_missing_table_suggests_the_quoted_one() -> None:
    """The suggestion is written as it must be typed."""
    config = parse_config("flows:\n  - name: F\n    steps:\n      - table: a.plain\n"
                          "      - table: bit.my_table\n")
    with pytest.raises(ConfigError, match=r'did you mean bit\."my table"\?'):
        config.check(dotted())


def test_schema_keys_quote_names_and_globs() -> None:
    """`"a.b"` and a bare `a.b` both name the schema a.b; a quoted star is a star."""
    config = parse_config("schemas:\n  '\"a.b\"': {group: Dotted}\n  BIT: {group: Capital}\n"
                          "  'b*': {group: Glob}\n")
    assert config.check(dotted()) == []
    assert config.groups(dotted().schemas) == {
        "Dotted": ["a.b"], "Capital": ["BIT"], "Glob": ["bit"]}
    assert parse_config("schemas:\n  a.b: {group: Bare}\n").group_for("a.b") == "Bare"


def test_an_ambiguous_function_key_names_both_functions() -> None:
    """`a.b.f` could be f of schema a.b or b.f of schema a: both exist."""
    config = parse_config("functions:\n  a.b.f: Which?\n")
    with pytest.raises(ConfigError, match=r'^schemadoc\.yml:2: functions\."a\.b\.f": a\.b\.f '
                       r'could name two functions, a\."b\.f" and "a\.b"\.f; '):
        config.check(dotted())


def test_a_missing_quoted_schema_is_reported_at_its_line() -> None:
    """A quoted schema key naming no schema is a warning pointing at its own line."""
    config = parse_config("schemas:\n  bit: {group: G}\n  '\"x.y\"': {group: G}\n")
    assert config.check(dotted()) == ["schemadoc.yml:3: no schema matches '\"x.y\"'"]
