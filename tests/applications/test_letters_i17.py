"""Issue 17, points 1-4: what each letter says, to a person and to an organisation.

Every letter kind and every reply outcome is rendered to DOCX (read back with python-docx)
and PDF (read back with pdfplumber) and checked for the statutory sentences; the citation
of each outcome is checked against a table taken from the 条例's text.
"""

import datetime
import io
import re

import pdfplumber
import pytest
from docx import Document

from gongkai.applications import services as sv
from gongkai.applications.letters import draft_letter, ensure_pdf, issue_letter
from gongkai.rules.outcomes import OUTCOMES, OUTCOMES_BY_KEY
from gongkai.rules.procedure import LETTER_ARTICLES, consultation_article

from .conftest import PERSON

D = datetime.date
REG = "《中华人民共和国政府信息公开条例》"

ORG = {
    **{k: v for k, v in PERSON.items() if k not in ("id_type", "id_number")},
    "applicant_type": "commercial",
    "applicant_name": "某某有限公司",
    "credit_code": "91330100799655058B",
    "contact_person": "李四",
}

# --- point 3: the citation of every outcome, checked against the 条例 --------------------

#: outcome → the article its reply cites ("" = the 条例 gives no basis: cite none).
CITATIONS = {
    "result.open": "第三十六条第（二）项",
    "result.open.already": "第三十六条第（一）项",
    "result.partial": "第三十七条",
    **{f"result.refuse.{i}": "第三十六条第（三）项" for i in range(1, 8)},
    "result.refuse.8": "第三十六条第（七）项",
    "result.unable.1": "第三十六条第（四）项",
    "result.unable.1.not_responsible": "第三十六条第（五）项",
    "result.unable.2": "第三十八条",
    "result.unable.3": "第三十条",
    "result.no_process.1": "第三十九条第一款",
    "result.no_process.2": "第三十六条第（六）项",
    "result.no_process.3": "第三十九条第二款",
    "result.no_process.4": "第三十五条",
    "result.no_process.5": "",  # not Art. 39: it covers only 信访举报投诉 and 公开出版物
    "result.other.1": "第三十条",
    "result.other.2": "《政府信息公开信息处理费管理办法》",
    "result.other.3": "",
}

#: outcomes whose remedy clause says 行政复议 first (行政复议法 Art. 23 ¶1(四): 不予公开).
REVIEW_FIRST = {"result.partial", *(f"result.refuse.{i}" for i in range(1, 8))}


def test_citation_table_covers_every_outcome():
    assert set(CITATIONS) == {o.key for o in OUTCOMES}


@pytest.mark.parametrize(("outcome", "article"), sorted(CITATIONS.items()))
def test_outcome_cites_its_article(outcome, article):
    info = OUTCOMES_BY_KEY[outcome]
    assert info.article == article
    assert info.review_first == (outcome in REVIEW_FIRST)


def test_other_letters_cite_their_articles():
    assert LETTER_ARTICLES == {
        "receipt": "第三十三条第二款",
        "correction": "第三十条",
        "extension": "第三十三条第二款",
        "fee": "第四十二条",
        "reasons": "第三十五条",
        "delay": "第三十五条",
    }
    assert consultation_article("agency") == ("第三十四条", "逾期未提出意见的，视为同意公开。")
    assert consultation_article("third_party")[0] == "第三十二条"
    assert "决定是否公开" in consultation_article("third_party")[1]


# --- rendering helpers ---------------------------------------------------------------------


def _flat(text: str) -> str:
    return "".join(text.split())


def _rendered(letter) -> tuple[str, str]:
    """The letter, issued, as read back from its DOCX and its PDF (whitespace and the page
    numbers removed)."""
    letter = ensure_pdf(issue_letter(letter, on=D(2026, 3, 2)))
    doc = Document(letter.docx.open("rb"))
    docx_text = _flat("".join(p.text for p in doc.paragraphs))
    with pdfplumber.open(io.BytesIO(letter.pdf.open("rb").read())) as pdf:
        pages = [re.sub(r"—\s*\d+\s*—", "", page.extract_text() or "") for page in pdf.pages]
    return docx_text, _flat("".join(pages))


