-- Tables, partitioned and foreign tables, views and materialized views.
-- Sizes come from pg_class.relpages (as of the last VACUUM/ANALYZE): reading the
-- catalog costs nothing and takes no lock, unlike pg_total_relation_size().
with bs as (select current_setting('block_size')::bigint as block_size),
idx as (
    select i.indrelid, sum(ic.relpages)::bigint as pages
      from pg_index i join pg_class ic on ic.oid = i.indexrelid
     group by i.indrelid
)
select c.oid::bigint as oid,
       n.nspname as schema_name,
       c.relname as name,
       c.relkind::text as relkind,
       pg_get_userbyid(c.relowner) as owner,
       ds.description as comment,
       c.relpersistence = 'u' as unlogged,
       c.relrowsecurity as rls_enabled,
       c.relforcerowsecurity as rls_forced,
       -- references are (schema, name), never one dotted string: names may hold dots
       parent_ns.nspname as partition_of_schema,
       parent.relname as partition_of_name,
       case when c.relispartition then pg_get_expr(c.relpartbound, c.oid) end as partition_bound,
       case when c.relkind = 'p' then pg_get_partkeydef(c.oid) end as partition_key,
       array(select array[pn.nspname::text, pc.relname::text]
               from pg_inherits inh
               join pg_class pc on pc.oid = inh.inhparent
               join pg_namespace pn on pn.oid = pc.relnamespace
              where inh.inhrelid = c.oid and not c.relispartition
              order by inh.inhseqno) as inherits,
       fs.srvname as foreign_server,
       coalesce(ft.ftoptions, '{}') as foreign_options,
       c.reltuples::float8 as reltuples,
       c.relpages::bigint * bs.block_size as table_bytes,
       -- Only VACUUM updates a TOAST table's relpages (ANALYZE skips it), so until
       -- then count its chunks in the statistics: four chunks fill a page.
       greatest(coalesce(t.relpages::bigint, 0),
                ceil((pg_stat_get_live_tuples(c.reltoastrelid)
                      + pg_stat_get_dead_tuples(c.reltoastrelid)) / 4.0)::bigint)
           * bs.block_size as toast_bytes,
       coalesce(idx.pages, 0) * bs.block_size as index_bytes,
       c.relispopulated as populated,
       coalesce(st.last_analyze, st.last_autoanalyze) is not null as analysed
  from pg_class c
  cross join bs
  join pg_namespace n on n.oid = c.relnamespace
  -- a partition's one parent (a partition has exactly one pg_inherits row)
  left join pg_inherits parent_inh on parent_inh.inhrelid = c.oid and c.relispartition
  left join pg_class parent on parent.oid = parent_inh.inhparent
  left join pg_namespace parent_ns on parent_ns.oid = parent.relnamespace
  left join pg_class t on t.oid = c.reltoastrelid
  left join idx on idx.indrelid = c.oid
  left join pg_foreign_table ft on ft.ftrelid = c.oid
  left join pg_foreign_server fs on fs.oid = ft.ftserver
  left join pg_stat_all_tables st on st.relid = c.oid
  left join pg_description ds
    on ds.objoid = c.oid and ds.classoid = 'pg_class'::regclass and ds.objsubid = 0
 where c.relkind in ('r', 'p', 'f', 'v', 'm')
   and c.relnamespace = any(%(schema_oids)s::oid[])
   -- relations owned by an extension are listed under it, not here (the list
   -- comes from extensions.sql: cheaper than a pg_depend lookup per query)
   and c.oid <> all(%(extension_relations)s::oid[])
 -- in the file's order (see columns.sql)
 order by n.nspname collate "C", c.relname collate "C"
