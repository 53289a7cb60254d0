"""A department's returned file (`build --by-department`) changes only its own sections.

The map names the department, the model paths of its sections and the figures
declared there.  Every edit the plan found is checked against them before
anything is merged: one that would land elsewhere (the title, another
department's section or figure, the report's own parts, a new section) is
refused with a message naming the paragraph and what to do, and the whole
merge writes nothing.  Lines drafter wrote for the department (who the file is
for, how to fill it) may be deleted; changing them is refused like the title.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import DrafterError, Position
from ..readers.reviewed import BuildMap, MapParagraph, Scope
from .mergeplan import NewItem, Plan


def _snippet(text: str) -> str:
    text = text.strip("\u3000\u2002 \t\n").replace("\n", " ")
    return text[:24] + ("…" if len(text) > 24 else "")


def _changed(old: str, new: str) -> str:
    return f"改动了不属于本科室的“{_snippet(old) or '空行'}”（改为“{_snippet(new)}”）"


def _own(paragraph: MapParagraph, scope: Scope) -> bool:
    return any(scope.holds(f.path) for f in paragraph.fields)


def refusals(docx: Path, built: BuildMap, reviewed: list[str], plan: Plan) -> list[DrafterError]:
    """What in a department's file would change something outside its sections (nothing if not a department's file)."""
    scope = built.scope
    if scope is None:
        return []
    hint = "只能修改本科室负责的小节：请在 Word 中撤销这处修改，保存后重新合并（其他内容请告诉负责汇总报告的科室）；这次没有写入任何文件"
    found: list[str] = []
    paragraphs = built.paragraphs
    last_with_fields: MapParagraph | None = None
    said: set[tuple] = set()  # fields of the paragraphs already refused
    added: set[str] = set()  # paragraphs added outside, already refused
    deleted: MapParagraph | None = None  # deleted outside by the pair before: text typed over it is one change
    for i, j in plan.pairs:
        over, deleted = deleted, None
        if i is None:  # added: it joins the last paragraph before it that came from the sources
            if reviewed[j].strip() and (last_with_fields is None or not _own(last_with_fields, scope)):
                if over is not None:
                    if over.fields:
                        found.pop()  # its deletion, said just before
                    found.append(_changed(over.text, reviewed[j]))
                else:
                    found.append(f"新增的段落“{_snippet(reviewed[j])}”不在本科室负责的小节中")
                added.add(reviewed[j].strip())
            continue
        paragraph = paragraphs[i]
        if paragraph.fields:
            last_with_fields = paragraph
        if _own(paragraph, scope):
            continue
        if j is None:
            deleted = paragraph
            if paragraph.fields:
                found.append(f"删除了不属于本科室的“{_snippet(paragraph.text)}”")
        elif reviewed[j] != paragraph.text:
            found.append(_changed(paragraph.text, reviewed[j]))
        else:
            continue
        said.update(f.path for f in paragraph.fields)
    for path, (base, theirs) in plan.texts.items():  # an edit the paragraphs above did not show
        if not scope.holds(path) and path not in said and (theirs is None or theirs.source != base.source):
            found.append(f"改动了不属于本科室的“{_snippet(base.source)}”")
    for (_, path), order in plan.lists.items():  # deletions show as paragraphs changed or deleted, above
        if not scope.holds(path):
            found += [f"新增的“{_snippet(item.text)}”不在本科室负责的小节中" for item in order
                      if isinstance(item, NewItem) and item.text.strip() not in added]
    for section in plan.sections:
        found.append(f"新增了一个小节“{_snippet(section['title'])}”：新的小节请负责汇总报告的科室添加")
    for (name, modifier), seen in plan.figures.items():
        if name not in scope.figures and any(old != new for old, new in seen):
            found.append(f"改动了数据【{name}】的数值，这个数据不在本科室的小节中")
    return [DrafterError(f"{scope.department}的填写稿：{what}", position=Position(docx), hint=hint)
            for what in dict.fromkeys(found)]
