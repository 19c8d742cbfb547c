"""Hostile use of the command line: every command with odd values, unknown
options, wrong files, a closed pipe and Ctrl-C.  Exit code 0 or 2, at most one
stderr line, never a traceback.  Runs ``cli.main()`` (the installed entry
point) in-process, and as a subprocess where a real pipe or signal matters."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
import typer

from gwr_cli import cli, dirs, files, store
from gwr_cli.errors import ParseError
from gwr_cli.registry_file import load_registry
from gwr_cli.store import tasksfile
from tests.helpers import parse_text, render_blocks

from .conftest import FIXTURES


def gwr(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str, str]:
    """Run ``main()`` as the ``gwr`` script would: (exit code, stdout, stderr)."""
    monkeypatch.setattr(sys, "argv", ["gwr", *args])
    code = 0
    try:
        cli.main()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


def assert_calm(code: int, err: str) -> None:
    assert code in (0, 2), (code, err)
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) <= 1, err
    if code == 2:
        assert len(lines) == 1 and lines[0].startswith("gwr: "), err
        assert len(lines[0]) < 500


HOSTILE_VALUES = [
    "",
    " ",
    "x" * 100_000,
    "[bold red]财政[/]",
    ".*(?[\\d+",
    "a\nb\x1b[31m",
    "\x7f\x1b",  # (NUL cannot reach argv: C strings)
    "-1",
    "../../etc/passwd",
]

OPTIONS = {
    "list": ["--dept", "--role", "--section", "--keyword", "--source", "--registry"],
    "show": ["--source", "--registry"],
    "depts": ["--source", "--registry"],
    "sections": ["--source", "--registry"],
    "build": ["--source", "--registry", "--out"],
}
CASES = [
    pytest.param(command, option, value, id=f"{command}{option}-{i}")
    for command, options in OPTIONS.items()
    for option in options
    for i, value in enumerate(HOSTILE_VALUES)
]


@pytest.mark.parametrize(("command", "option", "value"), CASES)
def test_every_option_with_hostile_values(
    command: str,
    option: str,
    value: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)  # build --out writes relative to here
    args = [command, *(["7"] if command == "show" else [])]
    if command == "build" and option != "--out":
        args += ["--out", str(tmp_path / "out.yaml")]
    if option == "--role":
        args += ["--dept", "区财政局"]
    before = dirs.BUNDLED_TASKS.read_bytes()
    code, out, err = gwr(monkeypatch, capsys, *args, option, value)
    assert_calm(code, err)
    if option in ("--source", "--registry"):
        assert code == 2 and out == ""  # none of these names a readable file
    assert dirs.BUNDLED_TASKS.read_bytes() == before


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["list", "--bogus"], "未知选项 --bogus"),
        (["list", "--jsn"], "是否指：--json"),
        (["show", "abc"], "序号 应为整数，却是“abc”"),
        (["show", "it's"], "却是“it's”"),
        (["show"], "缺少参数 序号"),
        (["show", "1", "2"], "多余的参数：2"),
        (["list", "--dept"], "选项 --dept 需要一个值"),
        (["list", "--json=3"], "选项 --json 不接受值"),
        (["nosuch"], "没有命令“nosuch”"),
        (["show", "--", "-1"], "没有第 -1 项"),
        (["show", "99999999999999999999999"], "没有第 99999999999999999999999 项"),
        (["list", "--section", "三三"], "未找到分组“三三”"),
        (["list", "--dept", "财政", "--role", "boss"], "--role 应为"),
    ],
)
def test_usage_errors_are_one_chinese_line(
    args: list[str],
    fragment: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = gwr(monkeypatch, capsys, *args)
    assert code == 2 and out == ""
    assert_calm(code, err)
    assert fragment in err
    assert "Usage:" not in err and "Error:" not in err


def test_help_still_works(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = gwr(monkeypatch, capsys, "list", "--help")
    assert code == 0 and "--dept" in out and err == ""
    code, out, err = gwr(monkeypatch, capsys, "-h")
    assert code == 0 and "list" in out and err == ""
    code, out, err = gwr(monkeypatch, capsys)  # bare `gwr` shows the help
    assert code == 0 and "list" in out and err == ""


def test_exit_codes_from_typer_exit_are_kept(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    app = typer.Typer()

    @app.command()
    def stop(code: int) -> None:
        raise typer.Exit(code)

    @app.command()
    def fine() -> None:
        pass

    monkeypatch.setattr(cli, "app_for", lambda args: app)
    assert gwr(monkeypatch, capsys, "stop", "3")[0] == 3
    assert gwr(monkeypatch, capsys, "stop", "0")[0] == 0
    assert gwr(monkeypatch, capsys, "fine")[0] == 0


def test_interrupt_inside_a_command_is_quiet(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(store, "load", interrupted)
    code, out, err = gwr(monkeypatch, capsys, "list")
    assert code == 130 and out == "" and err == "gwr: 已中断\n"


# -- wrong files ---------------------------------------------------------------------


def _bad_files(tmp_path: Path) -> dict[str, Path]:
    files = {
        "missing": tmp_path / "missing.txt",
        "directory": tmp_path,
        "empty": tmp_path / "empty.txt",
        "binary": tmp_path / "binary.bin",
        "utf16-nobom": tmp_path / "utf16.txt",
        "yaml-instead": dirs.BUNDLED_REGISTRY,
        "truncated": tmp_path / "truncated.txt",
    }
    files["empty"].write_bytes(b"")
    files["binary"].write_bytes(bytes(range(256)) * 8)
    files["utf16-nobom"].write_bytes(
        dirs.BUNDLED_SOURCE.read_text(encoding="utf-8").encode("utf-16-le")
    )
    data = dirs.BUNDLED_SOURCE.read_bytes()
    files["truncated"].write_bytes(data[: len(data) // 2 + 1])
    return files


@pytest.mark.parametrize("kind", ["missing", "directory", "empty", "binary", "yaml-instead"])
@pytest.mark.parametrize("command", ["list", "show", "depts", "sections", "build"])
def test_wrong_file_as_source(
    kind: str,
    command: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = _bad_files(tmp_path)[kind]
    args = [command, *(["1"] if command == "show" else []), "--source", str(path)]
    if command == "build":
        args += ["--out", str(tmp_path / "out.yaml")]
    code, out, err = gwr(monkeypatch, capsys, *args)
    assert code == 2 and out == ""
    assert_calm(code, err)
    assert str(path) in err
    assert not (tmp_path / "out.yaml").exists()


@pytest.mark.parametrize("command", ["list", "depts", "sections"])
def test_truncated_source_is_read_as_far_as_it_goes(
    command: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Partial reads: half a document answers with the tasks it holds; the
    task cut in the middle is left out, named on stderr."""
    path = _bad_files(tmp_path)["truncated"]
    code, out, err = gwr(monkeypatch, capsys, command, "--source", str(path), "--json")
    assert code == 0 and out
    assert_calm(code, err)
    if command == "list":
        ids = [task["id"] for task in json.loads(out)]
        assert ids == list(range(1, len(ids) + 1)) and 25 < len(ids) < 40


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
@pytest.mark.parametrize("command", ["list", "check"])
def test_endless_source_is_refused_not_read_forever(
    command: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Was left alone at stop 11: `--source /dev/zero` read until memory ran out.
    # A device is now refused before it is opened (issue 20); the size limit
    # for regular files is test_input_limit_is_bytes_not_a_guess.
    code, out, err = gwr(monkeypatch, capsys, command, "--source", "/dev/zero")
    assert code == 2 and out == ""
    assert_calm(code, err)
    assert err == "gwr: /dev/zero: 文件是设备文件，不是普通文件（请先保存为文件再读取）\n"


def test_input_limit_is_bytes_not_a_guess(tmp_path: Path) -> None:
    path = tmp_path / "doc.txt"
    path.write_bytes(b"x" * 100)
    assert files.read_bytes(path, "文件", limit=100) == b"x" * 100
    with pytest.raises(ParseError, match="太大"):
        files.read_bytes(path, "文件", limit=99)


def test_utf16_without_bom_is_detected(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _bad_files(tmp_path)["utf16-nobom"]
    code, out, _ = gwr(monkeypatch, capsys, "list", "--source", str(path), "--json")
    assert code == 0 and len(json.loads(out)) == 62 and "区财政局" in out


def test_gbk_source_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "gbk.txt"
    path.write_bytes((FIXTURES / "small.txt").read_text(encoding="utf-8").encode("gbk"))
    code, out, err = gwr(monkeypatch, capsys, "list", "--source", str(path), "--json")
    assert code == 0 and "县财政局" in out and err == ""


def test_unreadable_file_simulated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("x", encoding="utf-8")
    real = Path.open

    def open_(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self == path:
            raise PermissionError(13, "Permission denied")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", open_)
    code, _, err = gwr(monkeypatch, capsys, "list", "--source", str(path))
    assert code == 2 and err == f"gwr: {path}: 无法读取文件：没有权限\n"


@pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads files despite chmod 000"
)
def test_unreadable_file_real(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("x", encoding="utf-8")
    path.chmod(0)
    result = subprocess.run(
        [sys.executable, "-m", "gwr_cli", "list", "--source", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2 and "无法读取" in result.stderr


@pytest.mark.parametrize(
    ("edit", "fragments"),
    [
        pytest.param(
            lambda t: t.replace(
                "  - {name: 区发展改革局, kind: department,",
                "  - {name: 区发展改革局, kind: ministry,",
                1,
            ),
            ["units.0.kind", "区发展改革局"],
            id="bad-kind",
        ),
        pytest.param(lambda t: t + "\n  - {kind: town}\n", ["name"], id="missing-name"),
        pytest.param(lambda t: t + "\n  - {name: 坏, kind: town\n", ["YAML"], id="broken-yaml"),
        pytest.param(lambda t: t + "\nbogus: 1\n", ["bogus"], id="unknown-key"),
        pytest.param(
            lambda t: "!!python/object/apply:os.system ['echo pwned']\n", ["YAML"], id="unsafe-tag"
        ),
    ],
)
def test_hand_edited_registry_names_file_record_field(
    edit,
    fragments: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],  # type: ignore[no-untyped-def]
) -> None:
    path = tmp_path / "units.yaml"
    path.write_text(edit(dirs.BUNDLED_REGISTRY.read_text(encoding="utf-8")), encoding="utf-8")
    code, out, err = gwr(monkeypatch, capsys, "list", "--registry", str(path))
    assert code == 2 and out == ""
    assert_calm(code, err)
    assert err.startswith(f"gwr: {path}")
    for fragment in fragments:
        assert fragment in err


@pytest.mark.parametrize(
    ("old", "new", "fragments"),
    [
        ("- id: 5\n", "- id: 五\n", ["第 五 项", "tasks.4.id"]),
        (
            "  deadline_kind: date\n",
            "  deadline_kind: someday\n",
            ["第 1 项", "tasks.0.deadline_kind"],
        ),
        ("  kind: department\n", "  kind: ministry\n", ["第 1 项", "tasks.0.lead.0.kind"]),
        ("title: ", "titel: ", ["title"]),
    ],
)
def test_hand_edited_tasks_yaml_names_file_record_field(
    old: str, new: str, fragments: list[str], tmp_path: Path
) -> None:
    from gwr_cli.errors import ParseError

    text = dirs.BUNDLED_TASKS.read_text(encoding="utf-8")
    assert old in text
    bad = tmp_path / "tasks.yaml"
    bad.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ParseError) as info:
        tasksfile.load_yaml(bad)
    assert str(info.value).startswith(str(bad))
    for fragment in fragments:
        assert fragment in str(info.value)


def test_yaml_is_only_read_with_a_safe_loader() -> None:
    src = Path(dirs.PACKAGE_DIR)
    for module in src.rglob("*.py"):
        text = module.read_text(encoding="utf-8")
        for unsafe in (
            "yaml.load(",
            "yaml.unsafe_load",
            "yaml.full_load",
            "yaml.Loader",
            "UnsafeLoader",
        ):
            assert unsafe not in text, f"{module.name} uses {unsafe}"


# -- writes are atomic -------------------------------------------------------------


def test_build_cannot_write_leaves_previous_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "tasks.yaml"
    out.write_text("previous\n", encoding="utf-8")
    real_replace = os.replace

    def failing_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", failing_replace)
    code, _, err = gwr(monkeypatch, capsys, "build", "--out", str(out))
    monkeypatch.setattr(os, "replace", real_replace)
    assert code == 2 and err == f"gwr: {out}: 无法写入：磁盘空间不足\n"
    assert out.read_text(encoding="utf-8") == "previous\n"
    assert [p.name for p in tmp_path.iterdir()] == ["tasks.yaml"]


@pytest.mark.parametrize("where", ["/nonexistent-dir/x.yaml", "", "."])
def test_build_to_impossible_places(
    where: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = gwr(monkeypatch, capsys, "build", "--out", where)
    assert code == 2
    assert_calm(code, err)
    assert list(tmp_path.iterdir()) == []


# -- a real pipe and a real signal ---------------------------------------------------


def _script(code: str, *args: str, cache: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        env={**os.environ, "GWR_CACHE_DIR": str(cache)},  # empty: the build runs
    )


def test_ctrl_c_during_a_command_exits_130_quietly(tmp_path: Path) -> None:
    result = _script(
        """
        import os, signal, sys, time
        from gwr_cli import cli, files, store

        def slow(*args):
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(5)

        store.build_data = slow
        sys.argv = ["gwr", "list", "--source", sys.argv[1]]
        cli.main()
        """,
        str(FIXTURES / "small.txt"),
        cache=tmp_path / "cache",
    )
    assert result.returncode == 130
    assert result.stderr == "gwr: 已中断\n" and result.stdout == ""


def test_closed_pipe_is_quiet(tmp_path: Path) -> None:
    registry = load_registry(dirs.BUNDLED_REGISTRY)
    real = parse_text(dirs.BUNDLED_SOURCE.read_text(encoding="utf-8"), registry, "x")
    tasks = [real.tasks[i % 62].model_copy(update={"id": i + 1}) for i in range(3000)]
    tasks.sort(key=lambda t: t.section)
    big = tmp_path / "big.txt"
    big.write_text(render_blocks(real.model_copy(update={"tasks": tasks})), encoding="utf-8")
    env = {**os.environ, "GWR_CACHE_DIR": str(tmp_path / "cache")}
    for args in (["list", "--json"], ["list"], ["depts", "--json"]):
        proc = subprocess.Popen(
            [sys.executable, "-m", "gwr_cli", *args, "--source", str(big)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        assert proc.stdout is not None and proc.stderr is not None
        proc.stdout.readline()
        proc.stdout.close()  # like `| head -1`
        err = proc.stderr.read().decode()
        proc.stderr.close()
        assert proc.wait(timeout=120) == 0, err
        assert err == ""


def test_sigpipe_shell_pipeline() -> None:
    result = subprocess.run(
        f"'{sys.executable}' -m gwr_cli list --json | head -1",
        shell=True,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.stdout == "[\n" and result.stderr == ""


def test_usage_error_as_subprocess_has_no_usage_block() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "gwr_cli", "show", "abc"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == "gwr: 序号 应为整数，却是“abc”（用 gwr show -h 查看用法）\n" or (
        result.stderr.startswith("gwr: 序号 应为整数，却是“abc”") and result.stderr.count("\n") == 1
    )
