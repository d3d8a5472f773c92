"""schemadoc: a live PostgreSQL database turned into a documentation site."""

__version__ = "0.1.0"
