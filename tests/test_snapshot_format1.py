"""Snapshots of format 1, whose references were dotted strings, still read.

`tests/golden/seed/schema_map.format-1.json` is the seed case as format 1 wrote it (kept
as it was, a test input): it reads as the same model, renders the same pages, and
`schemadoc diff` between it and the format-2 file reports nothing. A format-1 string
that splits more than one way is read against the snapshot's objects, with a warning
where that is a guess.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from generator.cli import cli
from generator.commands.build import site_facts
from generator.config import Config
from generator.model import ColumnRef, ObjectRef, Snapshot
from generator.names.identifiers import qualified
from generator.render import make_environment, render_site
from generator.snapshot import dumps, loads, read_snapshot, write_snapshot
from tests.factories import seed_snapshot
from tests.helpers import run_sql, snapshot_of
from tests.test_dotted_names import DOTTED

GOLDEN = Path(__file__).resolve().parent / "golden" / "seed"
FORMAT_1 = GOLDEN / "schema_map.format-1.json"


def as_format_1(text: str) -> str:
    """A format-2 snapshot written as format 1 wrote it: references as dotted strings."""
    data = json.loads(text)
    data["format_version"] = 1

    def dotted(ref: dict[str, str] | None) -> str | None:
        return None if ref is None else ".".join(ref.values())

    for schema in data["schemas"].values():
        for table in schema["tables"].values():
            table["partition_of"] = dotted(table["partition_of"])
            table["inherits"] = [dotted(ref) for ref in table["inherits"]]
        for kind in ("tables", "views", "materialized_views"):
            for relation in schema[kind].values():
                for trigger in relation.get("triggers", {}).values():
                    trigger["function"] = dotted(trigger["function"])
        for sequence in schema["sequences"].values():
            sequence["owned_by"] = dotted(sequence["owned_by"])
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def as_format_1_knew_it(snapshot: Snapshot) -> Snapshot:
    """`snapshot` without the fields added to format 2 after the format-1 file was kept
    (a file that lacks them reads them as unknown)."""
    return replace(snapshot, database=replace(snapshot.database, stats_since=None))


def test_the_kept_format_1_file_is_format_1() -> None:
    """The test input really is the old format (dotted strings)."""
    data: dict[str, Any] = json.loads(FORMAT_1.read_text("utf-8"))
    assert data["format_version"] == 1
    sequences = data["schemas"]["marketing"]["sequences"]
    assert sequences["pipeline_events_event_id_seq"]["owned_by"] == \
        "marketing.pipeline_events.event_id"


def test_a_format_1_file_reads_as_the_same_model() -> None:
    """Every dotted reference becomes its object, with no warning: none is ambiguous."""
    old = read_snapshot(FORMAT_1)
    assert old == as_format_1_knew_it(seed_snapshot())
    assert old.warnings == []
    marketing = old.schemas["marketing"]
    assert marketing.sequences["pipeline_events_event_id_seq"].owned_by == ColumnRef(
        "marketing", "pipeline_events", "event_id")
    assert marketing.tables["company_master"].triggers["company_master_touch"].function == \
        ObjectRef("public", "touch_updated_at")


def test_a_format_1_file_renders_the_same_pages() -> None:
    """The pages of the format-1 file are the golden pages of the format-2 one."""
    env = make_environment()
    old = dict(render_site(env, site_facts(read_snapshot(FORMAT_1), Config())))
    new = dict(render_site(env, site_facts(
        as_format_1_knew_it(read_snapshot(GOLDEN / "schema_map.json")), Config())))
    assert old == new
    # Every golden page but the overview (which says how old the statistics are).
    expected = {p.relative_to(GOLDEN / "reference").as_posix(): p.read_text("utf-8")
                for p in (GOLDEN / "reference").rglob("*.md")}
    differing = {k for k in expected if old.get(k) != expected[k]}
    assert differing == {"index.md"}, differing  # its "Never scanned" line


def test_diff_between_the_formats_of_one_database_reports_nothing() -> None:
    """`schemadoc diff` of the format-1 and format-2 files: no change, exit 0."""
    runner = CliRunner()
    result = runner.invoke(cli, ["diff", str(FORMAT_1), str(GOLDEN / "schema_map.json"),
                                 "--format", "json", "--fail-on", "any"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["changes"] == [] and data["warnings"] == []
    text = runner.invoke(cli, ["diff", str(FORMAT_1), str(GOLDEN / "schema_map.json")])
    assert text.exit_code == 0 and "no structural change" in text.output.lower(), text.output


def test_a_new_snapshot_replaces_a_format_1_file_without_force(tmp_path: Path) -> None:
    """A format-1 file is a readable snapshot: writing over it needs no --force."""
    path = tmp_path / "schema_map.json"
    path.write_bytes(FORMAT_1.read_bytes())
    assert write_snapshot(path, seed_snapshot()) is True
    assert json.loads(path.read_text("utf-8"))["format_version"] == 2


def test_dotted_strings_of_a_real_database_are_read_against_its_objects(db: str) -> None:
    """The partition's parent is the one partitioned table of its dotted name; the
    trigger functions are the ones their definitions name; the identity columns are
    found; the inherited table, which its dotted string cannot tell, is a guess the
    snapshot warns about, naming both readings."""
    run_sql(db, DOTTED)
    taken = snapshot_of(db)
    old = loads(as_format_1(dumps(taken)))
    a, ab = old.schemas["a"], old.schemas["a.b"]
    assert a.tables["p2024"].partition_of == ObjectRef("a.b", "p")
    assert ab.tables["c"].triggers["touch_c"].function == ObjectRef("a.b", "touch")
    assert a.tables["b.c"].triggers["touch_b_c"].function == ObjectRef("a", "b.touch")
    assert ab.sequences["c_id_seq"].owned_by == ColumnRef("a.b", "c", "id")
    assert a.sequences["b.c_id_seq"].owned_by == ColumnRef("a", "b.c", "id")
    (warning,) = [w for w in old.warnings if w.startswith("format-1")]
    assert warning == (
        "format-1 snapshot: a.child inherits 'a.b.c' could name a.\"b.c\" or \"a.b\".c; "
        "taken as a.\"b.c\" (regenerate the snapshot with `schemadoc snapshot` to record "
        "it exactly)")
    guessed = a.tables["child"].inherits
    assert guessed == [ObjectRef("a", "b.c")] != taken.schemas["a"].tables["child"].inherits
    assert qualified("a.b", "c") in warning and qualified("a", "b.c") in warning


def test_a_dotted_string_naming_nothing_is_read_at_its_first_dot_with_a_warning() -> None:
    """A trigger function outside the snapshot (and not named by the definition) can
    only be guessed: the first split is taken and the warning says so."""
    data = json.loads(as_format_1(dumps(seed_snapshot())))
    trigger = data["schemas"]["marketing"]["tables"]["company_master"]["triggers"][
        "company_master_touch"]
    trigger["function"] = "ext.x.touch"
    trigger["definition"] = "CREATE TRIGGER company_master_touch ..."
    old = loads(json.dumps(data))
    assert old.schemas["marketing"].tables["company_master"].triggers[
        "company_master_touch"].function == ObjectRef("ext", "x.touch")
    assert old.warnings == [
        "format-1 snapshot: marketing.company_master trigger company_master_touch function "
        "'ext.x.touch' names no object of this snapshot; taken as ext.\"x.touch\" (regenerate "
        "the snapshot with `schemadoc snapshot` to record it exactly)"]
