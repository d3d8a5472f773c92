"""The Mermaid fallback (`diagrams: mermaid`) and the stylesheet that themes SVGs."""

from __future__ import annotations

import re

from generator.config import Endpoint, VirtualRelation
from generator.diagrams import (
    FlowStep,
    SchemaGraph,
    diagram_css,
    embed_svg,
    flow,
    mermaid_fence,
    neighbourhood,
    overview,
    to_mermaid,
)
from generator.diagrams.dot import make_environment
from tests.diagrams.conftest import hostile_snapshot
from tests.factories import odd_snapshot, seed_snapshot


def href(schema: str, table: str) -> str:
    """Links as from a table page with directory URLs."""
    return f"../{table}/"


def test_neighbourhood_as_er_diagram() -> None:
    """company_slots: entities with key markers, crow's-foot ends as in the SVG."""
    text = to_mermaid(neighbourhood(SchemaGraph(seed_snapshot()),
                                    ("marketing", "company_slots"), href))
    assert text == """\
erDiagram
    n1["company_slots"] {
        bigint slot_id PK
        text company_unique_id FK
        text people_unique_id FK
        marketing_slot_type slot_type
        boolean is_filled
    }
    n2["company_master"] {
        text company_unique_id PK
    }
    n3["people_master"] {
        text people_unique_id PK
    }
    n4["pipeline_events"] {
        bigint event_id PK
        bigint slot_id FK
    }
    n1 }o--|| n2 : "company_unique_id"
    n1 }o--o| n3 : "people_unique_id"
    n4 }o--|| n1 : "slot_id"
"""


def test_virtual_relation_is_dotted_in_mermaid() -> None:
    """A relation from config is drawn with `..` (Mermaid's dashed line)."""
    link = VirtualRelation(Endpoint("intake", "company_raw_intake", ("company_name",)),
                           Endpoint("marketing", "company_master", ("company_name",)),
                           "declared")
    graph = SchemaGraph(seed_snapshot(), virtual=[link])
    text = to_mermaid(neighbourhood(graph, ("marketing", "company_master"), href))
    assert re.search(r'n\d+ \}o\.\.o\| n1 : "company_name"', text), text


def test_hostile_names_stay_inside_their_labels() -> None:
    """Quotes, markup and odd characters cannot end a label or an attribute early."""
    for snapshot in (odd_snapshot(), hostile_snapshot()):
        graph = SchemaGraph(snapshot)
        for key in graph.tables:
            text = to_mermaid(neighbourhood(graph, key, href))
            for line in text.splitlines()[1:]:
                assert line.count('"') in (0, 2), line
                assert "<" not in line.replace("<br/>", "") and ">" not in line, line
    text = to_mermaid(neighbourhood(SchemaGraph(odd_snapshot()), ("bit", 'quo"te'), href))
    assert 'n1["quo#quot;te"]' in text


def test_flow_and_overview_as_flowcharts() -> None:
    """A flow left to right, the promotion dotted; nodes link to their pages."""
    steps = [FlowStep(("intake", "company_raw_intake")),
             FlowStep(("marketing", "company_master"), "promotion"),
             FlowStep(("marketing", "company_slots"))]
    text = to_mermaid(flow(SchemaGraph(seed_snapshot()), "Company flow", steps, href))
    assert text.splitlines()[:6] == [
        "flowchart LR",
        '    n1["intake.company_raw_intake"]',
        '    n2["marketing.company_master"]',
        '    n3["marketing.company_slots"]',
        '    n1 -.->|"promotion"| n2',
        '    n2 -->|"company_unique_id"| n3']
    assert '    click n2 href "../company_master/" _top' in text
    schemas = to_mermaid(overview(SchemaGraph(seed_snapshot()), lambda s: f"{s}/"))
    assert '["marketing<br/>4 tables"]' in schemas


def test_mermaid_fence_is_a_superfences_block() -> None:
    """The block Material's mermaid fence picks up."""
    fence = mermaid_fence(neighbourhood(SchemaGraph(seed_snapshot()),
                                        ("public", "shq_validation_log"), href))
    assert fence.startswith("```mermaid\nerDiagram\n") and fence.endswith("```\n")


def test_stylesheet_hooks_match_the_template_colours() -> None:
    """Every colour diagrams.css recolours is one the templates draw with."""
    css = diagram_css()
    hooks = set(re.findall(r'\[(?:fill|stroke)="(#[0-9a-f]{6})"\]', css))
    assert len(hooks) >= 6
    env = make_environment()
    assert env.loader is not None
    source = env.loader.get_source(env, "diagram_macros.dot.j2")[0]
    drawn = {c.lower() for c in re.findall(r"#[0-9a-fA-F]{6}", source)}
    assert hooks <= drawn, hooks - drawn
    assert "var(--md-default-fg-color)" in css


def test_embed_block_is_raw_html_without_blank_lines() -> None:
    """The Markdown block: one div, the SVG inside, no blank line to end it early."""
    block = embed_svg("<svg>\n<g/>\n</svg>\n", wide=True)
    assert block == ('<div class="schemadoc-diagram schemadoc-diagram--wide" markdown="0">\n'
                     "<svg>\n<g/>\n</svg>\n</div>\n")
