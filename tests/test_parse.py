"""The parser: structure of the real document, tolerance, and parse errors."""

from __future__ import annotations

from collections import Counter

import pytest

from gwr_cli import dirs
from gwr_cli.errors import ParseError
from gwr_cli.models import Document
from gwr_cli.numerals import cn_number
from gwr_cli.units import Registry
from tests.helpers import decode, parse_text, read_source

SOURCE = dirs.BUNDLED_SOURCE


def parse(text: str, registry: Registry) -> Document:
    return parse_text(text, registry, "doc.txt")


@pytest.fixture(scope="module")
def document(registry: Registry) -> Document:
    return parse_text(read_source(SOURCE), registry, str(SOURCE))


def test_real_document_structure(document: Document) -> None:
    assert document.title == "2026年柳江区《政府工作报告》重点工作分工"
    assert document.year == 2026
    assert [t.id for t in document.tasks] == list(range(1, 63))
    per_section = Counter(t.section for t in document.tasks)
    assert [per_section[n] for n in range(10)] == [7, 5, 6, 8, 1, 6, 2, 11, 15, 1]
    assert [s.number for s in document.sections] == list(range(10))
    assert document.sections[0].title == "发展的主要预期目标"
    assert document.sections[1].title.startswith("以更大力度谋创新")


def test_real_document_fields(document: Document) -> None:
    assert sum(1 for t in document.tasks if not t.support) == 17
    assert all(t.deadline == "12月底前" for t in document.tasks)
    task9 = document.tasks[8]
    assert task9.id == 9 and task9.support == [] and task9.line == 61
    assert task9.content.startswith("培育新兴产业发展壮大。")
    assert [u.name for u in task9.lead] == ["区工业和信息化局"]


def test_unit_references_keep_source_spelling(document: Document) -> None:
    task19 = document.tasks[18]
    assert task19.lead[0].name == "区农业农村局"
    assert task19.lead[0].source == "区农业农业局"
    task6 = document.tasks[5]
    assert [(u.name, u.kind) for u in task6.support] == [
        ("区税务局", "vertical"),
        ("各有关单位", "group"),
    ]


@pytest.mark.parametrize(
    "transform",
    [
        pytest.param(lambda s: s.replace("\n", "\r\n"), id="crlf"),
        pytest.param(lambda s: "\ufeff" + s, id="bom-char"),
        pytest.param(lambda s: s.replace("\n", " \t\n"), id="trailing-space-tab"),
        pytest.param(lambda s: s.replace("\t", "\u3000"), id="full-width-indent"),
        pytest.param(lambda s: s.replace("\n\n", "\n\n\n\n"), id="extra-blank-lines"),
        pytest.param(lambda s: s.replace("\t", "    "), id="space-indent"),
    ],
)
def test_tolerates_formatting_noise(document: Document, registry: Registry, transform) -> None:  # type: ignore[no-untyped-def]
    text = transform(read_source(SOURCE))
    other = parse_text(text, registry, str(SOURCE))
    assert [t.model_dump(exclude={"line"}) for t in other.tasks] == [
        t.model_dump(exclude={"line"}) for t in document.tasks
    ]


def test_utf8_bom_bytes_and_gbk_decode() -> None:
    text = "标题\n"
    assert decode(b"\xef\xbb\xbf" + text.encode(), "x") == text
    assert decode(text.encode("gb18030"), "x") == text
    assert decode(text.encode("utf-16"), "x") == text


HEAD = "2026年某区重点工作分工\n\n序号\n重点工作\n牵头单位\n配合单位\n完成时限\n\n"
GOOD_ITEM = "1\n做好工作。\n区财政局\n区税务局\n12月底前\n"


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        pytest.param("", None, "没有找到任何工作任务", id="empty"),
        pytest.param(HEAD, None, "没有找到任何工作任务", id="header-only"),
        pytest.param(
            HEAD + "（一）甲\n1\n做好工作。\n", 10, "没有读出牵头单位", id="truncated-early"
        ),
        pytest.param("1\n做好\n", 1, "没有读出牵头单位", id="no-title"),
        pytest.param(HEAD + "（一）甲\n1\n做\x00好\n", 11, "空字符", id="nul"),
        pytest.param(
            HEAD + "（一）甲\n随便写一行\n", None, "没有找到任何工作任务", id="stray-line"
        ),
    ],
)
def test_unreadable_documents_are_refused_naming_why(
    registry: Registry, text: str, line: int | None, fragment: str
) -> None:
    """Refused only when nothing in the file can be read as a task."""
    with pytest.raises(ParseError) as info:
        parse(text, registry)
    assert info.value.line == line, str(info.value)
    assert fragment in info.value.message
    assert str(info.value).startswith(f"doc.txt:{line}:" if line else "doc.txt:")


@pytest.mark.parametrize(
    ("text", "ids", "deadlines"),
    [
        pytest.param(HEAD + GOOD_ITEM, [1], ["12月底前"], id="item-before-section"),
        pytest.param(HEAD + "（一）甲\n1\n做好工作。\n区财政局\n", [1], [""], id="truncated"),
        pytest.param(
            HEAD + "（一）甲\n" + GOOD_ITEM + "1\n再做。\n区财政局\n\n年内\n",
            [1, 2],
            ["12月底前", "年内"],
            id="duplicate-number",
        ),
        pytest.param(
            # three unit lines and no deadline: units written one per line
            # (a cell of several lines); gwr check reports the missing deadline
            HEAD + "（一）甲\n1\n做好工作。\n区财政局\n区税务局\n区统计局\n",
            [1],
            [""],
            id="field-shifted",
        ),
        pytest.param(
            HEAD + "（一）甲\n（一）乙\n" + GOOD_ITEM, [1], ["12月底前"], id="duplicate-section"
        ),
        pytest.param(
            HEAD + "（一）甲\n0\n做好工作。\n区财政局\n\n年内\n", [1], ["年内"], id="zero"
        ),
    ],
)
def test_damaged_documents_are_read_as_far_as_they_go(
    registry: Registry, text: str, ids: list[int], deadlines: list[str]
) -> None:
    """Partial reads: what can be read is read (numbers that repeat or are
    not positive are renumbered, the written one kept as 原编号); ``gwr check``
    reports the damage (test_check)."""
    document = parse(text, registry)
    assert [t.id for t in document.tasks] == ids
    assert [t.deadline for t in document.tasks] == deadlines
    assert all(t.lead for t in document.tasks)


def test_undecodable_bytes_are_refused_with_line() -> None:
    data = "第一行\n".encode() + b"\x80\xff\xfe\x81\x30\n"
    with pytest.raises(ParseError) as info:
        decode(data + b"\xff" * 3, "bad.txt")
    assert info.value.line == 2 and "编码" in info.value.message


def test_read_source_errors(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ParseError, match="不存在"):
        read_source(tmp_path / "missing.txt")
    with pytest.raises(ParseError, match="目录"):
        read_source(tmp_path)


@pytest.mark.parametrize(
    ("text", "value"), [("一", 1), ("九", 9), ("十", 10), ("十二", 12), ("二十三", 23)]
)
def test_cn_number(text: str, value: int) -> None:
    assert cn_number(text) == value


def test_section_heading_forms(registry: Registry) -> None:
    doc = parse(HEAD + "一、第一部分\n" + GOOD_ITEM, registry)
    assert doc.sections[0].number == 1 and doc.sections[0].title == "第一部分"
