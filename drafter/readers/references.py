"""Placeholders in the raw sources, checked before validation so unknown names are listed
with every other error, each at the name itself with the nearest names that exist."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import DrafterError, Position
from ..model import placeholders
from ..model.invisible import named, visible
from ..patterns import lazy
from .yamlsource import SourceMap, SourceText


def figure_holders(data: dict) -> list[tuple[tuple, dict]]:
    """The report and each section, as raw mappings with their paths: where figures may be declared."""
    holders = [((), data)]
    parts = data.get("parts")
    for i, part in enumerate(parts if isinstance(parts, list) else []):
        sections = part.get("sections") if isinstance(part, dict) else None
        for j, section in enumerate(sections if isinstance(sections, list) else []):
            if isinstance(section, dict):
                holders.append((("parts", i, "sections", j), section))
    return holders


def _raw_texts(data: Any, path: tuple = ()):
    """Every string of the raw data with its path."""
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _raw_texts(value, path + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _raw_texts(value, path + (i,))


def check_placeholders(data: Any, source_map: SourceMap, files: dict[Path, SourceText], *,
                        unread: list[str] = ()) -> list[DrafterError]:
    """Unknown placeholders, found before validation so they are listed with every other error.

    `unread` are the texts of files that could not be read: a name written there may be a figure
    declared there, so it is not called unknown (the one line about the unread file says so)."""
    figures = {
        figure.get("name") for _, holder in figure_holders(data)
        for figure in (holder.get("figures") if isinstance(holder.get("figures"), list) else [])
        if isinstance(figure, dict) and isinstance(figure.get("name"), str)
    }
    known = set(placeholders.KNOWN) | figures
    errors = []
    for path, text in _raw_texts(data):
        if "【" not in text or ("figures" in path and path[-1] == "name"):
            continue
        for match in placeholders.PLACEHOLDER.finditer(text):
            name = match.group(1)
            if name in figures or (name in known and not match.group(2)):
                continue  # a figure's, or a standard placeholder written plain: sound
            where = _place_in_text(source_map, files, path, match.group(0)) or source_map.find(path)
            if name in known:
                errors.append(DrafterError(
                    f"“{match.group(0)}”：只有数据才能写“:{match.group(2)}”",
                    position=where, hint=f"写【{name}】即可",
                ))
                continue
            if not any(name in text for text in unread):
                import difflib  # suggestions: only for an unknown name

                nearest = difflib.get_close_matches(name, sorted(known), n=3, cutoff=0.6)
                errors.append(DrafterError(
                    f"未知的占位符“【{name}】”",
                    position=where,
                    hint=("是不是想写" + "或".join(f"【{k}】" for k in nearest) + "？" if nearest else "")
                    + "可用的占位符：" + "、".join(f"【{k}】" for k in placeholders.KNOWN)
                    + ("；本报告的数据：" + "、".join(f"【{k}】" for k in sorted(figures)) if figures else "")
                    + "。引用数据要先在 figures 中声明",
                ))
        # 【年度​】 with a zero-width space is no placeholder and would be printed as typed: name the character
        # (invisible ones are all unprintable: a text without those has none).
        if text.isprintable():
            continue
        for match in _BRACKETED.finditer(text):
            hidden = named(f"占位符“【{visible(match.group(1))}】”", match.group(1))
            if hidden and visible(match.group(1)).split(":")[0].split("：")[0] in known:
                errors.append(DrafterError(hidden, position=source_map.find(path),
                                           hint="这种字符常见于从网页、微信或 Word 复制的文字：删掉这个占位符，用键盘重新输入"))
    return errors


_BRACKETED = lazy(r"【([^【】\n]{1,40})】")


def _place_in_text(source_map: SourceMap, files: dict[Path, SourceText], path: tuple, needle: str) -> Position | None:
    """Where `needle` stands inside the text at `path`, pointing at the name after the bracket."""
    span, start = source_map.spans.get(path), source_map.values.get(path)
    source = files.get(start.path) if start is not None else None
    if span is None or source is None:
        return None
    found = source.text.find(needle, *span)
    return source.position(found + 1) if found >= 0 else None
