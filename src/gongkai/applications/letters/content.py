"""The text of each letter, built from the case: title, recipient and body paragraphs.

Wording follows domain-rules §4.5 and the 宿迁 document set (§5.2): every letter
cites the article it rests on; replies end with the remedy clause (行政复议 within
60 days, 行政诉讼 within 6 months; for 不予公开, 行政复议 first: 行政复议法 Art. 23).
The body is plain text, one paragraph per line, so staff can edit a draft.

Every sentence that speaks to the applicant takes its word from ``addressee``: 您 for a
natural person; for a legal person or other organisation 你单位 or 贵单位, as the agency
chose (``AgencyApplicationSettings.organisation_addressee``). Articles are cited from
``rules.outcomes`` (replies) and ``rules.procedure.LETTER_ARTICLES`` (the other letters).
"""

import datetime

from gongkai.applications.models import Application, LetterKind
from gongkai.rules.outcomes import OUTCOMES_BY_KEY
from gongkai.rules.procedure import LETTER_ARTICLES, consultation_article

REG = "《中华人民共和国政府信息公开条例》"

PROVISION_TEXT = {
    "paper": "纸质件",
    "electronic": "电子数据",
    "inspection": "现场查阅",
}
RECEIPT_TEXT = {
    "post": "邮寄",
    "email": "电子邮件",
    "pickup": "自行领取",
    "online": "网上获取（通过申请编号和查询码在本机关门户网站下载）",
}


def cn_date(d: datetime.date | None) -> str:
    """2026年3月5日 (成文日期 style, GB/T 9704)."""
    if d is None:
        return "____年__月__日"
    return f"{d.year}年{d.month}月{d.day}日"


def reconsideration_body(app: Application) -> str:
    agency = app.agency
    if agency.reconsideration_body:
        return agency.reconsideration_body
    parent = agency.get_parent()
    return parent.name if parent is not None else "上一级行政机关"


def addressee(app: Application) -> str:
    """How the letters address the applicant: 您, or the agency's word for organisations."""
    if app.is_person:
        return "您"
    from gongkai.applications.services import agency_settings

    return agency_settings(app.agency).organisation_addressee


def _request_summary(app: Application) -> str:
    what = f"“{app.info_title}”"
    if app.doc_number:
        what += f"（文号：{app.doc_number}）"
    return what


def _intro(app: Application) -> str:
    you = addressee(app)
    return (
        f"本机关于{cn_date(app.received_on)}收到{you}提出的政府信息公开申请"
        f"（申请编号：{app.tracking_number}），申请获取{_request_summary(app)}。"
    )


def remedy_clause(app: Application, outcome: str) -> str:
    """The remedy sentence: 复议 first for a 不予公开 decision (``Outcome.review_first``,
    行政复议法 Art. 23 ¶1(四)); otherwise 复议 within 60 days or 诉讼 within 6 months."""
    body = reconsideration_body(app)
    you = addressee(app)
    if OUTCOMES_BY_KEY[outcome].review_first:
        return (
            f"{you}如对本{'答复' if outcome == 'result.partial' else '决定'}中不予公开的决定不服，"
            "依照《中华人民共和国行政复议法》第二十三条的规定，应当先向行政复议机关申请行政复议："
            f"可以自收到本{'答复书' if outcome == 'result.partial' else '告知书'}之日起六十日内向{body}申请行政复议；"
            "对行政复议决定不服的，可以依法向人民法院提起行政诉讼。"
            + (
                f"对其他内容不服的，可以自收到本答复书之日起六十日内向{body}申请行政复议，"
                "或者在六个月内向人民法院提起行政诉讼。"
                if outcome == "result.partial"
                else ""
            )
        )
    return (
        f"{you}如对本答复不服，可以自收到本答复之日起六十日内向{body}申请行政复议，"
        "或者自收到本答复之日起六个月内向人民法院提起行政诉讼。"
    )


def reply_title(app: Application, outcome: str) -> str:
    letter = OUTCOMES_BY_KEY[outcome].letter
    if letter == "答复书":
        return f"{app.agency.name}政府信息公开申请答复书"
    return f"{app.agency.name}政府信息公开申请{letter}"


