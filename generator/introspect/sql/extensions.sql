select e.extname as name,
       e.extversion as version,
       n.nspname as schema,
       ds.description as comment,
       array(select pg_describe_object(dep.classid, dep.objid, dep.objsubid)
               from pg_depend dep
              where dep.refclassid = 'pg_extension'::regclass
                and dep.refobjid = e.oid and dep.deptype = 'e'
                -- not the array type that comes with each type: PostgreSQL 18 records
                -- it as the extension's too, earlier versions do not
                and not (dep.classid = 'pg_type'::regclass
                         and exists (select 1 from pg_type t join pg_type elem on elem.oid = t.typelem
                                      where t.oid = dep.objid and elem.typarray = t.oid))
              order by 1) as objects,
       -- the relations it owns: every per-schema query leaves them out
       array(select dep.objid::bigint
               from pg_depend dep
              where dep.refclassid = 'pg_extension'::regclass
                and dep.refobjid = e.oid and dep.deptype = 'e'
                and dep.classid = 'pg_class'::regclass) as relation_oids
  from pg_extension e
  join pg_namespace n on n.oid = e.extnamespace
  left join pg_description ds
    on ds.objoid = e.oid and ds.classoid = 'pg_extension'::regclass and ds.objsubid = 0
 order by e.extname
