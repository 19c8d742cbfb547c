"""Hostile input to the parser: generated documents round-trip, and damaged
ones (mutations of the real source, random bytes, huge files, odd encodings)
either parse into a valid ``Document`` or raise ``ParseError`` with a line.
Never any other exception, never mojibake.

A short run by default; a long one with ``HYPOTHESIS_PROFILE=long`` or
``GWR_FUZZ_EXAMPLES=N`` (see README, 开发).
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from gwr_cli import dirs
from gwr_cli.errors import ParseError
from gwr_cli.models import Document, Section, Task, UnitRef
from gwr_cli.numerals import cn_number, cn_numeral
from gwr_cli.reading.cells import column_of
from gwr_cli.reading.duty import deadline_not_unit
from gwr_cli.reading.lines import numbered
from gwr_cli.reading.vocab import vocabulary
from gwr_cli.registry_file import load_registry
from gwr_cli.targets import extract_targets, parse_deadline
from gwr_cli.text import clean_line, split_lines
from gwr_cli.units import Registry
from tests.helpers import decode, parse_text, read_source, render_blocks
from tests.hostile import budget

REGISTRY = load_registry(dirs.BUNDLED_REGISTRY)
SOURCE_BYTES = dirs.BUNDLED_SOURCE.read_bytes()
SOURCE_TEXT = SOURCE_BYTES.decode("utf-8")
SOURCE_LINES = SOURCE_TEXT.split("\n")


# -- strategies: documents of the bundled layout -------------------------------

CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
# Unit names drawn at random: no list separators, no 和/及 (which may join two
# units), no brackets or quotes, no 等 at the end.
NAME_CHARS = CJK.filter(lambda c: c not in "和及")
TEXT_CHARS = st.one_of(CJK, st.sampled_from(list("。，；：、%（）“”《》0123456789.-abcXYZ[]/ ")))
SPELLINGS: dict[str, tuple[str, str]] = {
    s: (u.name, u.kind) for u in REGISTRY.units for s in u.spellings()
}
DEADLINES = ["12月底前", "年内", "长期坚持", "持续推进", "2026年12月31日前", "一季度", "每季度"]


def _clean(text: str) -> str:
    return " ".join(text.split())


def cjk(min_size: int, max_size: int) -> st.SearchStrategy[str]:
    return st.text(CJK, min_size=min_size, max_size=max_size)


@st.composite
def unit_refs(draw: st.DrawFn, min_size: int) -> list[UnitRef]:
    refs = []
    for _ in range(draw(st.integers(min_size, 4))):
        if draw(st.booleans()):
            spelling = draw(st.sampled_from(sorted(SPELLINGS)))
            name, kind = SPELLINGS[spelling]
        else:
            stem = draw(st.text(NAME_CHARS, min_size=1, max_size=8))
            spelling = stem + draw(st.sampled_from(["局", "办", "中心", "公司", "镇", ""]))
            # A list ending in 等 ("X、Y等") means "and others": no unit's name ends so.
            assume(not spelling.endswith("等"))
            # A bare 季 or 月内 reads as a deadline: no unit is named so.
            assume(not deadline_not_unit(spelling))
            # A bare numeral (一) first in a list, "一、一局", reads as a heading.
            assume(not numbered(f"{spelling}、甲"))
            assume(REGISTRY.lookup(spelling) is None and not REGISTRY.is_group_phrase(spelling))
            # …and one name as a list reads it (a trailing 等 is "and others": 甲乙等 → 甲乙)
            assume(REGISTRY.split(spelling) == [spelling])
            name, kind = spelling, "unknown"
        refs.append(UnitRef(name=name, source=spelling, kind=kind))  # type: ignore[arg-type]
    return refs


@st.composite
def documents(draw: st.DrawFn, max_tasks: int = 12) -> Document:
    year = draw(st.none() | st.integers(1990, 2099))
    title = draw(cjk(1, 25))
    # A title that is itself a column header (时限, 序号) above the table reads
    # as part of the header: no document's title is a bare header word.
    assume(column_of(title, vocabulary()) is None)
    if year is not None:
        title = f"{year}年{title}"
    sections = []
    if draw(st.booleans()):
        sections.append(
            Section(
                number=0,
                title=draw(st.sampled_from(["发展的主要预期目标", "主要预期目标"])),
                line=1,
            )
        )
    for number in draw(st.lists(st.integers(1, 99), unique=True, min_size=1, max_size=6)):
        sections.append(Section(number=number, title=draw(cjk(1, 30)), line=1))
    ids = draw(st.lists(st.integers(1, 999_999), unique=True, min_size=1, max_size=max_tasks))
    placed = sorted(
        ((draw(st.integers(0, len(sections) - 1)), task_id) for task_id in ids),
        key=lambda pair: pair[0],
    )
    tasks = []
    for index, task_id in placed:
        section = sections[index]
        content = _clean(draw(st.text(TEXT_CHARS, min_size=1, max_size=80)))
        # A task's text that is a bare number (2) reads as the next row's number.
        assume(content and not content.isdigit())
        deadline = draw(st.sampled_from(DEADLINES) | st.integers(1, 12).map(lambda m: f"{m}月底前"))
        due = parse_deadline(deadline, year)  # derived fields, as the parser derives them
        tasks.append(
            Task(
                id=task_id,
                section=section.number,
                section_title=section.title,
                content=content,
                lead=draw(unit_refs(1)),
                support=draw(unit_refs(0)),
                deadline=deadline,
                line=1,
                deadline_date=due.date,
                deadline_kind=due.kind,
                targets=extract_targets(content),
            )
        )
    return Document(title=title, year=year, source="gen.txt", sections=sections, tasks=tasks)


def without_lines(document: Document) -> dict[str, object]:
    return document.model_dump(
        exclude={"sections": {"__all__": {"line"}}, "tasks": {"__all__": {"line"}}}
    )


def assert_lines_point_home(document: Document, text: str) -> None:
    """Every recorded line number names the line of that task's number (as
    written: a renumbered task keeps it as 原编号) or of that heading (a line as
    the reader cleans it: Python's white space, \x1c-\x1f included)."""
    lines = split_lines(text)
    for task in document.tasks:
        written = task.extra.get("原编号", str(task.id))
        at = clean_line(lines[task.line - 1])
        assert at == written or not at.isdigit(), (at, written)  # no number: the task's first line
    for section in document.sections:
        if section.title != "（未分组）":
            assert section.title in lines[section.line - 1]


# -- round trip ------------------------------------------------------------------


@budget(150)
@given(documents())
def test_render_then_parse_gives_the_document_back(document: Document) -> None:
    text = render_blocks(document)
    parsed = parse_text(text, REGISTRY, "gen.txt")
    assert without_lines(parsed) == without_lines(document)
    assert_lines_point_home(parsed, text)
    assert render_blocks(parsed) == text


@budget(60)
@given(documents(max_tasks=4), st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]))
def test_documents_read_the_same_in_every_supported_encoding(
    document: Document, encoding: str
) -> None:
    text = render_blocks(document)
    assert decode(text.encode(encoding), "gen.txt") == text


