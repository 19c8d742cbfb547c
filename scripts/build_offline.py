#!/usr/bin/env python3
"""Build gwr's offline bundle: one folder to copy to a PC with no package index.

    python3 scripts/build_offline.py                      # all targets, Python 3.10-3.13
    python3 scripts/build_offline.py --platform local     # this machine and its Python only
    python3 scripts/build_offline.py --check              # only check the lock, download nothing

The bundle (default ``gwr-offline/``) holds ``wheels/`` (every runtime dependency
for each target plus gwr's own wheel), ``constraints.txt`` (the locked versions),
``install.sh`` and ``install.bat`` (a venv next to the script, installed with
``pip --no-index --find-links wheels``), ``说明.txt``, ``manifest.json`` and
``SHA256SUMS``.

Everything comes from the lock file: ``uv export`` gives the runtime requirements
with their markers and hashes, ``uv.lock`` says which wheels exist.  Markers are
evaluated here for each target (pip evaluates them for the machine it runs on,
not for ``--platform``).  Packages published only as source (jieba) are built into
wheels once; they must build as pure-Python wheels to serve every target.  A
locked package with no wheel for a target stops the build before anything is
downloaded, with one line naming it.

Standard library only; it runs pip (``python -m pip``, or ``uv tool run pip`` when
this Python has none) and uv.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
TEMPLATES = Path(__file__).resolve().parent / "bundle"  # install.sh, install.bat
PYTHONS = ("3.10", "3.11", "3.12", "3.13")
# Linux wheels may need at most glibc 2.28 (UOS 20 and Kylin V10 have 2.28 or newer).
GLIBC_MAX = (2, 28)
MARK = "manifest.json"  # a folder holding this file is a bundle and may be rebuilt


class BuildError(Exception):
    """A problem the user must fix; its message is printed as one line per problem."""


class CommandError(BuildError):
    def __init__(self, message: str, output: str) -> None:
        super().__init__(message)
        self.output = output


# --------------------------------------------------------------------------- targets


@dataclass(frozen=True)
class Platform:
    key: str
    tags: tuple[str, ...]  # wheel platform tags it accepts, most portable first
    env: Mapping[str, str]  # marker variables that do not depend on the Python version


def manylinux_tags(arch: str, glibc_max: tuple[int, int] = GLIBC_MAX) -> tuple[str, ...]:
    """manylinux tags from the oldest glibc up to glibc_max, legacy aliases beside theirs."""
    legacy = {5: "manylinux1", 12: "manylinux2010", 17: "manylinux2014"}
    first = 5 if arch == "x86_64" else 17
    tags: list[str] = []
    for minor in range(first, glibc_max[1] + 1):
        tags.append(f"manylinux_2_{minor}_{arch}")
        if minor in legacy:
            tags.append(f"{legacy[minor]}_{arch}")
    return tuple(tags)


def _linux_env(arch: str) -> dict[str, str]:
    return {
        "sys_platform": "linux",
        "platform_system": "Linux",
        "os_name": "posix",
        "platform_machine": arch,
    }


def platforms(glibc_max: tuple[int, int] = GLIBC_MAX) -> dict[str, Platform]:
    return {
        "win_amd64": Platform(
            "win_amd64",
            ("win_amd64",),
            {
                "sys_platform": "win32",
                "platform_system": "Windows",
                "os_name": "nt",
                "platform_machine": "AMD64",
            },
        ),
        "manylinux_x86_64": Platform(
            "manylinux_x86_64", manylinux_tags("x86_64", glibc_max), _linux_env("x86_64")
        ),
        "manylinux_aarch64": Platform(
            "manylinux_aarch64", manylinux_tags("aarch64", glibc_max), _linux_env("aarch64")
        ),
    }


def local_platform_key() -> str:
    """The bundle platform of this machine, or BuildError where gwr has no target."""
    name = sysconfig.get_platform()
    keys = {
        "win-amd64": "win_amd64",
        "linux-x86_64": "manylinux_x86_64",
        "linux-aarch64": "manylinux_aarch64",
    }
    if name not in keys:
        raise BuildError(
            f"this machine ({name}) is not a bundle target; use --platform with one of "
            f"{', '.join(sorted(platforms()))}"
        )
    return keys[name]


@dataclass(frozen=True, order=True)
class Target:
    platform: str
    python: str  # "3.11"

    @property
    def minor(self) -> int:
        return int(self.python.split(".")[1])

    @property
    def cp(self) -> str:
        return f"cp3{self.minor}"

    @property
    def label(self) -> str:
        return f"{self.platform} {self.cp}"


def supported_tags(target: Target, plats: Mapping[str, Platform]) -> list[tuple[str, str, str]]:
    """The wheel tags CPython 3.X on the target accepts, best first (as packaging orders them)."""
    x, cp = target.minor, target.cp
    plat = list(plats[target.platform].tags)
    tags = [(cp, cp, p) for p in plat]
    tags += [(cp, "abi3", p) for p in plat]
    tags += [(cp, "none", p) for p in plat]
    tags += [(f"cp3{y}", "abi3", p) for y in range(x - 1, 1, -1) for p in plat]
    tags += [(f"py3{x}", "none", p) for p in plat] + [("py3", "none", p) for p in plat]
    tags += [(f"py3{y}", "none", p) for y in range(x - 1, -1, -1) for p in plat]
    tags += [(cp, "none", "any"), (f"py3{x}", "none", "any"), ("py3", "none", "any")]
    tags += [(f"py3{y}", "none", "any") for y in range(x - 1, -1, -1)]
    return tags


@dataclass(frozen=True)
class Wheel:
    filename: str
    name: str  # normalized
    version: str
    tags: frozenset[tuple[str, str, str]]


def normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def parse_wheel(filename: str) -> Wheel:
    parts = filename.removesuffix(".whl").split("-")
    if not filename.endswith(".whl") or len(parts) not in (5, 6):
        raise BuildError(f"not a wheel file name: {filename}")
    name, version, pys, abis, plats = parts[0], parts[1], parts[-3], parts[-2], parts[-1]
    tags = frozenset(
        (py, abi, plat)
        for py in pys.split(".")
        for abi in abis.split(".")
        for plat in plats.split(".")
    )
    return Wheel(filename, normalize(name), version, tags)


def best_wheel(wheels: Iterable[Wheel], tags: Sequence[tuple[str, str, str]]) -> Wheel | None:
    rank = {tag: i for i, tag in enumerate(tags)}
    scored = [(min(rank.get(t, len(rank)) for t in w.tags), w.filename, w) for w in wheels]
    fits = [s for s in scored if s[0] < len(rank)]
    return min(fits)[2] if fits else None


# --------------------------------------------------------------------------- markers


class MarkerError(BuildError):
    pass


_MARKER_VARIABLE = re.compile(
    r"\b(os_name|sys_platform|platform_\w+|python_\w*version|implementation_\w+)\b"
)


def _markers_module() -> Any:
    """``packaging.markers``, else the copy every pip carries (by name, so a
    type checker does not compare the two)."""
    for name in ("packaging.markers", "pip._vendor.packaging.markers"):
        try:
            return importlib.import_module(name)
        except ImportError:
            continue
    raise MarkerError("neither packaging nor pip is installed: markers cannot be evaluated")


def evaluate_marker(marker: str, env: Mapping[str, str]) -> bool:
    """Evaluate a PEP 508 environment marker against env (no extras), with
    the ``packaging`` library pip itself uses (vendored in every pip)."""
    markers = _markers_module()
    # packaging fills variables the target does not define from this machine:
    # a marker that uses one cannot be decided for another platform.
    for name in _MARKER_VARIABLE.findall(marker):
        if name not in env:
            raise MarkerError(f"marker {marker!r} uses {name!r}, unknown for a target")
    try:
        return bool(markers.Marker(marker).evaluate({**env, "extra": ""}))
    except (markers.InvalidMarker, markers.UndefinedEnvironmentName, KeyError) as exc:
        raise MarkerError(f"marker {marker!r}: {exc}") from None


def marker_envs(target: Target, plats: Mapping[str, Platform]) -> list[dict[str, str]]:
    """Marker variables of the target: one per patch release (x.y.0 and a late x.y.99)."""
    base = {
        "implementation_name": "cpython",
        "platform_python_implementation": "CPython",
        "python_version": target.python,
        **plats[target.platform].env,
    }
    return [
        {
            **base,
            "python_full_version": f"{target.python}.{patch}",
            "implementation_version": f"{target.python}.{patch}",
        }
        for patch in (0, 99)
    ]


# --------------------------------------------------------------------------- lock


@dataclass(frozen=True)
class Requirement:
    name: str  # normalized
    version: str
    marker: str
    hashes: tuple[str, ...]

    def applies(self, target: Target, plats: Mapping[str, Platform]) -> bool:
        """True where the target may need it (any patch release of its Python)."""
        if not self.marker:
            return True
        return any(evaluate_marker(self.marker, env) for env in marker_envs(target, plats))

    def line(self) -> str:
        """The pin with its hashes, for pip's --require-hashes (markers already evaluated)."""
        return f"{self.name}=={self.version}" + "".join(f" --hash={h}" for h in self.hashes)


