"""The report state machine: which action moves which state where, and who may take it."""

from dataclasses import dataclass

from chujing.platform.errors import Conflict
from chujing.platform.permissions import Perm
from chujing.platform.reports.models import STATE_NAMES_ZH
from chujing.platform.reports.models import ReportState as S


@dataclass(frozen=True)
class Transition:
    """An action allowed from some states, leading to one state, needing one permission."""

    action: str
    sources: frozenset[S]
    target: S
    perm: Perm


TRANSITIONS = {
    t.action: t
    for t in (
        Transition("submit", frozenset({S.draft}), S.submitted, Perm.reports_submit),
        Transition("resubmit", frozenset({S.returned}), S.resubmitted, Perm.reports_submit),
        Transition(
            "accept", frozenset({S.submitted, S.resubmitted}), S.accepted, Perm.reports_review
        ),
        Transition(
            "return", frozenset({S.submitted, S.resubmitted}), S.returned, Perm.reports_review
        ),
        Transition("supersede", frozenset({S.accepted}), S.superseded, Perm.reports_review),
        Transition(
            "withdraw",
            frozenset({S.submitted, S.returned, S.resubmitted}),
            S.withdrawn,
            Perm.reports_submit,
        ),
    )
}
# what each action is called in refusals and in a report's history
ACTION_NAMES = {
    "submit": "提交报告",
    "resubmit": "补正后重新提交",
    "accept": "受理报告",
    "return": "退回补正",
    "supersede": "以更正报告替代",
    "withdraw": "撤回报告",
    "request_review": "提交管理员审核",
    "send_back": "退回经办人修改",
}
EDITABLE = frozenset({S.draft, S.returned})
# reports the zone has received and that may count (`tally.counting` drops replaced ones);
# drafts, withdrawn and superseded reports never count
COUNTED = frozenset({S.submitted, S.returned, S.resubmitted, S.accepted})


def check(action: str, state: str) -> Transition:
    """The transition for `action` from `state`, or 409 naming the illegal move."""
    transition = TRANSITIONS[action]
    if S(state) not in transition.sources:
        raise Conflict(
            f"当前状态（{STATE_NAMES_ZH[S(state)]}）不能{ACTION_NAMES[action]}",
            field="state",
            code="illegal_transition",
        )
    return transition
