"""Data files people edit by hand (units.yaml, synonyms.yaml, tasks.yaml):
read with YAML's safe loader and validated with pydantic, every problem turned
into one ``ParseError`` naming the file, the line or record, and the field."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from gwr_cli.errors import ParseError
from gwr_cli.files import read_bytes

Model = TypeVar("Model", bound=BaseModel)


def read_yaml(path: Path, what: str) -> Any:
    """The YAML document in ``path`` (UTF-8, BOM allowed), read safely."""
    import yaml

    raw = read_bytes(path, what)
    # libyaml's loader when PyYAML has it (its wheels do): the same safe
    # loading, about five times faster than the pure-Python one.
    # (What yaml.load does, with only a safe loader in reach.)
    safe = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        loader = safe(raw.decode("utf-8-sig"))
        try:
            return loader.get_single_data()
        finally:
            loader.dispose()
    except UnicodeDecodeError:
        raise ParseError(str(path), None, f"{what}不是 UTF-8 编码") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or "格式错误"
        raise ParseError(str(path), line, f"{what} YAML 格式错误：{problem}") from None


def validate(model: type[Model], data: Any, path: str, what: str) -> Model:
    """``data`` as ``model``; a ``ParseError`` naming the record and field otherwise."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise ParseError(path, None, f"{what}无效：{describe(exc, data)}") from None


def describe(exc: ValidationError, data: Any = None) -> str:
    """The first error of ``exc`` as ``tasks.4.id（第 五 项）: message``: the
    field's path, and the record it is in when ``data`` has one there."""
    err = exc.errors()[0]
    loc: Sequence[Any] = err.get("loc", ())
    where = ".".join(str(p) for p in loc)
    record = _record(loc, data)
    return f"{where}{f'（{record}）' if record else ''}: {err.get('msg', '')}"


def _record(loc: Sequence[Any], data: Any) -> str:
    if len(loc) < 2 or not isinstance(data, Mapping) or not isinstance(loc[1], int):
        return ""
    items = data.get(loc[0])
    if not isinstance(items, list) or loc[1] >= len(items):
        return ""
    item = items[loc[1]]
    if not isinstance(item, Mapping):
        return ""
    if "id" in item:
        return f"第 {item['id']} 项"
    return str(item.get("name", ""))
