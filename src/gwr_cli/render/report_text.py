"""A progress report's figures (``ledger.report``) worded as a document: a
list of blocks (title, headings, paragraphs, tables) that every format
renders the same way (``export/report_docx.py``, ``export/report_md.py``).
All wording comes from ``data/report.yaml``; only the order of the parts is
here.  Also the year-end 对照表 (目标/任务 | 完成情况) as blocks."""

from __future__ import annotations

from typing import Any, NamedTuple

from gwr_cli.ledger.report_words import ReportWords
from gwr_cli.render.labels import target_value
from gwr_cli.text import section_label


class Block(NamedTuple):
    kind: str  # title | heading | para | item | annex | table | break
    text: str = ""
    level: int = 1  # headings: 1 黑体, 2 楷体
    rows: list[list[str]] | None = None  # tables: header row first
    groups: frozenset[int] = frozenset()  # tables: rows that head a group


def number(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def percent(value: float | None, missing: str = "") -> str:
    return missing if value is None else f"{number(value)}%"


def ids_text(ids: list[int]) -> str:
    """6、27、29; runs of three or more as 2至5."""
    parts: list[str] = []
    run: list[int] = []
    for i in [*sorted(set(ids)), None]:
        if i is not None and run and i == run[-1] + 1:
            run.append(i)
            continue
        if run:
            parts.append(f"{run[0]}至{run[-1]}" if len(run) >= 3 else "、".join(map(str, run)))
        run = [i] if i is not None else []
    return "、".join(parts)


def ids_of(counts: list[dict[str, Any]], code: str) -> list[int]:
    """The task numbers behind category ``code`` of ``counts`` ([] when none)."""
    for c in counts:
        if c["code"] == code:
            return list(c["ids"])
    return []


def short(content: str, limit: int = 40) -> str:
    """A task's first sentence, for naming it in a paragraph."""
    first = content.replace("；", "。").split("。", 1)[0].strip()
    return first if len(first) <= limit else first[:limit] + "……"


def _parts(counts: list[dict[str, Any]], words: ReportWords) -> str:
    return "，".join(
        words.say("part", label=c["label"], count=c["count"], percent=percent(c["percent"]))
        for c in counts
    )


def title(figures: dict[str, Any], words: ReportWords, kind: str = "") -> str:
    """The title: the plan's name, the period (without the year when the name has it)."""
    plan = words.plan_name(figures["document"])
    year = f"{figures['period'][:4]}年"
    label = figures["period_label"]
    when = label.removeprefix(year) if year in plan else label
    if label == year and year in plan:
        when = "全年" if kind != "compare" else ""
    fields = {"plan": plan, "when": when, "unit": figures["unit"] or ""}
    kind = kind or ("unit" if figures["unit"] else "document")
    if kind == "compare" and figures["unit"] and "compare_unit" in words.title:
        kind = "compare_unit"  # one unit's 对照表 (a place's older wording may lack it)
    return words.fill(words.title, kind, fields)


def _opening(figures: dict[str, Any], words: ReportWords) -> list[Block]:
    kind = "unit" if figures["unit"] else "document"
    fields = {
        "checker": words.say(f"checker_{kind}"),
        "source": words.say(f"source_{kind}"),
        "scope": words.say(
            f"scope_{kind}", plan=words.plan_name(figures["document"]), tasks=figures["tasks"]
        ),
        "period_label": figures["period_label"],
    }
    if figures["empty"]:
        return [
            Block("para", words.say("opening_empty", **fields)),
            Block("para", words.say("empty", **fields, tasks=figures["tasks"])),
        ]
    method = figures["method"]
    return [
        Block("para", words.say("opening", **fields)),
        Block("para", words.say(f"method_{kind}", as_of=_date(figures["as_of"]), **method)),
    ]


def _date(iso: str) -> str:
    year, month, day = iso.split("-")
    return f"{int(year)}年{int(month)}月{int(day)}日"


def _overall(figures: dict[str, Any], words: ReportWords) -> list[Block]:
    return [
        Block("heading", words.headings["overall"]),
        Block(
            "para",
            words.say(
                "overall", tasks=figures["tasks"], parts=_parts(figures["categories"], words)
            ),
        ),
        Block("para", words.say("lights", parts=_parts(figures["lights"], words))),
    ]


def _targets(figures: dict[str, Any], words: ReportWords) -> list[Block]:
    blocks = [Block("heading", words.headings["targets"])]
    if not figures["targets"]:
        blocks.append(Block("para", words.say("targets_none", **_period(figures))))
    for t in figures["targets"]:
        promised = target_value(
            {
                "value": t["promised"],
                "value_max": t["promised_max"],
                "comparator": t["comparator"],
                "kind": t["kind"],
                "unit": t["measure"],
                "text": t["promised_text"],
            }
        )
        verdict = words.say("target_reached" if t["reached"] else "target_short")
        text = words.say(
            "target",
            indicator=t["indicator"],
            promised=promised.replace(" ", ""),
            value=f"{'增长' if t['kind'] == 'growth' else ''}{number(t['value'])}{t['measure']}",
            unit=t["measure"],
            verdict=verdict,
            **_period(figures),
        )
        blocks.append(Block("para", f"第{t['id']}项 {text}"))
    return blocks


def _period(figures: dict[str, Any]) -> dict[str, str]:
    return {"period_label": figures["period_label"]}


def _sections(figures: dict[str, Any], words: ReportWords) -> list[Block]:
    blocks = [Block("heading", words.headings["sections"])]
    for s in figures["sections"]:
        name = f"{section_label(s['number'])}{s['title']}" if s["number"] else s["title"]
        name = name or section_label(s["number"])
        blocks.append(Block("heading", name, level=2))
        text = words.say("section", tasks=s["tasks"], parts=_parts(s["categories"], words))
        done = ids_of(s["categories"], "done")
        if done:
            text += words.say("section_done_ids", ids=ids_text(done))
        blocks.append(Block("para", text))
    return blocks


def _lagging(figures: dict[str, Any], words: ReportWords) -> list[Block]:
    blocks = [Block("heading", words.headings["lagging"])]
    lagging = figures["lagging"]
    if not lagging:
        return [*blocks, Block("para", words.say("lagging_none", **_period(figures)))]
    blocks.append(Block("para", words.say("lagging_intro", count=len(lagging))))
    missing = words.say("no_percent")
    for n, t in enumerate(lagging, 1):
        item = words.say(
            "lagging_item",
            id=t["id"],
            unit=t["unit"],
            content=short(t["content"]),
            status=t["status_label"],
            percent=percent(t["percent"], missing),
            schedule=percent(t["schedule"], missing),
        )
        said = []
        if t["problem"]:
            said.append(words.say("lagging_problem", text=t["problem"].rstrip("。") + "。"))
        else:
            said.append(words.say("lagging_none_said"))
        if t["next_step"]:
            said.append(words.say("lagging_next", text=t["next_step"].rstrip("。") + "。"))
        blocks.append(Block("item", f"{n}. {item}{''.join(said)}"))
    return blocks


def _disagreements(figures: dict[str, Any], words: ReportWords) -> list[Block]:
    blocks = [Block("heading", words.headings["disagreements"])]
    found = figures["disagreements"]
    if not found:
        return [*blocks, Block("para", words.say("disagreements_none"))]
    blocks.append(Block("para", words.say("disagreement_intro", count=len(found))))
    for n, d in enumerate(found, 1):
        light = d["light_label"] + "灯" if d["light_label"] else words.lights["none"]
        text = words.say(
            "disagreement_item",
            id=d["id"],
            unit=d["unit"],
            flags="；".join(d["flags"]),
            light=light,
        )
        blocks.append(Block("item", f"{n}. {text}"))
    return blocks


def _next(figures: dict[str, Any], words: ReportWords) -> list[Block]:
    steps: list[tuple[str, list[int]]] = []
    behind = [t["id"] for t in figures["lagging"]]
    if behind:
        steps.append(("next_lagging", behind))
    unreported = ids_of(figures["categories"], "unreported")
    if unreported:
        steps.append(("next_unreported", unreported))
    if figures["disagreements"]:
        steps.append(("next_verify", sorted({d["id"] for d in figures["disagreements"]})))
    steps.append(("next_general", []))
    blocks = [Block("heading", words.headings["next"])]
    for n, (name, ids) in enumerate(steps):
        ordinal = words.ordinals[min(n, len(words.ordinals) - 1)]
        behind_label = words.categories["behind"]
        blocks.append(
            Block("para", words.say(name, ordinal=ordinal, ids=ids_text(ids), behind=behind_label))
        )
    return blocks


def annex_rows(figures: dict[str, Any], words: ReportWords) -> list[list[str]]:
    rows = [list(words.annex_headers)]
    for n, a in enumerate(figures["annex"], 1):
        rows.append(
            [
                str(n),
                a["content"],
                "、".join(a["lead"]),
                "、".join(a["support"]),
                a["deadline"],
                a["progress"],
                a["status_label"],
            ]
        )
    return rows


def report_blocks(figures: dict[str, Any], words: ReportWords) -> list[Block]:
    """The whole report: title, opening, the six parts (or the empty note), annex."""
    blocks = [Block("title", title(figures, words)), *_opening(figures, words)]
    if not figures["empty"]:
        for part in (_overall, _targets, _sections, _lagging, _disagreements, _next):
            blocks.extend(part(figures, words))
    annex_title = words.fill(words.headings, "annex_title", _period(figures))
    return [
        *blocks,
        Block("break"),
        Block("annex", words.headings["annex"]),
        Block("title", annex_title, level=2),
        Block("table", rows=annex_rows(figures, words)),
    ]


def compare_rows(figures: dict[str, Any], words: ReportWords) -> tuple[list[list[str]], set[int]]:
    """目标/任务 | 完成情况: every indicator, then every task; group rows marked."""
    rows = [list(words.compare_headers)]
    groups = set()
    indicators = [(a, t) for a in figures["annex"] for t in a["targets"]]
    if indicators:
        groups.add(len(rows))
        rows.append([words.headings["compare_targets"], ""])
    for a, t in indicators:
        primary: Any = next((x for x in a["targets"] if x.get("value") is not None), None)
        left = f"{t['indicator']}：{target_value(t).replace(' ', '')}"
        value = a["value"]
        if value is not None and t is primary:
            right = f"完成{number(value)}{t['unit']}（{a['status_label']}）"
        else:
            right = a["progress"] or a["status_label"]
        rows.append([left, right])
    groups.add(len(rows))
    rows.append([words.headings["compare_tasks"], ""])
    for a in figures["annex"]:
        done = a["status_label"]
        right = f"{done}。{a['progress']}" if a["progress"] else done
        rows.append([f"{a['id']}. {a['content']}", right])
    return rows, groups


def compare_blocks(figures: dict[str, Any], words: ReportWords) -> list[Block]:
    rows, groups = compare_rows(figures, words)
    return [
        Block("title", title(figures, words, "compare")),
        Block("table", rows=rows, groups=frozenset(groups)),
    ]
