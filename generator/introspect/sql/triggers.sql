-- User triggers; internal ones (behind foreign keys) are implementation detail.
select n.nspname as schema_name,
       c.relname as table_name,
       t.tgname as name,
       case when t.tgtype & 2 = 2 then 'BEFORE'
            when t.tgtype & 64 = 64 then 'INSTEAD OF'
            else 'AFTER' end as timing,
       array_remove(array[
           case when t.tgtype & 4 = 4 then 'INSERT' end,
           case when t.tgtype & 16 = 16 then 'UPDATE' end,
           case when t.tgtype & 8 = 8 then 'DELETE' end,
           case when t.tgtype & 32 = 32 then 'TRUNCATE' end], null) as events,
       case when t.tgtype & 1 = 1 then 'ROW' else 'STATEMENT' end as level,
       pn.nspname as function_schema,
       p.proname as function_name,
       case t.tgenabled when 'O' then 'enabled' when 'D' then 'disabled'
                        when 'R' then 'replica' when 'A' then 'always' end as enabled,
       pg_get_triggerdef(t.oid, true) as definition,
       t.tgconstraint <> 0 as constraint_trigger,
       ds.description as comment
  from pg_trigger t
  join pg_class c on c.oid = t.tgrelid
  join pg_namespace n on n.oid = c.relnamespace
  join pg_proc p on p.oid = t.tgfoid
  join pg_namespace pn on pn.oid = p.pronamespace
  left join pg_description ds
    on ds.objoid = t.oid and ds.classoid = 'pg_trigger'::regclass and ds.objsubid = 0
 where not t.tgisinternal
   and c.relnamespace = any(%(schema_oids)s::oid[])
   -- relations owned by an extension are listed under it (see relations.sql)
   and c.oid <> all(%(extension_relations)s::oid[])