ADDRESSEES = [
    pytest.param(PERSON, "", "您", id="person"),
    pytest.param(ORG, "你单位", "你单位", id="org-你单位"),
    pytest.param(ORG, "贵单位", "贵单位", id="org-贵单位"),
]
OTHERS = {"您", "你单位", "贵单位"}


def _application(agency, staff, data, word):
    if word:
        settings = sv.agency_settings(agency)
        settings.organisation_addressee = word
        settings.save()
    r = staff["admin"]
    app = sv.application_register(
        agency=agency, data=dict(data), actor=r, channel="in_person"
    ).application
    app = sv.application_route(application=app, actor=r, unit=staff["units"]["核算科"])
    return sv.application_claim(application=app, actor=r)


def _check(letter, you, sentences):
    docx_text, pdf_text = _rendered(letter)
    for text in (docx_text, pdf_text):
        for sentence in sentences:
            assert _flat(sentence.format(you=you)) in text, sentence
        for other in OTHERS - {you}:
            assert other not in text, other


# --- point 4: every letter kind, to a person and to an organisation ------------------------

LETTERS = {
    "receipt": (
        {},
        [
            "本机关于2026年3月2日收到{you}提出的政府信息公开申请",
            f"依照{REG}第三十三条第二款的规定，本机关将自收到申请之日起20个工作日内予以答复",
            "{you}可以凭申请编号和查询码",
        ],
    ),
    "correction": (
        {"matters": "请写明年度", "deadline": D(2026, 3, 16)},
        [
            "请{you}于2026年3月16日前就下列事项作出补正",
            "{you}无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请",
        ],
    ),
    "extension": (
        {"workdays": 10, "reason": "需要调取档案"},
        [
            "本机关于2026年3月2日收到{you}提出的政府信息公开申请",
            f"根据{REG}第三十三条第二款的规定，经本机关政府信息公开工作机构负责人同意",
        ],
    ),
    "fee": (
        {
            "basis": "按件计收",
            "explain": ["本月第11件"],
            "payment_due": D(2026, 3, 30),
            "amount": 100,
        },
        [
            "{you}申请公开政府信息的数量、频次明显超过合理范围",
            f"根据{REG}第四十二条和《政府信息公开信息处理费管理办法》",
            "{you}逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请",
        ],
    ),
    "reasons": (
        {"grounds": "本月已申请40件", "deadline": D(2026, 3, 16)},
        [
            f"根据{REG}第三十五条的规定，请{{you}}于2026年3月16日前向本机关书面说明理由",
            "本机关认为申请理由不合理的，将告知{you}不予处理",
            "将确定延迟答复的合理期限并告知{you}",
        ],
    ),
    "delay": (
        {"reason": "申请数量较大", "due": D(2026, 5, 29)},
        [
            "{you}说明的理由合理",
            f"根据{REG}第三十五条的规定，本机关确定延迟答复的期限至2026年5月29日",
        ],
    ),
}


@pytest.mark.parametrize(("data", "word", "you"), ADDRESSEES)
def test_every_letter_kind_speaks_to_its_addressee(agency, staff, frozen, data, word, you):
    app = _application(agency, staff, data, word)
    for kind, (extra, sentences) in LETTERS.items():
        letter = draft_letter(app, kind, **extra)
        assert letter.recipient == data["applicant_name"]
        _check(letter, you, sentences)


@pytest.mark.parametrize(
    ("party_kind", "article", "silence"),
    [
        ("agency", "第三十四条", "逾期未提出意见的，视为同意公开。"),
        ("third_party", "第三十二条", "逾期未提出意见的，由本机关依照本条例的规定决定是否公开。"),
    ],
)
def test_consultation_letter_says_what_silence_means(
    agency, staff, frozen, party_kind, article, silence
):
    app = _application(agency, staff, ORG, "贵单位")
    letter = draft_letter(
        app, "consultation", party="测试市财政局", party_kind=party_kind, matter=""
    )
    assert letter.recipient == "测试市财政局" and not letter.to_applicant
    _check(
        letter,
        "贵方",
        [f"根据{REG}{article}的规定，现书面征求贵方意见", silence],
    )
    if party_kind == "agency":
        assert "由本机关依照" not in letter.body
    else:
        assert "视为同意公开" not in letter.body


# --- points 1-4: every reply outcome, to a person and to an organisation -------------------

