"""schemadoc.yml is untrusted input: a pull request brings its own and `diff --lint` reads
it in CI. Alias bombs, deep nesting, huge, binary or mis-encoded files are refused in
one line (`file:line: what; what to do`, exit 2) before memory or time can grow."""

from __future__ import annotations

import resource
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from generator.cli import cli
from generator.config import load_config, parse_config
from generator.config.reader import MAX_ALIASED, MAX_BYTES
from generator.errors import ConfigError
from generator.snapshot import write_snapshot
from tests.factories import seed_snapshot

SCHEMADOC = Path(sys.executable).with_name("schemadoc")
MEMORY_LIMIT = 512 << 20


def alias_bomb() -> str:
    """The classic "billion laughs": nine levels of nine aliases each, 342 bytes that
    expand to 9**9 (387 million) strings."""
    text = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        text += f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]\n"
    return text


@pytest.fixture(scope="module")
def snapshot_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("snap") / "schema_map.json"
    write_snapshot(path, seed_snapshot())
    return path


def readers(config: Path, snapshot: Path, site: Path) -> dict[str, list[str]]:
    """Every command that reads a schemadoc.yml, offline."""
    return {
        "build": ["build", "--snapshot", str(snapshot), "--config", str(config),
                  "--site-dir", str(site)],
        "lint": ["lint", "--snapshot", str(snapshot), "--config", str(config)],
        "diff --lint": ["diff", str(snapshot), str(snapshot), "--lint", "--config", str(config)],
    }


def limited() -> None:
    """Run in the child: at most MEMORY_LIMIT bytes of address space."""
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def test_alias_bomb_is_refused_with_bounded_memory(snapshot_file: Path, tmp_path: Path) -> None:
    """The 342-byte bomb, given to build, lint and diff --lint in a process that may use
    at most 512 MB: refused with one line naming the file and line (it used to take 10 GB)."""
    bomb = tmp_path / "schemadoc.yml"
    bomb.write_text(alias_bomb())
    assert len(bomb.read_bytes()) == 342
    for name, args in readers(bomb, snapshot_file, tmp_path / "site_src").items():
        done = subprocess.run([str(SCHEMADOC), *args], capture_output=True, text=True,
                              preexec_fn=limited, timeout=300, check=False)
        assert done.returncode == 2, (name, done.stderr[-2000:])
        assert done.stderr.startswith(f"schemadoc: error: {bomb}:"), (name, done.stderr)
        assert f"aliases (*name) repeat more than {MAX_ALIASED:,} characters" in done.stderr
        assert done.stderr.count("\n") == 1 and done.stdout == ""
    assert not (tmp_path / "site_src").exists()


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def refused(path: Path, snapshot: Path, tmp_path: Path) -> list[str]:
    """The one error line every reader prints for `path` (all the same)."""
    lines = []
    for name, args in readers(path, snapshot, tmp_path / "site_src").items():
        result = run(*args)
        assert result.exit_code == 2, (name, result.output)
        assert "Traceback" not in result.output
        err = [line for line in result.stderr.splitlines() if line.strip()]
        assert len(err) == 1, (name, result.stderr)
        lines.append(err[0])
    assert len(set(lines)) == 1, lines
    assert not (tmp_path / "site_src").exists()
    return lines


@pytest.mark.parametrize("opening, closing", [("[", "]"), ("{", "}"), ("[{a: ", "}]")])
def test_deep_nesting_is_refused_while_parsing(opening: str, closing: str, snapshot_file: Path,
                                               tmp_path: Path) -> None:
    """5,000 nested brackets used to overflow PyYAML's recursion (a RecursionError
    traceback); the depth is now checked while the parser builds the tree."""
    path = tmp_path / "schemadoc.yml"
    path.write_text("title: x\nlint: " + opening * 5000 + closing * 5000 + "\n")
    (line,) = set(refused(path, snapshot_file, tmp_path))
    assert line == (f"schemadoc: error: {path}:2: nested more than 40 levels deep; "
                    "flatten the structure")


def test_deep_block_nesting_is_refused(tmp_path: Path) -> None:
    text = "".join(f"{'  ' * i}k{i}:\n" for i in range(60))
    with pytest.raises(ConfigError, match=r"^schemadoc\.yml:\d+: nested more than 40 levels"):
        parse_config(text)