_REQ = re.compile(
    r"(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>[^\s;]+)"
    r"(?:\s*;\s*(?P<marker>.*?))?(?P<hashes>(?:\s+--hash=\S+)*)\s*"
)


def parse_requirements(text: str) -> list[Requirement]:
    """Read `uv export --format requirements-txt` output (pinned, with markers and hashes)."""
    reqs = []
    for raw in text.replace("\\\n", " ").splitlines():
        line = raw.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        match = _REQ.fullmatch(line)
        if match is None:
            raise BuildError(f"uv export gave a requirement this script cannot bundle: {line}")
        hashes = tuple(h.removeprefix("--hash=") for h in match["hashes"].split())
        reqs.append(
            Requirement(normalize(match["name"]), match["version"], match["marker"] or "", hashes)
        )
    return reqs


@dataclass(frozen=True)
class Locked:
    wheels: tuple[Wheel, ...]
    sdist: bool


def _toml() -> Any:
    try:
        return importlib.import_module("tomllib")
    except ModuleNotFoundError:  # Python 3.10: pip carries tomli
        try:
            return importlib.import_module("pip._vendor.tomli")
        except ModuleNotFoundError:
            raise BuildError("reading uv.lock needs Python >= 3.11 (or pip installed)") from None


def read_lock(path: Path) -> dict[tuple[str, str], Locked]:
    """Each locked (name, version): the wheels it publishes and whether it has an sdist."""
    data = _toml().loads(path.read_text(encoding="utf-8"))
    found = {}
    for package in data.get("package", []):
        wheels = tuple(parse_wheel(w["url"].rsplit("/", 1)[-1]) for w in package.get("wheels", []))
        found[(normalize(package["name"]), str(package.get("version", "")))] = Locked(
            wheels, "sdist" in package
        )
    return found


