"""May a step of a case happen now, and which letter goes with it: the statutory conditions.

The services ask these functions before they record a step, the case page asks them before
it offers one, so the answer is the same everywhere. Each ``*_refusal`` function returns
None when the step is lawful, else the Chinese sentence that says why not (shown as is).
They read the case's ``rules.clock.ClockResult`` as of the day the step is taken.

* Art. 30: the 补正 notice is given once ("一次性告知"), within 7 working days of receipt;
  the application lapses ("视为放弃申请") only after the applicant's deadline.
* Art. 33: an extension needs the approval of the head of the disclosure office
  (who approves is the agency's organisation, ``applications.permissions``); all
  extensions together are at most 20 working days, decided before the due date passes.
* Art. 35: reasons may be asked of an applicant whose requests are manifestly excessive;
  a 不予处理 on that ground follows that step; a later reply date (延迟答复) is set when
  the reasons are reasonable but Art. 33's period is too short.
* 国办函〔2020〕109号: the fee notice goes out within the reply period; the application
  lapses for non-payment only after the payment window.

Pure Python, no Django.
"""

from __future__ import annotations

import datetime

from gongkai.rules.clock import MAX_EXTENSION_WORKDAYS, ClockResult
from gongkai.rules.outcomes import OUTCOMES_BY_KEY

__all__ = [
    "LETTERS",
    "LETTER_ARTICLES",
    "consultation_article",
    "correction_request_refusal",
    "correction_lapse_refusal",
    "extension_refusal",
    "fee_notice_refusal",
    "fee_lapse_refusal",
    "reasons_request_refusal",
    "delay_refusal",
    "outcome_refusal",
    "reply_missing",
    "needs_secrecy_review",
    "release_refusal",
    "SECRECY_CHECKLIST",
]

#: The letter each step issues (``applications.models.LetterKind`` values).
LETTERS: dict[str, str] = {
    "register": "receipt",  # 登记回执, when the received day is known at once
    "confirm_receipt": "receipt",
    "request_correction": "correction",  # 补正告知书 (Art. 30)
    "open_consultation": "consultation",  # 征求意见书 (Arts. 32, 34)
    "approve_extension": "extension",  # 延期答复告知书 (Art. 33)
    "fee_notice": "fee",  # 收费通知书 (109号)
    "request_reasons": "reasons",  # 说明理由通知书 (Art. 35)
    "set_delay": "delay",  # 延迟答复告知书 (Art. 35)
    "sign_off": "reply",  # 答复书 / 告知书 (Art. 36)
}

#: The article of the 条例 each letter other than the reply cites (the reply cites its
#: outcome's ``rules.outcomes.Outcome.article``). The consultation letter cites Art. 32 to a
#: third party and Art. 34 to another agency (``consultation_article``).
LETTER_ARTICLES: dict[str, str] = {
    "receipt": "第三十三条第二款",  # 20 working days from receipt
    "correction": "第三十条",  # 补正: once, with a reasonable deadline
    "extension": "第三十三条第二款",  # extension approved by the office head
    "fee": "第四十二条",  # 信息处理费 (with 国办函〔2020〕109号)
    "reasons": "第三十五条",  # 说明理由
    "delay": "第三十五条",  # 延迟答复
}


def consultation_article(party_kind: str) -> tuple[str, str]:
    """The article a consultation letter cites and what silence means under it.

    Art. 32 (third party): "第三方逾期未提出意见的，由行政机关依照本条例的规定决定是否公开";
    Art. 34 (co-maker agency): "逾期未提出意见的视为同意公开".
    """
    if party_kind == "agency":
        return "第三十四条", "逾期未提出意见的，视为同意公开。"
    return "第三十二条", "逾期未提出意见的，由本机关依照本条例的规定决定是否公开。"


def _d(day: datetime.date) -> str:
    return day.isoformat()


def correction_request_refusal(clock: ClockResult, on: datetime.date) -> str | None:
    """Art. 30: once only, within 7 working days of receipt."""
    if clock.correction_requested_on is not None:
        return f"补正只能一次性告知（第三十条），本案已于 {_d(clock.correction_requested_on)} 告知过补正"
    if clock.correction_notice_due is not None and on > clock.correction_notice_due:
        return (
            f"补正告知应在收到申请之日起7个工作日内作出（截至{_d(clock.correction_notice_due)}，"
            "第三十条）"
        )
    return None


def correction_lapse_refusal(clock: ClockResult, on: datetime.date) -> str | None:
    """Art. 30: "逾期不补正的，视为放弃申请" only once the applicant's deadline has passed."""
    deadline = clock.correction_deadline
    if deadline is None:
        return "本案没有补正告知"
    if on <= deadline:
        return f"补正期限（{_d(deadline)}）尚未届满，不能按逾期未补正处理"
    return None


def extension_refusal(clock: ClockResult, workdays: int, on: datetime.date) -> str | None:
    """Art. 33: at most 20 working days in all, decided while the due date has not passed."""
    left = MAX_EXTENSION_WORKDAYS - clock.extension_workdays
    if left <= 0:
        return (
            f"本案已延长答复期限{clock.extension_workdays}个工作日，"
            "延长的期限最长不得超过20个工作日（第三十三条）"
        )
    if not 1 <= workdays <= left:
        return (
            f"延长的期限应为1至{left}个工作日（第三十三条：延长的期限合计最长不得超过20个工作日）"
        )
    if clock.delayed:
        return "已依第三十五条确定延迟答复的期限，不再适用第三十三条的延期"
    if clock.reply_due is not None and on > clock.reply_due:
        return f"答复期限（{_d(clock.reply_due)}）已过，不能再延期"
    return None


