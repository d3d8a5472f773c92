select d.datname as name,
       current_user as "user",
       current_setting('server_version') as server_version,
       current_setting('server_version_num')::int as server_version_num,
       pg_encoding_to_char(d.encoding) as encoding,
       d.datcollate as collation,
       (select s.ssl from pg_stat_ssl s where s.pid = pg_backend_pid()) as ssl,
       (select to_char(sd.stats_reset at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
          from pg_stat_database sd where sd.datid = d.oid) as stats_reset,
       -- since when usage counts (index scans) run: the database's own reset, else the
       -- last time the server's statistics started from nothing (initdb, a crash, a
       -- reset of the shared statistics); a clean restart keeps them, so this stays
       -- the same from run to run where the server's start time would not
       (select to_char(coalesce(sd.stats_reset, a.stats_reset) at time zone 'UTC',
                       'YYYY-MM-DD"T"HH24:MI:SS"Z"')
          from pg_stat_database sd, pg_stat_archiver a where sd.datid = d.oid) as stats_since,
       shobj_description(d.oid, 'pg_database') as comment,
       -- the keywords that must be quoted as identifiers, as quote_ident() does
       array(select word from pg_get_keywords() where catcode <> 'U' order by 1)
           as quoted_keywords,
       -- (operator class, column type) pairs for which an index definition prints no
       -- operator class (definitions.py): each default class with its own input type;
       -- and, where a type has no default class of its own and PostgreSQL takes one it
       -- is binary-compatible with (GetDefaultOpClass), text's for varchar and
       -- anyenum's for every enum. Classes that could take options (support function 5
       -- of btree, 3 of hash, 7 of gin) are left out: options are printed with them.
       array(with eligible as (
                 select o.oid, o.opcmethod, o.opcintype
                   from pg_opclass o
                   join pg_am am on am.oid = o.opcmethod
                  where o.opcdefault and am.amname in ('btree', 'hash', 'gin')
                    and not exists (select 1 from pg_amproc p
                                     where p.amprocfamily = o.opcfamily
                                       and p.amprocnum = case am.amname when 'btree' then 5
                                                                        when 'hash' then 3
                                                                        else 7 end)
             ),
             coerced as (
                 select e.oid, t.oid as type
                   from eligible e
                   join pg_type t
                     on (e.opcintype = 'text'::regtype and t.oid = 'varchar'::regtype)
                     or (e.opcintype = 'anyenum'::regtype and t.typtype = 'e')
                  where not exists (select 1 from pg_opclass x
                                     where x.opcmethod = e.opcmethod and x.opcdefault
                                       and x.opcintype = t.oid)
             )
             select array[oid, opcintype] from eligible
             union all
             select array[oid, type] from coerced
             order by 1) as default_opclasses
  from pg_database d
 where d.datname = current_database()