def test_a_file_over_1_mib_is_refused_unread(snapshot_file: Path, tmp_path: Path) -> None:
    """A 2 MB file (valid YAML comments) is refused from its size alone."""
    path = tmp_path / "schemadoc.yml"
    path.write_text("# padding\n" * (2 * 1024 * 1024 // 10))
    (line,) = set(refused(path, snapshot_file, tmp_path))
    assert line == (f"schemadoc: error: {path}:1: the file is larger than 1024 KiB, the most "
                    "a schemadoc.yml may be; keep descriptions short or move them into "
                    "database comments")


def test_a_file_of_exactly_1_mib_is_read(tmp_path: Path) -> None:
    path = tmp_path / "schemadoc.yml"
    body = "title: big\n"
    path.write_text(body + "#" * (MAX_BYTES - len(body) - 1) + "\n")
    assert load_config(path).title == "big"


def test_a_binary_file_is_refused(snapshot_file: Path, tmp_path: Path) -> None:
    path = tmp_path / "schemadoc.yml"
    path.write_bytes(b"title: x\n\x7fELF\x02\x01\x01\x00\x00\x00\x00")
    (line,) = set(refused(path, snapshot_file, tmp_path))
    assert line == (f"schemadoc: error: {path}:2: not a text file (it holds a NUL byte); "
                    "give a YAML file")


def test_invalid_utf8_is_refused_with_its_line(snapshot_file: Path, tmp_path: Path) -> None:
    path = tmp_path / "schemadoc.yml"
    path.write_bytes("title: Marketing\nintroduction: Café\n".encode("latin-1"))
    (line,) = set(refused(path, snapshot_file, tmp_path))
    assert line == (f"schemadoc: error: {path}:2: not UTF-8 text (byte 0xe9); save the file "
                    "as UTF-8")


def test_a_control_character_is_refused_with_its_line(snapshot_file: Path,
                                                      tmp_path: Path) -> None:
    """An escape sequence pasted raw (YAML allows no control character but tab and line
    breaks): one line naming it and where, not a ReaderError traceback."""
    path = tmp_path / "schemadoc.yml"
    path.write_text('title: Marketing\nintroduction: "\x1b[31mred"\n', "utf-8")
    (line,) = set(refused(path, snapshot_file, tmp_path))
    assert line == (f"schemadoc: error: {path}:2: holds the character U+001B, which YAML "
                    'does not allow raw; remove it, or write it as an escape inside double '
                    'quotes ("\\u001b")')


def test_a_byte_order_mark_is_ignored(tmp_path: Path) -> None:
    """Editors on Windows write a BOM; the file means what it says."""
    path = tmp_path / "schemadoc.yml"
    path.write_bytes("\ufefftitle: Marketing DB\n".encode())
    assert load_config(path).title == "Marketing DB"


def test_an_alias_that_holds_itself_is_refused() -> None:
    with pytest.raises(ConfigError, match=r"^schemadoc\.yml:1: lint\.rules: an alias refers "
                       "to a value that holds it; remove the alias$"):
        parse_config("lint: &a\n  rules: *a\n")


def test_a_key_that_is_not_text_is_refused() -> None:
    """A list as a key would be turned into text by expanding it: refused first."""
    with pytest.raises(ConfigError, match=r"^schemadoc\.yml:2: tables: a key must be plain "
                       "text"):
        parse_config("tables:\n  ? [a, b]\n  : x\n")


def test_modest_aliases_still_work() -> None:
    """Sharing a setting or a text through an anchor is fine."""
    config = parse_config("lint:\n  rules:\n    no-index: &w warning\n"
                          "    duplicate-index: *w\n    redundant-index: *w\n")
    assert config.lint.rule("duplicate-index").severity == "warning"
    assert config.lint.rule("redundant-index").severity == "warning"


def test_aliases_repeating_a_long_text_too_often_are_refused() -> None:
    """The budget counts characters, not only values: a 10,000-character text repeated
    ten times through aliases is over it, nine times is not."""
    text = "x" * 10_000
    yaml_text = (f"introduction: &t '{text}'\nschemas:\n"
                 + "".join(f"  s{i}: {{description: *t}}\n" for i in range(10)))
    with pytest.raises(ConfigError, match=r"^schemadoc\.yml:12: aliases \(\*name\) repeat "
                       "more than 100,000 characters"):
        parse_config(yaml_text)
    parse_config(yaml_text.replace("  s9: {description: *t}\n", ""))
