-- Enums (values in declared order), domains, composite and range types. Row types
-- of tables and array types are not user types.
select n.nspname as schema_name,
       t.typname as name,
       t.oid::bigint as oid,
       case t.typtype when 'e' then 'enum' when 'd' then 'domain'
                      when 'c' then 'composite' when 'r' then 'range' end as kind,
       pg_get_userbyid(t.typowner) as owner,
       array(select e.enumlabel::text from pg_enum e
              where e.enumtypid = t.oid order by e.enumsortorder) as "values",
       case when t.typtype = 'd' then format_type(t.typbasetype, t.typtypmod) end as base_type,
       t.typnotnull as not_null,
       t.typdefault as "default",
       coalesce(dc.checks, '{}') as checks,
       (select coalesce(jsonb_agg(jsonb_build_object(
                   'name', a.attname, 'type', format_type(a.atttypid, a.atttypmod))
                   order by a.attnum), '[]')
          from pg_attribute a
         where t.typtype = 'c' and a.attrelid = t.typrelid
           and a.attnum > 0 and not a.attisdropped) as attributes,
       (select format_type(r.rngsubtype, null) from pg_range r
         where r.rngtypid = t.oid) as subtype,
       ds.description as comment
  from pg_type t
  join pg_namespace n on n.oid = t.typnamespace
  left join pg_class rc on rc.oid = t.typrelid
  -- domain checks, aggregated once for all domains
  left join (select con.contypid,
                    jsonb_object_agg(con.conname, pg_get_constraintdef(con.oid, true)) as checks
               from pg_constraint con
              where con.contypid <> 0 and con.contype = 'c'
              group by con.contypid) dc on dc.contypid = t.oid
  left join pg_description ds
    on ds.objoid = t.oid and ds.classoid = 'pg_type'::regclass and ds.objsubid = 0
 where t.typnamespace = any(%(schema_oids)s::oid[])
   and (t.typtype in ('e', 'd', 'r') or (t.typtype = 'c' and rc.relkind = 'c'))
   and not exists (select 1 from pg_depend dep
                    where dep.classid = 'pg_type'::regclass and dep.objid = t.oid
                      and dep.deptype = 'e')
