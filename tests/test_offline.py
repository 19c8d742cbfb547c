"""The offline bundle (scripts/build_offline.py, README "离线安装").

Fast tests (always): marker and wheel-tag logic, the lock's completeness for every
target (no download), the install scripts as text, the script's own lint.

The bundle test installs a built bundle into a fresh venv with no index and, where
the kernel allows it, no network at all (``unshare --net``), then runs gwr from it.
Building takes a minute or two and downloads ~135 MB, so it runs only when asked:
``.ci/run`` runs README's ``ci:offline-build`` block and then this file with
GWR_OFFLINE_BUNDLE set to the folder it made.  By hand:

    .venv/bin/python scripts/build_offline.py --platform local
    GWR_OFFLINE_BUNDLE=gwr-offline .venv/bin/uv run pytest tests/test_offline.py
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
SCRIPT = REPO / "scripts" / "build_offline.py"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_offline", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_offline"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


bo = _load()
PLATS = bo.platforms()
WIN310 = bo.Target("win_amd64", "3.10")
LINUX311 = bo.Target("manylinux_x86_64", "3.11")
ARM313 = bo.Target("manylinux_aarch64", "3.13")


# --------------------------------------------------------------------------- markers


@pytest.mark.parametrize(
    ("marker", "target", "expected"),
    [
        ("python_full_version < '3.11'", WIN310, True),
        ("python_full_version < '3.11'", LINUX311, False),
        ("python_full_version >= '3.11'", LINUX311, True),
        ("python_version >= '3.9' and python_version < '3.12'", ARM313, False),
        ("sys_platform == 'win32'", WIN310, True),
        ("sys_platform == 'win32'", LINUX311, False),
        ("platform_system == 'Windows' or platform_machine == 'aarch64'", ARM313, True),
        (
            "(sys_platform == 'linux' and platform_machine == 'x86_64') or os_name == 'nt'",
            ARM313,
            False,
        ),
        ("platform_machine in 'x86_64 AMD64'", WIN310, True),
        ("platform_machine not in 'x86_64 AMD64'", LINUX311, False),
        ("'3.10' <= python_version", WIN310, True),
        ("python_version ~= '3.10'", ARM313, True),
        ("implementation_name == 'cpython' and extra == 'docs'", LINUX311, False),
        # A patch-level marker: some 3.10 release needs it, so the bundle carries it.
        ("python_full_version >= '3.10.3'", WIN310, True),
    ],
)
def test_marker_evaluated_for_the_target(marker: str, target: object, expected: bool) -> None:
    req = bo.Requirement("x", "1", marker, ())
    assert req.applies(target, PLATS) is expected


def test_unknown_marker_variable_is_an_error() -> None:
    with pytest.raises(bo.MarkerError, match="platform_release"):
        bo.evaluate_marker("platform_release >= '5'", bo.marker_envs(LINUX311, PLATS)[0])


# --------------------------------------------------------------------------- wheel tags


@pytest.mark.parametrize(
    ("filename", "target", "fits"),
    [
        ("lxml-6.1.3-cp311-cp311-manylinux_2_26_x86_64.manylinux_2_28_x86_64.whl", LINUX311, True),
        ("lxml-6.1.3-cp311-cp311-manylinux_2_26_x86_64.manylinux_2_28_x86_64.whl", WIN310, False),
        ("x-1-cp311-cp311-manylinux_2_31_x86_64.whl", LINUX311, False),  # glibc too new for UOS
        ("x-1-cp311-cp311-musllinux_1_2_x86_64.whl", LINUX311, False),
        ("x-1-cp311-cp311-linux_x86_64.whl", LINUX311, False),  # not portable
        ("x-1-cp313-cp313t-win_amd64.whl", bo.Target("win_amd64", "3.13"), False),  # free-threaded
        ("x-1-cp310-cp310-win_amd64.whl", WIN310, True),
        ("x-1-cp37-abi3-manylinux2014_aarch64.whl", ARM313, True),
        ("x-1-cp312-cp312-manylinux2014_aarch64.whl", ARM313, False),
        ("x-1-py2.py3-none-any.whl", ARM313, True),
        ("x-1-py3-none-win_amd64.whl", WIN310, True),
        ("x-1-cp311-cp311-macosx_11_0_arm64.whl", LINUX311, False),
    ],
)
def test_wheel_fits_target(filename: str, target: object, fits: bool) -> None:
    wheel = bo.parse_wheel(filename)
    assert (bo.best_wheel([wheel], bo.supported_tags(target, PLATS)) is not None) is fits


def test_most_portable_wheel_preferred() -> None:
    tags = bo.supported_tags(LINUX311, PLATS)
    old = bo.parse_wheel("lxml-6.1.3-cp311-cp311-manylinux2014_x86_64.manylinux_2_17_x86_64.whl")
    new = bo.parse_wheel("lxml-6.1.3-cp311-cp311-manylinux_2_26_x86_64.manylinux_2_28_x86_64.whl")
    pure = bo.parse_wheel("lxml-6.1.3-py3-none-any.whl")
    assert bo.best_wheel([new, old, pure], tags) == old
    assert bo.best_wheel([pure, new], tags) == new  # compiled beats pure, as pip chooses


def test_manylinux_tags_stop_at_glibc_228() -> None:
    tags = bo.manylinux_tags("aarch64")
    assert tags[0] == "manylinux_2_17_aarch64" and "manylinux2014_aarch64" in tags
    assert tags[-1] == "manylinux_2_28_aarch64"
    assert "manylinux1_x86_64" in bo.manylinux_tags("x86_64")


# --------------------------------------------------------------------------- lock


EXPORT = """\
annotated-doc==0.0.6 ; python_full_version < '3.11' \\
    --hash=sha256:aa \\
    --hash=sha256:bb
