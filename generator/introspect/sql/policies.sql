select n.nspname as schema_name,
       c.relname as table_name,
       pol.polname as name,
       case pol.polcmd when 'r' then 'SELECT' when 'a' then 'INSERT' when 'w' then 'UPDATE'
                       when 'd' then 'DELETE' else 'ALL' end as command,
       pol.polpermissive as permissive,
       case when pol.polroles = '{0}' then array['public']::name[]
            else array(select r.rolname from pg_roles r
                        where r.oid = any(pol.polroles) order by r.rolname) end as roles,
       pg_get_expr(pol.polqual, pol.polrelid, true) as using,
       pg_get_expr(pol.polwithcheck, pol.polrelid, true) as with_check,
       ds.description as comment
  from pg_policy pol
  join pg_class c on c.oid = pol.polrelid
  join pg_namespace n on n.oid = c.relnamespace
  left join pg_description ds
    on ds.objoid = pol.oid and ds.classoid = 'pg_policy'::regclass and ds.objsubid = 0
 where c.relnamespace = any(%(schema_oids)s::oid[])
   -- relations owned by an extension are listed under it (see relations.sql)
   and c.oid <> all(%(extension_relations)s::oid[])
