"""tasks.yaml, the prepared-document cache and atomic writes."""

from __future__ import annotations

import json
import marshal
import os
from pathlib import Path

import pytest

from gwr_cli import dirs, files, search, store
from gwr_cli.errors import ParseError, WriteError
from gwr_cli.models import Document
from gwr_cli.store import cache, tasksfile
from gwr_cli.store.records import TaskDict
from gwr_cli.units import Registry
from tests.helpers import parse_text, read_source

REPO_TASKS = Path(__file__).resolve().parent.parent / "data" / "tasks.yaml"


def test_committed_tasks_yaml_is_fresh(tmp_path: Path) -> None:
    out = tmp_path / "tasks.yaml"
    tasksfile.build(None, None, out)
    assert out.read_bytes() == REPO_TASKS.read_bytes(), "data/tasks.yaml is stale: run `gwr build`"


def test_build_is_deterministic_and_readable(tmp_path: Path) -> None:
    one, two = tmp_path / "a.yaml", tmp_path / "b.yaml"
    tasksfile.build(None, None, one)
    tasksfile.build(None, None, two)
    assert one.read_bytes() == two.read_bytes()
    text = one.read_text(encoding="utf-8")
    assert "区财政局" in text and "\\u" not in text


def test_loading_yaml_equals_parsing(registry: Registry) -> None:
    parsed = parse_text(read_source(dirs.BUNDLED_SOURCE), registry, str(dirs.BUNDLED_SOURCE))
    assert tasksfile.load_yaml(REPO_TASKS) == parsed.model_dump(mode="json")
    assert Document.model_validate(tasksfile.load_yaml(REPO_TASKS)) == parsed


def test_prepared_equals_parse(prepared: store.Prepared, registry: Registry) -> None:
    parsed = parse_text(read_source(dirs.BUNDLED_SOURCE), registry, str(dirs.BUNDLED_SOURCE))
    assert list(prepared.tasks) == parsed.model_dump(mode="json")["tasks"]


def test_cached_tasks_are_read_one_by_one(tmp_path: Path) -> None:
    source = tmp_path / "doc.txt"
    source.write_bytes(dirs.BUNDLED_SOURCE.read_bytes())
    built = store.load(source)  # built in this process: plain lists
    cached = store.load(source)  # read from the cache: marshalled one by one
    assert isinstance(cached.tasks, store.LazyTasks)
    assert cached.task(34) == built.task(34) and cached.task(34) is cached.task(34)
    assert sum(t is not None for t in cached.tasks._tasks) == 1  # only task 34 was read
    assert cached.tasks[-1] == built.tasks[-1] and cached.tasks[1:3] == list(built.tasks[1:3])
    assert cached.task(999) is None and cached.ids == built.ids == list(range(1, 63))
    assert list(cached.tasks) == list(built.tasks) and len(cached.tasks) == 62
    assert cached.document() == built.document()


def test_cache_is_used_and_never_stale(tmp_path: Path) -> None:
    source = tmp_path / "doc.txt"
    source.write_bytes(dirs.BUNDLED_SOURCE.read_bytes())
    first = store.load(source)
    files = list(dirs.cache_dir().glob("*.marshal"))
    assert files
    # A changed source gets a new key: the old cache entry is never read for it.
    text = source.read_text(encoding="utf-8").replace(
        "地区生产总值增长5.5%", "地区生产总值增长9.9%"
    )
    source.write_text(text, encoding="utf-8")
    second = store.load(source)
    assert first.tasks[0]["content"] != second.tasks[0]["content"]
    assert second.tasks[0]["content"] == "地区生产总值增长9.9%。"


def test_corrupt_cache_is_rebuilt() -> None:
    store.load()
    key = cache.cache_key(dirs.BUNDLED_SOURCE.read_bytes(), dirs.BUNDLED_REGISTRY.read_bytes())
    entry = dirs.cache_dir() / f"{key}.marshal"
    good = entry.read_bytes()
    damaged = [
        b"\x00garbage",  # not a cache file
        good[:6],  # cut inside the length
        good[:100],  # cut inside the header
        good[:-10],  # cut inside the last task
        good + b"x",  # grown
        good[:20] + b"\xff" * 50 + good[70:],  # header overwritten
    ]
    for bad in damaged:
        entry.write_bytes(bad)
        prepared = store.load()
        assert len(prepared.tasks) == 62 and prepared.task(62) is not None
        assert entry.read_bytes() == good  # rebuilt, byte for byte