colorama==0.4.6 ; sys_platform == 'win32' \\
    --hash=sha256:cc
jieba==0.42.1 \\
    --hash=sha256:dd
lxml==6.1.3 \\
    --hash=sha256:ee
"""


def test_parse_uv_export() -> None:
    reqs = bo.parse_requirements(EXPORT)
    assert [(r.name, r.version) for r in reqs] == [
        ("annotated-doc", "0.0.6"),
        ("colorama", "0.4.6"),
        ("jieba", "0.42.1"),
        ("lxml", "6.1.3"),
    ]
    assert reqs[0].marker == "python_full_version < '3.11'"
    assert reqs[0].hashes == ("sha256:aa", "sha256:bb")
    assert reqs[1].line() == "colorama==0.4.6 --hash=sha256:cc"


def test_unbundleable_requirement_is_refused() -> None:
    with pytest.raises(bo.BuildError, match="cannot bundle"):
        bo.parse_requirements("foo @ git+https://example.org/foo.git\n")


def _locked(*filenames: str, sdist: bool = True) -> object:
    return bo.Locked(tuple(bo.parse_wheel(f) for f in filenames), sdist)


def test_plan_names_every_package_lacking_a_wheel() -> None:
    lock = {
        ("annotated-doc", "0.0.6"): _locked("annotated_doc-0.0.6-py3-none-any.whl"),
        ("colorama", "0.4.6"): _locked("colorama-0.4.6-py2.py3-none-any.whl"),
        ("jieba", "0.42.1"): _locked(),  # sdist only: built once
        ("lxml", "6.1.3"): _locked(
            "lxml-6.1.3-cp310-cp310-win_amd64.whl",
            "lxml-6.1.3-cp310-cp310-manylinux2014_x86_64.manylinux_2_17_x86_64.whl",
        ),
    }
    targets = bo.parse_targets("all", "3.10")
    result = bo.plan(bo.parse_requirements(EXPORT), lock, targets, PLATS)
    assert [r.name for r in result.build] == ["jieba"]
    assert result.errors == [
        "no wheel of lxml 6.1.3 for manylinux_aarch64 cp310 (manylinux_2_28_aarch64 or older);"
        " cannot bundle it"
    ]
    assert [r.name for r in result.needs[WIN310]] == ["annotated-doc", "colorama", "jieba", "lxml"]
    linux310 = bo.Target("manylinux_x86_64", "3.10")
    assert "colorama" not in [r.name for r in result.needs[linux310]]


def test_locked_wheels_complete_for_every_target() -> None:
    """The real uv.lock: every runtime dependency has a wheel for each target (or is built)."""
    if os.environ.get("UV") is None and shutil.which("uv") is None:
        pytest.skip("uv is not installed")
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--check", "--platform", "all", "--python", "3.10,3.13"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "manylinux_aarch64 cp313" in done.stdout
    reqs = bo.export_requirements(bo.uv_cmd())
    targets = bo.parse_targets("all", None)
    result = bo.plan(reqs, bo.read_lock(REPO / "uv.lock"), targets, PLATS)
    assert result.errors == []
    assert [r.name for r in result.build] == ["jieba"]
    assert len(targets) == 12


def test_targets_from_options() -> None:
    assert len(bo.parse_targets("all", None)) == 12
    assert bo.parse_targets("win_amd64,manylinux_aarch64", "3.12") == [
        bo.Target("win_amd64", "3.12"),
        bo.Target("manylinux_aarch64", "3.12"),
    ]
    here = f"{sys.version_info[0]}.{sys.version_info[1]}"
    if sys.platform == "linux" and os.uname().machine in ("x86_64", "aarch64"):
        assert [t.python for t in bo.parse_targets("local", None)] == [here]
    with pytest.raises(bo.BuildError, match="unknown platform"):
        bo.parse_targets("macosx", None)
    with pytest.raises(bo.BuildError, match=r"3\.10 or newer"):
        bo.parse_targets("all", "3.9")


# --------------------------------------------------------------------------- scripts


def test_install_scripts(tmp_path: Path) -> None:
    bo.write_scripts(tmp_path, ["3.10", "3.11", "3.12", "3.13"])
    bat = (tmp_path / "install.bat").read_bytes()
    assert bat.isascii(), "cmd reads .bat files in the OEM code page: keep them ASCII"
    assert b"\r\n" in bat and b"\n" not in bat.replace(b"\r\n", b""), "cmd wants CRLF"
    text = bat.decode()
    assert "@" not in text.replace("@echo off", ""), "a template placeholder was left"
    assert '--no-index --find-links "%~dp0wheels"' in text
    assert "for %%v in (3.13 3.12 3.11 3.10) do" in text
    assert text.count("(") == text.count(")")
    sh = (tmp_path / "install.sh").read_text()
    assert "\r" not in sh and os.access(tmp_path / "install.sh", os.X_OK)
    assert '--no-index --find-links "$here/wheels"' in sh
    assert "python3.13 python3.12 python3.11 python3.10 python3" in sh
    assert "[(3, 10), (3, 11), (3, 12), (3, 13)]" in sh
    for shell in ("sh", "bash", "dash"):
        if shutil.which(shell):
            done = subprocess.run([shell, "-n", str(tmp_path / "install.sh")], check=False)
            assert done.returncode == 0, shell


def test_install_sh_refuses_a_python_without_wheels(tmp_path: Path) -> None:
    bo.write_scripts(tmp_path, ["3.9"])  # no Python here is 3.9
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path)}
    done = subprocess.run(
        ["sh", str(tmp_path / "install.sh")], capture_output=True, text=True, env=env, check=False
    )
    assert done.returncode == 1
    assert "needs Python 3.9" in done.stderr
    assert not (tmp_path / "venv").exists()


@pytest.mark.parametrize(
    "args", [["check", "scripts"], ["format", "--check", "scripts"]], ids=["check", "format"]
)
def test_scripts_ruff_clean(args: list[str]) -> None:
    ruff = Path(sys.executable).parent / "ruff"
    if not ruff.exists():
        pytest.skip("ruff is not installed")
    done = subprocess.run([str(ruff), *args], cwd=REPO, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


# --------------------------------------------------------------------------- the bundle

BUNDLE = os.environ.get("GWR_OFFLINE_BUNDLE")
_no_bundle = pytest.mark.skipif(
    not BUNDLE, reason="set GWR_OFFLINE_BUNDLE to a built bundle (see the module docstring)"
)


def needs_bundle(test: Any) -> Any:
    """Runs only with a bundle; installing one takes longer than pyproject's timeout."""
    return pytest.mark.timeout(1200)(_no_bundle(test))