def test_real_source_round_trips() -> None:
    document = parse_text(SOURCE_TEXT, REGISTRY, "source.txt")
    text = render_blocks(document)
    again = parse_text(text, REGISTRY, "source.txt")
    assert without_lines(again) == without_lines(document)
    assert_lines_point_home(again, text)


@pytest.mark.parametrize("number", range(100))
def test_cn_numeral_inverts_cn_number(number: int) -> None:
    assert cn_number(cn_numeral(number)) == number


@pytest.mark.parametrize("text", ["三三", "十十", "一十十", "百", ""])
def test_cn_number_refuses_non_numerals(text: str) -> None:
    with pytest.raises(ValueError):
        cn_number(text)


# -- mutations of the real source ----------------------------------------------


@dataclass
class Outcome:
    document: Document | None
    error: ParseError | None


def attempt(data: bytes, path: str = "doc.txt") -> Outcome:
    """Decode and parse; only ``ParseError`` may escape, and it carries a line
    unless the file is empty or has no line to blame."""
    try:
        text = decode(data, path)
        return Outcome(parse_text(text, REGISTRY, path), None)
    except ParseError as err:
        assert str(err).startswith(path)
        if err.line is None:
            assert any(
                reason in err.message for reason in ("没有找到任何工作任务", "UTF-16", "文件为空")
            ), str(err)
        else:
            assert 1 <= err.line <= data.count(b"\n") + data.count(b"\r") + 1, str(err)
        return Outcome(None, err)