def _reply_paragraphs(app: Application) -> list[str]:
    reply = app.reply or {}
    outcome = app.outcome or reply.get("outcome", "")
    info = OUTCOMES_BY_KEY[outcome]
    you = addressee(app)
    paras = [_intro(app)]
    correction = app.events.filter(kind="correction_received").order_by("-at").first()
    if correction:
        paras.append(f"{you}于{cn_date(correction.on)}提交了补正材料。")
    paras.append("经研究，现答复如下：")
    how = reply.get("how_provided") or (
        f"以{PROVISION_TEXT.get(app.provision_form, '')}形式，通过"
        f"{RECEIPT_TEXT.get(app.receipt_method, '')}方式提供"
    )
    if outcome == "result.open":
        paras.append(
            f"{you}申请获取的政府信息属于可以公开的政府信息。根据{REG}{info.article}的规定，"
            f"本机关向{you}提供该政府信息，{how}。"
        )
    elif outcome == "result.open.already":
        paras.append(
            f"{you}申请获取的政府信息本机关已经主动公开。根据{REG}{info.article}的规定，"
            f"{you}可以通过以下方式、途径获取：{reply.get('text') or '本机关门户网站政府信息公开专栏'}。"
        )
    elif outcome == "result.partial":
        paras.append(
            f"{you}申请获取的政府信息中，部分内容可以公开，部分内容依法不予公开。"
            f"根据{REG}{info.article}的规定，本机关对该信息作区分处理，向{you}提供可以公开的内容，{how}。"
        )
        paras.append("下列内容不予公开，理由如下：")
        for i, w in enumerate(reply.get("withheld", []), start=1):
            paras.append(f"{i}. {w['part']}：{w['reason']}")
    elif outcome == "result.refuse.8":
        # Art. 36(七): not a refusal; the applicant proceeds under the special law.
        law, office = reply.get("special_law", ""), reply.get("special_office", "")
        paras.append(
            f"经审查，{you}申请获取的信息属于有关法律、行政法规对信息的获取有特别规定的信息。"
            f"根据{REG}{info.article}的规定，请{you}依照{law}的规定办理，"
            f"可以向{office}申请查询、获取。"
        )
    elif outcome.startswith("result.refuse."):
        detail = reply.get("ground_detail") or reply.get("text") or ""
        paras.append(
            f"经审查，{you}申请获取的政府信息属于{REG}{info.ground}规定的情形，"
            f"{detail}根据{REG}{info.article}的规定，本机关决定不予公开。"
        )
    elif outcome == "result.unable.1.not_responsible":
        reason = reply.get("text", "")
        paras.append(
            f"经审查，{you}申请获取的政府信息不属于本机关负责公开。{reason}"
            f"根据{REG}{info.article}的规定，特此告知。"
        )
        if reply.get("responsible_known"):
            paras.append(
                f"负责公开该政府信息的行政机关为{reply.get('responsible_agency', '')}，"
                f"联系方式：{reply.get('responsible_contact', '')}。{you}可以向该行政机关提出申请。"
            )
    elif outcome == "result.unable.1":
        paras.append(
            f"经检索，本机关没有{you}申请公开的政府信息。根据{REG}{info.article}的规定，"
            f"告知{you}该政府信息不存在。"
        )
    else:
        label = info.label.split("：")[-1]
        cite = f"根据{REG}{info.article}的规定，" if info.article.startswith("第") else ""
        paras.append(f"经审查，{you}的申请属于“{label}”的情形。{cite}特此告知。")
    if reply.get("text") and outcome not in (
        "result.open.already",
        "result.unable.1.not_responsible",
    ):
        paras.append(reply["text"])
    paras.append(remedy_clause(app, outcome))
    return paras