def fee_notice_refusal(clock: ClockResult, on: datetime.date) -> str | None:
    """109号: "应当在政府信息公开申请处理期限内…发出收费通知"."""
    if clock.reply_due is not None and on > clock.reply_due:
        return f"收费通知应在答复期限（{_d(clock.reply_due)}）内发出（国办函〔2020〕109号）"
    return None


def fee_lapse_refusal(clock: ClockResult, on: datetime.date) -> str | None:
    """109号: not paid within 20 working days of receiving the notice → 视为放弃申请."""
    due = clock.fee_payment_due
    if due is None:
        return "本案没有收费通知"
    if on <= due:
        return f"缴费期限（{_d(due)}）尚未届满"
    return None


def reasons_request_refusal(
    clock: ClockResult, deadline: datetime.date, on: datetime.date
) -> str | None:
    """Art. 35: one open request for reasons at a time, with a deadline after the request."""
    if any(w.kind == "reasons" for w in clock.windows):
        return "已要求申请人说明理由，尚未收到"
    if deadline <= on:
        return "说明理由的期限应晚于告知日期"
    return None


def delay_refusal(clock: ClockResult, due: datetime.date, on: datetime.date) -> str | None:
    """Art. 35: a reasonable later date, set while Art. 33's period has not run out."""
    statutory = clock.statutory_reply_due
    if statutory is None:
        return "答复期限尚未确定（如正在等待补正），不能确定延迟答复"
    if due <= statutory:
        return f"延迟答复的期限应晚于第三十三条规定的答复期限（{_d(statutory)}）"
    if on > statutory:
        return f"第三十三条规定的答复期限（{_d(statutory)}）已过，不能再确定延迟答复"
    return None


def outcome_refusal(outcome: str, *, reasons_asked: bool) -> str | None:
    """Art. 35: 不予处理 for an excessive volume presupposes that reasons were asked for."""
    if outcome == "result.no_process.4" and not reasons_asked:
        return "依第三十五条不予处理的，应先要求申请人说明理由"
    return None


def reply_missing(outcome: str, fields: dict) -> list[tuple[str, str]]:
    """What the reply of an outcome must state and the clerk left empty: ``(field, why)``.

    * Art. 36(七) (result.refuse.8): "告知申请人依照有关法律、行政法规的规定办理": the law
      (``special_law``) and where to proceed (``special_office``).
    * Art. 36(五) (result.unable.1.not_responsible): "告知申请人并说明理由" (the reason, in
      ``text``); "能够确定负责公开该政府信息的行政机关的，告知申请人该行政机关的名称、联系方式":
      when ``responsible_known``, the agency's name (``responsible_agency``) and contact
      (``responsible_contact``).
    """
    required: list[tuple[str, str]] = []
    if outcome == "result.refuse.8":
        required = [
            ("special_law", "请填写依照办理的法律、行政法规（第三十六条第（七）项）"),
            ("special_office", "请填写办理机构（第三十六条第（七）项）"),
        ]
    elif outcome == "result.unable.1.not_responsible":
        required = [("text", "请说明不属于本机关负责公开的理由（第三十六条第（五）项）")]
        if fields.get("responsible_known"):
            required += [
                ("responsible_agency", "请填写负责公开的行政机关名称（第三十六条第（五）项）"),
                ("responsible_contact", "请填写该行政机关的联系方式（第三十六条第（五）项）"),
            ]
    return [(name, why) for name, why in required if not str(fields.get(name) or "").strip()]


#: What the 保密审查 of an answer that releases information confirms (Art. 17, with Arts.
#: 14, 15 and 37): each item must be ticked for the review to pass.
SECRECY_CHECKLIST: tuple[tuple[str, str], ...] = (
    ("no_state_secret", "拟提供的信息不涉及国家秘密（第十四条）"),
    ("no_security_risk", "公开后不危及国家安全、公共安全、经济安全和社会稳定（第十四条）"),
    (
        "third_party_cleared",
        "不涉及商业秘密、个人隐私等第三方合法权益，或已征得第三方同意、已作区分处理（第十五条）",
    ),
    ("withheld_separated", "部分公开的，不予公开的内容已作区分处理并说明理由（第三十七条）"),
    ("files_match", "拟提供的文件与答复内容一致，已逐份审查"),
)


def needs_secrecy_review(outcome: str) -> bool:
    """Art. 17: an answer that provides information (全部公开, 部分公开) passes a 保密审查
    before it goes out; pointing to information already published (Art. 36(一)) releases
    nothing new."""
    info = OUTCOMES_BY_KEY.get(outcome)
    return bool(info and info.disclosed and outcome != "result.open.already")


def release_refusal(outcome: str, *, cleared: bool) -> str | None:
    """The reply may be signed only once its 保密审查 passed, when it provides information."""
    if needs_secrecy_review(outcome) and not cleared:
        return "答复提供政府信息的，签发前须经保密审查（第十七条）"
    return None
