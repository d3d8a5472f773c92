"""What each schema is for: active, archive, platform-managed or reserved (empty).

The built-in rules read only the catalog: an empty schema is reserved, a schema the
hosting platform or an extension manages (`neon_auth`, `supabase_*`, `auth`, ...) is
platform-managed, a name like `archive` or `legacy_2023` marks an archive, anything
else is active. `StatusRules.overrides` is where a user's configuration (schemadoc.yml)
names the status of a schema outright.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from generator.model import Schema

__all__ = ["STATUS_LABELS", "STATUS_ORDER", "StatusRules", "schema_status"]

ACTIVE, ARCHIVE, PLATFORM, RESERVED = "active", "archive", "platform", "reserved"
STATUS_ORDER = (ACTIVE, ARCHIVE, PLATFORM, RESERVED)
STATUS_LABELS = {
    ACTIVE: "Active",
    ARCHIVE: "Archive",
    PLATFORM: "Platform-managed",
    RESERVED: "Reserved (empty)",
}

# Schemas created and owned by hosting platforms, poolers and common extensions:
# documented, but not the team's own data model.
PLATFORM_SCHEMAS = (
    "neon_auth", "pgbouncer", "supabase_*", "auth", "storage", "realtime", "_realtime",
    "extensions", "graphql", "graphql_public", "vault", "pgsodium", "pgsodium_masks",
    "net", "cron", "pgmq", "_timescaledb_*", "timescaledb_*", "topology", "tiger",
    "tiger_data", "repack", "pglogical", "_heroku", "heroku_ext", "rdsadmin",
    "google_ml", "azure", "citus", "columnar", "partman",
)
ARCHIVE_PATTERN = r"(^|_)(archive[sd]?|old|backups?|legacy|deprecated)(_|$|\d)"


@dataclass(frozen=True, slots=True)
class StatusRules:
    """How schemas are classified; the defaults need no configuration."""

    overrides: Mapping[str, str] = field(default_factory=dict)
    platform: tuple[str, ...] = PLATFORM_SCHEMAS
    archive: str = ARCHIVE_PATTERN


def is_empty(schema: Schema) -> bool:
    """Nothing but the schema itself."""
    return not (schema.tables or schema.views or schema.materialized_views
                or schema.functions or schema.sequences or schema.types)


def schema_status(name: str, schema: Schema, rules: StatusRules | None = None) -> str:
    """The status of one schema under `rules` (the built-in ones by default)."""
    rules = rules or StatusRules()
    if name in rules.overrides:
        return rules.overrides[name]
    if any(fnmatch.fnmatchcase(name, pattern) for pattern in rules.platform):
        return PLATFORM
    if is_empty(schema):
        return RESERVED
    if re.search(rules.archive, name, re.IGNORECASE):
        return ARCHIVE
    return ACTIVE
