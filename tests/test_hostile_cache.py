"""Cache damage of every kind (issue 20, item 5): bytes overwritten inside the
tasks or the header (size unchanged), a huge header length, a file cut short
or grown, an entry of another document under this key, a task edited into
other valid data, a damaged or foreign search index, a cache folder that is
not one.  The answer is always the one a fresh build gives: a damaged entry
is built again, never served, and never a traceback."""

from __future__ import annotations

import json
import marshal
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gwr_cli import dirs, store
from gwr_cli.store import cache
from tests.hostile import TALLY, budget, gwr, process

from .conftest import FIXTURES


def _entry(folder: Path) -> Path:
    (entry,) = [p for p in folder.glob("*.marshal") if p.name.count(".") == 1]
    return entry


@pytest.fixture(scope="module")
def clean_cache(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A cache folder with the bundled document's entry (built once), and the
    answers a fresh build gives."""
    folder = tmp_path_factory.mktemp("clean") / "cache"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GWR_CACHE_DIR", str(folder))
        answers = {
            "list": gwr("list", "--json").calm((0,)).out,
            "show": gwr("show", "34", "--json").calm((0,)).out,
            "dept": gwr("list", "--dept", "区财政局", "--json").calm((0,)).out,
        }
    return folder, answers


@pytest.fixture
def cached(
    clean_cache: tuple[Path, dict[str, str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[Path, bytes, dict[str, str]]:
    """A copy of the clean cache folder of this test's own: the entry, its
    bytes and the answers."""
    folder = tmp_path / "cache"
    shutil.copytree(clean_cache[0], folder)
    monkeypatch.setenv("GWR_CACHE_DIR", str(folder))
    entry = _entry(folder)
    return entry, entry.read_bytes(), clean_cache[1]


def _same_answers(answers: dict[str, str]) -> None:
    assert gwr("show", "34", "--json").calm((0,)).out == answers["show"]
    assert gwr("list", "--dept", "区财政局", "--json").calm((0,)).out == answers["dept"]
    assert gwr("list", "--json").calm((0,)).out == answers["list"]


def _tasks_start(blob: bytes) -> int:
    size = int.from_bytes(blob[4:12], "little")
    return 4 + 8 + 16 + size


def test_junk_inside_the_tasks_same_size(cached: tuple[Path, bytes, dict[str, str]]) -> None:
    # Was: 64 bytes of junk inside the task records → "bad marshal data" (and
    # "已中断": click turned the EOFError into an abort), no rebuild.
    entry, clean, answers = cached
    middle = (_tasks_start(clean) + len(clean)) // 2
    entry.write_bytes(clean[:middle] + b"\x55" * 64 + clean[middle + 64 :])
    _same_answers(answers)
    middle_again = entry.read_bytes()[middle : middle + 64]
    assert middle_again != b"\x55" * 64  # rebuilt and written again


def test_huge_header_length(cached: tuple[Path, bytes, dict[str, str]]) -> None:
    # Was: OverflowError: cannot fit 'int' into an index-sized integer.
    entry, clean, answers = cached
    entry.write_bytes(clean[:4] + (2**63 + 5).to_bytes(8, "little") + clean[12:])
    _same_answers(answers)


def test_task_edited_into_other_valid_data(cached: tuple[Path, bytes, dict[str, str]]) -> None:
    # Was: an edited entry of the same size was served as if valid.
    entry, clean, answers = cached
    start = _tasks_start(clean)
    old, new = "区财政局".encode(), "区税务局".encode()  # same length in UTF-8
    at = clean.index(old, start)
    entry.write_bytes(clean[:at] + new + clean[at + len(new) :])
    marshal.loads(entry.read_bytes()[start:])  # (still valid marshal data)
    _same_answers(answers)


def test_entry_of_another_document_under_this_key(
    cached: tuple[Path, bytes, dict[str, str]],
) -> None:
    # Was: a foreign entry of the right format was served as if valid.
    entry, _clean, answers = cached
    gwr("list", "--source", str(FIXTURES / "small.txt")).calm((0,))
    other = next(p for p in entry.parent.glob("*.marshal") if p != entry and p.name.count(".") == 1)
    shutil.copyfile(other, entry)
    _same_answers(answers)


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda b: b[: len(b) // 2], id="cut-short"),
        pytest.param(lambda b: b + b"junk", id="grown"),
        pytest.param(lambda b: b"", id="empty"),
        pytest.param(lambda b: b"GWR\x07" + b[4:], id="older-format"),
        pytest.param(lambda b: b[:12] + bytes(16) + b[28:], id="header-digest-zeroed"),
        pytest.param(lambda b: b[:40] + b"\x00" * 64 + b[104:], id="junk-in-header"),
        pytest.param(lambda b: os.urandom(len(b)), id="random-same-size"),
    ],
)
def test_damaged_entry_is_rebuilt(  # type: ignore[no-untyped-def]
    damage, cached: tuple[Path, bytes, dict[str, str]]
) -> None:
    entry, clean, answers = cached
    entry.write_bytes(damage(clean))
    _same_answers(answers)


@budget(12)
@given(
    data=st.data(),
    kind=st.sampled_from(["overwrite", "flip", "truncate", "extend", "delete"]),
)
def test_any_damage_is_never_served(
    data: st.DataObject, kind: str, cached: tuple[Path, bytes, dict[str, str]]
) -> None:
    entry, clean, answers = cached
    at = data.draw(st.integers(0, len(clean) - 1))
    if kind == "overwrite":
        junk = data.draw(st.binary(min_size=1, max_size=64))
        damaged = clean[:at] + junk + clean[at + len(junk) :]
    elif kind == "flip":
        damaged = clean[:at] + bytes([clean[at] ^ data.draw(st.integers(1, 255))]) + clean[at + 1 :]
    elif kind == "truncate":
        damaged = clean[:at]
    elif kind == "extend":
        damaged = clean + data.draw(st.binary(min_size=1, max_size=64))
    else:
        damaged = clean[:at] + clean[at + data.draw(st.integers(1, 64)) :]
    entry.write_bytes(damaged)
    TALLY["cache damages"] += 1
    assert gwr("show", "34", "--json").calm((0,)).out == answers["show"]
    assert gwr("list", "--dept", "区财政局", "--json").calm((0,)).out == answers["dept"]
    entry.write_bytes(clean)


def test_entry_that_is_a_directory(cached: tuple[Path, bytes, dict[str, str]]) -> None:
    entry, _clean, answers = cached
    entry.unlink()
    entry.mkdir()
    _same_answers(answers)


def test_cache_folder_that_is_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    not_a_folder = tmp_path / "cache"
    not_a_folder.write_text("x", encoding="utf-8")
    monkeypatch.setenv("GWR_CACHE_DIR", str(not_a_folder))
    run = gwr("show", "34", "--json").calm((0,))
    assert json.loads(run.out)["id"] == 34 and run.err == ""


def test_damaged_task_read_after_the_header_rebuilds(
    cached: tuple[Path, bytes, dict[str, str]],
) -> None:
    """A task damaged while another process has the header open: the digest
    of the task fails, the document is built again and read from memory."""
    entry, clean, _answers = cached
    prepared = store.load()
    at = clean.index("螺蛳粉".encode(), _tasks_start(clean))
    entry.write_bytes(clean[:at] + "螺丝粉".encode() + clean[at + 9 :])
    assert "螺蛳粉" in prepared.task(8)["content"]  # type: ignore[index]
    assert [t["id"] for t in prepared.tasks] == list(range(1, 63))


# -- the search index ------------------------------------------------------------------


def _index_file(folder: Path) -> Path:
    (index,) = folder.glob("*.search.marshal")
    return index


def _resealed(blob: bytes, key: str, change: dict[str, object], drop: str = "") -> bytes:
    """An index of another shape, sealed as this gwr seals (an older gwr's)."""
    value = {**marshal.loads(cache.unseal(blob, key)), **change}
    value.pop(drop, None)
    return cache.seal(marshal.dumps(value), key)


DERIVED_DAMAGE = [
    pytest.param(lambda b, k: _resealed(b, k, {}, drop="texts"), id="texts-missing"),
    pytest.param(lambda b, k: _resealed(b, k, {"texts": []}), id="texts-emptied"),
    pytest.param(lambda b, k: _resealed(b, k, {"format": 1}), id="older-format"),
    pytest.param(lambda b, k: b[: len(b) // 3], id="cut-short"),
    pytest.param(lambda b, k: b[:40] + b"\xff" * 50 + b[90:], id="junk"),
    pytest.param(lambda b, k: cache.unseal(b, k), id="unsealed-older-file"),
    pytest.param(lambda b, k: cache.seal(marshal.dumps([1, 2, 3]), k), id="foreign"),
    pytest.param(lambda b, k: cache.seal(cache.unseal(b, k), "another key"), id="other-key"),
    pytest.param(lambda b, k: b.replace("螺蛳粉".encode(), "螺丝粉".encode()), id="edited"),
    pytest.param(lambda b, k: b"", id="empty"),
]


@pytest.mark.parametrize("damage", DERIVED_DAMAGE)
def test_damaged_derived_data_is_built_again(  # type: ignore[no-untyped-def]
    damage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``Prepared.derived`` (the search index's store): any damage means a
    new build, never the damaged value."""
    monkeypatch.setenv("GWR_CACHE_DIR", str(tmp_path / "cache"))
    store.load()
    prepared = store.load()
    value = {
        "format": 2,
        "texts": ["螺蛳粉"] * 62,
        "contents": [""] * 62,
        "lengths": [1] * 62,
        "units": [[]] * 62,
        "postings": {"螺蛳粉": [[7, 1]]},
        "synonyms": {},
    }
    builds: list[int] = []

    def build() -> object:
        builds.append(1)
        return value

    from gwr_cli.search.index import _valid

    assert prepared.derived("probe", build, lambda v: _valid(v, 62)) == value
    path = tmp_path / "cache" / f"{prepared.key}.probe.marshal"
    path.write_bytes(damage(path.read_bytes(), prepared.key or ""))
    TALLY["cache damages"] += 1
    again = store.load()
    assert again.derived("probe", build, lambda v: _valid(v, 62)) == value
    assert len(builds) == 2  # built again, not served
    assert store.load().derived("probe", build, lambda v: _valid(v, 62)) == value
    assert len(builds) == 2  # and the rebuilt file is good


def test_damaged_search_index_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Was: KeyError: 'texts'.  End to end, through gwr search and --keyword.
    monkeypatch.setenv("GWR_CACHE_DIR", str(tmp_path / "cache"))
    clean_answer = gwr("search", "螺蛳粉", "--json").calm((0,)).out
    index = _index_file(tmp_path / "cache")
    key = index.name.split(".")[0]
    index.write_bytes(_resealed(index.read_bytes(), key, {}, drop="texts"))
    TALLY["cache damages"] += 1
    run = gwr("search", "螺蛳粉", "--json").calm((0,))
    assert run.out == clean_answer and run.err == ""
    assert gwr("list", "--keyword", "螺蛳粉", "--json").calm((0,)).out.count('"id": 8') == 1


def test_jieba_cache_that_cannot_be_written_is_quiet(tmp_path: Path) -> None:
    # Was: jieba's "Dump cache file failed." traceback on stderr.
    folder = tmp_path / "cache"
    (folder / "jieba" / "jieba.cache").mkdir(parents=True)  # a folder where its file goes
    run = process("search", "螺蛳粉", env={"GWR_CACHE_DIR": str(folder)})
    assert run.code == 0 and run.err == "" and "螺蛳粉" in run.out


def test_no_stale_temporary_files_in_the_cache(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    folder.mkdir()
    dead = folder / ".0123.marshal.999999999.abcdefgh.tmp"  # its process is gone
    dead.write_bytes(b"half")
    run = process(
        "list",
        "--json",
        "--source",
        str(FIXTURES / "small.txt"),
        env={"GWR_CACHE_DIR": str(folder)},
    )
    assert run.code == 0 and not dead.exists()


def test_cache_file_from_this_format_reads_lazily() -> None:
    """The header's digest covers the header alone: a query still reads only
    the tasks it uses (``show`` one task)."""
    store.load(dirs.BUNDLED_SOURCE)  # (built and cached)
    prepared = store.load(dirs.BUNDLED_SOURCE)
    tasks = prepared.tasks
    assert isinstance(tasks, store.LazyTasks)
    prepared.task(34)
    assert sum(t is not None for t in tasks._tasks) == 1
