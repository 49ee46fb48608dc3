"""The public form, the acknowledgement, the status lookup and downloads."""

import io
import uuid

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from gongkai.applications import services as sv
from gongkai.applications.models import Application, State

from .conftest import PERSON

PDF = b"%PDF-1.4\n%test\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 20


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


def form_data(**overrides):
    data = {**PERSON, "form_token": str(uuid.uuid4())}
    data.update(overrides)
    return data


def upload(name, content):
    f = io.BytesIO(content)
    f.name = name
    return f


def test_form_renders_with_labels(client, agency):
    r = client.get(reverse("applications:apply", args=[agency.slug]))
    html = r.content.decode()
    assert r.status_code == 200
    assert '<label for="id_applicant_name"' in html and "统一社会信用代码" in html
    assert 'name="form_token"' in html


def test_submit_creates_one_application_even_twice(client, agency):
    data = form_data(id_proof=upload("id.pdf", PDF))
    r = client.post(reverse("applications:apply", args=[agency.slug]), data)
    assert r.status_code == 302
    app = Application.objects.get()
    assert app.channel == "online" and app.state == State.AWAITING_CONFIRMATION
    assert app.attachments.get().content_type == "application/pdf"
    done = client.get(r["Location"]).content.decode()
    assert app.tracking_number in done and 'id="query-code"' in done
    # Double submit of the same form (same token): still one application.
    data["id_proof"] = upload("id.pdf", PDF)
    r2 = client.post(reverse("applications:apply", args=[agency.slug]), data)
    assert r2.status_code == 302 and r2["Location"] == r["Location"]
    assert Application.objects.count() == 1


def test_bad_input_keeps_what_was_typed(client, agency):
    data = form_data(id_number="110105194912310021", description="", doc_number="")
    r = client.post(reverse("applications:apply", args=[agency.slug]), data)
    html = r.content.decode()
    assert r.status_code == 400
    assert "身份证号码校验位不正确" in html
    assert "请填写文号或便于查找的特征性描述" in html
    assert 'value="王小明"' in html and "2025年满洲里市国民经济和社会发展统计公报" in html
    assert data["form_token"] in html  # same token: a corrected resubmit is still one case
    assert not Application.objects.exists()


def test_organisation_credit_code_checked(client, agency):
    data = form_data(
        applicant_type="commercial",
        applicant_name="某某有限公司",
        credit_code="91330100799655058C",
        contact_person="李四",
    )
    r = client.post(reverse("applications:apply", args=[agency.slug]), data)
    assert "统一社会信用代码校验位不正确" in r.content.decode()
    data["credit_code"] = "91330100799655058B"
    r = client.post(reverse("applications:apply", args=[agency.slug]), data)
    assert r.status_code == 302
    app = Application.objects.get()
    assert app.credit_code == "91330100799655058B" and app.id_number == ""


def test_attachment_type_and_size(client, agency, settings):
    data = form_data(id_proof=upload("id.pdf", b"MZ\x90\x00 not a pdf"))
    r = client.post(reverse("applications:apply", args=[agency.slug]), data)
    assert "类型不允许" in r.content.decode()
    settings.GONGKAI = {**settings.GONGKAI, "UPLOAD_MAX_BYTES": 10}
    data = form_data(id_proof=upload("id.png", PNG))
    r = client.post(reverse("applications:apply", args=[agency.slug]), data)
    assert "超过上限" in r.content.decode()
    assert not Application.objects.exists()


def test_rate_limit(client, agency, settings):
    settings.GONGKAI = {**settings.GONGKAI, "APPLY_RATE_LIMIT": 2}
    for _ in range(2):
        client.post(reverse("applications:apply", args=[agency.slug]), form_data())
    r = client.post(reverse("applications:apply", args=[agency.slug]), form_data())
    assert r.status_code == 429 and "过于频繁" in r.content.decode()
    assert Application.objects.count() == 2