ART36_7 = {
    "special_law": "《不动产登记暂行条例》",
    "special_office": "测试市不动产登记中心（测试市一道街2号，0470-7654321）",
}
ART36_5 = {
    "text": "该信息由市场监管部门制作并保存。",
    "responsible_known": True,
    "responsible_agency": "测试市市场监督管理局",
    "responsible_contact": "0470-1234567，测试市二道街3号",
}
ADMIN_FIRST = "依照《中华人民共和国行政复议法》第二十三条的规定，应当先向行政复议机关申请行政复议"
EITHER = "可以自收到本答复之日起六十日内向测试市人民政府申请行政复议，或者自收到本答复之日起六个月内向人民法院提起行政诉讼"

#: outcome → (extra arguments of the reply, statutory sentences in the letter)
REPLIES = {
    "result.open": ({}, [f"根据{REG}第三十六条第（二）项的规定，本机关向{{you}}提供该政府信息"]),
    "result.open.already": (
        {"text": "本机关门户网站"},
        [f"{{you}}申请获取的政府信息本机关已经主动公开。根据{REG}第三十六条第（一）项的规定"],
    ),
    "result.partial": (
        {"withheld": [{"part": "企业联系人电话", "reason": "属于个人隐私（第十五条）"}]},
        [f"根据{REG}第三十七条的规定，本机关对该信息作区分处理，向{{you}}提供可以公开的内容"],
    ),
    **{
        f"result.refuse.{i}": (
            {"ground_detail": "系内部讨论记录。"},
            [f"根据{REG}第三十六条第（三）项的规定，本机关决定不予公开"],
        )
        for i in range(1, 8)
    },
    "result.refuse.8": (
        ART36_7,
        [
            f"根据{REG}第三十六条第（七）项的规定，请{{you}}依照《不动产登记暂行条例》的规定办理",
            "可以向测试市不动产登记中心（测试市一道街2号，0470-7654321）申请查询、获取",
        ],
    ),
    "result.unable.1": (
        {},
        [f"根据{REG}第三十六条第（四）项的规定，告知{{you}}该政府信息不存在"],
    ),
    "result.unable.1.not_responsible": (
        ART36_5,
        [
            "{you}申请获取的政府信息不属于本机关负责公开。该信息由市场监管部门制作并保存。",
            f"根据{REG}第三十六条第（五）项的规定",
            "负责公开该政府信息的行政机关为测试市市场监督管理局，联系方式：0470-1234567，测试市二道街3号",
        ],
    ),
    "result.unable.2": ({}, [f"根据{REG}第三十八条的规定"]),
    "result.unable.3": ({}, [f"根据{REG}第三十条的规定"]),
    "result.no_process.1": ({}, [f"根据{REG}第三十九条第一款的规定"]),
    "result.no_process.2": ({}, [f"根据{REG}第三十六条第（六）项的规定"]),
    "result.no_process.3": ({}, [f"根据{REG}第三十九条第二款的规定"]),
    "result.no_process.4": ({}, [f"根据{REG}第三十五条的规定"]),
    "result.no_process.5": ({}, ["{you}的申请属于“要求行政机关确认或重新出具已获取信息”的情形"]),
    "result.other.3": ({}, ["{you}的申请属于“其他”的情形"]),
}


def test_reply_table_covers_every_outcome_a_reply_can_have():
    lapses = {"result.other.1", "result.other.2"}  # closed by their own actions, no reply
    assert set(REPLIES) == {o.key for o in OUTCOMES} - lapses


@pytest.mark.parametrize(("data", "word", "you"), ADDRESSEES[:2])
@pytest.mark.parametrize("outcome", sorted(REPLIES))
def test_every_reply_speaks_to_its_addressee(agency, staff, frozen, outcome, data, word, you):
    app = _application(agency, staff, data, word)
    if outcome == "result.no_process.4":
        app = sv.application_request_reasons(
            application=app, actor=staff["admin"], grounds="本月已申请40件", deadline=D(2026, 3, 9)
        )
    extra, sentences = REPLIES[outcome]
    app = sv.application_draft_reply(
        application=app, actor=staff["admin"], outcome=outcome, **extra
    )
    letter = app.letters.get(kind="reply")
    remedy = ADMIN_FIRST if outcome in REVIEW_FIRST else EITHER
    _check(letter, you, [*sentences, "{you}如对本", remedy])
    body = letter.body
    if outcome == "result.refuse.8":  # a notice to proceed under the special law, no refusal
        assert "不予公开" not in body and "应当先向行政复议机关" not in body
    if outcome == "result.no_process.5":  # Art. 39 covers 信访 and publications only
        assert "第三十九条" not in body and f"根据{REG}" not in body


