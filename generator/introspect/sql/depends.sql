-- What each object depends on, as PostgreSQL records it in pg_depend: exact, and down
-- to the column where the catalog says which one (refobjsubid). One row per dependent
-- and object (or column) it depends on:
--   owner_kind   view (a view or materialized view, through its _RETURN rule), column
--                (its default or generation expression), constraint (a check), index
--                (its expressions and predicate), trigger, policy, function (a
--                SQL-standard body, argument and result types, an aggregate's parts),
--                type (a domain's base type and checks, a range's subtype, a composite
--                type's attribute types)
--   owner_oid    the dependent, or the relation of a column, check, index, trigger or
--                policy, which `child` (a name) or `child_attnum` (a column) names
--   ref_oid, ref_attnum  what it depends on: a relation (and column), function or
--                type; an array type stands for its element type, a table's row type
--                for the table
--   kind, schema, name, column  the same, named: only for objects the other queries
--                do not read (those of an extension, of a schema left out, a function,
--                a type); the client names the others from the model, by oid and attnum
-- Objects in pg_catalog and information_schema are left out: everything depends on
-- them. So are dependents owned by an extension, as in the other queries. Three kinds
-- come from other queries: a column's own type (columns.sql), a check's own columns
-- (its conkey, constraints.sql) and the column that owns a sequence (sequences.sql).
-- The cost is one pass over pg_depend for the classes with few rows there, and an index
-- probe per object for the others (checks, indexes, triggers, composite types): the rows
-- of keys, index columns and internal triggers, most of pg_depend, are never read.
with dep as (
    select d.classid, d.objid, d.refclassid, d.refobjid, d.refobjsubid
      from pg_depend d
     where d.classid in ('pg_rewrite'::regclass, 'pg_attrdef'::regclass,
                         'pg_policy'::regclass, 'pg_proc'::regclass, 'pg_type'::regclass)
       and d.refclassid in ('pg_class'::regclass, 'pg_proc'::regclass, 'pg_type'::regclass)
       -- what the object refers to ('n'): not its own table or column ('a', 'i')
       and d.deptype = 'n'
),
owned as (
    -- views and materialized views: what their query reads
    select 'view' as owner_kind, c.oid as owner_oid, null::text as child,
           null::int as child_attnum, dep.refclassid, dep.refobjid, dep.refobjsubid
      from dep
      join pg_rewrite r on r.oid = dep.objid
      join pg_class c on c.oid = r.ev_class
     where dep.classid = 'pg_rewrite'::regclass
       and r.ev_type = '1' and c.relkind in ('v', 'm')
       and c.relnamespace = any(%(schema_oids)s::oid[])
       and c.oid <> all(%(extension_relations)s::oid[])
       and not (dep.refclassid = 'pg_class'::regclass and dep.refobjid = c.oid)
    union all
    -- column defaults and generation expressions: the sequences and functions they
    -- call, the columns a generated column is computed from (not casts to a type)
    select 'column', ad.adrelid, null, ad.adnum, dep.refclassid, dep.refobjid,
           dep.refobjsubid
      from dep
      join pg_attrdef ad on ad.oid = dep.objid
      join pg_class c on c.oid = ad.adrelid
     where dep.classid = 'pg_attrdef'::regclass and dep.refclassid <> 'pg_type'::regclass
       and c.relnamespace = any(%(schema_oids)s::oid[])
       and c.oid <> all(%(extension_relations)s::oid[])
    union all
    -- user triggers: their function, the columns of UPDATE OF and WHEN
    select 'trigger', c.oid, t.tgname, null, d.refclassid, d.refobjid, d.refobjsubid
      from pg_trigger t
      join pg_class c on c.oid = t.tgrelid
      cross join lateral (
          select d.refclassid, d.refobjid, d.refobjsubid
            from pg_depend d
           where d.classid = 'pg_trigger'::regclass and d.objid = t.oid and d.deptype = 'n'
             and d.refclassid in ('pg_class'::regclass, 'pg_proc'::regclass,
                                  'pg_type'::regclass)) d
     where not t.tgisinternal
       and c.relnamespace = any(%(schema_oids)s::oid[])
       and c.oid <> all(%(extension_relations)s::oid[])
    union all
    -- policies: what USING and WITH CHECK read
    select 'policy', c.oid, pol.polname, null, dep.refclassid, dep.refobjid, dep.refobjsubid
      from dep
      join pg_policy pol on pol.oid = dep.objid
      join pg_class c on c.oid = pol.polrelid
     where dep.classid = 'pg_policy'::regclass
       and c.relnamespace = any(%(schema_oids)s::oid[])
       and c.oid <> all(%(extension_relations)s::oid[])
    union all
    -- functions: argument and result types, an aggregate's parts, and what a
    -- SQL-standard body (BEGIN ATOMIC, RETURN) reads; other bodies PostgreSQL does not
    -- track (schemadoc parses them after the transaction)
    select 'function', p.oid, null, null, dep.refclassid, dep.refobjid, dep.refobjsubid
      from dep
      join pg_proc p on p.oid = dep.objid
     where dep.classid = 'pg_proc'::regclass
       and p.pronamespace = any(%(schema_oids)s::oid[])
       and dep.refobjid <> p.oid
       -- as in functions.sql: not an extension's, not a range type's constructor
       and not exists (select 1 from pg_depend own
                        where own.classid = 'pg_proc'::regclass and own.objid = p.oid
                          and own.deptype in ('e', 'i'))
    union all
    -- domains (base type) and range types (subtype)
    select 'type', t.oid, null, null, dep.refclassid, dep.refobjid, dep.refobjsubid
      from dep
      join pg_type t on t.oid = dep.objid
     where dep.classid = 'pg_type'::regclass and t.typtype in ('d', 'r')
       and dep.refobjid <> t.oid
       and t.typnamespace = any(%(schema_oids)s::oid[])
       -- as in types.sql: not an extension's
       and not exists (select 1 from pg_depend own
                        where own.classid = 'pg_type'::regclass and own.objid = t.oid
                          and own.deptype = 'e')
    union all
    -- check constraints of tables and domains: the functions and types they use (the
    -- table's own columns they read are the constraint's `columns`, its conkey: the
    -- client adds those)
    select case when con.contypid <> 0 then 'type' else 'constraint' end,
           coalesce(c.oid, t.oid), case when con.contypid = 0 then con.conname::text end,
           null, d.refclassid, d.refobjid, d.refobjsubid
      from pg_constraint con
      left join pg_class c on c.oid = con.conrelid
      left join pg_type t on t.oid = con.contypid
      cross join lateral (
          select d.refclassid, d.refobjid, d.refobjsubid
            from pg_depend d
           where d.classid = 'pg_constraint'::regclass and d.objid = con.oid
             and d.deptype = 'n'
             and d.refclassid in ('pg_class'::regclass, 'pg_proc'::regclass,
                                  'pg_type'::regclass)) d
     where con.contype = 'c'
       and coalesce(c.relnamespace, t.typnamespace) = any(%(schema_oids)s::oid[])
       and (c.oid is null or c.oid <> all(%(extension_relations)s::oid[]))
       and not exists (select 1 from pg_depend own
                        where own.classid = 'pg_type'::regclass and own.objid = t.oid
                          and own.deptype = 'e')
       and d.refobjid <> con.contypid
       and not (d.refclassid = 'pg_class'::regclass and d.refobjid = con.conrelid)
    union all
    -- indexes: what their expressions and predicate read (the plain key and INCLUDE
    -- columns are the index's own `columns`)
    select 'index', c.oid, ic.relname, null, d.refclassid, d.refobjid, d.refobjsubid
      from pg_index i
      join pg_class c on c.oid = i.indrelid
      join pg_class ic on ic.oid = i.indexrelid
      cross join lateral (
          select d.refclassid, d.refobjid, d.refobjsubid
            from pg_depend d
           where d.classid = 'pg_class'::regclass and d.objid = i.indexrelid
             and d.objsubid = 0
             and d.refclassid in ('pg_class'::regclass, 'pg_proc'::regclass,
                                  'pg_type'::regclass)) d
     where (i.indexprs is not null or i.indpred is not null)
       and c.relnamespace = any(%(schema_oids)s::oid[])
       and c.oid <> all(%(extension_relations)s::oid[])
       and not (d.refclassid = 'pg_class'::regclass and d.refobjid = c.oid
                and (d.refobjsubid = 0 or d.refobjsubid = any(i.indkey::int2[])))
    union all
    -- composite types: the types of their attributes
    select 'type', t.oid, null, null, d.refclassid, d.refobjid, d.refobjsubid
      from pg_class c
      join pg_type t on t.oid = c.reltype
      cross join lateral (
          select d.refclassid, d.refobjid, d.refobjsubid
            from pg_depend d
           where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.objsubid > 0
             and d.refclassid = 'pg_type'::regclass) d
     where c.relkind = 'c'
       and c.relnamespace = any(%(schema_oids)s::oid[])
       and c.oid <> all(%(extension_relations)s::oid[])
       and not exists (select 1 from pg_depend own
                        where own.classid = 'pg_type'::regclass and own.objid = t.oid
                          and own.deptype = 'e')
),
refs as (
    -- a table, view, sequence or a column of one; named here only when it is not
    -- among the objects the other queries read (the client names those from the
    -- model: it has their oids and attnums)
    select o.owner_kind, o.owner_oid, o.child, o.child_attnum,
           rc.oid as ref_oid, o.refobjsubid as ref_attnum,
           not (rc.relnamespace = any(%(schema_oids)s::oid[])
                and rc.oid <> all(%(extension_relations)s::oid[])
                and rc.relkind in ('r', 'p', 'f', 'v', 'm', 'S')) as unread,
           rc.relkind, rc.relnamespace as ref_nsp, rc.relname::text as ref_name
      from owned o
      join pg_class rc on rc.oid = o.refobjid
     where o.refclassid = 'pg_class'::regclass
       and rc.relkind in ('r', 'p', 'f', 'v', 'm', 'S', 'c')
    union all
    -- types: an array type stands for its element type (a status[] column depends on
    -- status), a table's row type for the table
    select o.owner_kind, o.owner_oid, o.child, o.child_attnum,
           coalesce(rtc.oid, rt.oid), null,
           rtc.oid is null or not (rtc.relnamespace = any(%(schema_oids)s::oid[])
                                   and rtc.oid <> all(%(extension_relations)s::oid[])
                                   and rtc.relkind in ('r', 'p', 'f', 'v', 'm')),
           coalesce(rtc.relkind, 't'), rt.typnamespace, coalesce(rtc.relname, rt.typname)::text
      from owned o
      join pg_type ref_type on ref_type.oid = o.refobjid
      join pg_type rt
        on rt.oid = case when ref_type.typcategory = 'A' and ref_type.typelem <> 0
                         then ref_type.typelem else ref_type.oid end
      left join pg_class rtc on rtc.oid = rt.typrelid
     where o.refclassid = 'pg_type'::regclass
    union all
    -- functions, by signature as functions.sql keys them
    select o.owner_kind, o.owner_oid, o.child, o.child_attnum, rp.oid, null, true, 'F',
           rp.pronamespace, format('%%s(%%s)', rp.proname, oidvectortypes(rp.proargtypes))
      from owned o
      join pg_proc rp on rp.oid = o.refobjid
     where o.refclassid = 'pg_proc'::regclass
)
-- grouped by dependent; what it depends on is named only where the client cannot
-- name it (`unread`): kind, schema, name and column
select r.owner_kind, r.owner_oid, r.child, r.child_attnum, r.ref_oid, r.ref_attnum,
       case when r.unread then
            case r.relkind when 'v' then 'view' when 'm' then 'materialized_view'
                           when 'S' then 'sequence' when 'c' then 'type' when 't' then 'type'
                           when 'F' then 'function' else 'table' end end as kind,
       case when r.unread then rn.nspname end as schema,
       case when r.unread then r.ref_name end as name,
       case when r.unread and r.ref_attnum > 0
            then (select a.attname from pg_attribute a
                   where a.attrelid = r.ref_oid and a.attnum = r.ref_attnum::int2) end
           as "column"
  from refs r
  join pg_namespace rn on rn.oid = r.ref_nsp
 where rn.nspname <> 'pg_catalog' and rn.nspname <> 'information_schema'
 order by r.owner_oid, r.owner_kind, r.child collate "C", r.child_attnum