def test_status_lookup_shows_own_case_only(client, agency, staff):
    reg = sv.application_register(agency=agency, data=dict(PERSON), channel="online")
    other = sv.application_register(agency=agency, data=dict(PERSON), channel="online").application
    sv.application_confirm_receipt(application=reg.application, actor=staff["registrar"])
    app = reg.application
    # Internal notes never shown.
    sv.application_route(
        application=app,
        actor=staff["registrar"],
        unit=staff["units"]["核算科"],
        note="内部意见：请核算科办理",
    )
    r = client.post(
        reverse("applications:status"),
        {"tracking_number": app.tracking_number, "query_code": "WRONG123"},
    )
    assert "申请编号或查询码不正确" in r.content.decode()
    assert client.get(reverse("applications:status_detail", args=[app.pk])).status_code == 404
    r = client.post(
        reverse("applications:status"),
        {"tracking_number": app.tracking_number, "query_code": reg.query_code.lower()},
    )
    assert r.status_code == 302
    page = client.get(r["Location"]).content.decode()
    assert app.tracking_number in page and "办理中" in page
    assert "内部意见" not in page and "核算科" not in page
    assert "登记回执" in page
    # Another case (not proved by this session) stays hidden.
    assert client.get(reverse("applications:status_detail", args=[other.pk])).status_code == 404
    receipt = app.letters.get(kind="receipt")
    r = client.get(reverse("applications:letter", args=[app.pk, receipt.pk, "docx"]))
    assert r.status_code == 200
    r = client.get(reverse("applications:letter", args=[other.pk, receipt.pk, "docx"]))
    assert r.status_code == 404


def test_acknowledgement_email(
    client, agency, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.GONGKAI_PUBLIC_URL = "https://gongkai.example.gov.cn"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("applications:apply", args=[agency.slug]), form_data())
    app = Application.objects.get()
    assert len(mail.outbox) == 1
    msg = mail.outbox[0]
    assert msg.to == ["wang@example.com"] and app.tracking_number in msg.subject
    assert "查询码" in msg.body
    # The link uses the configured public address (ops.links.public_url), never 127.0.0.1.
    assert "办理进度查询：https://gongkai.example.gov.cn/apply/status/" in msg.body
    assert "127.0.0.1" not in msg.body


@pytest.mark.parametrize(
    "typed",
    [
        "{n}",
        "(2026)8",
        "（2026）第8号",
        "[2026]0008",
        "〔2026〕8",
        "2026-8",
        "２０２６－０００８",
        "统计局(2026)8",
        "TJJ-2026-8",
    ],
)
def test_status_lookup_accepts_typed_forms_of_the_number(client, agency, frozen, typed):
    from gongkai.applications.models import Sequence

    Sequence.objects.create(agency=agency, year=2026, name="tracking", last=7)
    reg = sv.application_register(agency=agency, data=dict(PERSON), channel="online")
    app = reg.application
    assert app.tracking_number == "统计局〔2026〕第0008号"  # the canonical, printed form
    r = client.post(
        reverse("applications:status"),
        {"tracking_number": typed.format(n=app.tracking_number), "query_code": reg.query_code},
    )
    assert r.status_code == 302, r.content.decode()
    assert r["Location"] == reverse("applications:status_detail", args=[app.pk])


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("第8号", "没有四位数字的年份"),
        ("〔2026〕", "缺少年份后的流水号"),
        ("〔2026〕第8甲号", "不是流水号"),
    ],
)
def test_status_lookup_says_which_part_of_the_number_is_wrong(client, agency, typed, words):
    r = client.post(reverse("applications:status"), {"tracking_number": typed, "query_code": "X"})
    assert r.status_code == 400
    assert words in r.content.decode()
    assert "申请编号或查询码不正确" not in r.content.decode()


def test_status_lookup_keeps_other_agencies_apart(client, agency, frozen):
    from gongkai.applications.models import Sequence

    other = agency.get_parent().add_child(slug="t-mzj", name="测试市民政局", short_name="民政局")
    Sequence.objects.create(agency=agency, year=2026, name="tracking", last=7)
    reg = sv.application_register(agency=agency, data=dict(PERSON), channel="online")
    sv.application_register(agency=other, data=dict(PERSON), channel="online")
    r = client.post(
        reverse("applications:status"),
        {"tracking_number": "民政局(2026)8", "query_code": reg.query_code},
    )
    assert r.status_code == 400 and "申请编号或查询码不正确" in r.content.decode()
    r = client.post(
        reverse("applications:status"),
        {"tracking_number": "(2026)8", "query_code": reg.query_code},
    )
    assert r.status_code == 302