def check_outcome(data: bytes, outcome: Outcome) -> None:
    if outcome.document is None:
        return
    # Parsed: the text was valid UTF-8 (never GB18030 mojibake of UTF-8 bytes),
    # and every line number is right.
    text = data.decode("utf-8-sig")
    assert_lines_point_home(outcome.document, text)


CONTROL = st.sampled_from(
    ["\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b[31m", "\x1c", "\x7f", "\x85",
     "\u2028", "\u200b", "\ufeff", "\u3000", "\r", "\r\n", "\t"]
)  # fmt: skip
ODD_TEXT = st.lists(st.one_of(CJK, st.characters(codec="utf-8"), CONTROL), max_size=30).map("".join)


@st.composite
def line_mutations(draw: st.DrawFn) -> list[str]:
    lines = list(SOURCE_LINES)
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(lines) - 1))
        kind = draw(
            st.sampled_from(["delete", "duplicate", "swap", "move", "replace", "insert", "noise"])
        )
        if kind == "delete" and len(lines) > 1:
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, lines[i])
        elif kind == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == "move":
            line = lines.pop(i)
            lines.insert(draw(st.integers(0, len(lines))), line)
        elif kind == "replace":
            lines[i] = draw(ODD_TEXT)
        elif kind == "insert":
            lines.insert(i, draw(ODD_TEXT))
        else:  # noise inside a line
            pos = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:pos] + draw(ODD_TEXT) + lines[i][pos:]
    return lines


@st.composite
def byte_mutations(draw: st.DrawFn, data: bytes) -> bytes:
    kind = draw(st.sampled_from(["none", "truncate", "overwrite", "insert", "endings"]))
    if kind == "truncate":
        return data[: draw(st.integers(0, len(data)))]
    if kind == "overwrite":
        out = bytearray(data)
        for _ in range(draw(st.integers(1, 5))):
            out[draw(st.integers(0, len(out) - 1))] = draw(st.integers(0, 255))
        return bytes(out)
    if kind == "insert":
        pos = draw(st.integers(0, len(data)))
        return data[:pos] + draw(st.binary(min_size=1, max_size=16)) + data[pos:]
    if kind == "endings":
        # Mixed line endings: each line break becomes \n, \r\n or \r.
        parts = data.split(b"\n")
        ends = draw(st.lists(st.sampled_from([b"\n", b"\r\n", b"\r"]), min_size=len(parts)))
        return b"".join(p + e for p, e in zip(parts, ends, strict=False))
    return data


@budget(250)
@given(st.data())
def test_mutated_source_parses_or_fails_with_a_line(data: st.DataObject) -> None:
    lines = data.draw(line_mutations())
    raw = data.draw(byte_mutations("\n".join(lines).encode("utf-8")))
    check_outcome(raw, attempt(raw))


@budget(150)
@given(st.integers(0, len(SOURCE_BYTES)))
def test_truncation_at_any_byte(cut: int) -> None:
    raw = SOURCE_BYTES[:cut]
    outcome = attempt(raw)
    check_outcome(raw, outcome)


