"""Names of database objects as text: parsing `schema.name` written by people
(`identifiers`), quoting them for SQL that people paste (`sql`), and showing the
characters in them a reader cannot see as escapes (`visible`). The lowest layer:
imports nothing else of schemadoc.
"""
