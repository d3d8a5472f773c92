"""`pip install .` (not only editable) gives a schemadoc that works from any folder."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.helpers import REPO, run_sql


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel built from the working tree."""
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps",
         "-q", "-w", str(out), str(REPO)],
        check=True, capture_output=True, timeout=300,
    )
    (built,) = out.glob("schemadoc-*.whl")
    return built


def test_wheel_ships_sql_templates_and_demo_data(wheel: Path) -> None:
    """Catalog SQL, the sample database and the JSON Schema are inside the wheel."""
    names = set(zipfile.ZipFile(wheel).namelist())
    sql_dir = REPO / "generator" / "introspect" / "sql"
    for sql_file in sql_dir.glob("*.sql"):
        assert f"generator/introspect/sql/{sql_file.name}" in names
    for sample in (REPO / "generator" / "demo" / "sql").glob("*.sql"):
        assert f"generator/demo/sql/{sample.name}" in names
    shipped = [*(REPO / "templates").rglob("*.j2"), *(REPO / "templates" / "assets").iterdir()]
    for template in shipped:
        assert f"generator/templates/{template.relative_to(REPO / 'templates')}" in names
    assert "generator/schema/schema_map.schema.json" in names
    for module in (REPO / "generator").rglob("*.py"):
        assert str(module.relative_to(REPO)) in names, f"{module} is not in the wheel"
    assert any(name.startswith("schemadoc-") and name.endswith("entry_points.txt")
               for name in names)


def test_installed_wheel_snapshots_from_another_folder(
    wheel: Path, db: str, tmp_path: Path
) -> None:
    """Installed into a separate folder and run elsewhere, it reads its SQL from the wheel."""
    target = tmp_path / "site-packages"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target),
         str(wheel)],
        check=True, capture_output=True, timeout=300,
    )
    run_sql(db, "create table t (id int primary key, note text);")
    workdir = tmp_path / "elsewhere"
    workdir.mkdir()
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); import generator; "
        "assert generator.__file__.startswith(sys.argv[1]), generator.__file__; "
        "from generator.cli import cli; cli(sys.argv[2:])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(target), "snapshot", "--dsn", db, "-q"],
        cwd=workdir, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads((workdir / "schema_map.json").read_text())
    assert list(data["schemas"]["public"]["tables"]["t"]["columns"]) == ["id", "note"]