@dataclass
class Plan:
    targets: list[Target]
    needs: dict[Target, list[Requirement]]  # what each target installs
    build: list[Requirement] = field(default_factory=list)  # sdist-only: pip wheel once
    errors: list[str] = field(default_factory=list)


def plan(
    reqs: Sequence[Requirement],
    lock: Mapping[tuple[str, str], Locked],
    targets: Sequence[Target],
    plats: Mapping[str, Platform],
) -> Plan:
    """Which requirements each target needs; every problem as one line in errors."""
    result = Plan(list(targets), {})
    for target in targets:
        tags = supported_tags(target, plats)
        result.needs[target] = needed = [r for r in reqs if r.applies(target, plats)]
        for req in needed:
            locked = lock.get((req.name, req.version))
            if locked is None:
                result.errors.append(f"{req.name} {req.version} is not in uv.lock")
            elif not locked.wheels and locked.sdist:
                if req not in result.build:
                    result.build.append(req)
            elif best_wheel(locked.wheels, tags) is None:
                result.errors.append(
                    f"no wheel of {req.name} {req.version} for {target.label}"
                    f" ({plats[target.platform].tags[-1]} or older); cannot bundle it"
                )
    return result


# --------------------------------------------------------------------------- commands


def run(cmd: Sequence[str], say: str, cwd: Path | None = None) -> str:
    """Run cmd quietly after printing what it does; its output is shown only if it fails."""
    print(say, flush=True)
    done = subprocess.run(list(cmd), capture_output=True, text=True, check=False, cwd=cwd)
    if done.returncode != 0:
        shown = " ".join(c if " " not in c else f'"{c}"' for c in cmd)
        sys.stderr.write(f"{shown}\n{done.stdout}{done.stderr}")
        raise CommandError(f"command failed ({done.returncode}): {shown}", done.stderr)
    return done.stdout


def uv_cmd() -> list[str]:
    found = os.environ.get("UV") or shutil.which("uv")
    if found:
        return [found]
    if importlib.util.find_spec("uv") is not None:
        return [sys.executable, "-m", "uv"]
    raise BuildError("uv is not installed (run this with .venv/bin/python after the README set-up)")


