"""What a page says after an action succeeded (a notice screen readers announce).

A handler answers `redirect(path, key)`: the redirect carries the key in a short-lived
cookie, the next page shows NOTICES[key] in a role="status" region and clears the cookie,
so every save, submit, return, accept or upload says what happened (and URLs stay clean).
"""

from fastapi import Request
from fastapi.responses import RedirectResponse, Response

COOKIE = "chujing_notice"

NOTICES = {
    "created": "已保存草稿。",
    "saved": "已保存修改。",
    "review_requested": "已提交管理员审核。管理员签署《管理办法》第十五条承诺后即可提交板块。",
    "sent_back": "已退回经办人修改。",
    "submitted": "报告已提交板块，办件编号见下方。",
    "resubmitted": "补正后的报告已重新提交板块，办件编号不变。",
    "accepted": "已受理，受理回执可下载。",
    "returned": "已退回，并一次性告知全部补正事项。",
    "advanced": "已进入下一阶段。",
    "published": "已发布，新版本自生效日期起供查询和评估使用。",
    "commented": "意见已提交，办件编号见意见列表。",
    "resolved": "已记录处理结果。",
    "uploaded": "已导入上传的文件。",
    "survey_sent": "调研已发出。",
    "survey_closed": "调研已结束。",
    "reported": "已报告，办件编号见下方。",
    "asked": "咨询已提交，办件编号见下方。",
    "answered": "已答复。",
    "issued": "指令已下达。",
    "user_added": "已新增用户。",
    "user_saved": "已保存用户信息。",
    "user_disabled": "已停用该用户：其登录会话和接口令牌已全部失效。",
    "user_enabled": "已重新启用该用户。",
    "user_unlocked": "已解除该用户的登录锁定。",
    "password_reset": "已重置密码：该用户的登录会话已结束，登录锁定已解除。请将新密码告知本人。",
    "faq_published": "答复已匿名化并公开为常见问题。",
    "rectification_ordered": "已下达整改要求。",
    "rectified": "已报告整改情况，等待板块核查。",
    "closed": "已结案。",
    "order_closed": "指令已关闭。",
    "inbox_read": "已标为已读。",
    "record_added": "出境后记录已保存。",
    "concluded": "检查结论已记录。",
    "result_published": "检查结果已公示。",
}


def redirect(path: str, key: str) -> RedirectResponse:
    """A 303 to `path` whose page will announce NOTICES[key]."""
    assert key in NOTICES
    response = RedirectResponse(path, status_code=303)
    response.set_cookie(COOKIE, key, max_age=60, httponly=True, samesite="strict")
    return response


def pending(request: Request) -> str | None:
    """The notice the previous action left for this page, if any."""
    return NOTICES.get(request.cookies.get(COOKIE, ""))


def clear(request: Request, response: Response) -> None:
    """Forget the notice once a page has shown it."""
    if COOKIE in request.cookies:
        response.delete_cookie(COOKIE, httponly=True, samesite="strict")
