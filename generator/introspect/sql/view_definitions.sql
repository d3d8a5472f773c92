-- View and materialized view definitions, read last: pg_get_viewdef() takes an
-- ACCESS SHARE lock on every relation the view reads and keeps it until our
-- transaction ends, so the later it runs, the shorter a migration could wait on us.
select n.nspname as schema_name,
       c.relname as name,
       pg_get_viewdef(c.oid, true) as definition
  from pg_class c
  join pg_namespace n on n.oid = c.relnamespace
 where c.relkind in ('v', 'm')
   and c.relnamespace = any(%(schema_oids)s::oid[])
   -- relations owned by an extension are listed under it (see relations.sql)
   and c.oid <> all(%(extension_relations)s::oid[])
