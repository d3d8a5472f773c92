-- Primary, foreign, unique, check and exclusion constraints. NOT NULL constraints
-- (catalogued since PostgreSQL 18) are column nullability, not listed here.
select n.nspname as schema_name,
       c.relname as table_name,
       con.conname as name,
       case con.contype when 'p' then 'primary_key' when 'f' then 'foreign_key'
                        when 'u' then 'unique' when 'c' then 'check'
                        when 'x' then 'exclusion' end as type,
       -- Columns are named on the client from the tables' columns by attnum (as in
       -- indexes.sql: these subqueries were a third of the query's time); only a
       -- system column (a CHECK on tableoid) gets its name printed here ...
       case when 0 >= any(con.conkey)
            then array(select (select a.attname from pg_attribute a
                                where a.attrelid = con.conrelid and a.attnum = k.attnum)
                         from unnest(con.conkey) with ordinality k(attnum, ord)
                        order by k.ord) end as columns,
       con.conkey::int2[] as attnums,
       -- A primary key, unique or foreign key constraint made only of names (all but
       -- temporal and ON DELETE SET NULL (columns) ones: catalog.py fills in what this
       -- server has) is printed on the client, as pg_get_constraintdef() costs a third
       -- of this query on a fresh connection (see definitions.py). NULL otherwise: the
       -- constraint vanished.
       case when not p.plain then pg_get_constraintdef(con.oid, true) end as definition,
       p.plain,
       con.confmatchtype as match,
       -- a primary key's or unique constraint's INCLUDE columns follow its key columns
       case when p.plain and con.contype in ('p', 'u') and ix.indnatts > ix.indnkeyatts
            then ix.indkey::int2[] end as index_attnums,
       ix.indnkeyatts::int as index_key_count,
       fn.nspname as ref_schema,
       fc.relname as ref_table,
       -- ... and so do the referenced columns of a table that is not read (in a
       -- schema left out, or an extension's)
       case when fc.relnamespace <> all(%(schema_oids)s::oid[])
                 or fc.oid = any(%(extension_relations)s::oid[])
            then array(select (select a.attname from pg_attribute a
                                where a.attrelid = con.confrelid and a.attnum = k.attnum)
                         from unnest(con.confkey) with ordinality k(attnum, ord)
                        order by k.ord) end as ref_columns,
       con.confkey::int2[] as ref_attnums,
       case con.confdeltype when 'a' then 'NO ACTION' when 'r' then 'RESTRICT'
                            when 'c' then 'CASCADE' when 'n' then 'SET NULL'
                            when 'd' then 'SET DEFAULT' end as on_delete,
       case con.confupdtype when 'a' then 'NO ACTION' when 'r' then 'RESTRICT'
                            when 'c' then 'CASCADE' when 'n' then 'SET NULL'
                            when 'd' then 'SET DEFAULT' end as on_update,
       con.condeferrable as deferrable,
       con.condeferred as initially_deferred,
       con.convalidated as validated,
       -- pg_index.indnullsnotdistinct exists from PostgreSQL 15 (catalog.py fills this in)
       coalesce({nulls_not_distinct}, false) as nulls_not_distinct,
       case when con.contype in ('p', 'u', 'x') then ic.relname end as "index",
       ds.description as comment
  from pg_constraint con
  join pg_class c on c.oid = con.conrelid
  join pg_namespace n on n.oid = c.relnamespace
  left join pg_class fc on fc.oid = con.confrelid
  left join pg_namespace fn on fn.oid = fc.relnamespace
  left join pg_index ix on ix.indexrelid = con.conindid
  cross join lateral (
      select con.contype in ('p', 'u', 'f') and {plain_constraint} as plain
  ) p
  left join pg_class ic on ic.oid = con.conindid
  left join pg_description ds
    on ds.objoid = con.oid and ds.classoid = 'pg_constraint'::regclass and ds.objsubid = 0
 where con.contype in ('p', 'f', 'u', 'c', 'x')
   and c.relnamespace = any(%(schema_oids)s::oid[])
   -- relations owned by an extension are listed under it (see relations.sql)
   and c.oid <> all(%(extension_relations)s::oid[])
   -- a foreign key to a partitioned table gets one hidden clone per referenced
   -- partition, on the same referencing table and with the same name: skip those.
   and (con.conparentid = 0
        or not exists (select 1 from pg_constraint parent
                        where parent.oid = con.conparentid and parent.conrelid = con.conrelid))
 -- each table's constraints together, in the file's order; tables by oid, which
 -- costs less than by name (the model's tables come from relations.sql)
 order by con.conrelid, con.conname collate "C"
