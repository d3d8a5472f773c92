-- The definitions of the indexes that indexes.sql left to the client but that it
-- cannot print (a key column whose operator class or collation it cannot tell is the
-- default: see definitions.py), by oid. NULL: the index vanished after our snapshot
-- began. Always run, with no oids at all when there are none.
select i.oid as oid, pg_get_indexdef(i.oid) as definition
  from unnest(%(index_oids)s::oid[]) as i(oid)