def test_truncation_mid_character_is_named() -> None:
    cut = SOURCE_BYTES.index("柳江区".encode()) + 1
    outcome = attempt(SOURCE_BYTES[: cut + 5000])
    assert outcome.error is not None
    assert outcome.error.line is not None and outcome.error.line > 1
    assert "截断" in outcome.error.message or "编码" in outcome.error.message


def test_damaged_utf8_is_refused_not_read_as_gbk() -> None:
    # One bad byte in a UTF-8 file: GB18030 could decode it all, as mojibake.
    lines = SOURCE_TEXT.split("\n")
    bad = "\n".join(lines[:20]).encode() + b"\n\xff\n" + "\n".join(lines[20:]).encode()
    outcome = attempt(bad)
    assert outcome.error is not None and outcome.error.line == 21
    assert "UTF-8" in outcome.error.message


@pytest.mark.parametrize("raw", [b"B%\x80", b"\x05%\x80"])
def test_ebcdic_guess_never_moves_line_numbers(raw: bytes) -> None:
    # Found by test_random_bytes: charset-normalizer read these bytes as EBCDIC,
    # where % is a line break, and the error named line 2 of a one-line file.
    outcome = attempt(raw)
    assert outcome.error is not None and outcome.error.line == 1


@budget(200)
@given(st.binary(max_size=2000))
def test_random_bytes(raw: bytes) -> None:
    outcome = attempt(raw)
    if outcome.document is not None:
        assert outcome.document.tasks


@budget(100)
@given(documents(max_tasks=5), st.data())
def test_mutated_generated_documents(document: Document, data: st.DataObject) -> None:
    raw = data.draw(byte_mutations(render_blocks(document).encode("utf-8")))
    check_outcome(raw, attempt(raw))


# -- big and strange files -----------------------------------------------------


def _many_tasks(count: int) -> Document:
    real = parse_text(SOURCE_TEXT, REGISTRY, "source.txt")
    tasks = [real.tasks[i % len(real.tasks)].model_copy(update={"id": i + 1}) for i in range(count)]
    tasks.sort(key=lambda t: t.section)
    return real.model_copy(update={"tasks": tasks})


def test_ten_megabyte_file_parses_in_reasonable_time() -> None:
    document = _many_tasks(27_000)
    data = render_blocks(document).encode("utf-8")
    assert len(data) > 10_000_000
    start = time.perf_counter()
    parsed = parse_text(decode(data, "big.txt"), REGISTRY, "big.txt")
    elapsed = time.perf_counter() - start
    assert len(parsed.tasks) == 27_000
    # A guard against a hang or a quadratic reading, not a speed target: the
    # machines are shared, so speed is measured by benchmarks/bench.py.
    assert elapsed < 180, f"10 MB took {elapsed:.1f} s"


def test_ten_megabytes_of_noise_fails_fast() -> None:
    data = os.urandom(10_000_000)
    start = time.perf_counter()
    assert attempt(data).error is not None
    assert time.perf_counter() - start < 15


