"""`schemadoc lint`: rules that say what is wrong with a schema.

`RULES` lists every rule (id, default severity, reason, fix); `lint_snapshot` runs them
over a snapshot as schemadoc.yml configures them; `sample.py` checks sampled ID values
against their formats; `report.py` prints the result as text or JSON
(`schemadoc-lint/1`). Nothing here reads a database: the command (`commands/lint.py`)
hands over the snapshot and any samples.
"""

from __future__ import annotations

from collections.abc import Mapping

from generator.config import Config
from generator.lint import rules as r
from generator.lint.engine import LintResult, Rule, SampleResult, run_rules
from generator.model import Snapshot

__all__ = ["RULES", "RULE_IDS", "LintResult", "Rule", "lint_snapshot"]

RULES: tuple[Rule, ...] = (
    Rule("no-primary-key", "error", "Without a primary key rows cannot be told apart, "
         "updated one by one or replicated logically.",
         "Add a primary key: ALTER TABLE ... ADD PRIMARY KEY (...);", r.no_primary_key),
    Rule("no-index", "error", "Every query on the table reads all of it, and it has no "
         "primary key either.", "Add a primary key (which creates an index).", r.no_index),
    Rule("fk-without-index", "warning", "Deleting or updating a referenced row scans the whole "
         "referencing table, and joins along the key cannot use an index.",
         "Create an index that starts with the foreign-key columns.", r.fk_without_index),
    Rule("duplicate-index", "warning", "Two identical indexes cost twice the writes and space "
         "for no gain.", "Drop one of them.", r.duplicate_index),
    Rule("redundant-index", "warning", "An index whose columns lead a longer index serves no "
         "look-up the longer one cannot.", "Drop the shorter index.", r.redundant_index),
    Rule("unused-index", "info", "An index nobody scans still slows every write and takes "
         "space.", "Drop it once replicas and rare jobs are known not to need it.",
         r.unused_index, not_judged=r.unused_index_not_judged),
    Rule("nullable-unique-column", "warning", "A unique index treats NULLs as distinct, so "
         "rows that look duplicate can coexist.",
         "Make the columns NOT NULL, or use UNIQUE NULLS NOT DISTINCT (PostgreSQL 15+).",
         r.nullable_unique_column),
    Rule("fk-type-mismatch", "warning", "Joins along the key need casts, which can keep "
         "indexes unused, and values may not fit.",
         "Give both columns the same type.", r.fk_type_mismatch),
    Rule("table-without-comment", "info", "Readers of the documentation cannot tell what the "
         "table holds.", "Add a comment, or a description in schemadoc.yml.",
         r.table_without_comment),
    Rule("column-without-comment", "info", "Readers of the documentation cannot tell what the "
         "columns mean.", "Add comments, or descriptions in schemadoc.yml.",
         r.column_without_comment),
    Rule("naming-convention", "warning", "Names that break the team's conventions make keys "
         "and meanings harder to guess.", "Rename the column, or widen the convention in "
         "schemadoc.yml.", r.naming_convention),
    Rule("id-format", "error", "Identifiers that break their documented format mislead every "
         "consumer that parses them.", "Correct the values and add a CHECK constraint.",
         r.id_format, needs_data=True),
    Rule("text-null-default", "warning", "The default is the four-letter text 'NULL', which "
         "looks like a missing value but is not one.", "Drop the default (NULL is implied).",
         r.text_null_default),
    Rule("single-column-table", "info", "A one-column table is often a list that belongs in a "
         "CHECK constraint or enum, or a table left unfinished.",
         "Merge it into the table that uses it, or add the columns it lacks.",
         r.single_column_table),
    Rule("incrementing-column-names", "info", "Numbered columns (phone1, phone2) cap the number "
         "of values and make queries repeat themselves.",
         "Move the values to a child table with one row per value.",
         r.incrementing_column_names),
    Rule("rls-enabled-no-policy", "warning", "Row-level security with no policy hides every "
         "row from every role except the owner.", "Add policies, or disable row-level "
         "security.", r.rls_enabled_no_policy),
    Rule("policy-rls-disabled", "warning", "Policies on a table without row-level security "
         "are not applied: every role with access sees every row.",
         "Enable row-level security, or drop the policies.", r.policy_rls_disabled),
    Rule("case-variant-names", "warning", "Names that differ only in case must be quoted "
         "everywhere and are easily confused.", "Rename or drop one of them.",
         r.case_variant_names),
    Rule("isolated-table", "info", "A table no relation reaches is often a leftover or misses "
         "its foreign keys.", "Add the foreign keys, declare the relation in schemadoc.yml, "
         "or archive the table.", r.isolated_table),
    Rule("too-many-columns", "warning", "Very wide tables often mix several entities and are "
         "slow to update.", "Split the table; or raise lint.rules.too-many-columns.max.",
         r.too_many_columns),
    Rule("function-missing-object", "error", "A function body names a table or column that "
         "does not exist (often after a rename): the function fails when it runs.",
         "Fix the body to name what exists now (CREATE OR REPLACE FUNCTION), or drop the "
         "function.", r.function_missing_object),
    Rule("reads-archived-table", "warning", "A view or function in use reads a table in a "
         "schema configured as archive, which is due to go or no longer maintained.",
         "Point it at the table that replaced the archived one, or archive it too.",
         r.reads_archived_table),
    Rule("dynamic-sql-security-definer", "warning", "Security: a SECURITY DEFINER function "
         "that runs SQL built at run time can be made to run SQL of the caller's choosing "
         "with its owner's rights.",
         "Build the SQL with format('%I', ...) and quote_literal or USING parameters, SET "
         "search_path on the function, or make it SECURITY INVOKER.",
         r.dynamic_sql_security_definer),
)
RULE_IDS = tuple(rule.id for rule in RULES)


def lint_snapshot(snapshot: Snapshot, config: Config,
                  samples: Mapping[tuple[str, str, str], SampleResult] | None = None
                  ) -> LintResult:
    """Run every rule over the documented part of `snapshot`; `samples` holds the ID-format
    check's data when the user opted in to reading rows."""
    return run_rules(snapshot, config, RULES, samples)
