"""The list-drafting state machine of CQ Art 9: which action moves which stage where.

需求调研 → 重要数据识别 → 业务场景分析 → 专家论证与征求意见 → 市委网信委批准 → 国家备案 → 发布;
a draft may go back from consultation to analysis for revision, and be abandoned before it is
published. Updating (更新) starts a new draft from a published version; repealing (废止) ends one.
"""

from dataclasses import dataclass

from chujing.labels import LIST_STAGE_ACTIONS
from chujing.platform.errors import Conflict
from chujing.platform.listcycle.models import STAGE_NAMES_ZH
from chujing.platform.listcycle.models import Stage as S


@dataclass(frozen=True)
class Transition:
    """An action allowed from some stages, leading to one stage."""

    action: str
    sources: frozenset[S]
    target: S


TRANSITIONS = {
    t.action: t
    for t in (
        Transition("identify", frozenset({S.survey}), S.identification),
        Transition("analyse", frozenset({S.identification}), S.analysis),
        Transition("consult", frozenset({S.analysis}), S.consultation),
        Transition("revise", frozenset({S.consultation}), S.analysis),
        Transition("approve", frozenset({S.consultation}), S.approved),
        Transition("file", frozenset({S.approved}), S.filed),
        Transition("publish", frozenset({S.filed}), S.published),
        Transition(
            "abandon",
            frozenset(
                {S.survey, S.identification, S.analysis, S.consultation, S.approved, S.filed}
            ),
            S.abandoned,
        ),
    )
}
EDITABLE = frozenset({S.survey, S.identification, S.analysis, S.consultation})
COMMENTABLE = frozenset({S.consultation})


def check(action: str, stage: str) -> Transition:
    """The transition for `action` from `stage`, or 409 naming the illegal move."""
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise Conflict("未知的操作", field="action", code="illegal_transition")
    if S(stage) not in transition.sources:
        raise Conflict(
            f"当前阶段（{STAGE_NAMES_ZH[S(stage)]}）不能{LIST_STAGE_ACTIONS[action]}",
            field="stage",
            code="illegal_transition",
        )
    return transition