def pip_cmd() -> list[str]:
    if importlib.util.find_spec("pip") is not None:
        return [sys.executable, "-m", "pip"]
    return [*uv_cmd(), "tool", "run", "pip"]  # e.g. run with `uv run`: its venv has no pip


def export_requirements(uv: Sequence[str]) -> list[Requirement]:
    """The locked runtime requirements, pinned, with their markers and hashes."""
    args = "export --frozen --no-dev --no-emit-project --format requirements-txt --no-header"
    out = run([*uv, *args.split(), "--no-annotate"], "uv export: runtime requirements", REPO)
    return parse_requirements(out)


def write_requirements(path: Path, reqs: Iterable[Requirement]) -> Path:
    path.write_text("".join(r.line() + "\n" for r in reqs), encoding="utf-8")
    return path


QUIET = ["--disable-pip-version-check", "--quiet"]


def download(
    pip: Sequence[str], target: Target, reqs: Sequence[Requirement], dest: Path, tmp: Path
) -> None:
    """pip download the target's wheels, hash-checked against the lock."""
    if not reqs:
        return
    req_file = write_requirements(tmp / f"{target.platform}-{target.cp}.txt", reqs)
    plat_args = [a for tag in PLATS[target.platform].tags for a in ("--platform", tag)]
    version = ["--python-version", target.python, "--implementation", "cp", "--abi", target.cp]
    cmd = [*pip, "download", "--no-deps", "--only-binary=:all:", "--require-hashes", *QUIET]
    cmd += [*plat_args, *version, "-r", str(req_file), "-d", str(dest)]
    try:
        run(cmd, f"pip download: {len(reqs)} wheels for {target.label}")
    except CommandError as error:
        missing = re.findall(r"No matching distribution found for (\S+)", error.output)
        if missing:
            raise BuildError(f"no wheel of {missing[0]} for {target.label} on the index") from None
        raise


def build_sdists(
    pip: Sequence[str], reqs: Sequence[Requirement], dest: Path, tmp: Path
) -> list[Wheel]:
    """Build the sdist-only packages into wheels once (here, where a compiler may be)."""
    if not reqs:
        return []
    out = tmp / "built"
    req_file = write_requirements(tmp / "sdist-only.txt", reqs)
    cmd = [*pip, "wheel", "--no-deps", "--require-hashes", *QUIET, "-r", str(req_file)]
    names = ", ".join(f"{r.name} {r.version}" for r in reqs)
    run([*cmd, "-w", str(out)], f"pip wheel: {names} (published only as source)")
    built = []
    for path in sorted(out.glob("*.whl")):
        shutil.move(str(path), dest / path.name)
        built.append(parse_wheel(path.name))
    return built


def build_gwr(uv: Sequence[str], dest: Path, tmp: Path) -> Wheel:
    out = tmp / "gwr"
    run([*uv, "build", "--wheel", "--quiet", "--out-dir", str(out)], "uv build: gwr's wheel", REPO)
    wheels = list(out.glob("gwr-*.whl"))
    if len(wheels) != 1:
        raise BuildError(f"uv build made {len(wheels)} gwr wheels, expected one")
    shutil.move(str(wheels[0]), dest / wheels[0].name)
    return parse_wheel(wheels[0].name)


# --------------------------------------------------------------------------- scripts

README_TXT = """\
gwr 离线安装包（{made}，gwr {version}）

适用：{targets}
需要：Python {span}（Windows 从 python.org 安装；统信 UOS、麒麟用系统自带或单位软件源的 python3）。

安装（不联网）：
  Windows：双击 install.bat（或在 cmd 中运行 install.bat [安装位置]）
  Linux  ：sh install.sh [安装位置]
默认装在本文件夹的 venv 子文件夹中，装好后：
  Windows：venv\\Scripts\\gwr.exe list --dept 区财政局
  Linux  ：venv/bin/gwr list --dept 区财政局

文件：wheels/ 全部软件包；constraints.txt 锁定的版本；SHA256SUMS 校验值（sha256sum -c SHA256SUMS）。
"""


def _span(pythons: Sequence[str]) -> str:
    return pythons[0] if len(pythons) == 1 else f"{pythons[0]}-{pythons[-1]}"


