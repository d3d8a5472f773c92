"""The benchmark's second shape: schemas that lean on each other (`--shape cross`).

The same tables as bench/synthetic.py (about 14 columns, keys, indexes, checks,
comments, a trigger per ten tables), but the foreign keys mostly cross schemas (one to
three per table, three in four to a table of another schema), one view per four tables
joining a table to its parents in other schemas, a view over two views of different
schemas per eight views, and one function per ten tables reading and writing tables of
several schemas: PL/pgSQL with `SET search_path` and a %ROWTYPE variable, PL/pgSQL with
qualified names and an EXECUTE, a SQL function with a string body, and a SQL-standard
body (BEGIN ATOMIC, PostgreSQL 14 or later), in turn. This is what catalog dependencies
and parsed function bodies cost most on.

    .venv/bin/python bench/synthetic.py --shape cross --tables 40 | less
"""

from __future__ import annotations

import synthetic
from synthetic import TableSpec

CROSS_VERSION = 1


class CrossGenerator(synthetic.Generator):
    """Writes the DDL of the cross-schema shape (see the module's docstring)."""

    SHAPE = "cross"
    VIEW_EVERY = 4
    FUNCTION_EVERY = 10
    VIEW_OF_VIEWS_EVERY = 8

    def __init__(self, tables: int, seed: int) -> None:
        super().__init__(tables, seed)
        self.views: list[tuple[str, str]] = []  # (schema, name) of each view made
        self.functions: list[str] = []  # qualified names of the functions made

    def marker(self) -> str:
        return (f"schemadoc bench synthetic {self.SHAPE} v{CROSS_VERSION}"
                f"+{synthetic.GENERATOR_VERSION} tables={self.tables} seed={self.seed}")

    def fk_targets(self, schema: str) -> list[TableSpec]:
        """One to three foreign keys, three in four to a table of another schema."""
        if not self.created:
            return []
        targets: list[TableSpec] = []
        for _ in range(self.rng.choice((1, 1, 2, 2, 3))):
            elsewhere = [t for t in self.created[-300:] if t.schema != schema]
            local = self.by_schema[schema][-100:]
            pool = elsewhere if elsewhere and (self.rng.random() < 0.75 or not local) else local
            target = self.rng.choice(pool or self.created)
            if target not in targets:
                targets.append(target)
        return targets

    def view(self, spec: TableSpec, targets: list[TableSpec], fk_columns: list[str],
             names: set[str]) -> None:
        """The table joined to each of its parents, with a column or two of each."""
        columns = ["t.id", "t.name", "t.created_at"]
        joins = [f"  from {spec.qualified} t"]
        for number, (parent, column) in enumerate(zip(targets, fk_columns, strict=True), 1):
            columns += [f"p{number}.name as {parent.name}_name",
                        f"p{number}.created_at as {parent.name}_created_at"]
            joins.append(f"  left join {parent.qualified} p{number} on p{number}.id = t.{column}")
        where = " where t.is_active" if "is_active" in names else ""
        name = f"v_{spec.name}"
        self.emit(f"create view {spec.schema}.{name} as\nselect "
                  + ", ".join(columns) + "\n" + "\n".join(joins) + where + ";")
        self.emit(f"comment on view {spec.schema}.{name} is "
                  f"{synthetic.quote(f'Reporting view over {spec.qualified} and its parents.')};")
        self.counts["views"] += 1
        self.views.append((spec.schema, name))
        if len(self.views) % self.VIEW_OF_VIEWS_EVERY == 0:
            self.view_of_views(spec.schema, name)

    def view_of_views(self, schema: str, name: str) -> None:
        """A view over this view and an earlier one of another schema."""
        others = [v for v in self.views[-200:] if v[0] != schema]
        if not others:
            return
        other = self.rng.choice(others)
        self.emit(f"create view {schema}.vv_{name[2:]} as\n"
                  f"select a.id, a.name, b.name as other_name, b.created_at as other_created_at\n"
                  f"  from {schema}.{name} a\n  join {other[0]}.{other[1]} b on b.id = a.id;")
        self.counts["views"] += 1

    def after_table(self, index: int, spec: TableSpec, targets: list[TableSpec],
                    fk_columns: list[str]) -> None:
        if index % self.FUNCTION_EVERY != 7 or not targets:
            return
        kind = (index // self.FUNCTION_EVERY) % 4
        body = (self.plpgsql_with_path, self.plpgsql_dynamic, self.sql_function,
                self.sql_standard_function)[kind](spec, targets, fk_columns)
        self.emit(body)
        self.counts["functions"] += 1

    def plpgsql_with_path(self, spec: TableSpec, targets: list[TableSpec],
                          fk_columns: list[str]) -> str:
        name = f"{spec.schema}.sync_{spec.name}"
        parent, other = targets[0], self.rng.choice(self.created[-300:])
        self.functions.append(name)
        return (f"create function {name}(p_id bigint) returns integer\n"
                f"language plpgsql set search_path = {spec.schema}, public as $$\n"
                f"declare\n  v_count integer;\n  v_row {spec.qualified}%rowtype;\nbegin\n"
                f"  select count(*) into v_count from {spec.name} where {fk_columns[0]} = p_id;\n"
                f"  select * into v_row from {spec.name} where id = p_id;\n"
                f"  v_row.name := upper(v_row.name);\n"
                f"  update {parent.qualified} set name = v_row.name\n"
                f"   where id = v_row.{fk_columns[0]};\n"
                f"  insert into {other.qualified} (name) values (v_row.name);\n"
                f"  return v_count;\nend\n$$;")

    def plpgsql_dynamic(self, spec: TableSpec, targets: list[TableSpec],
                        fk_columns: list[str]) -> str:
        name = f"{spec.schema}.purge_{spec.name}"
        call = f"  perform {self.functions[-1]}(p_id);\n" if self.functions else ""
        self.functions.append(name)
        parent = targets[-1]
        return (f"create function {name}(p_id bigint) returns void\n"
                f"language plpgsql as $$\nbegin\n"
                f"  delete from {spec.qualified} where id = p_id;\n"
                f"  execute format('delete from %I.%I where id = $1', "
                f"'{parent.schema}', '{parent.name}') using p_id;\n"
                f"{call}end\n$$;")

    def sql_function(self, spec: TableSpec, targets: list[TableSpec],
                     fk_columns: list[str]) -> str:
        name = f"{spec.schema}.count_{spec.name}"
        return (f"create function {name}(p_id bigint) returns bigint\n"
                f"language sql stable as $$\n"
                f"  select count(*) from {spec.qualified} t\n"
                f"    join {targets[0].qualified} p on p.id = t.{fk_columns[0]}\n"
                f"   where p.id = p_id\n$$;")

    def sql_standard_function(self, spec: TableSpec, targets: list[TableSpec],
                              fk_columns: list[str]) -> str:
        name = f"{spec.schema}.total_{spec.name}"
        return (f"create function {name}(p_id bigint) returns bigint\n"
                f"language sql stable\nbegin atomic\n"
                f"  select count(*) from {spec.qualified} t\n"
                f"    join {targets[0].qualified} p on p.id = t.{fk_columns[0]}\n"
                f"   where p.id = p_id;\nend;")
