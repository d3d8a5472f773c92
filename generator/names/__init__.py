"""Names of database objects as text: parsing `schema.name` written by people
(`identifiers`), and quoting them for SQL that people paste (`sql`). The lowest layer:
imports nothing else of schemadoc.
"""
