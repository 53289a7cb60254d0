"""Scoring `drafter import` against the hand-read truth of the real-report corpus.

Used by tests/readers/test_corpus.py (one test per file, every wrong aspect
named) and run directly for the README's figures:

    python tests/corpus_truth.py          # both sets, tuned and holdout
"""

from __future__ import annotations

import difflib
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "corpus"
ASPECTS = ("title", "organisation", "year", "structure", "no website line", "nothing lost")
# What may stand before an organisation's own name: the places above it ("天津市" + "静海区人民政府").
_PLACES = re.compile(r"^(?:[\u4e00-\u9fff]{1,7}?(?:省|自治区|市|区|县|州|盟|旗))+$")
_PINYIN = re.compile(r"(?<=[\u4e00-\u9fff])[（(][a-zàáǎāèéěēìíǐīòóǒōùúǔūǖǘǚǜü]{1,7}[）)]")
_HEADING_MARKS = "。：；"
_WIDTH = str.maketrans({",": "，", ":": "：", ";": "；", "(": "（", ")": "）", "?": "？", "!": "！",
                        ".": "．", "、": "、", "\u3000": "", " ": "", "\t": "", "\n": "", "\xa0": ""})


def corpus_files() -> list[Path]:
    return sorted(CORPUS.glob("*.txt"))


def truth(path: Path) -> dict:
    return yaml.safe_load(path.with_suffix(".truth.yaml").read_text(encoding="utf-8"))


def _plain(text: str) -> str:
    return text.translate(_WIDTH)


def organisation_right(found: str, expected: str | None) -> bool:
    """Equal, or the truth's name with only the places above it left off; a gap when none is known.

    Compared in simplified characters: the truth writes a traditional-script page's name either way.
    """
    from drafter.model.placeholders import TODO_MARK
    from drafter.readers.frame import simplified

    if expected is None:
        return bool(TODO_MARK.fullmatch(found))
    found, expected = simplified(found), simplified(expected)
    if found == expected:
        return True
    return len(found) >= 3 and expected.endswith(found) and bool(_PLACES.match(expected[: -len(found)]))


@dataclass
class Score:
    name: str
    holdout: bool
    wrong: dict[str, str]  # aspect → what was found instead


def score(path: Path) -> Score:
    from drafter.layout.blocks import paragraphs, title_text
    from drafter.model.placeholders import TODO_MARK
    from drafter.readers.published import read_lines
    from drafter.readers.recognize import recognize

    expected = truth(path)
    imported = recognize(read_lines(path))
    report = imported.report
    wrong: dict[str, str] = {}

    title = title_text(report)
    if expected["title"] is not None:
        if _plain(title) != _plain(expected["title"]):
            wrong["title"] = title
    elif report.title is not None and not TODO_MARK.fullmatch(report.title):
        wrong["title"] = f"{title}（网页上没有标题行，标题应推导或留空）"
    if not organisation_right(report.organization, expected["organisation"]):
        wrong["organisation"] = report.organization
    if imported.year != expected["year"]:
        wrong["year"] = str(imported.year)

    parts = [p for p in report.parts if not TODO_MARK.fullmatch(p.title)]
    counts = (len(parts), sum(len(p.sections) for p in report.parts),
              sum(len(p.points) + sum(len(s.points) for s in p.sections) for p in report.parts))
    want = (expected["parts"], expected["sections"], expected["points"])
    points_ok = abs(counts[2] - want[2]) <= (1 if expected.get("points_approx") else 0)
    if counts[:2] != want[:2] or not points_ok:
        wrong["structure"] = f"部分/小节/要点 {counts}，应为 {want}"

    blocks = paragraphs(report)
    kept = _plain("".join(block.text for block in blocks))
    website = [_plain(line) for line in expected.get("website_lines") or []]
    website += [_plain(fragment) for fragment in expected.get("website_fragments") or [] if len(_plain(fragment)) > 3]
    leaked = [line for line in website if line and line in kept]
    if leaked:
        wrong["no website line"] = "、".join(leaked)

    source = _plain(path.read_text(encoding="utf-8"))
    for line in website + [_plain(line) for line in imported.letter]:
        if line:
            source = source.replace(line, "", 1)
    source = source.replace("...", "")  # a preview's cut mark
    source = _PINYIN.sub("", source)  # a converting mirror's pinyin after characters (27)
    if expected["title"] and source.count(_plain(expected["title"])) > 1:  # the page's headline and the article's
        source = source.replace(_plain(expected["title"]), "", 1)
    matcher = difflib.SequenceMatcher(None, source, kept, autojunk=False)
    lost = [source[i1:i2] for op, i1, i2, _, _ in matcher.get_opcodes() if op in ("delete", "replace")]
    # a heading's closing mark drafter writes itself (。 after a run-in heading, ： after the addressee)
    lost = [piece for piece in lost if piece.strip(_HEADING_MARKS)]
    if lost:
        wrong["nothing lost"] = f"少了 {sum(map(len, lost))} 个字：" + "｜".join(piece[:20] for piece in lost[:5])
    return Score(path.stem, bool(expected.get("holdout")), wrong)


def figures(scores: list[Score]) -> str:
    lines = []
    for label, holdout in (("调整用", False), ("留作评估", True)):
        group = [s for s in scores if s.holdout == holdout]
        right = {a: sum(a not in s.wrong for s in group) for a in ASPECTS}
        lines.append(f"{label}（{len(group)} 份）：" + "，".join(f"{a} {right[a]}/{len(group)}" for a in ASPECTS))
    return "\n".join(lines)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    only = sys.argv[1:]  # e.g. "tuned" to leave the holdout set unread
    results = [score(p) for p in corpus_files() if not (only == ["tuned"] and truth(p).get("holdout"))]
    for result in results:
        for aspect, found in result.wrong.items():
            print(f"{result.name}: {aspect}: {found}")
    print(figures(results))