def write_scripts(out: Path, pythons: Sequence[str]) -> None:
    """install.sh (LF) and install.bat (CRLF, ASCII for cmd) for the bundle's Pythons."""
    newest_first = sorted(pythons, key=lambda v: int(v.split(".")[1]), reverse=True)
    values = {
        "@CANDIDATES@": " ".join(f"python{v}" for v in newest_first),
        "@VERSIONS@": " ".join(newest_first),
        "@TUPLES@": "[" + ", ".join(f"({v.replace('.', ', ')})" for v in pythons) + "]",
        "@SPAN@": _span(pythons),
    }
    for name, newline in (("install.sh", "\n"), ("install.bat", "\r\n")):
        text = (TEMPLATES / name).read_text(encoding="ascii").replace("\r\n", "\n")
        for key, value in values.items():
            text = text.replace(key, value)
        (out / name).write_bytes(text.replace("\n", newline).encode("ascii"))
    (out / "install.sh").chmod(0o755)


# --------------------------------------------------------------------------- build


PLATS = platforms()


def parse_targets(platform_arg: str, python_arg: str | None) -> list[Target]:
    keys: list[str]
    if platform_arg == "all":
        keys = list(PLATS)
    elif platform_arg == "local":
        keys = [local_platform_key()]
    else:
        keys = [k.strip() for k in platform_arg.split(",") if k.strip()]
        keys = [local_platform_key() if k == "local" else k for k in keys]
        for key in keys:
            if key not in PLATS:
                raise BuildError(f"unknown platform {key!r}; use local, all or {', '.join(PLATS)}")
    if python_arg is None:
        local = f"{sys.version_info[0]}.{sys.version_info[1]}"
        pythons = [local] if platform_arg == "local" else list(PYTHONS)
    else:
        pythons = [p.strip() for p in python_arg.split(",") if p.strip()]
    for python in pythons:
        if not re.fullmatch(r"3\.\d+", python) or int(python.split(".")[1]) < 10:
            raise BuildError(f"--python {python}: gwr needs CPython 3.10 or newer, as 3.X")
    pythons = sorted(set(pythons), key=lambda v: int(v.split(".")[1]))
    return [Target(k, p) for k in dict.fromkeys(keys) for p in pythons]


def prepare_out(out: Path) -> None:
    """Start from an empty folder: a stale wheel could be installed instead of a locked one."""
    if out.exists():
        if any(out.iterdir()) and not (out / MARK).exists():
            raise BuildError(f"{out} exists and is not a gwr bundle; choose another --out")
        shutil.rmtree(out)
    (out / "wheels").mkdir(parents=True)


def human(size: float) -> str:
    for unit in ("B", "KB", "MB"):
        if size < 1024:
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} GB"


def summarize(out: Path, per_target: Mapping[Target, Sequence[str]]) -> None:
    files = sorted(p for p in out.rglob("*") if p.is_file())
    total = sum(p.stat().st_size for p in files)
    print(f"\ngwr offline bundle: {out}")
    print(f"total size: {human(total)} in {len(files)} files")
    print("wheels per target (gwr and every runtime dependency):")
    for target, names in per_target.items():
        print(f"  {target.label:<24} {len(names)} wheels")
    print("files:")
    for path in files:
        print(f"  {human(path.stat().st_size):>9}  {path.relative_to(out).as_posix()}")


def choose_wheels(
    wheels_dir: Path, the_plan: Plan, gwr: Wheel, built: Iterable[Wheel]
) -> dict[Target, list[str]]:
    """The wheel each target installs for gwr and each requirement; BuildError if one lacks."""
    present = [parse_wheel(p.name) for p in sorted(wheels_dir.glob("*.whl"))]
    built_names = {w.name for w in built}
    per_target: dict[Target, list[str]] = {}
    problems = []
    for target in the_plan.targets:
        tags = supported_tags(target, PLATS)
        wanted = [(gwr.name, gwr.version)] + [(r.name, r.version) for r in the_plan.needs[target]]
        per_target[target] = []
        for name, version in wanted:
            wheel = best_wheel((w for w in present if (w.name, w.version) == (name, version)), tags)
            if wheel is not None:
                per_target[target].append(wheel.filename)
            else:
                why = " (built from its sdist, not pure Python)" if name in built_names else ""
                problems.append(f"no wheel of {name} {version} for {target.label}{why}")
    if problems:
        raise BuildError("\n".join(problems))
    return per_target