def build(app: Application, kind: str, **extra) -> dict:
    """``{"title", "recipient", "body", "to_applicant"}`` for a new draft letter."""
    you = addressee(app)
    agency = app.agency.name
    if kind == LetterKind.REPLY:
        return {
            "title": reply_title(app, app.outcome),
            "recipient": app.applicant_name,
            "body": "\n".join(_reply_paragraphs(app)),
            "to_applicant": True,
        }
    if kind == LetterKind.RECEIPT:
        body = [
            _intro(app),
            f"依照{REG}{LETTER_ARTICLES['receipt']}的规定，本机关将自收到申请之日起20个工作日内予以答复，"
            f"答复期限至{cn_date(app.reply_due)}{provisional_note(app, app.reply_due)}。"
            "依法需要补正、征求第三方或者其他机关意见、"
            "延长答复期限的，本机关将另行书面告知。",
            f"{you}可以凭申请编号和查询码在本机关门户网站“依申请公开”栏目查询办理进度。"
            + (
                f"申请编号：{app.tracking_number}；查询码：{extra['query_code']}（请妥善保管）。"
                if extra.get("query_code")
                else "查询码已在提交申请时告知，遗失的可向本机关申请重新发放。"
            ),
        ]
        return {
            "title": f"{agency}政府信息公开申请登记回执",
            "recipient": app.applicant_name,
            "body": "\n".join(body),
            "to_applicant": True,
        }
    if kind == LetterKind.CORRECTION:
        body = [
            _intro(app),
            f"经审查，{you}的申请内容不够明确。根据{REG}{LETTER_ARTICLES['correction']}的规定，请{you}于"
            f"{cn_date(extra['deadline'])}前就下列事项作出补正：",
            extra["matters"],
            "答复期限自本机关收到补正的申请之日起计算。"
            f"{you}无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。",
        ]
        return {
            "title": f"{agency}政府信息公开申请补正告知书",
            "recipient": app.applicant_name,
            "body": "\n".join(body),
            "to_applicant": True,
        }
    if kind == LetterKind.EXTENSION:
        body = [
            _intro(app),
            f"因{extra.get('reason') or '需要进一步检索、审查'}，本机关不能在规定期限内作出答复。"
            f"根据{REG}{LETTER_ARTICLES['extension']}的规定，经本机关政府信息公开工作机构负责人同意，"
            f"答复期限延长{extra['workdays']}个工作日，本机关将于{cn_date(app.reply_due)}前作出答复"
            f"{provisional_note(app, app.reply_due)}"
            "（征求第三方或者其他机关意见所需时间不计算在内）。",
        ]
        return {
            "title": f"{agency}政府信息公开申请延期答复告知书",
            "recipient": app.applicant_name,
            "body": "\n".join(body),
            "to_applicant": True,
        }
    if kind == LetterKind.CONSULTATION:
        art, silence = consultation_article(extra.get("party_kind", ""))
        body = [
            f"本机关于{cn_date(app.received_on)}收到政府信息公开申请（申请编号：{app.tracking_number}），"
            f"申请获取{_request_summary(app)}。",
            (extra.get("matter") or "该信息的公开可能涉及贵方的合法权益。")
            + f"根据{REG}{art}的规定，现书面征求贵方意见。",
            "请自收到本征求意见书之日起15个工作日内书面提出意见（是否同意公开及理由）。" + silence,
        ]
        return {
            "title": f"{agency}政府信息公开征求意见书",
            "recipient": extra["party"],
            "body": "\n".join(body),
            "to_applicant": False,
        }
    if kind == LetterKind.FEE:
        body = [
            _intro(app),
            f"{you}申请公开政府信息的数量、频次明显超过合理范围。根据{REG}{LETTER_ARTICLES['fee']}和"
            "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）的规定，本机关依法收取信息处理费。",
            f"收费依据与标准：{extra['basis']}，" + "；".join(extra["explain"]) + "。",
            f"请于收到本通知次日起20个工作日内（{cn_date(extra['payment_due'])}前）缴纳。"
            f"缴纳方式：{extra.get('how_to_pay') or '通过非税收入缴款渠道缴纳，本机关开具财政票据'}。",
            f"{you}逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。",
        ]
        return {
            "title": f"{agency}政府信息公开信息处理费收费通知书",
            "recipient": app.applicant_name,
            "body": "\n".join(body),
            "to_applicant": True,
        }
    if kind == LetterKind.REASONS:
        body = [
            _intro(app),
            f"经审查，{extra['grounds']}，申请公开政府信息的数量、频次明显超过合理范围。"
            f"根据{REG}{LETTER_ARTICLES['reasons']}的规定，请{you}于{cn_date(extra['deadline'])}前向本机关书面说明理由。",
            f"本机关认为申请理由不合理的，将告知{you}不予处理；认为申请理由合理，但是无法在"
            f"{REG}第三十三条规定的期限内答复的，将确定延迟答复的合理期限并告知{you}。",
        ]
        return {
            "title": f"{agency}政府信息公开申请说明理由通知书",
            "recipient": app.applicant_name,
            "body": "\n".join(body),
            "to_applicant": True,
        }
    if kind == LetterKind.DELAY:
        body = [
            _intro(app),
            f"{you}申请公开政府信息的数量、频次明显超过合理范围，经审查，{you}说明的理由合理，"
            f"但本机关无法在{REG}第三十三条规定的期限内答复。因{extra['reason']}，根据{REG}"
            f"{LETTER_ARTICLES['delay']}的规定，本机关确定延迟答复的期限至{cn_date(extra['due'])}"
            + provisional_note(app, extra["due"])
            + "，届时将依法作出答复。",
        ]
        return {
            "title": f"{agency}政府信息公开申请延迟答复告知书",
            "recipient": app.applicant_name,
            "body": "\n".join(body),
            "to_applicant": True,
        }
    raise ValueError(f"unknown letter kind {kind}")


def provisional_note(app: Application, day: datetime.date | None) -> str:
    """The agency's words after a date that rests on a year whose holiday schedule is not
    published yet (``Application.provisional``), else nothing."""
    if day is None or not app.provisional:
        return ""
    from gongkai.applications.services import agency_settings

    return agency_settings(app.agency).provisional_note
