"""Benchmarks of several documents at once (run by bench.py).

* ``gwr diff`` of the bundled document against a reworded copy (every task's
  verbs reworded, its first percentage raised: no task is identical), paired
  by round with ``gwr list --json``: target ≤ 1.5×.
* Growth of ``gwr diff`` with the documents: 62, 620 and 6,200 tasks per side
  (``gen.py`` documents and their reworded copies).  Reported: the whole
  command (process), and the comparison alone (``workspace.diff.diff`` in
  process, both documents already prepared), per task; the growth exponent
  between sizes (1.0 = linear; n·log n from 620 to 6,200 is about 1.13).
* A workspace of 20 documents: ``gwr list --dept 区财政局 --json`` inside it (the
  current document only) against the same query outside any workspace (today),
  target ≤ 1.1×; and ``--all-docs`` (all 20) against the single-document query
  in the workspace, target ≤ 3×.
"""

from __future__ import annotations

import math
import os
import statistics
import time
from pathlib import Path

from bench import Case, measure, pad
from gen import generate, reword

from gwr_cli.dirs import BUNDLED_SOURCE


def diff_cases(gwr: str, work: Path) -> tuple[Case, Case]:
    reworded = work / "reworded62.txt"
    reworded.write_text(reword(BUNDLED_SOURCE.read_text(encoding="utf-8")), encoding="utf-8")
    listing = Case("gwr list --json", [gwr, "list", "--json"])
    diffing = Case(
        "gwr diff 内置 改写稿 --json", [gwr, "diff", str(BUNDLED_SOURCE), str(reworded), "--json"]
    )
    return listing, diffing


def workspace(work: Path, count: int) -> tuple[Path, Path]:
    """``count`` documents of 62 tasks (each its own bytes, so its own cache
    entry) and a gwr.toml naming them; and a folder outside any workspace."""
    folder = work / "ws"
    docs = folder / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    base = generate(62)
    lines = ['current = "d1"', ""]
    for k in range(1, count + 1):
        text = base.replace("2026年", f"{2000 + k}年", 1)
        (docs / f"d{k}.txt").write_text(text if k % 2 else reword(text), encoding="utf-8")
        lines += ["[[doc]]", f'name = "d{k}"', f'path = "docs/d{k}.txt"', f"year = {2000 + k}", ""]
    (folder / "gwr.toml").write_text("\n".join(lines), encoding="utf-8")
    plain = work / "plain"
    plain.mkdir(exist_ok=True)
    (plain / "d1.txt").write_text(
        base.replace("2026年", "2001年", 1), encoding="utf-8"
    )  # the same bytes as the workspace's current document
    return folder, plain


def in_process_diff(old: Path, new: Path, rounds: int) -> float:
    """Median seconds of the comparison alone (documents already prepared)."""
    from gwr_cli import store
    from gwr_cli.workspace.diff import diff

    a, b = store.load(old), store.load(new)
    diff(a, b)  # warm: imports, every task read; only the comparison is timed
    times = []
    for _ in range(max(1, rounds)):
        start = time.perf_counter()
        diff(a, b)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run(
    gwr: str, sizes: list[int], rounds: int, work: Path, env: dict[str, str], count: int = 20
) -> tuple[str, bool]:
    ok = True
    lines = ["", "gwr diff and workspaces"]
    listing, diffing = diff_cases(gwr, work)
    measure([listing, diffing], rounds, env)
    ratio = diffing.ratio(listing)
    verdict = "ok" if ratio <= 1.5 else "MISSED"
    ok &= ratio <= 1.5
    lines.append(
        f"{pad(diffing.name, 36)} {diffing.median:>7.3f} s  × list --json {ratio:>5.2f}  "
        f"(list {listing.median:.3f} s)  ≤1.50× {verdict}"
    )

    folder, plain = workspace(work, count)
    query = ["list", "--dept", "区财政局", "--json"]
    today = Case("today (no workspace)", [gwr, *query, "--source", str(plain / "d1.txt")])
    single = Case(f"workspace of {count}, one document", [gwr, *query])
    every = Case(f"workspace of {count}, --all-docs", [gwr, *query, "--all-docs"])
    os.environ["GWR_CACHE_DIR"] = env["GWR_CACHE_DIR"]
    here = Path.cwd()
    try:
        os.chdir(folder)  # run_once inherits the working folder: the workspace is found upward
        measure([today, single, every], rounds, env)
    finally:
        os.chdir(here)
    for case, base, target in ((single, today, 1.1), (every, single, 3.0)):
        r = case.ratio(base)
        passed = r <= target
        ok &= passed
        lines.append(
            f"{pad(case.name, 36)} {case.median:>7.3f} s  × {base.name} {r:>5.2f}  "
            f"≤{target:.2f}× {'ok' if passed else 'MISSED'}"
        )

    lines += [
        "",
        f"{'tasks/side':>10} {'gwr diff s':>11} {'diff() s':>9} {'µs/task':>8} {'exponent':>9}",
    ]
    previous: tuple[int, float] | None = None
    for size in [62, *sizes]:
        old, new = work / f"g{size}.txt", work / f"g{size}r.txt"
        text = generate(size)
        old.write_text(text, encoding="utf-8")
        new.write_text(reword(text), encoding="utf-8")
        case = Case(f"diff {size}", [gwr, "diff", str(old), str(new), "--json"])
        measure([case], max(1, rounds // 3) if size >= 6200 else rounds, env)
        alone = in_process_diff(old, new, 3 if size >= 6200 else rounds)
        exponent = ""
        if previous is not None:
            exponent = f"{math.log(alone / previous[1]) / math.log(size / previous[0]):.2f}"
        per_task = 1e6 * alone / size
        lines.append(
            f"{size:>10} {case.median:>11.3f} {alone:>9.3f} {per_task:>8.0f} {exponent:>9}"
        )
        previous = (size, alone)
    lines.append("exponent: growth of diff() between sizes (1.0 linear; n·log n ≈ 1.1)")
    return "\n".join(lines), ok


def main() -> None:
    """Only these measurements: python benchmarks/workspace_bench.py [--sizes 620,6200]."""
    import argparse
    import sys
    import tempfile

    from bench import find_gwr

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--sizes", default="620,6200", help="diff growth sizes, comma-separated")
    parser.add_argument("--docs", type=int, default=20, help="documents in the workspace")
    args = parser.parse_args()
    gwr = find_gwr()
    with tempfile.TemporaryDirectory(prefix="gwr-bench-") as tmp:
        work = Path(tmp)
        env = {**os.environ, "GWR_CACHE_DIR": str(work / "cache")}
        sizes = [int(s) for s in args.sizes.split(",") if s]
        text, ok = run(gwr, sizes, args.rounds, work, env, args.docs)
    print(f"gwr workspace/diff benchmark — {args.rounds} rounds; python {sys.version.split()[0]}")
    print(text)
    if not ok:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