def test_unwritable_cache_still_answers(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("GWR_CACHE_DIR", str(blocker / "sub"))
    assert len(store.load().tasks) == 62


def test_failed_build_leaves_previous_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    out = tmp_path / "tasks.yaml"
    out.write_text("previous\n", encoding="utf-8")

    def boom(document: object, source: str = "") -> str:
        raise RuntimeError("disk full")

    monkeypatch.setattr(tasksfile, "dump_yaml", boom)
    with pytest.raises(RuntimeError):
        tasksfile.build(None, None, out)
    assert out.read_text(encoding="utf-8") == "previous\n"
    assert [p.name for p in tmp_path.iterdir()] == ["tasks.yaml"]


def test_failure_while_writing_leaves_previous_file(tmp_path: Path) -> None:
    out = tmp_path / "x.txt"
    out.write_text("previous\n", encoding="utf-8")

    def half(fh) -> None:  # type: ignore[no-untyped-def]
        fh.write("half")
        raise OSError("interrupted")

    with pytest.raises(WriteError, match="无法写入：interrupted"):
        files.atomic_write(out, half)
    assert out.read_text(encoding="utf-8") == "previous\n"
    assert [p.name for p in tmp_path.iterdir()] == ["x.txt"]


def test_broken_tasks_yaml_names_record_and_field(tmp_path: Path) -> None:
    text = REPO_TASKS.read_text(encoding="utf-8").replace("- id: 5\n", "- id: -5\n", 1)
    bad = tmp_path / "tasks.yaml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(ParseError) as info:
        tasksfile.load_yaml(bad)
    message = str(info.value)
    assert message.startswith(str(bad)) and "第 -5 项" in message and "tasks.4.id" in message


def test_search_index_is_built_on_first_search_only(tmp_path: Path) -> None:
    source = tmp_path / "doc.txt"
    text = dirs.BUNDLED_SOURCE.read_text(encoding="utf-8")
    source.write_text(text.replace("增长5.5%", f"增长5.5%（{tmp_path.name}）"), encoding="utf-8")
    prepared = store.load(source)
    index_file = dirs.cache_dir() / f"{prepared.key}.search.marshal"
    assert prepared.key and not index_file.exists()  # listing does not pay for jieba
    index = search.index_for(prepared)
    assert index_file.exists()
    again = store.load(source)
    assert "search" not in again.data
    assert (
        search.index_for(again)
        == marshal.loads(cache.unseal(index_file.read_bytes(), again.key or ""))
        == index
    )


def test_written_files_get_normal_permissions(tmp_path: Path) -> None:
    import os

    new = tmp_path / "new.yaml"
    tasksfile.build(None, None, new)
    mask = os.umask(0)
    os.umask(mask)
    assert new.stat().st_mode & 0o777 == 0o666 & ~mask
    new.chmod(0o640)
    tasksfile.build(None, None, new)
    assert new.stat().st_mode & 0o777 == 0o640  # an overwritten file keeps its mode


def test_cache_keeps_only_recent_documents(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    folder.mkdir()
    for i in range(20):
        entry = folder / f"{i:032x}.marshal"
        entry.write_bytes(b"x")
        (folder / f"{i:032x}.search.marshal").write_bytes(b"x")
        os.utime(entry, (1_000_000 + i, 1_000_000 + i))  # entry 19 is the newest
    (folder / "jieba").mkdir()
    cache.prune(folder, keep=16)
    left = sorted(p.name for p in folder.iterdir())
    assert f"{3:032x}.marshal" not in left and f"{3:032x}.search.marshal" not in left
    assert f"{4:032x}.marshal" in left and f"{4:032x}.search.marshal" in left
    assert len(left) == 16 * 2 + 1  # the jieba folder stays
    cache.prune(folder, keep=16)  # nothing more to remove
    assert len(list(folder.iterdir())) == 33


def test_reading_an_old_entry_marks_it_used(tmp_path: Path) -> None:
    source = tmp_path / "doc.txt"
    source.write_bytes(dirs.BUNDLED_SOURCE.read_bytes())
    key = store.load(source).key
    entry = dirs.cache_dir() / f"{key}.marshal"
    os.utime(entry, (1_000_000, 1_000_000))
    store.load(source)
    assert entry.stat().st_mtime > 1_000_000 + 86400


def test_queries_read_only_the_tasks_they_show(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from gwr_cli.cli import app

    source = tmp_path / "doc.txt"
    source.write_bytes(dirs.BUNDLED_SOURCE.read_bytes())
    run = CliRunner().invoke
    assert run(app, ["search", "螺蛳粉", "--source", str(source), "--json"]).exit_code == 0
    reads: list[int] = []
    real = store.LazyTasks.__getitem__

    def counting(self: store.LazyTasks, index: int) -> TaskDict:
        reads.append(index)
        return real(self, index)

    monkeypatch.setattr(store.LazyTasks, "__getitem__", counting)
    result = run(app, ["search", "螺蛳粉", "--source", str(source), "--json"])
    ids = [record["id"] for record in json.loads(result.output)]
    assert 8 in ids and sorted(set(reads)) == sorted(i - 1 for i in ids)
    reads.clear()
    assert run(app, ["show", "34", "--source", str(source), "--json"]).exit_code == 0
    assert reads == [33]


def test_cached_tasks_read_from_many_threads_at_once(tmp_path: Path) -> None:
    """gwr serve answers requests on several threads over one prepared
    document: tasks read for the first time at the same moment on different
    threads are each read whole (one shared file position once mixed them up
    and a sound cache file was called damaged)."""
    import threading

    source = tmp_path / "doc.txt"
    source.write_bytes(dirs.BUNDLED_SOURCE.read_bytes())
    built = list(store.load(source).tasks)
    for _ in range(5):
        cached = store.load(source)
        assert isinstance(cached.tasks, store.LazyTasks)
        cached.tasks._rebuild = None  # a mixed-up read must fail here, not be rebuilt
        start = threading.Barrier(16, timeout=30)
        failures: list[BaseException] = []

        def read_all(
            offset: int,
            tasks: store.LazyTasks = cached.tasks,
            start: threading.Barrier = start,
            failures: list[BaseException] = failures,
        ) -> None:
            try:
                start.wait()
                for i in range(len(tasks)):
                    j = (i + offset) % len(tasks)
                    assert tasks[j] == built[j]
            except BaseException as error:
                failures.append(error)

        threads = [threading.Thread(target=read_all, args=(n * 7,), daemon=True) for n in range(16)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert failures == []