LONG = 100_000


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("content", "很长的内容" * (LONG // 5)),
        ("lead", "区财政局和区税务局和" * (LONG // 10) + "区财政局"),
        ("lead", "区财政局、" * (LONG // 5) + "区税务局"),
        ("support", "和" * LONG),
        ("support", "（区" * (LONG // 2)),
        ("deadline", "12月底前" * (LONG // 5)),
    ],
)
def test_hundred_kilobyte_line(field: str, value: str) -> None:
    document = _many_tasks(3)
    text = render_blocks(document).split("\n")
    offset = {"content": 1, "lead": 2, "support": 3, "deadline": 4}[field]
    index = text.index("\t1") + offset
    text[index] = "\t" + value
    start = time.perf_counter()
    outcome = attempt("\n".join(text).encode())
    assert time.perf_counter() - start < 10
    if outcome.document is not None:
        task = outcome.document.tasks[0]
        assert task.id == 1
        if field == "content":
            assert task.content == value


def test_hundred_kilobyte_title_and_stray_line() -> None:
    outcome = attempt(("题" * LONG + "\n" + SOURCE_TEXT.split("\n", 1)[1]).encode())
    assert outcome.document is not None and len(outcome.document.tasks) == 62
    # A stray line after the last task is no part of it (partial reads).
    outcome = attempt((SOURCE_TEXT + "\n" + "乱" * LONG + "\n").encode())
    assert outcome.document is not None and len(outcome.document.tasks) == 62
    assert "乱" not in outcome.document.tasks[-1].content


def test_form_feed_and_unicode_line_separators_keep_line_numbers() -> None:
    # Word exports carry \f and U+2028 inside lines; an editor does not count them.
    text = SOURCE_TEXT.replace("地区生产总值增长5.5%。", "地区生产\f总值\u2028增长5.5%。", 1)
    document = attempt(text.encode()).document
    assert document is not None and document.tasks[0].content.startswith("地区生产\f总值")
    assert document.tasks[1].line == 17
    # A number with a stray letter still starts its task, on its own line.
    broken = text.replace("\t12月底前\n\n\t2\n", "\t12月底前\n\n\t2x\n", 1)
    document = attempt(broken.encode()).document
    assert document is not None and document.tasks[1].line == 17
    assert document.tasks[0].content.startswith("地区生产\f总值")


def test_mixed_line_endings() -> None:
    lines = SOURCE_TEXT.split("\n")
    text = "".join(line + ("\r\n", "\n", "\r")[i % 3] for i, line in enumerate(lines))
    document = attempt(text.encode()).document
    assert document is not None and len(document.tasks) == 62
    assert document.tasks[8].line == 61


# -- encodings -----------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gbk", "gb18030", "utf-16", "utf-16-be"])
def test_real_source_in_other_encodings(encoding: str, tmp_path: Path) -> None:
    path = tmp_path / f"{encoding}.txt"
    bom = b"\xfe\xff" if encoding == "utf-16-be" else b""
    path.write_bytes(bom + SOURCE_TEXT.encode(encoding))
    expected = parse_text(SOURCE_TEXT, REGISTRY, str(path))
    assert parse_text(read_source(path), REGISTRY, str(path)) == expected


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_without_bom_is_refused_naming_the_encoding(encoding: str) -> None:
    outcome = attempt(SOURCE_TEXT.encode(encoding))
    if outcome.document is not None:  # a detector may read it: then it must be right
        assert outcome.document == parse_text(SOURCE_TEXT, REGISTRY, "doc.txt")
    else:
        assert outcome.error is not None
        assert "UTF-16" in outcome.error.message or "编码" in outcome.error.message


def test_bad_utf16_after_bom_is_refused() -> None:
    outcome = attempt(b"\xff\xfe" + "标题\n".encode("utf-16-le") + b"\x00\xd8")
    assert outcome.error is not None and "UTF-16" in outcome.error.message


def test_other_registry_does_not_change_the_layout_contract() -> None:
    empty = Registry([])
    document = parse_text(SOURCE_TEXT, empty, "source.txt")
    assert len(document.tasks) == 62
    assert all(u.kind == "unknown" for t in document.tasks for u in t.lead)


@pytest.mark.parametrize("heading", ["（三三）甲", "（十十）甲", "一十十、甲"])
def test_malformed_section_numeral_is_no_section(heading: str) -> None:
    """A heading whose numeral is no number (三三) names no section; the task
    before it is read as it is."""
    text = f"标题\n（一）甲\n1\n做好工作。\n区财政局\n\n年内\n{heading}\n"
    document = attempt(text.encode()).document
    assert document is not None and [t.id for t in document.tasks] == [1]
    assert [s.title for s in document.sections] == ["甲"]
