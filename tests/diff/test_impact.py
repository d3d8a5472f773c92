"""Impact: a removed, renamed or retyped object carries what OLD records as using it,
and the views a DROP ... CASCADE took are shown as removed by that change."""

from __future__ import annotations

import json

from generator.diff.impact import impact_rules_markdown
from generator.diff.render_json import render_json
from generator.diff.render_text import render_text
from generator.render.pr_comment import render_markdown
from tests.diff.conftest import Changer, describe, find

BASE = """
create schema marketing;
create table marketing.people (id int primary key, email text, name text, note text);
create view marketing.v_a as select id, email from marketing.people;
create view marketing.v_b as select email, name from marketing.people where id > 0;
create view marketing.v_c as select name from marketing.people;
create function marketing.count_mail() returns bigint language plpgsql as $$
begin return (select count(email) from marketing.people); end $$;
"""


def test_dropping_a_column_two_views_read_lists_both_in_every_output(
        before_after: Changer) -> None:
    """The column change names both views and the function; the views that CASCADE
    dropped are grouped under it, not listed as unrelated removals."""
    result = before_after(BASE, "alter table marketing.people drop column email cascade")
    column = find(result, "marketing.people.columns.email", action="removed")
    views = sorted(d.name for d in column.impact if d.kind == "view")
    assert views == ["v_a", "v_b"], describe(result)
    assert all(d.dropped and d.source == "catalog" for d in column.impact if d.kind == "view")
    function = [d for d in column.impact if d.kind == "function"]
    assert [(d.name, d.source, d.dropped) for d in function] == [
        ("count_mail()", "parsed", False)]
    assert "breaking" in column.classes
    for view in ("v_a", "v_b"):
        removal = find(result, f"marketing.{view}", action="removed")
        assert removal.caused_by == column.path

    comment = render_markdown(result)
    line = next(x for x in comment.splitlines() if "marketing.people.columns.email" in x
                and x.startswith("- "))
    assert ("breaks 2 views: <code>marketing.v_a</code>, <code>marketing.v_b</code>; "
            "1 function mentions it: <code>marketing.count_mail()</code>") in line
    assert "  - dropped with it: " in comment
    assert comment.count("**removed** view <code>marketing.v_a</code>") == 2  # top + section
    assert "- 💥 **removed** view <code>marketing.v_a</code>" not in comment

    text = render_text(result)
    assert "breaks 2 views: marketing.v_a, marketing.v_b; 1 function mentions it" in text
    assert "\n    - view marketing.v_a: removed (2 columns) [breaking] (dropped with it)" in text

    data = json.loads(render_json(result))
    entry = next(c for c in data["changes"] if c["path"] == column.path)
    assert {"kind": "view", "schema": "marketing", "name": "v_a", "part": None,
            "source": "catalog", "dropped": True} in entry["impact"]
    assert next(c for c in data["changes"]
                if c["path"] == "marketing.v_b")["caused_by"] == column.path


def test_renaming_a_column_is_impact_only_for_function_bodies(before_after: Changer) -> None:
    """Views follow a rename; a function body that names the old name does not."""
    result = before_after(BASE, "alter table marketing.people rename column email to mail")
    change = find(result, "marketing.people.columns.mail")
    assert [(d.kind, d.name, d.source) for d in change.impact] == [
        ("function", "count_mail()", "parsed")], describe(result)


def test_retyping_a_column_lists_its_readers(before_after: Changer) -> None:
    """A type change PostgreSQL allows only without dependent views: here no view
    reads `note`, so the function that does not name it is not listed either."""
    result = before_after(BASE, "alter table marketing.people alter column note type "
                                "varchar(10)")
    change = find(result, "marketing.people.columns.note", attribute="type")
    assert change.impact == ()


def test_impact_rules_are_in_the_readme() -> None:
    from tests.helpers import REPO
    assert impact_rules_markdown() in (REPO / "README.md").read_text("utf-8")
