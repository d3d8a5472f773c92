-- Columns of every relation listed by relations.sql, each relation's together and in
-- the file's order: sorting here makes the client build them in the order it writes
-- them out.
-- Each row names its relation by oid, not by schema and name: 150,000 pairs of names
-- cost the server a wider sort and the client as many strings.
select a.attrelid as relation_oid,
       a.attname as name,
       -- provisional: the client numbers live columns 1..n (they differ from attnums
       -- only where a column was dropped), cheaper than a window function here
       a.attnum::int as position,
       a.attnum::int as attnum,
       format_type(a.atttypid, a.atttypmod) as type,
       not a.attnotnull as nullable,
       case when a.attgenerated = '' then pg_get_expr(ad.adbin, 0) end as "default",
       case a.attidentity when 'a' then 'always' when 'd' then 'by default' end as identity,
       case a.attgenerated when 's' then 'stored' when 'v' then 'virtual' end as generated,
       case when a.attgenerated <> '' then pg_get_expr(ad.adbin, ad.adrelid) end
           as generation_expression,
       case when a.attcollation <> 0 and a.attcollation <> bt.typcollation
            then format('%%I.%%I', cn.nspname, co.collname) end as collation,
       case when btn.nspname <> 'pg_catalog' then btn.nspname end as type_schema,
       case when btn.nspname <> 'pg_catalog' then bt.typname end as type_name,
       ds.description as comment,
       -- for the definitions of indexes, printed on the client (definitions.py)
       a.atttypid as type_oid,
       a.attcollation as collation_oid
  from pg_attribute a
  join pg_class c on c.oid = a.attrelid
  join pg_type t on t.oid = a.atttypid
  -- the element type of an array, so that a column of type status[] links to status
  join pg_type bt on bt.oid = case when t.typcategory = 'A' and t.typelem <> 0
                                   then t.typelem else t.oid end
  join pg_namespace btn on btn.oid = bt.typnamespace
  left join pg_attrdef ad on ad.adrelid = a.attrelid and ad.adnum = a.attnum
  left join pg_collation co on co.oid = a.attcollation
  left join pg_namespace cn on cn.oid = co.collnamespace
  left join pg_description ds
    on ds.objoid = c.oid and ds.classoid = 'pg_class'::regclass and ds.objsubid = a.attnum
 where a.attnum > 0 and not a.attisdropped
   and c.relkind in ('r', 'p', 'f', 'v', 'm')
   and c.relnamespace = any(%(schema_oids)s::oid[])
   -- relations owned by an extension are listed under it (see relations.sql)
   and c.oid <> all(%(extension_relations)s::oid[])
 -- each relation's columns together and in order; relations by oid, which costs less
 -- than by name (the model's relations come from relations.sql)
 order by a.attrelid, a.attnum
