-- Transaction-local settings: nothing outlives our transaction, so a
-- transaction-mode pooler hands back a clean server connection.
select set_config('statement_timeout', %(statement_timeout)s, true) as statement_timeout,
       set_config('lock_timeout', %(lock_timeout)s, true) as lock_timeout,
       set_config('idle_in_transaction_session_timeout', %(idle_timeout)s, true) as idle_timeout,
       set_config('search_path', 'pg_catalog, pg_temp', true) as search_path,
       -- Definitions print constants (partition bounds, defaults) in the session's
       -- formats: fix them, so that the same database gives the same file anywhere.
       set_config('TimeZone', 'UTC', true) as timezone,
       set_config('DateStyle', 'ISO, YMD', true) as datestyle,
       set_config('IntervalStyle', 'postgres', true) as intervalstyle,
       set_config('extra_float_digits', '1', true) as extra_float_digits,
       set_config('bytea_output', 'hex', true) as bytea_output,
       set_config('quote_all_identifiers', 'off', true) as quote_all_identifiers,
       -- Parallel workers come from a pool shared by every session of the server,
       -- and JIT compiles for longer than these queries run: a documentation tool
       -- takes neither from production. (A second connection of ours, if any, is
       -- the parallelism we use; see parallel.py.)
       set_config('max_parallel_workers_per_gather', '0', true) as parallel_workers,
       set_config('jit', 'off', true) as jit
