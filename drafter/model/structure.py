"""The parts a report has, as the regulation names them (FORMAT.md §1).

《法治政府建设与责任落实督察工作规定》 lists five parts; many reports use three
(举措和成效 / 存在问题 / 下一步计划).  Part titles vary, so a part's kind is read
from the words of its title.
"""

from __future__ import annotations

ACHIEVEMENTS, DUTY, PROBLEMS, PLANS, OTHER = "achievements", "duty", "problems", "plans", "other"

# The five statutory parts, worded for the report year (【年度】) and the year after.
FIVE_PARTS = {
    ACHIEVEMENTS: "【年度】年推进法治政府建设的主要举措和成效",
    DUTY: "【年度】年党政主要负责人履行推进法治建设第一责任人职责，加强法治政府建设的有关情况",
    PROBLEMS: "【年度】年推进法治政府建设存在的不足和原因",
    PLANS: "【下年度】年推进法治政府建设的主要安排",
    OTHER: "其他需要报告的情况",
}

_KINDS = [
    (DUTY, ("第一责任人", "主要负责人")),
    (PROBLEMS, ("问题", "不足", "短板", "差距")),
    (PLANS, ("计划", "安排", "打算", "思路", "下一步", "下一年度", "明年", "展望")),
    (OTHER, ("其他",)),
]


def kind_of(title: str) -> str:
    """Which statutory part a part title is: achievements unless its words say otherwise."""
    for kind, words in _KINDS:
        if any(word in title for word in words):
            return kind
    return ACHIEVEMENTS
