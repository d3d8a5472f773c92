"""The sticky comment: the one pull-request comment that starts with schemadoc's marker,
created once and edited on every later run, through GitHub's REST API."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# `schemadoc diff --format markdown` starts its output with this line.
MARKER = "<!-- schemadoc:schema-diff -->"
TIMEOUT = 30


class CommentError(Exception):
    """The API refused or could not be reached; the message is one line."""


@dataclass(frozen=True)
class PullRequest:
    """The pull request of the event that started the workflow."""

    number: int
    repository: str  # owner/name of the base repository, where the comment goes
    from_fork: bool


def pull_request_of(event_path: str, repository: str) -> PullRequest | None:
    """The event's pull request, or None for other events."""
    if not event_path or not Path(event_path).is_file():
        return None
    event = json.loads(Path(event_path).read_text("utf-8"))
    pull = event.get("pull_request")
    if not isinstance(pull, dict) or "number" not in pull:
        return None
    head_repo = (pull.get("head") or {}).get("repo") or {}
    return PullRequest(int(pull["number"]), repository,
                       head_repo.get("full_name") != repository)


class GitHubApi:
    """Just the REST calls the comment needs."""

    def __init__(self, api_url: str, token: str) -> None:
        self.api_url = api_url.rstrip("/")
        self.token = token

    def call(self, method: str, url: str, body: dict[str, Any] | None = None
             ) -> tuple[Any, str]:
        """The JSON answer and the URL of the next page (empty when there is none)."""
        if not url.startswith(("http://", "https://")):
            url = self.api_url + url
        request = urllib.request.Request(
            url, method=method, data=None if body is None else json.dumps(body).encode(),
            headers={"Accept": "application/vnd.github+json",
                     "Authorization": f"Bearer {self.token}",
                     "X-GitHub-Api-Version": "2022-11-28",
                     "Content-Type": "application/json",
                     "User-Agent": "schemadoc-action"})
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
                answer = json.loads(response.read() or b"null")
                return answer, _next_page(response.headers.get("Link", ""))
        except urllib.error.HTTPError as exc:
            raise CommentError(f"{method} {url}: HTTP {exc.code} {_message(exc)}") from None
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise CommentError(f"{method} {url}: {reason}") from None


def _next_page(link: str) -> str:
    found = re.search(r'<([^>]+)>;\s*rel="next"', link)
    return found.group(1) if found else ""


def _message(exc: urllib.error.HTTPError) -> str:
    try:
        return str(json.loads(exc.read()).get("message", exc.reason))
    except (ValueError, AttributeError, OSError):
        return str(exc.reason)


def upsert_comment(api: GitHubApi, pull: PullRequest, body: str) -> str:
    """Edit the pull request's schemadoc comment, or create it; its web address."""
    url = f"/repos/{pull.repository}/issues/{pull.number}/comments?per_page=100"
    while url:
        page, url = api.call("GET", url)
        for existing in page:
            # A reply quoting the comment starts with "> ", so it is never taken for it.
            if str(existing.get("body") or "").lstrip().startswith(MARKER):
                edited, _ = api.call(
                    "PATCH", f"/repos/{pull.repository}/issues/comments/{existing['id']}",
                    {"body": body})
                return str(edited.get("html_url", ""))
    created, _ = api.call("POST", f"/repos/{pull.repository}/issues/{pull.number}/comments",
                          {"body": body})
    return str(created.get("html_url", ""))
