"""`pip install` of a built wheel (not only editable) gives a schemadoc that works from any
folder, without the repository."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from generator import __version__
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
    samples = list((REPO / "generator" / "commands" / "demo" / "sql").glob("*.sql"))
    assert samples, "the sample database's SQL moved: update this test"
    for sample in samples:
        assert f"generator/commands/demo/sql/{sample.name}" in names
    shipped = [*(REPO / "templates").rglob("*.j2"), *(REPO / "templates" / "assets").iterdir()]
    for template in shipped:
        assert f"generator/templates/{template.relative_to(REPO / 'templates')}" in names
    assert "generator/snapshot/schema_map.schema.json" in names
    assert "generator/config/config_schema.json" in names
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


@pytest.fixture(scope="module")
def venv_bin(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new virtual environment outside the repository with the wheel and its
    dependencies installed, as `pip install schemadoc-*.whl` gives a team."""
    venv = tmp_path_factory.mktemp("fresh") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    result = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q",
                             "--disable-pip-version-check", str(wheel)],
                            capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stderr
    return venv / "bin"


def _run(venv_bin: Path, args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    # Nothing of the repository on the paths: only what the wheel installed.
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "VIRTUAL_ENV") and not k.startswith("PG")}
    env["PATH"] = os.pathsep.join([str(venv_bin), "/usr/bin", "/bin"])
    env["NO_MKDOCS_2_WARNING"] = "1"
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True,
                            timeout=600, check=False)
    assert result.returncode == 0, f"{args}: {result.stdout}{result.stderr}"
    return result


def test_version_comes_from_one_place(venv_bin: Path, tmp_path: Path) -> None:
    """`schemadoc --version`, the package metadata and generator.__version__ agree."""
    result = _run(venv_bin, ["schemadoc", "--version"], tmp_path)
    assert result.stdout == f"schemadoc, version {__version__}\n"
    metadata = _run(venv_bin, ["python", "-c", "import importlib.metadata as m; "
                               "print(m.version('schemadoc'))"], tmp_path)
    assert metadata.stdout.strip() == __version__
    assert 'dynamic = ["version"]' in (REPO / "pyproject.toml").read_text("utf-8")


def test_installed_wheel_builds_a_site_without_the_repository(venv_bin: Path,
                                                             tmp_path: Path) -> None:
    """`schemadoc init`, `schemadoc build --snapshot` and `mkdocs build --strict` in a new
    folder: templates, assets, the JSON Schemas and the MkDocs plugin come from the wheel."""
    team = tmp_path / "team"
    team.mkdir()
    where = _run(venv_bin, ["python", "-c", "import generator; print(generator.__file__)"],
                 team)
    assert where.stdout.startswith(str(venv_bin.parent)), where.stdout
    _run(venv_bin, ["schemadoc", "init", "--site-name", "Odd names"], team)
    shutil.copy(REPO / "tests" / "golden" / "odd" / "schema_map.json",
                team / "site_src" / "schema_map.json")
    build = _run(venv_bin, ["schemadoc", "build", "--snapshot", "site_src/schema_map.json",
                            "-q"], team)
    assert "pages added" in build.stdout
    _run(venv_bin, ["mkdocs", "build", "--strict"], team)
    site = team / "site"
    assert "Odd names" in (site / "index.html").read_text("utf-8")
    assert (site / "reference" / "health" / "index.html").is_file()
    assets = {path.name for path in site.rglob("*") if path.suffix in (".css", ".js")}
    assert {"schemadoc.css", "tablesort.js"} <= assets
    checks = ("from generator.commands.demo.sample import SAMPLE_FILES, sample_sql; "
              "assert all('create' in sample_sql(n).lower() or 'insert' in "
              "sample_sql(n).lower() for n in SAMPLE_FILES); "
              "from generator.snapshot.schema import json_schema; "
              "assert json_schema()['type'] == 'object'")
    _run(venv_bin, ["python", "-c", checks], team)