def _bundle() -> Path:
    assert BUNDLE
    path = Path(BUNDLE)
    return path if path.is_absolute() else REPO / path


def _offline_env(home: Path) -> dict[str, str]:
    """No index, no pip configuration, no find-links but the bundle's, no project venv."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "UV_", "VIRTUAL_"))}
    venv_bin = str(Path(sys.prefix) / "bin")
    env["PATH"] = os.pathsep.join(p for p in env["PATH"].split(os.pathsep) if p != venv_bin)
    env.update(PIP_NO_INDEX="1", PIP_CONFIG_FILE=os.devnull, HOME=str(home))
    env["GWR_CACHE_DIR"] = str(home / "gwr-cache")
    return env


def _no_network() -> list[str]:
    """A command prefix that cuts the network off (a new, empty network namespace)."""
    unshare = shutil.which("unshare")
    if unshare and subprocess.run([unshare, "--net", "true"], check=False).returncode == 0:
        return [unshare, "--net"]
    if unshare:
        probe = subprocess.run([unshare, "--net", "--map-root-user", "true"], check=False)
        if probe.returncode == 0:
            return [unshare, "--net", "--map-root-user"]
    return []


@needs_bundle
def test_bundle_is_complete() -> None:
    bundle = _bundle()
    manifest = json.loads((bundle / "manifest.json").read_text(encoding="utf-8"))
    names = {p.name for p in (bundle / "wheels").iterdir()}
    counts = {len(files) for files in manifest["targets"].values()}
    assert manifest["targets"] and min(counts) >= 20
    for label, files in manifest["targets"].items():
        assert set(files) <= names, label
        assert any(f.startswith("gwr-") for f in files) and any(
            f.startswith("jieba-") for f in files
        )
    for line in (bundle / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        digest, name = line.split("  ", 1)
        assert hashlib.sha256((bundle / name).read_bytes()).hexdigest() == digest, name
    for name in ("install.sh", "install.bat", "constraints.txt", "说明.txt"):
        assert (bundle / name).is_file(), name


@needs_bundle
def test_pip_resolves_every_target_from_the_bundle(tmp_path: Path) -> None:
    """pip itself, given only the bundle, installs gwr for each target's platform and Python.

    pip evaluates markers for the machine it runs on, not for --platform, so the
    constraints are narrowed to the target first (as pip on that machine would).
    """
    bundle = _bundle()
    env = _offline_env(tmp_path)
    python = shutil.which("python3", path=env["PATH"])
    probe = [python or "python3", "-m", "pip", "--version"]
    if python is None or subprocess.run(probe, env=env, capture_output=True).returncode:
        pytest.skip("no python3 with pip to ask")
    manifest = json.loads((bundle / "manifest.json").read_text(encoding="utf-8"))
    pins = bo.parse_requirements((bundle / "constraints.txt").read_text(encoding="utf-8"))
    for label, files in manifest["targets"].items():
        key, cp = label.split()
        target = bo.Target(key, f"3.{cp[3:]}")
        constraints = tmp_path / f"{key}-{cp}.txt"
        bo.write_requirements(constraints, [r for r in pins if r.applies(target, PLATS)])
        plat_args = [a for tag in PLATS[key].tags for a in ("--platform", tag)]
        done = subprocess.run(
            [*_no_network(), python, "-m", "pip", "install", "--dry-run", "--quiet", "--report",
             "-", "--target", str(tmp_path / "never"), "--ignore-installed", "--no-index",
             "--find-links", str(bundle / "wheels"), "-c", str(constraints),
             "--only-binary=:all:", *plat_args, "--python-version", target.python,
             "--implementation", "cp", "--abi", cp, "gwr"],
            capture_output=True, text=True, env=env, check=False,
        )  # fmt: skip
        assert done.returncode == 0, f"{label}: {done.stderr}"
        report = json.loads(done.stdout)
        chosen = {i["download_info"]["url"].rsplit("/", 1)[-1] for i in report["install"]}
        assert chosen <= set(files), f"{label}: pip chose {chosen - set(files)}"
        # A pin with a marker (colorama and tzdata on Windows, tomli before 3.11) is one
        # pip decides for the machine it runs on, so it may be left out here.
        conditional = {re.sub(r"[-_.]+", "_", r.name).lower() for r in pins if r.marker}
        assert {f.split("-")[0].lower() for f in set(files) - chosen} <= conditional, label


@needs_bundle
def test_bundle_installs_and_runs_offline(tmp_path: Path) -> None:
    bundle = _bundle()
    env = _offline_env(tmp_path)
    cut = _no_network()
    venv = tmp_path / "gwr 离线"  # a space and Chinese in the path, as on an office PC
    done = subprocess.run(
        [*cut, "sh", str(bundle / "install.sh"), str(venv)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Successfully installed" in done.stdout and "gwr-0" in done.stdout
    gwr = venv / "bin" / "gwr"

    def run(*args: str) -> str:
        result = subprocess.run(
            [*cut, str(gwr), *args],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
            check=False,
        )
        assert result.returncode == 0, f"gwr {' '.join(args)}: {result.stderr}"
        return result.stdout

    tasks = json.loads(run("list", "--dept", "区财政局", "--json"))
    assert isinstance(tasks, list) and len(tasks) > 5
    assert {t["role"] for t in tasks} == {"lead", "support"}
    assert all("区财政局" in t["lead"] + t["support"] or t["via_group"] for t in tasks)
    task = json.loads(run("show", "34", "--json"))
    assert task["id"] == 34 and task["lead"]
    assert "用法" in run("--help")
    assert json.loads(run("search", "螺蛳粉", "--json")), "jieba (built from its sdist) works"
    assert "区财政局" in run("list", "--dept", "区财政局", "--fields", "id,lead,support")
    out = tmp_path / "台账.xlsx"
    subprocess.run([*cut, str(gwr), "export", "xlsx", str(out)], env=env, check=True)
    assert out.stat().st_size > 5000
    where = subprocess.run(
        [str(venv / "bin" / "python"), "-c", "import gwr_cli; print(gwr_cli.__file__)"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    assert where.stdout.startswith(str(venv)), "gwr must come from the bundle, not the checkout"
