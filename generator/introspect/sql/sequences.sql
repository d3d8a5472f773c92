-- Which column a sequence feeds, read once for all sequences (not once per row).
with owner_column as (
    select dep.objid,
           dep.deptype,
           tn.nspname as owned_by_schema, tc.relname as owned_by_table,
           ta.attname as owned_by_column
      from pg_depend dep
      join pg_class tc on tc.oid = dep.refobjid
      join pg_namespace tn on tn.oid = tc.relnamespace
      join pg_attribute ta on ta.attrelid = dep.refobjid and ta.attnum = dep.refobjsubid
     where dep.classid = 'pg_class'::regclass and dep.refclassid = 'pg_class'::regclass
       and dep.deptype in ('a', 'i') and dep.refobjsubid > 0
)
select n.nspname as schema_name,
       c.relname as name,
       c.oid::bigint as oid,
       format_type(s.seqtypid, null) as data_type,
       s.seqstart as start,
       s.seqincrement as increment,
       s.seqmin as min_value,
       s.seqmax as max_value,
       s.seqcache as cache,
       s.seqcycle as cycle,
       pg_get_userbyid(c.relowner) as owner,
       oc.owned_by_schema, oc.owned_by_table, oc.owned_by_column,
       coalesce(oc.deptype = 'i', false) as identity,
       ds.description as comment
  from pg_sequence s
  join pg_class c on c.oid = s.seqrelid
  join pg_namespace n on n.oid = c.relnamespace
  left join owner_column oc on oc.objid = c.oid
  left join pg_description ds
    on ds.objoid = c.oid and ds.classoid = 'pg_class'::regclass and ds.objsubid = 0
 where c.relnamespace = any(%(schema_oids)s::oid[])
   -- relations owned by an extension are listed under it (see relations.sql)
   and c.oid <> all(%(extension_relations)s::oid[])
