-- Functions, procedures, aggregates and window functions, keyed by signature: the
-- name and the input argument types, as in `DROP FUNCTION add_months(date, integer)`;
-- argument names and modes are in `arguments`.
select n.nspname as schema_name,
       format('%%s(%%s)', p.proname, oidvectortypes(p.proargtypes)) as signature,
       p.oid::bigint as oid,
       p.proname as name,
       case p.prokind when 'f' then 'function' when 'p' then 'procedure'
                      when 'a' then 'aggregate' when 'w' then 'window' end as kind,
       pg_get_function_arguments(p.oid) as arguments,
       pg_get_function_result(p.oid) as returns,
       l.lanname as language,
       case p.provolatile when 'i' then 'immutable' when 's' then 'stable'
                          else 'volatile' end as volatility,
       p.prosecdef as security_definer,
       p.proisstrict as strict,
       case p.proparallel when 's' then 'safe' when 'r' then 'restricted'
                          else 'unsafe' end as parallel,
       pg_get_userbyid(p.proowner) as owner,
       -- pg_get_functiondef() refuses aggregates; their definition is their parts.
       case when p.prokind = 'a'
            then (select format('sfunc = %%s, stype = %%s%%s', ag.aggtransfn,
                                format_type(ag.aggtranstype, null),
                                case when ag.aggfinalfn <> 0
                                     then format(', finalfunc = %%s', ag.aggfinalfn) else '' end)
                    from pg_aggregate ag where ag.aggfnoid = p.oid)
            else pg_get_functiondef(p.oid) end as definition,
       ds.description as comment
  from pg_proc p
  join pg_namespace n on n.oid = p.pronamespace
  join pg_language l on l.oid = p.prolang
  left join pg_description ds
    on ds.objoid = p.oid and ds.classoid = 'pg_proc'::regclass and ds.objsubid = 0
 where p.pronamespace = any(%(schema_oids)s::oid[])
   and not exists (select 1 from pg_depend dep
                    where dep.classid = 'pg_proc'::regclass and dep.objid = p.oid
                      and dep.deptype = 'e')
   -- constructors PostgreSQL makes for a range type belong to the type (deptype 'i')
   and not exists (select 1 from pg_depend dep
                    where dep.classid = 'pg_proc'::regclass and dep.objid = p.oid
                      and dep.deptype = 'i')
