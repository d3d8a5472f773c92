"""How the commands read a database: the connection options the CLI gathers
(`generator.cli.options.database_options`) arrive as one `IntrospectOptions`, made by
`introspect_options` from these defaults, so every command reads a database the same
way. The CLI takes them from here, its one door to the stages.
"""

from __future__ import annotations

from generator.introspect import (
    CONNECT_TIMEOUT,
    JOBS,
    LOCK_TIMEOUT,
    STATEMENT_TIMEOUT,
    IntrospectOptions,
    introspect_options,
)
from generator.introspect.exact_counts import ExactCountOptions

__all__ = ["CONNECT_TIMEOUT", "JOBS", "LOCK_TIMEOUT", "STATEMENT_TIMEOUT", "ExactCountOptions",
           "IntrospectOptions", "introspect_options"]