PLATFORM_NAMES = {
    "win_amd64": "Windows 10/11 64 位",
    "manylinux_x86_64": f"Linux x86_64（统信 UOS、麒麟等，glibc ≥ {GLIBC_MAX[0]}.{GLIBC_MAX[1]}）",
    "manylinux_aarch64": f"Linux arm64（统信 UOS、麒麟等，glibc ≥ {GLIBC_MAX[0]}.{GLIBC_MAX[1]}）",
}


def write_bundle_files(
    out: Path, reqs: Sequence[Requirement], gwr: Wheel, per_target: Mapping[Target, list[str]]
) -> None:
    """constraints.txt, install scripts, 说明.txt, manifest.json and SHA256SUMS."""
    pins = [f"{r.name}=={r.version}" + (f" ; {r.marker}" if r.marker else "") for r in reqs]
    (out / "constraints.txt").write_text("\n".join(pins) + "\n", encoding="utf-8")
    pythons = sorted({t.python for t in per_target}, key=lambda v: int(v.split(".")[1]))
    write_scripts(out, pythons)
    plats = [PLATFORM_NAMES[k] for k in PLATS if any(t.platform == k for t in per_target)]
    text = README_TXT.format(
        made=time.strftime("%Y-%m-%d"),
        version=gwr.version,
        targets="；".join(plats),
        span=_span(pythons),
    )
    # Notepad before Windows 10 1903 reads UTF-8 only with a BOM.
    (out / "说明.txt").write_text(text, encoding="utf-8-sig")
    manifest = {
        "gwr": gwr.version,
        "uv_lock_sha256": hashlib.sha256((REPO / "uv.lock").read_bytes()).hexdigest(),
        "pythons": pythons,
        "targets": {t.label: files for t, files in per_target.items()},
    }
    text = json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"
    (out / MARK).write_text(text, encoding="utf-8")
    sums = [
        f"{hashlib.sha256(p.read_bytes()).hexdigest()}  wheels/{p.name}\n"
        for p in sorted((out / "wheels").glob("*.whl"))
    ]
    (out / "SHA256SUMS").write_text("".join(sums), encoding="utf-8")


def build(args: argparse.Namespace) -> int:
    started = time.monotonic()
    targets = parse_targets(args.platform, args.python)
    uv = uv_cmd()
    reqs = export_requirements(uv)
    the_plan = plan(reqs, read_lock(REPO / "uv.lock"), targets, PLATS)
    if the_plan.errors:
        raise BuildError("\n".join(the_plan.errors))
    labels = ", ".join(t.label for t in targets)
    sdists = "".join(f", {r.name} from its sdist" for r in the_plan.build)
    print(f"uv.lock: a wheel of each runtime requirement{sdists}, for {labels}")
    if args.check:
        return 0

    out = Path(args.out).resolve()
    prepare_out(out)
    pip = pip_cmd()
    with tempfile.TemporaryDirectory(prefix="gwr-offline-") as tmp_name:
        tmp = Path(tmp_name)
        built = build_sdists(pip, the_plan.build, out / "wheels", tmp)
        for target in targets:
            wanted = [r for r in the_plan.needs[target] if r not in the_plan.build]
            download(pip, target, wanted, out / "wheels", tmp)
        gwr = build_gwr(uv, out / "wheels", tmp)
    per_target = choose_wheels(out / "wheels", the_plan, gwr, built)
    write_bundle_files(out, reqs, gwr, per_target)
    if args.zip:
        archive = Path(shutil.make_archive(str(out), "zip", out.parent, out.name))
        print(f"zip: {archive} ({human(archive.stat().st_size)})")
    summarize(out, per_target)
    print(f"built in {time.monotonic() - started:.0f} s")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Build gwr's offline bundle (wheels + install scripts) from uv.lock."
    )
    parser.add_argument(
        "--platform",
        default="all",
        help="local, all (default) or a comma list of " + ", ".join(PLATS),
    )
    parser.add_argument(
        "--python",
        help="comma list of Python versions (default: 3.10-3.13; with --platform local, this one)",
    )
    parser.add_argument("--out", default=str(REPO / "gwr-offline"), help="bundle folder")
    parser.add_argument("--zip", action="store_true", help="also write <out>.zip")
    parser.add_argument(
        "--check", action="store_true", help="only check that the lock has every wheel"
    )
    args = parser.parse_args(argv)
    try:
        return build(args)
    except BuildError as error:
        for line in str(error).splitlines():
            print(f"build_offline: error: {line}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
