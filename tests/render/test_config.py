"""schemadoc.yml in the site: statuses, groups, title, descriptions, flows, virtual
relations and objects left out, as `schemadoc build` renders them.

The full rendering of one configured site is locked by the golden case `configured`
(tests/golden/configured/schemadoc.yml); these tests state what a reader sees.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from generator.cli import cli
from generator.commands.scaffold import scaffold
from generator.snapshot import write_snapshot
from tests.factories import seed_snapshot
from tests.render.site_check import broken_links, mkdocs_build

CONFIGURED = Path(__file__).resolve().parent.parent / "golden" / "configured" / "schemadoc.yml"


def _project(tmp_path: Path, config: str | None = None) -> Path:
    """A scaffolded project with the seed snapshot and, if given, this schemadoc.yml."""
    scaffold(tmp_path, "Configured")
    write_snapshot(tmp_path / "schema_map.json", seed_snapshot())
    if config is None:
        (tmp_path / "schemadoc.yml").unlink()
    else:
        (tmp_path / "schemadoc.yml").write_text(config, "utf-8")
    return tmp_path


def _build(project: Path, *extra: str) -> str:
    result = CliRunner().invoke(cli, ["build", "--snapshot", str(project / "schema_map.json"),
                                      "--site-dir", str(project / "site_src"), "-q", *extra])
    assert result.exit_code == 0, result.output
    return result.output


def _page(project: Path, relative: str) -> str:
    """A generated page's Markdown, without its front matter."""
    text = (project / "site_src" / "reference" / relative).read_text("utf-8")
    return text.split("\n---\n\n", 1)[1] if text.startswith("---\n") else text


def test_schemadoc_yml_beside_mkdocs_yml_is_read_by_default(tmp_path: Path) -> None:
    """Without --config, the schemadoc.yml next to the docs folder shapes the overview."""
    project = _project(tmp_path, CONFIGURED.read_text("utf-8"))
    _build(project)
    overview = _page(project, "index.md")
    assert overview.startswith("# Marketing DB: schema reference\n\n"
                               "The **marketing** database of the outreach team.\n")
    assert "### Production schemas" in overview
    # public is archived by the file, whatever the built-in rules say.
    archive = overview[overview.index("### Archive schemas"):]
    assert "#### [public](public.md)" in archive[:archive.index("### Platform")]


def test_flows_are_drawn_as_labelled_arrows(tmp_path: Path) -> None:
    """Each flow lists its tables in order, with row counts and the arrows' labels."""
    project = _project(tmp_path, CONFIGURED.read_text("utf-8"))
    _build(project)
    overview = _page(project, "index.md")
    flow = overview[overview.index("### Company → People"):overview.index("### Relationships")]
    assert flow.splitlines()[4:9] == [
        "[intake.company_raw_intake](intake/company_raw_intake.md) (453 rows): CSV uploads<br>",
        "&emsp;↓ *validation &amp; promotion*<br>",
        "[marketing.company_master](marketing/company_master.md) (~453 rows)<br>",
        "&emsp;↓ *slot creation*<br>",
        "[marketing.company_slots](marketing/company_slots.md) (~1,359 rows)<br>",
    ]
    assert "&emsp;↓ *logged* (from [marketing.company_master](marketing/company_master.md))" \
        in flow


def test_descriptions_stand_beside_catalog_comments(tmp_path: Path) -> None:
    """A description is marked as schemadoc.yml's; the catalog comment stays, marked too."""
    project = _project(tmp_path, CONFIGURED.read_text("utf-8"))
    _build(project)
    page = _page(project, "marketing/company_master.md")
    assert '!!! abstract "Description (schemadoc.yml)"\n\n' \
        "    The company source of truth | with a pipe.\n\n    Second paragraph.\n" in page
    assert "**Catalog comment**: Primary company records." in page
    assert "| **schemadoc.yml:** NAICS sector \\| two-digit. |" in page
    assert "| **schemadoc.yml:** For lookups by name. |" in page
    schema = _page(project, "marketing.md")
    assert "Turns `ceo` into `Ceo`." in schema  # a function's description


def test_virtual_relations_are_marked_virtual(tmp_path: Path) -> None:
    """A declared relation links both tables and says it is virtual, on both pages."""
    project = _project(tmp_path, CONFIGURED.read_text("utf-8"))
    _build(project)
    intake = _page(project, "intake/company_raw_intake.md")
    assert "[marketing.<wbr>company_master.<wbr>company_unique_id](../marketing/" \
        "company_master.md) *(virtual)*" in intake
    master = _page(project, "marketing/company_master.md")
    assert "virtual: declared in schemadoc.yml (promoted)" in master


def test_excluded_objects_get_no_page(tmp_path: Path) -> None:
    """`exclude` removes a table's page and its line in the lists."""
    project = _project(tmp_path, CONFIGURED.read_text("utf-8"))
    _build(project)
    assert not (project / "site_src" / "reference" / "archive" / "old_table_1.md").exists()
    assert (project / "site_src" / "reference" / "archive" / "old_table_2.md").exists()
    assert "old_table_1" not in _page(project, "archive.md")


def test_explicit_config_wins_and_a_broken_one_writes_nothing(tmp_path: Path) -> None:
    """--config FILE is read instead; a flow naming a missing table fails before writing."""
    project = _project(tmp_path, None)
    other = tmp_path / "elsewhere.yml"
    other.write_text("version: 1\ntitle: Elsewhere\n", "utf-8")
    _build(project, "--config", str(other))
    assert _page(project, "index.md").startswith("# Elsewhere: schema reference\n")
    broken = tmp_path / "broken.yml"
    broken.write_text("version: 1\nflows:\n  - name: F\n    steps:\n"
                      "      - table: marketing.company_master\n"
                      "      - table: marketing.no_such_table\n", "utf-8")
    shutil.rmtree(project / "site_src" / "reference")
    result = CliRunner().invoke(cli, ["build", "--snapshot", str(project / "schema_map.json"),
                                      "--site-dir", str(project / "site_src"), "-q",
                                      "--config", str(broken)])
    assert result.exit_code == 2
    assert "marketing.no_such_table does not exist" in result.output
    assert not (project / "site_src" / "reference").exists()


def test_configured_site_builds_strict(tmp_path: Path) -> None:
    """Descriptions, admonitions and flows are valid Markdown: strict build, no dead link."""
    project = _project(tmp_path, CONFIGURED.read_text("utf-8"))
    _build(project)
    mkdocs_build(project)
    assert broken_links(project / "site") == []
    page = (project / "site" / "reference" / "marketing" / "company_master" / "index.html")
    assert "<strong>registered</strong>" in page.read_text("utf-8")
