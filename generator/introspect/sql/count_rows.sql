-- Opt-in exact row count of one table (--exact-counts); the identifier is composed
-- with psycopg.sql, never by string formatting.
select count(*) as exact from {table}
