"""Mode `diff`: build the pull request's database (migrations, or a given one), snapshot
it, diff it against the base branch's committed snapshot, keep the one comment on the
pull request up to date (the job summary on forks), and fail on what `fail-on` names."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from string import Template

from schemadoc_action.base import base_snapshot
from schemadoc_action.comment import (
    MARKER,
    CommentError,
    GitHubApi,
    pull_request_of,
    upsert_comment,
)
from schemadoc_action.inputs import Inputs
from schemadoc_action.install import Tools
from schemadoc_action.workflow import (
    ActionError,
    append_summary,
    error,
    group,
    notice,
    run,
    set_outputs,
    warning,
)

NO_BASE = Path(__file__).with_name("no_base.md")


def run_diff(inputs: Inputs, tools: Tools, work: Path) -> int:
    """The whole job; 1 when the gate fails, else 0."""
    new = new_snapshot(inputs, tools, work)
    base = base_snapshot(inputs.base_ref, inputs.snapshot)
    comment = work / "comment.md"
    if base is None:
        comment.write_text(Template(NO_BASE.read_text("utf-8")).substitute(
            marker=MARKER, snapshot=inputs.snapshot.as_posix(), base=inputs.base_ref), "utf-8")
        summary = {"changes": 0, "breaking": 0}
    else:
        print(f"comparing {base} with {new}", flush=True)
        summary = compare(inputs, tools, base, new, work)
    body = comment.read_text("utf-8")
    url = publish(inputs, body) if inputs.comment else ""
    if not inputs.comment:
        append_summary(body)
    set_outputs({"breaking": str(summary["breaking"] > 0).lower(),
                 "changes": str(summary["changes"]), "has-base": str(base is not None).lower(),
                 "comment-path": str(comment), "comment-url": url,
                 "snapshot-path": str(new.resolve())})
    return gate(inputs.fail_on, work / "diff.json") if base is not None else 0


def new_snapshot(inputs: Inputs, tools: Tools, work: Path) -> Path:
    """The pull request's snapshot: of the database after the migrations, or of the given
    database, or (with neither) the snapshot the pull request commits."""
    if not inputs.database_url:
        notice(f"no database-url: comparing the committed {inputs.snapshot} of the pull "
               "request with the base branch's")
        return inputs.snapshot
    database = {"DATABASE_URL": inputs.database_url}
    if inputs.migrations:
        apply_sql_files(inputs.migrations, inputs.database_url)
    elif inputs.migrate_command:
        with group("Migrate"):
            run(["bash", "-e", "-o", "pipefail", "-c", inputs.migrate_command],
                what="migrate-command", env=database)
    new = work / "new.json"
    run([tools.schemadoc, "snapshot", "-q", "-o", new], what="schemadoc snapshot",
        env=database)
    return new


def apply_sql_files(files: list[Path], database_url: str) -> None:
    """Each file with psql, in order, stopping at the first error."""
    psql = shutil.which("psql")
    if psql is None:
        raise ActionError("psql is not installed; install the PostgreSQL client "
                          "(apt-get install postgresql-client) or use migrate-command")
    with group(f"Apply {len(files)} migration file(s)"):
        for path in files:
            print(f"applying {path}", flush=True)
            run([psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", database_url, "-f", path],
                what=f"migration {path}")


def compare(inputs: Inputs, tools: Tools, base: str, new: Path, work: Path) -> dict[str, int]:
    """Write the comment and the JSON diff; the JSON's counts per class."""
    config = ["--config", str(inputs.config)] if inputs.config else []
    lint = ["--lint", *config] if inputs.lint else []
    run([tools.schemadoc, "diff", base, new, "--format", "markdown", *lint,
         "-o", work / "comment.md"], what="schemadoc diff")
    run([tools.schemadoc, "diff", base, new, "--format", "json", "-o", work / "diff.json"],
        what="schemadoc diff")
    summary: dict[str, int] = json.loads((work / "diff.json").read_text("utf-8"))["summary"]
    return summary


def publish(inputs: Inputs, body: str) -> str:
    """Create or update the comment; the job summary when it cannot be posted. Its URL."""
    pull = pull_request_of(os.environ.get("GITHUB_EVENT_PATH", ""),
                           os.environ.get("GITHUB_REPOSITORY", ""))
    if pull is None:
        reason = "this run is not for a pull request"
    elif pull.from_fork:
        reason = "the pull request comes from a fork, whose token cannot comment"
    else:
        api = GitHubApi(os.environ.get("GITHUB_API_URL", "https://api.github.com"),
                        inputs.github_token)
        try:
            url = upsert_comment(api, pull, body)
        except CommentError as exc:
            warning(f"could not post the comment ({exc}); give the job `permissions: "
                    "pull-requests: write`. The diff is in the job summary")
            reason = "the comment could not be posted"
        else:
            print(f"comment: {url}", flush=True)
            append_summary(body + f"\n\n[The comment on the pull request]({url})")
            return url
    notice(f"{reason}: the diff is in the job summary")
    append_summary(f"> Not posted on the pull request: {reason}.\n\n{body}")
    return ""


def gate(fail_on: str, diff_json: Path) -> int:
    """1, with an error annotation, when the diff has what `fail_on` names."""
    if fail_on == "none":
        return 0
    changes = json.loads(diff_json.read_text("utf-8"))["changes"]
    failing = [c for c in changes if fail_on == "any" or "breaking" in c["classes"]]
    if not failing:
        return 0
    for change in failing:
        print(f"  {change['path']}: {change['detail']} ({', '.join(change['classes'])})")
    what = "breaking change" if fail_on == "breaking" else "structural change"
    error(f"schema diff: {len(failing)} {what}{'s' if len(failing) != 1 else ''} "
          f"(fail-on: {fail_on}); see the comment or the job summary")
    return 1