@pytest.mark.parametrize(("data", "word", "you"), ADDRESSEES[2:])
def test_guidance_reply_to_an_organisation_says_贵单位(agency, staff, frozen, data, word, you):
    app = _application(agency, staff, data, word)
    app = sv.application_draft_reply(
        application=app, actor=staff["admin"], outcome="result.unable.1"
    )
    _check(
        app.letters.get(kind="reply"), you, ["告知贵单位该政府信息不存在", "贵单位如对本答复不服"]
    )


# --- points 1 and 2: the outcome form requires what the letter must name -------------------


def test_art36_7_and_art36_5_details_are_required(agency, staff, frozen):
    from gongkai.applications.forms import ReplyForm

    app = _application(agency, staff, PERSON, "")

    def errors(**data):
        form = ReplyForm({"version": app.version, **data})
        form.is_valid()
        return set(form.errors)

    assert errors(outcome="result.refuse.8") == {"special_law", "special_office"}
    assert errors(outcome="result.refuse.8", **ART36_7) == set()
    reason = {"text": "该信息不由本机关制作或保存。"}
    assert errors(outcome="result.unable.1.not_responsible") == {"text"}  # 说明理由
    assert errors(outcome="result.unable.1.not_responsible", **reason) == set()  # not known
    assert errors(outcome="result.unable.1.not_responsible", responsible_known="on", **reason) == {
        "responsible_agency",
        "responsible_contact",
    }
    assert errors(outcome="result.unable.1.not_responsible", **ART36_5) == set()

    with pytest.raises(sv.ApplicationError, match="办理机构"):
        sv.application_draft_reply(
            application=app,
            actor=staff["admin"],
            outcome="result.refuse.8",
            special_law="《不动产登记暂行条例》",
        )
    with pytest.raises(sv.ApplicationError, match="理由"):
        sv.application_draft_reply(
            application=app, actor=staff["admin"], outcome="result.unable.1.not_responsible"
        )
    with pytest.raises(sv.ApplicationError, match="联系方式"):
        sv.application_draft_reply(
            application=app,
            actor=staff["admin"],
            outcome="result.unable.1.not_responsible",
            text="该信息不由本机关制作或保存。",
            responsible_known=True,
            responsible_agency="测试市市场监督管理局",
        )
    # Not known: the letter says only that the information is not this agency's.
    app = sv.application_draft_reply(
        application=app,
        actor=staff["admin"],
        outcome="result.unable.1.not_responsible",
        text="该信息不由本机关制作或保存。",
    )
    body = app.letters.get(kind="reply").body
    assert "不属于本机关负责公开" in body and "负责公开该政府信息的行政机关为" not in body
    assert app.reply["responsible_known"] is False


# --- point 4: the agency chooses the word in its settings (admin) --------------------------


def test_agency_admin_chooses_贵单位_in_the_settings(client, agency, staff, frozen):
    from django.urls import reverse

    from gongkai.audit.models import AuditEntry

    settings = sv.agency_settings(agency)
    client.force_login(staff["admin"])
    url = reverse("application_settings:edit", args=[settings.pk])
    page = client.get(url)
    assert page.status_code == 200 and "文书对法人或其他组织的称谓" in page.content.decode()
    response = client.post(
        url,
        {
            "agency": agency.pk,
            "tracking_pattern": settings.tracking_pattern,
            "letter_pattern": settings.letter_pattern,
            "letter_code": "",
            "correction_period_workdays": 15,
            "reminder_workdays": 3,
            "extension_approver": "",
            "provisional_note": settings.provisional_note,
            "organisation_addressee": "贵单位",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    settings.refresh_from_db()
    assert settings.organisation_addressee == "贵单位"
    entry = AuditEntry.objects.filter(object_id=str(settings.pk)).latest("id")
    assert entry.changes["organisation_addressee"] == ["你单位", "贵单位"]
    app = _application(agency, staff, ORG, "")
    assert "贵单位提出的政府信息公开申请" in app.letters.get(kind="receipt").body
