"""Issue 17 point 4, e-mail side: the applicant's e-mails address the applicant as the letters
do (``letters.content.addressee``): 您 for a person, the agency's chosen 你单位 or 贵单位 for an
organisation. Read from Django's locmem outbox."""

import pytest

from gongkai.applications import notices
from gongkai.applications import services as sv

from .conftest import PERSON

ORG = {
    **{k: v for k, v in PERSON.items() if k not in ("id_type", "id_number")},
    "applicant_type": "commercial",
    "applicant_name": "某某有限公司",
    "credit_code": "91330100799655058B",
    "contact_person": "李四",
}
WORDS = {"您", "你单位", "贵单位"}

#: per mail kind, a sentence of its body with {you} where the applicant is named
SENTENCES = {
    "acknowledgement": "已收到{you}提交的政府信息公开申请。",
    "correction": "{you}的申请内容不够明确，请按所附补正告知书在期限内补正。",
    "consultation": "{you}申请的信息涉及第三方或其他机关，本机关正在依法征求意见",
    "reply": "本机关已对{you}的申请作出答复",
    "extension": "经批准，{you}的申请答复期限延长至",
}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "word", "you"),
    [
        pytest.param(PERSON, "贵单位", "您", id="person"),
        pytest.param(ORG, "你单位", "你单位", id="org-你单位"),
        pytest.param(ORG, "贵单位", "贵单位", id="org-贵单位"),
    ],
)
def test_every_applicant_mail_uses_the_letters_addressee(
    agency, staff, mailoutbox, data, word, you
):
    settings = sv.agency_settings(agency)
    settings.organisation_addressee = word
    settings.save()
    app = sv.application_register(
        agency=agency, data=dict(data), actor=staff["admin"], channel="in_person"
    ).application
    mailoutbox.clear()
    assert notices.acknowledgement(app.pk, "ABCD-1234")
    for kind in ("correction", "consultation", "reply", "extension"):
        assert notices.send(kind, app.pk)
    assert len(mailoutbox) == 5
    for message, kind in zip(mailoutbox, ["acknowledgement", *list(SENTENCES)[1:]], strict=True):
        assert message.to == [data["email"]]
        assert SENTENCES[kind].format(you=you) in message.body, kind
        for other in WORDS - {you}:
            assert other not in message.body, (kind, other)
