"""What a case event's recorded data says, in words a clerk reads (the case page's timeline).

Events store their details as a JSON object of keys and codes (``services._event``); the
timeline shows each known key with its Chinese label and each code with its label, and leaves
out what is internal (record ids, the stored hash of a query code, the clock's explanation).
A key nobody labelled is shown by value only, never by its English name (#18.11).
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext_lazy as _

LABELS: dict[str, str] = {
    "channel": _("渠道"),
    "method": _("方式"),
    "note": _("备注"),
    "number": _("文号"),
    "outcome": _("办理结果"),
    "article": _("依据条款"),
    "passed": _("审查结论"),
    "basis": _("审查依据"),
    "checked": _("已确认事项"),
    "unit_name": _("承办单位"),
    "reason": _("理由"),
    "workdays": _("工作日数"),
    "approved": _("审批结果"),
    "party": _("征求意见对象"),
    "party_kind": _("对象类型"),
    "party_received_on": _("对方收到日期"),
    "received_on": _("收到日期"),
    "opinion": _("意见"),
    "withheld": _("不予公开的内容"),
    "grounds": _("理由"),
    "amount": _("金额（元）"),
    "quantity": _("数量"),
    "already_this_month": _("本月已申请件数"),
    "deadline": _("期限"),
    "due": _("期限"),
    "delivery": _("送达方式"),
    "tracking": _("邮件单号"),
    "consequence": _("后果"),
    "content": _("内容"),
    "matter": _("事项"),
    "matters": _("事项"),
    "message": _("说明"),
    "refusal": _("不予办理的原因"),
    "released": _("公开的文件"),
    "reasonable": _("合理期限"),
    "resume": _("恢复计时"),
    "lapsed": _("已届满"),
    "form": _("提供形式"),
    "sources": _("来源"),
    "state": _("状态"),
    "status": _("状态"),
    "label": _("名称"),
    "kind": _("类型"),
    "text": _("内容"),
    "receipt": _("回执"),
    "target": _("对象"),
    "roles": _("角色"),
    "allowed": _("允许"),
    "flat": _("按件计收"),
}

#: Internal keys: ids of records shown elsewhere, never the query code or its hash.
HIDDEN = frozenset({"unit", "letter", "query_code", "explain", "id", "pk", "version"})


def _choice_labels() -> dict[str, Callable[[object], str]]:
    from gongkai.applications.forms import ConfirmReceiptForm
    from gongkai.applications.models import Channel, ProvisionForm
    from gongkai.applications.services import DELIVERY_METHODS
    from gongkai.rules.fees import NOTICE_DELIVERY
    from gongkai.rules.outcomes import OUTCOMES_BY_KEY
    from gongkai.rules.procedure import SECRECY_CHECKLIST

    methods = {
        **dict(ConfirmReceiptForm.base_fields["method"].choices),
        **NOTICE_DELIVERY,
        **DELIVERY_METHODS,
    }
    checklist = dict(SECRECY_CHECKLIST)
    party_kinds = {"third_party": _("第三方（第三十二条）"), "agency": _("其他机关（第三十四条）")}

    def outcome(value):
        found = OUTCOMES_BY_KEY.get(value)
        return found.label if found else value

    return {
        "channel": lambda v: Channel(v).label if v in Channel.values else v,
        "method": lambda v: methods.get(v, v),
        "delivery": lambda v: methods.get(v, v),
        "outcome": outcome,
        "checked": lambda v: "、".join(str(checklist.get(item, item)) for item in v),
        "party_kind": lambda v: party_kinds.get(v, v),
        "form": lambda v: ProvisionForm(v).label if v in ProvisionForm.values else v,
        "passed": lambda v: _("同意提供") if v else _("不同意，退回修改"),
        "approved": lambda v: _("同意") if v else _("不同意"),
    }


def _text(value) -> str:
    if value is True:
        return str(_("是"))
    if value is False:
        return str(_("否"))
    if isinstance(value, (list, tuple)):
        return "、".join(_text(v) for v in value)
    if isinstance(value, dict):
        return "；".join(_text(v) for v in value.values())
    return str(value)


def details(data: dict) -> list[tuple[str, str]]:
    """(label, text) for each shown item of an event's data, in the recorded order; the label
    is empty for a key without one."""
    labelled = _choice_labels()
    shown = []
    for key, value in (data or {}).items():
        if key in HIDDEN or value in (None, "", [], {}):
            continue
        try:
            text = labelled[key](value) if key in labelled else _text(value)
        except (TypeError, ValueError):
            text = _text(value)
        shown.append((str(LABELS.get(key, "")), str(text)))
    return shown
