"""Machine formats: records → text, one writer per format behind ``FORMATS``.
Plain strings, no Rich (Rich expands tabs and assumes 80 columns when piped).
To add a format: write a function ``(records, keys, options) -> str`` and add a
row to ``FORMATS``."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from enum import Enum
from typing import Any, NamedTuple

from gwr_cli.errors import UsageError
from gwr_cli.render.labels import LABELS, LIST_JOINER, people_value, target_value


class Format(str, Enum):
    TABLE = "table"  # Rich, for people (printed by the CLI, not here)
    JSON = "json"
    JSONL = "jsonl"
    CSV = "csv"
    TSV = "tsv"
    YAML = "yaml"
    MD = "md"
    PLAIN = "plain"  # piped with no format asked for: tab-separated, no header (like gh)


class Options(NamedTuple):
    single: bool = False  # one object (gwr show) instead of an array in JSON/YAML
    bom: bool = False  # CSV for Excel/WPS: a UTF-8 BOM, Chinese headers and values
    pretty: bool = True  # indented JSON (a terminal), else one element per line


Records = Sequence[dict[str, Any]]


# json.dumps escapes C0 control characters; these it writes raw (DEL, the C1
# controls such as U+009B CSI, bidi overrides).  Document text is untrusted,
# so JSON carries them escaped too: the same string to a JSON reader, nothing
# a terminal acts on when the JSON is shown.
_RAW_IN_JSON = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _escape_raw(text: str) -> str:
    if _RAW_IN_JSON.search(text) is None:
        return text
    return _RAW_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def to_json(value: Any, pretty: bool = True) -> str:
    """JSON text, Chinese not escaped.  ``pretty`` indents (for a terminal);
    otherwise an array gets one compact element per line, which Python's C
    encoder writes many times faster (indent forces the pure-Python one) and
    which ``head``, ``grep`` and ``jq`` read just as well."""
    import json  # not at module level: the table path never needs it

    if pretty:
        return _escape_raw(json.dumps(value, ensure_ascii=False, indent=2)) + "\n"
    if isinstance(value, list):
        if not value:
            return "[]\n"
        lines = ",\n".join(json.dumps(v, ensure_ascii=False) for v in value)
        return "[\n" + _escape_raw(lines) + "\n]\n"
    return _escape_raw(json.dumps(value, ensure_ascii=False)) + "\n"


# A spreadsheet runs a cell starting with one of these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def pick_fields(
    records: Sequence[dict[str, Any]], fields: Sequence[str] | None, available: Sequence[str]
) -> list[dict[str, Any]]:
    """Keep ``fields`` (in that order) of every record; unknown names are an error."""
    if fields is None:
        return [dict(r) for r in records]
    unknown = [f for f in fields if f not in available]
    if unknown:
        raise UsageError(f"未知字段：{'、'.join(unknown)}（可选：{','.join(available)}）")
    return [{f: r.get(f) for f in fields} for r in records]


def flat(value: Any) -> str:
    """One cell of a flat format: lists joined with 、, unit objects by name."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return LIST_JOINER.join(_flat_item(item) for item in value)
    if isinstance(value, dict):
        import json

        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _flat_item(item: Any) -> str:
    if isinstance(item, dict) and "name" in item:
        return str(item["name"])
    if isinstance(item, dict) and "indicator" in item:  # a target
        return f"{item['indicator']} {target_value(item)}"
    return flat(item)


def safe_cell(value: Any) -> str:
    """``flat`` plus formula neutralisation for spreadsheets (OWASP: prefix ')."""
    text = flat(value)
    if isinstance(value, str | list) and text.startswith(_FORMULA_START):
        return "'" + text
    return text


def to_jsonl(records: Sequence[dict[str, Any]]) -> str:
    import json

    return _escape_raw("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))


def to_csv(records: Sequence[dict[str, Any]], keys: Sequence[str], bom: bool = False) -> str:
    """CSV.  Plain CSV (for scripts) keeps the contract's keys and values;
    with ``bom`` it is for a person opening it in Excel or WPS: a UTF-8 BOM,
    Chinese headers (序号, 角色…) and values (牵头, 是…)."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if bom:
        writer.writerow([LABELS.get(k, k) for k in keys])
        for record in records:
            writer.writerow([safe_cell(people_value(k, record.get(k))) for k in keys])
        return "\ufeff" + buffer.getvalue()
    writer.writerow(keys)
    for record in records:
        writer.writerow([safe_cell(record.get(k)) for k in keys])
    return buffer.getvalue()


def _tsv_cell(value: Any) -> str:
    return " ".join(safe_cell(value).replace("\t", " ").splitlines())


def to_tsv(records: Sequence[dict[str, Any]], keys: Sequence[str], header: bool = True) -> str:
    lines = ["\t".join(keys)] if header else []
    lines += ["\t".join(_tsv_cell(r.get(k)) for k in keys) for r in records]
    return "".join(line + "\n" for line in lines)


def to_yaml(value: Any) -> str:
    import yaml

    text: str = yaml.safe_dump(
        value, allow_unicode=True, sort_keys=False, width=1000, default_flow_style=False
    )
    return text


def _md_cell(value: Any) -> str:
    text = flat(value).replace("\\", "\\\\").replace("|", "\\|")
    return "<br>".join(text.splitlines()) or " "


def to_markdown(records: Sequence[dict[str, Any]], keys: Sequence[str]) -> str:
    lines = [
        "| " + " | ".join(LABELS.get(k, k) for k in keys) + " |",
        "|" + "|".join("---" for _ in keys) + "|",
    ]
    lines += [
        "| " + " | ".join(_md_cell(people_value(k, r.get(k))) for k in keys) + " |" for r in records
    ]
    return "\n".join(lines) + "\n"


def _one_or_all(records: Records, options: Options) -> Any:
    return records[0] if options.single and records else list(records)


FORMATS: dict[Format, Callable[[Records, Sequence[str], Options], str]] = {
    Format.JSON: lambda r, _k, o: to_json(_one_or_all(r, o), o.pretty),
    Format.JSONL: lambda r, _k, _o: to_jsonl(r),
    Format.CSV: lambda r, k, o: to_csv(r, k, o.bom),
    Format.TSV: lambda r, k, _o: to_tsv(r, k),
    Format.YAML: lambda r, _k, o: to_yaml(_one_or_all(r, o)),
    Format.MD: lambda r, k, _o: to_markdown(r, k),
    Format.PLAIN: lambda r, k, _o: to_tsv(r, k, header=False),
}
#: The formats a user may ask for with --format.
FORMAT_NAMES: tuple[str, ...] = tuple(f.value for f in Format if f is not Format.PLAIN)


def format_records(
    records: Records, fmt: Format, keys: Sequence[str], options: Options | None = None
) -> str:
    """Records in a machine format; ``keys`` are the columns of flat formats."""
    options = options or Options()
    writer = FORMATS.get(fmt)
    if writer is None:
        raise UsageError(f"未知格式“{fmt.value}”（可选：{'、'.join(FORMAT_NAMES)}）")
    return writer(records, keys, options)
