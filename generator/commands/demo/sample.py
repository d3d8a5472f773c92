"""The sample Marketing DB: the seed document's database, rebuilt from SQL files."""

from __future__ import annotations

import hashlib
import logging
from functools import cache
from importlib import resources
from pathlib import Path

import psycopg
from psycopg import sql
from psycopg.conninfo import make_conninfo

from generator.errors import DemoError

log = logging.getLogger("schemadoc.demo")

SAMPLE_FILES = ("marketing_schema.sql", "marketing_data.sql")
DATABASE = "marketing"


@cache
def sample_sql(name: str) -> str:
    """One of the sample's SQL files, shipped in the package."""
    return (resources.files("generator.commands.demo") / "sql" / name).read_text("utf-8")


def sample_digest() -> str:
    """Identifies this version of the sample, so that a changed sample is reloaded."""
    digest = hashlib.sha256()
    for name in SAMPLE_FILES:
        digest.update(sample_sql(name).encode())
    return digest.hexdigest()[:16]


def database_dsn(admin_dsn: str, dbname: str) -> str:
    """The same server, another database."""
    return make_conninfo(admin_dsn, dbname=dbname)


def load_sample(admin_dsn: str, dbname: str = DATABASE) -> str:
    """(Re)create `dbname` with the sample schema and rows; return its DSN."""
    with psycopg.connect(admin_dsn, autocommit=True) as admin:
        admin.execute(sql.SQL("drop database if exists {} with (force)").format(
            sql.Identifier(dbname)))
        admin.execute(sql.SQL("create database {}").format(sql.Identifier(dbname)))
    dsn = database_dsn(admin_dsn, dbname)
    try:
        with psycopg.connect(dsn, autocommit=True) as conn:
            for name in SAMPLE_FILES:
                log.info("loading %s", name)
                # No parameters: psycopg sends the script with the simple query
                # protocol, which runs several statements in one call.
                conn.execute(sample_sql(name).encode())
    except psycopg.Error as exc:
        raise DemoError(f"loading the sample database failed: {exc}") from None
    return dsn


def ensure_sample(admin_dsn: str, marker: Path) -> str:
    """Load the sample unless this very version is already loaded; return its DSN."""
    digest = sample_digest()
    if marker.exists() and marker.read_text().strip() == digest:
        log.info("sample database already loaded (%s)", digest)
        return database_dsn(admin_dsn, DATABASE)
    dsn = load_sample(admin_dsn)
    marker.write_text(digest + "\n")
    return dsn
