"""A stand-in for GitHub's REST API on 127.0.0.1: the issue-comment calls the action
makes, served over real HTTP and recorded. Pages hold two comments (GitHub's hold up to
100), so a pull request with a few comments already exercises pagination."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

PAGE_SIZE = 2
LIST = re.compile(r"/repos/([^/]+/[^/]+)/issues/(\d+)/comments")
EDIT = re.compile(r"/repos/([^/]+/[^/]+)/issues/comments/(\d+)")


@dataclass
class Request:
    """One request as the server received it."""

    method: str
    path: str
    authorization: str
    body: dict[str, Any] | None


@dataclass
class GitHubStandIn:
    """The server's state: comments per (repository, issue), and every request."""

    token: str
    read_only: bool = False
    url: str = ""
    comments: dict[tuple[str, int], list[dict[str, Any]]] = field(default_factory=dict)
    requests: list[Request] = field(default_factory=list)
    next_id: int = 1000

    def add_comment(self, repository: str, issue: int, body: str) -> dict[str, Any]:
        """A comment written by someone else, before the action runs."""
        self.next_id += 1
        comment = {"id": self.next_id, "body": body,
                   "html_url": f"https://github.example/{repository}/pull/{issue}"
                               f"#issuecomment-{self.next_id}"}
        self.comments.setdefault((repository, issue), []).append(comment)
        return comment

    def writes(self) -> list[Request]:
        return [r for r in self.requests if r.method in ("POST", "PATCH")]


def _handler(state: GitHubStandIn) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def _answer(self, status: int, data: Any, headers: dict[str, str] | None = None) -> None:
            raw = json.dumps(data).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(raw)

        def _record(self) -> Request | None:
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length)) if length else None
            request = Request(self.command, self.path, self.headers.get("Authorization", ""),
                              body)
            state.requests.append(request)
            if request.authorization != f"Bearer {state.token}":
                self._answer(401, {"message": "Bad credentials"})
                return None
            if self.command != "GET" and state.read_only:
                self._answer(403, {"message": "Resource not accessible by integration"})
                return None
            return request

        def do_GET(self) -> None:
            if self._record() is None:
                return
            parts = urlsplit(self.path)
            found = LIST.fullmatch(parts.path)
            if not found:
                self._answer(404, {"message": "Not Found"})
                return
            page = int(parse_qs(parts.query).get("page", ["1"])[0])
            comments = state.comments.get((found[1], int(found[2])), [])
            chunk = comments[(page - 1) * PAGE_SIZE:page * PAGE_SIZE]
            headers = {}
            if page * PAGE_SIZE < len(comments):
                headers["Link"] = (f'<{state.url}{parts.path}?per_page=100&page={page + 1}>; '
                                   'rel="next"')
            self._answer(200, chunk, headers)

        def do_POST(self) -> None:
            request = self._record()
            if request is None:
                return
            found = LIST.fullmatch(urlsplit(self.path).path)
            if not found or not request.body:
                self._answer(404, {"message": "Not Found"})
                return
            comment = state.add_comment(found[1], int(found[2]), request.body["body"])
            self._answer(201, comment)

        def do_PATCH(self) -> None:
            request = self._record()
            if request is None:
                return
            found = EDIT.fullmatch(urlsplit(self.path).path)
            comments = [c for cs in state.comments.values() for c in cs
                        if found and c["id"] == int(found[2])]
            if not comments or not request.body:
                self._answer(404, {"message": "Not Found"})
                return
            comments[0]["body"] = request.body["body"]
            self._answer(200, comments[0])

    return Handler


@contextmanager
def github_stand_in(token: str) -> Iterator[GitHubStandIn]:
    """The server, listening until the block ends."""
    state = GitHubStandIn(token)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