def test_required_fields_carry_a_visible_mark_and_limits_are_stated(client, agency, settings):
    """Every required field of the public form (and only those) shows the * the form's
    introduction announces, outside any visually hidden element; the file limit is stated."""
    import re

    from gongkai.applications.forms import ApplicationForm

    settings.GONGKAI = {**settings.GONGKAI, "UPLOAD_MAX_BYTES": 10 * 1024 * 1024}
    html = client.get(reverse("applications:apply", args=[agency.slug])).content.decode()
    assert '带 <span class="required-mark"' in html
    form = ApplicationForm()
    for name, field in form.fields.items():
        if field.widget.is_hidden:
            continue
        chunk = next(c for c in html.split('<div class="field') if f'name="{name}"' in c)
        tag = "legend" if form[name].use_fieldset else "label"
        head = re.search(rf"<{tag}[^>]*>(.*?)</{tag}>", chunk, re.S)
        assert head, name
        mark = '<span class="required-mark" aria-hidden="true">*</span>'
        assert (mark in head.group(1)) is field.required, name
    assert ".required-mark" not in open_css_rules_hiding()
    assert "每个不超过10MB" in html


def open_css_rules_hiding() -> str:
    """The selectors of portal.css rules that hide things (display:none, clip, 1px boxes)."""
    import re
    from pathlib import Path

    import gongkai.portal

    css = (Path(gongkai.portal.__file__).parent / "static/portal/portal.css").read_text()
    hiding = []
    for selectors, body in re.findall(r"([^{}]+)\{([^}]*)\}", css):
        if re.search(r"display:\s*none|clip:|width:\s*1px|visibility:\s*hidden", body):
            hiding.append(selectors)
    return "\n".join(hiding)


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"phone": "abc"}, "phone", "联系电话只能包含数字"),
        ({"phone": "1381234567"}, "phone", "当前为10位"),
        ({"description": "查" * 20000}, "description", "特征性描述最多2000字，当前为20000字"),
        ({"purpose": "用" * 2001}, "purpose", "用途最多2000字"),
        ({"email": "wang@"}, "email", "请输入有效的电子邮箱地址"),
    ],
)
def test_public_form_refuses_bad_contact_data_in_chinese(client, agency, overrides, field, words):
    r = client.post(reverse("applications:apply", args=[agency.slug]), form_data(**overrides))
    html = r.content.decode()
    assert r.status_code == 400
    assert words in html
    assert "Email" not in html and "Enter a valid" not in html
    assert not Application.objects.exists()


@pytest.mark.parametrize("phone", ["138 1234 5678", "0471-6221234", "(010) 6522 1234"])
def test_public_form_accepts_phone_numbers_as_written(client, agency, phone):
    r = client.post(reverse("applications:apply", args=[agency.slug]), form_data(phone=phone))
    assert r.status_code == 302
    assert Application.objects.get().phone == phone


def test_public_form_states_the_description_limit(client, agency):
    html = client.get(reverse("applications:apply", args=[agency.slug])).content.decode()
    assert "最多2000字" in html
    assert 'maxlength="2000"' in html


@pytest.mark.parametrize(
    "typed", ["TJJ-2026-0008", "tjj-2026-8", "（2026）8", "ＴＪＪ２０２６－８"]
)
def test_status_lookup_with_an_agency_pattern_of_its_own(client, agency, frozen, typed):
    from gongkai.applications.models import Sequence

    conf = sv.agency_settings(agency)
    conf.tracking_pattern = "{code}-{year}-{seq:04d}"
    conf.letter_code = "TJJ"
    conf.save()
    Sequence.objects.create(agency=agency, year=2026, name="tracking", last=7)
    reg = sv.application_register(agency=agency, data=dict(PERSON), channel="online")
    assert reg.application.tracking_number == "TJJ-2026-0008"
    r = client.post(
        reverse("applications:status"), {"tracking_number": typed, "query_code": reg.query_code}
    )
    assert r.status_code == 302
