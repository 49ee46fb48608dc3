"""Catalogue metadata (§4.2): index numbers, validation, the Art. 26 deadline, channels."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from gongkai.catalogue.models import (
    CatalogueSettings,
    DisclosureItemPage,
    IndexNumberAllocation,
    ItemChannel,
)
from gongkai.catalogue.services import allocate_index_number

CODE = "11152100011625123K"


@pytest.mark.django_db
def test_index_numbers_follow_the_pattern_and_are_never_reused(portal, make_item):
    first = make_item("第一条")
    second = make_item("第二条")
    assert first.index_number == f"{CODE}/2025-00001"
    assert second.index_number == f"{CODE}/2025-00002"
    assert first.agency == portal.agencies["mzl-tjj"]
    assert first.publisher_name == "满洲里市统计局"

    second.delete()
    third = make_item("第三条")
    assert third.index_number == f"{CODE}/2025-00003"
    assert IndexNumberAllocation.objects.filter(number=f"{CODE}/2025-00002").exists()

    # a pattern change that would produce an issued number skips it
    agency = portal.agencies["mzl-tjj"]
    CatalogueSettings.objects.filter(agency=agency).update(index_pattern="{code}/{year}-{seq:05d}")
    # copying a page allocates a fresh number
    copy = third.copy(update_attrs={"slug": "copy-of-third", "title": "副本"})
    assert copy.index_number not in {first.index_number, third.index_number}
    assert copy.index_number == f"{CODE}/2025-00004"


@pytest.mark.django_db
def test_index_pattern_per_agency(portal):
    agency = portal.agencies["mzl-tjj"]
    from gongkai.catalogue.services import settings_for

    conf = settings_for(agency)
    conf.index_pattern = "{code}/{year}{month:02d}-{seq:05d}"
    conf.full_clean()
    conf.save()
    number = allocate_index_number(agency=agency, year=2026)
    assert number.startswith(f"{CODE}/2026") and number.endswith("-00001")
    conf.index_pattern = "{code}/{year}"
    with pytest.raises(ValidationError):
        conf.full_clean()


@pytest.mark.django_db
def test_summary_and_reason_validation(portal, make_item):
    page = make_item("校验")
    page.summary = "字" * 101
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "summary" in error.value.message_dict
    page.summary = "字" * 100
    page.disclosure_attribute = "on_application"
    page.attribute_reason = ""
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "attribute_reason" in error.value.message_dict
    page.disclosure_attribute = "proactive"
    page.validity = "repealed"
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "invalid_date" in error.value.message_dict


@pytest.mark.django_db
def test_publication_deadline_uses_the_working_day_calendar(
    portal, make_item, publish, django_assert_num_queries
):
    # 2025-09-20 (Sat) formed; the 国庆 holiday 10-01..10-08 and the 调休 Sat 09-28/10-11 count
    from gongkai.workdays import calendar

    page = make_item("超期发布", formed_or_changed_date=datetime.date(2025, 9, 19))
    due = calendar().add_workdays(datetime.date(2025, 9, 19), 20)
    assert page.publish_due == due
    assert due > datetime.date(2025, 10, 17)  # more than 20 weekdays: the holiday week counts
    publish(page, published_on=due)
    assert not DisclosureItemPage.objects.get(pk=page.pk).is_late
    late = make_item("迟到", formed_or_changed_date=datetime.date(2025, 9, 19))
    publish(late, published_on=due + datetime.timedelta(days=1))
    late = DisclosureItemPage.objects.get(pk=late.pk)
    assert late.is_late
    from gongkai.catalogue.selectors import late_items

    listed = late_items([portal.agencies["mzl-tjj"].pk])
    assert [i.pk for i in listed] == [late.pk]
    with django_assert_num_queries(0):  # the list primed each deadline (the late page shows it)
        assert [i.publish_due for i in listed] == [due]


@pytest.mark.django_db
def test_channels_recorded_and_wechat_export(portal, make_item, publish, client, tmp_path):
    from wagtail.images import get_image_model

    from gongkai.catalogue.services import record_channel

    Image = get_image_model()
    import io

    from PIL import Image as PILImage

    buffer = io.BytesIO()
    PILImage.new("RGB", (2, 2), (200, 30, 30)).save(buffer, format="PNG")
    png = buffer.getvalue()
    from django.core.files.images import ImageFile

    image = Image.objects.create(title="示意图", file=ImageFile(io.BytesIO(png), name="dot.png"))
    page = make_item(
        "微信导出测试",
        body=f'<h2>一、背景</h2><p>正文段落。</p><embed embedtype="image" id="{image.pk}" format="fullwidth" alt="示意图"/>',
    )
    page = publish(page, published_on=datetime.date(2025, 5, 6))
    assert list(ItemChannel.objects.filter(page=page).values_list("channel", flat=True)) == [
        "portal"
    ]
    record_channel(page=page, channel="wechat")
    record_channel(page=page, channel="wechat")  # idempotent
    assert ItemChannel.objects.filter(page=page).count() == 2

    client.force_login(portal.users["tjj-office"])
    response = client.get(f"/admin/catalogue/wechat/{page.pk}/")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    html = response.content.decode()
    assert 'style="' in html and "<h2 style=" in html
    assert "data:image/png;base64," in html
    assert "/media/" not in html
    assert page.index_number in html

    client.force_login(portal.users["czj-handler"])  # another agency's staff
    refused = client.get(f"/admin/catalogue/wechat/{page.pk}/")
    assert refused.status_code in (302, 403) and "Content-Disposition" not in refused


@pytest.mark.django_db
def test_art18_reassessment_queue(portal, make_item, client):
    from gongkai.catalogue.selectors import reassessment_due

    withheld = make_item(
        "内部工作方案",
        disclosure_attribute="withheld",
        attribute_reason="内部事务信息",
        next_reassessment=datetime.date(2024, 1, 1),
    )
    make_item(
        "尚未到期",
        disclosure_attribute="on_application",
        attribute_reason="涉及第三方",
        next_reassessment=datetime.date(2099, 1, 1),
    )
    due = list(reassessment_due([portal.agencies["mzl-tjj"].pk]))
    assert [p.pk for p in due] == [withheld.pk]

    client.force_login(portal.users["tjj-reviewer"])
    page = client.get("/admin/catalogue/reassessment/")
    assert "内部工作方案" in page.content.decode() and "尚未到期" not in page.content.decode()
    response = client.post(
        "/admin/catalogue/reassessment/",
        {"page": withheld.pk, "outcome": "keep", "note": "情况未变化，继续不予公开"},
    )
    assert response.status_code == 302
    withheld = DisclosureItemPage.objects.get(pk=withheld.pk)
    assert withheld.next_reassessment > datetime.date.today()
    assert withheld.reassessments.get().note.startswith("情况未变化")
    assert not list(reassessment_due([portal.agencies["mzl-tjj"].pk]))
    from gongkai.audit.models import AuditEntry

    assert AuditEntry.objects.filter(verb="catalogue.reassess", object_id=str(withheld.pk)).exists()

    # switching to proactive starts the Art. 26 clock from the reassessment
    from gongkai.catalogue.services import reassess

    reassess(page=withheld, outcome="proactive", actor=portal.users["tjj-reviewer"])
    withheld.refresh_from_db()
    assert withheld.disclosure_attribute == "proactive"
    assert withheld.formed_or_changed_date == datetime.date.today()


@pytest.mark.django_db
def test_channel_counts_per_year(portal, make_item, publish, client):
    from gongkai.catalogue.models import ChannelPost
    from gongkai.catalogue.selectors import channel_counts
    from gongkai.catalogue.services import record_channel

    agency = portal.agencies["mzl-tjj"]
    page = publish(make_item("渠道统计"), published_on=datetime.date(2024, 6, 1))
    record_channel(page=page, channel="weibo", published_on=datetime.date(2024, 6, 2))
    ChannelPost.objects.create(
        agency=agency, channel="wechat", published_on=datetime.date(2024, 7, 1), title="转发"
    )
    assert channel_counts([agency.pk], [2024]) == {2024: {"portal": 1, "weibo": 1, "wechat": 1}}
    client.force_login(portal.users["tjj-admin"])
    html = client.get("/admin/catalogue/channels/").content.decode()
    assert "微信公众号" in html and "2024" in html
    late = client.get("/admin/catalogue/late/")
    assert late.status_code == 200


@pytest.mark.django_db
def test_settings_and_channel_posts_are_editable_in_the_admin(portal, client):
    from gongkai.catalogue.services import settings_for

    settings_for(portal.agencies["mzl-tjj"])
    client.force_login(portal.users["admin"])
    listing = client.get("/admin/snippets/catalogue/cataloguesettings/")
    assert listing.status_code == 200 and "满洲里市统计局" in listing.content.decode()
    assert client.get("/admin/snippets/catalogue/channelpost/add/").status_code == 200


@pytest.mark.django_db
def test_index_follows_publish_unpublish_delete_and_rebuild(portal, make_item, publish):
    from django.core.management import call_command

    from gongkai.catalogue.models import SearchEntry
    from gongkai.catalogue.search import SearchQuery, search

    page = publish(make_item("索引维护测试", body="<p>独一无二的检索词语。</p>"))
    assert search(SearchQuery(q="独一无二")).count == 1
    page.unpublish()
    assert search(SearchQuery(q="独一无二")).count == 0
    page = publish(DisclosureItemPage.objects.get(pk=page.pk))
    call_command("search_index")
    assert search(SearchQuery(q="独一无二")).count == 1
    page.delete()
    assert search(SearchQuery(q="独一无二")).count == 0
    assert not SearchEntry.objects.exists()
