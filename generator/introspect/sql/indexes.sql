select n.nspname as schema_name,
       c.relname as table_name,
       ic.relname as name,
       -- A plain index (key columns only: no expression or storage option; an access
       -- method whose key columns we know how to print) is printed on the client:
       -- pg_get_indexdef() costs more than the rest of this query on a fresh
       -- connection (see definitions.py). NULL otherwise: the index vanished.
       case when not p.plain then pg_get_indexdef(i.indexrelid) end as definition,
       p.plain,
       -- a plain partial index's predicate as pg_get_indexdef() prints it (not pretty)
       case when p.plain then pg_get_expr(i.indpred, i.indrelid) end as where_clause,
       i.indexrelid as oid,
       case when p.plain then i.indclass::oid[] end as opclasses,
       case when p.plain then i.indcollation::oid[] end as collations,
       case when p.plain then i.indoption::int2[] end as options,
       i.indisunique as "unique",
       i.indisprimary as "primary",
       am.amname as method,
       -- Key and INCLUDE columns are named on the client from `attnums` (a subquery
       -- per index would cost a fifth of this query); only an index on expressions
       -- (attnum 0) gets its key columns printed here.
       case when 0 = any(i.indkey::int2[])
            then array(select pg_get_indexdef(i.indexrelid, k, true)
                         from generate_series(1, i.indnkeyatts) k order by k) end as columns,
       i.indkey::int2[] as attnums,
       i.indnkeyatts::int as key_count,
       pg_get_expr(i.indpred, i.indrelid, true) as predicate,
       i.indisvalid as valid,
       con.conname as "constraint",
       -- pg_index.indnullsnotdistinct exists from PostgreSQL 15 (catalog.py fills this in)
       {nulls_not_distinct} as nulls_not_distinct,
       ic.relpages::bigint * current_setting('block_size')::bigint as bytes,
       pg_stat_get_numscans(i.indexrelid) as scans,
       ds.description as comment
  from pg_index i
  join pg_class ic on ic.oid = i.indexrelid
  join pg_class c on c.oid = i.indrelid
  join pg_namespace n on n.oid = c.relnamespace
  join pg_am am on am.oid = ic.relam
  cross join lateral (
      select ic.relkind = 'i' and i.indexprs is null and ic.reloptions is null
             and am.amname in ('btree', 'hash', 'gin') as plain
  ) p
  left join pg_constraint con on con.conindid = i.indexrelid and con.conrelid = i.indrelid
                             and con.contype in ('p', 'u', 'x')
  left join pg_description ds
    on ds.objoid = ic.oid and ds.classoid = 'pg_class'::regclass and ds.objsubid = 0
 where c.relkind in ('r', 'p', 'm')
   and c.relnamespace = any(%(schema_oids)s::oid[])
   -- relations owned by an extension are listed under it (see relations.sql)
   and c.oid <> all(%(extension_relations)s::oid[])
 -- each table's indexes together, in the file's order; tables by oid, which costs
 -- less than by name (the model's tables come from relations.sql)
 order by i.indrelid, ic.relname collate "C"
