"""Domain errors of schemadoc.

Our exception hierarchy:

* SchemadocError            (every error the CLI reports as one line, exit 2)
  + ConnectionFailed        (server unreachable, asleep too long, authentication, missing database)
    x InvalidConnectionString (libpq cannot read the DSN, or would misread its password)
  + IntrospectionError      (a catalog query failed)
    x ConcurrentDDL         (the schema changed under the snapshot twice in a row)
  + SnapshotError           (a snapshot file is unreadable, corrupt, of another format,
                             or cannot be written)
  + SourceError             (OLD or NEW of `schemadoc diff`: no such file, bad GITREV:path)
  + HistoryError            (the schema history file is unreadable or has a corrupt line)
  + ConfigError             (schemadoc.yml is invalid, or names objects that do not exist)
  + DiagramError            (Graphviz is missing, or could not render a diagram)
  + CacheError              (the diagram cache cannot be written)
  + SiteError               (the generated pages' folder cannot be written safely)
  + WorkerError             (a process rendering pages died: killed, or out of memory)
  + DemoError               (the embedded PostgreSQL could not be started or loaded)

Every error class of the package is here, whichever stage raises it; the stages import
them from this module.

Messages say what went wrong, where, and what to do; they never hold a password.
"""

from __future__ import annotations


class SchemadocError(Exception):
    """Base class: a failure the user can act on, reported as one line."""


class ConnectionFailed(SchemadocError):
    """The database could not be reached or refused us."""


class InvalidConnectionString(ConnectionFailed):
    """The DSN is malformed; the message never repeats any part of it."""


class IntrospectionError(SchemadocError):
    """A catalog query failed."""


class ConcurrentDDL(IntrospectionError):
    """Objects were dropped or changed while the snapshot was being read."""


class SnapshotError(SchemadocError):
    """A snapshot file could not be read or written."""


class DemoError(SchemadocError):
    """The demo server or sample database could not be set up."""


class ConfigError(SchemadocError):
    """schemadoc.yml is unreadable, breaks its schema, or names objects that do not exist."""


class SourceError(SchemadocError):
    """OLD or NEW could not be read."""


class HistoryError(SchemadocError):
    """The history file is unreadable or has a corrupt line."""


class DiagramError(SchemadocError):
    """Graphviz is missing, or could not render a diagram."""


class CacheError(SchemadocError):
    """The diagram cache cannot be written (read-only or full disk)."""


class SiteError(SchemadocError):
    """The generated folder cannot be written safely."""


class WorkerError(SchemadocError):
    """A process rendering pages (runtime.forked) died, or its error could not be
    carried back as it was."""
