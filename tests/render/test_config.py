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
from generator.render.descriptions import brief_cell, one_description
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
    assert overview.startswith("Marketing DB\n{: .schemadoc-crumbs }\n\n"  # the trail's root
                               "# Marketing DB: schema reference\n\n"
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


def test_one_description_per_object(tmp_path: Path) -> None:
    """A description and a catalog comment that differ are both shown, the description
    first, neither labelled with a file name; where one holds the other, only the
    fuller one is shown."""
    project = _project(tmp_path, CONFIGURED.read_text("utf-8"))
    _build(project)
    page = _page(project, "marketing/company_master.md")
    assert "The company source of truth | with a pipe.\n\nSecond paragraph.\n\n" \
        "Primary company records. Main source of truth for company data.\n" in page
    assert "| NAICS sector \\| two-digit. |" in page
    assert "| For lookups by name. |" in page
    assert "schemadoc.yml" not in page.replace("declared in schemadoc.yml", "")
    assert "Catalog comment" not in page
    schema = _page(project, "marketing.md")
    assert "Turns `ceo` into `Ceo`.\n\nHuman label of a slot\n" in schema  # a function's
    # "Primary data" (the comment) is held in the description: said once
    assert "# marketing\n\nPrimary data: *companies* and people.\n\n- **Status**" in schema


def test_descriptions_merge_when_one_holds_the_other() -> None:
    """Equal or contained texts (markup, case, blanks, a closing dot aside) are said once."""
    assert one_description("Primary data.", "primary data") == ("Primary data.", None)
    assert one_description("Primary data: companies.", "Primary data.") == (
        "Primary data: companies.", None)
    assert one_description("Buyer intent", "**Buyer intent** tracking") == (
        None, "**Buyer intent** tracking")
    assert one_description("Raw rows", "Data ingestion") == ("Raw rows", "Data ingestion")
    assert one_description(None, "Data") == (None, "Data")
    assert one_description("Data", "") == ("Data", None)


def test_a_list_cuts_a_comment_at_a_word_and_keeps_it_whole_on_hover() -> None:
    """The excerpt ends at a word; the whole text is the cell's title, escaped (a quote,
    markup and a pipe cannot leave the attribute or the cell)."""
    text = 'A "quoted" <b>bold</b> | piped ' + "word " * 60
    shown = brief_cell(text)
    assert shown.startswith('<span title="A &quot;quoted&quot; &lt;b&gt;bold&lt;/b&gt; '
                            '&#124; piped word word')
    assert shown.endswith(' word …</span>')
    assert "|" not in shown.replace("\\|", "")
    assert brief_cell("short | text") == "short \\| text"


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
    assert _page(project, "index.md").startswith(
        "Elsewhere\n{: .schemadoc-crumbs }\n\n# Elsewhere: schema reference\n")
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


def test_the_home_page_is_the_database_at_a_glance(tmp_path: Path) -> None:
    """init's placeholder becomes the database's page on the first build (title,
    introduction, totals, schemas with their description, links to read on), with the
    maintainers' instructions on a page of their own; a home page without the marker
    line is the team's and is never touched."""
    project = _project(tmp_path, CONFIGURED.read_text("utf-8"))
    assert "schemadoc build" in (project / "site_src" / "maintaining.md").read_text("utf-8")
    output = _build(project)
    home = (project / "site_src" / "index.md").read_text("utf-8")
    assert f"wrote {project / 'site_src' / 'index.md'} (the home page)" in output
    assert "\nschemadoc_home: generated\n" in home.split("\n---\n", 1)[0]
    assert "\n# Marketing DB\n" in home
    assert "| [marketing](reference/marketing.md) | Primary data: *companies* and people. |" \
        in home
    assert "[Schema health](reference/health.md)" in home
    assert "[Maintaining this site](maintaining.md)" in home
    assert "schemadoc build --" not in home  # instructions are the maintainers' page's
    assert "wrote" not in _build(project)  # unchanged: not rewritten
    own = "# Our database\n\nWritten by us.\n"
    (project / "site_src" / "index.md").write_text(own, "utf-8")
    _build(project)
    assert (project / "site_src" / "index.md").read_text("utf-8") == own
    assert broken_links_after_mkdocs(project) == []


def broken_links_after_mkdocs(project: Path) -> list[str]:
    mkdocs_build(project)
    return broken_links(project / "site")


def test_init_help_names_the_files_init_writes(tmp_path: Path) -> None:
    """`init --help` names exactly what `init` writes."""
    help_text = CliRunner().invoke(cli, ["init", "--help"]).output
    result = CliRunner().invoke(cli, ["init", str(tmp_path)])
    written = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")
                     if p.is_file())
    assert result.exit_code == 0, result.output
    assert written == ["mkdocs.yml", "schemadoc.yml", "site_src/index.md",
                       "site_src/maintaining.md"]
    flat = " ".join(help_text.split())
    for name in written:
        assert name in flat
    assert "style sheet" not in flat and "script" not in flat
