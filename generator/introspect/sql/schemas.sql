-- User schemas: not the system ones, not temporary ones, not owned by an extension.
select n.oid::bigint as oid,
       n.nspname as name,
       pg_get_userbyid(n.nspowner) as owner,
       ds.description as comment
  from pg_namespace n
  left join pg_description ds
    on ds.objoid = n.oid and ds.classoid = 'pg_namespace'::regclass and ds.objsubid = 0
 where n.nspname not in ('pg_catalog', 'information_schema')
   and n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
   and not exists (select 1 from pg_depend dep
                    where dep.classid = 'pg_namespace'::regclass and dep.objid = n.oid
                      and dep.deptype = 'e')
 order by n.nspname
