"""What 《法治政府建设与责任落实督察工作规定》 asks of a published report (FORMAT.md §1):
its statutory parts, and publication by the end of the first quarter."""

from __future__ import annotations

import datetime

from ..errors import DrafterWarning
from ..model import structure
from ..model.report import Report, date_text

_REQUIRED = {
    structure.ACHIEVEMENTS: "推进法治政府建设的主要举措和成效",
    structure.DUTY: "党政主要负责人履行推进法治建设第一责任人职责，加强法治政府建设的有关情况",
    structure.PROBLEMS: "推进法治政府建设存在的不足和原因",
    structure.PLANS: "下一年度推进法治政府建设的主要安排",
}


def regulation_warnings(report: Report) -> list[DrafterWarning]:
    """What 《法治政府建设与责任落实督察工作规定》 asks that the report lacks."""
    warnings = []
    kinds = {structure.kind_of(part.title) for part in report.parts}
    for kind, title in _REQUIRED.items():
        if kind not in kinds:
            warnings.append(DrafterWarning(
                f"缺少《法治政府建设与责任落实督察工作规定》要求的部分：“{title}”", position=report.position,
                hint="按规定补上这一部分（drafter next --five-part 可生成五部分结构）",
            ))
    deadline = datetime.date(report.year + 1, 4, 1)
    if report.date and report.date > deadline:
        warnings.append(DrafterWarning(
            f"成文日期 {date_text(report.date)} 晚于规定的公开期限"
            f"（{report.year + 1}年4月1日前）", position=report.position, hint="确认日期是否写对",
        ))
    return warnings
