"""Files stay with their agency until a live page publishes them (#15, the gaps left after
the holes were closed).

- ``/documents/<id>/<name>`` served every file outside a private collection to anyone who
  guessed its number: a draft's attachment before its 保密审查, another agency's internal file.
- A page form accepted a posted document id of another agency's collection (the chooser
  offers only one's own, the form did not check).
- Wagtail's default groups "Editors" and "Moderators" hold rights on the root collection and
  root page, i.e. over every agency.
"""

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import GroupCollectionPermission, GroupPagePermission, Page

from gongkai.agencies.models import Agency
from gongkai.catalogue.models import DisclosureItemPage, ItemAttachment

pytestmark = pytest.mark.django_db

DRAFT = "满洲里市统计局2020年统计执法检查工作方案"  # an unpublished 统计局 item of the demo


def _document(agency, title, body=b"%PDF-1.4 internal"):
    from gongkai.catalogue.services import agency_collection

    document = get_document_model()(title=title, collection=agency_collection(agency))
    document.file.save("file.pdf", ContentFile(body), save=True)
    return document


def _status(client, document) -> int:
    client.raise_request_exception = False
    return client.get(document.url).status_code


@pytest.fixture
def draft_attachment(demo):
    tjj = Agency.objects.get(slug="mzl-tjj")
    page = DisclosureItemPage.objects.get(title=DRAFT)
    assert not page.live
    document = _document(tjj, "执法检查工作方案（送审稿）")
    ItemAttachment.objects.create(page=page, document=document, title="送审稿")
    page.save()  # the page row (and the reference index) now carry the attachment
    return page, document


def test_a_drafts_attachment_is_served_only_to_its_agency(client, demo, draft_attachment):
    page, document = draft_attachment
    assert _status(client, document) == 404  # anonymous reader
    client.force_login(demo.users["czj-registrar"])  # another agency's staff
    assert _status(client, document) == 404
    client.force_login(demo.users["tjj-admin"])
    assert _status(client, document) == 200


def test_publishing_the_page_publishes_its_files(client, demo, draft_attachment):
    from gongkai.catalogue.models import DisclosureAttribute, SecrecyStatus
    from gongkai.catalogue.review import record_review_without_workflow

    page, document = draft_attachment
    page.disclosure_attribute = DisclosureAttribute.PROACTIVE
    page.secrecy_status = SecrecyStatus.NON_SECRET
    page.save()
    revision = page.save_revision(user=demo.users["tjj-handler"])
    record_review_without_workflow(page=page, user=demo.users["tjj-secrecy"])
    assert _status(client, document) == 404
    revision.publish(user=demo.users["tjj-signer"], skip_permission_checks=True)
    assert _status(client, document) == 200


def test_a_file_no_page_uses_stays_internal(client, demo):
    document = _document(Agency.objects.get(slug="mzl-tjj"), "内部文件")
    assert _status(client, document) == 404
    client.force_login(demo.users["tjj-admin"])
    assert _status(client, document) == 200


def test_the_demos_published_attachments_are_public(client, demo):
    attachments = ItemAttachment.objects.filter(page__live=True).select_related("document")
    assert attachments.exists()
    for attachment in attachments[:5]:
        assert _status(client, attachment.document) == 200, attachment


def test_a_linked_file_is_public_once_the_linking_page_is_live(client, demo):
    """A file linked from a live page's rich text (not an attachment) is published too."""
    from wagtail.models import ReferenceIndex

    tjj = Agency.objects.get(slug="mzl-tjj")
    document = _document(tjj, "链接的文件")
    live = Page.objects.live().filter(depth__gt=2).first()
    ReferenceIndex.objects.create(
        base_content_type=ReferenceIndex._get_base_content_type(live),
        content_type=ReferenceIndex._get_base_content_type(live),
        object_id=str(live.pk),
        to_content_type=ReferenceIndex._get_base_content_type(document),
        to_object_id=str(document.pk),
        model_path="body",
        content_path="body",
        content_path_hash=ReferenceIndex._get_content_path_hash("body"),
    )
    assert _status(client, document) == 200
    Page.objects.filter(pk=live.pk).update(live=False)
    assert _status(client, document) == 404


def _post_data(form) -> dict:
    """The POST a browser would send for an unchanged page edit form, formsets included."""
    data = {}

    def put(bound_form):
        for bound in bound_form:
            value = bound.value()
            if value is None:
                continue
            if isinstance(value, list | tuple):
                data[bound.html_name] = [str(v) for v in value]
            elif isinstance(value, bool):
                if value:
                    data[bound.html_name] = "on"
            elif getattr(bound.field.widget, "accepts_features", False):
                # a rich-text editor posts its content state (JSON), not HTML
                data[bound.html_name] = bound.field.widget.format_value(value)
            else:
                data[bound.html_name] = str(value)

    put(form)
    for formset in form.formsets.values():
        put(formset.management_form)
        for member in formset.forms:
            put(member)
    return data


def test_a_page_cannot_attach_another_agencys_file(demo):
    from django.http import QueryDict

    tjj = Agency.objects.get(slug="mzl-tjj")
    foreign_document = _document(Agency.objects.get(slug="mzl-czj"), "财政局内部文件")
    user = demo.users["tjj-handler"]
    page = DisclosureItemPage.objects.filter(agency=tjj).first().specific
    form_class = page.get_edit_handler().get_form_class()
    form = form_class(instance=page, for_user=user, parent_page=page.get_parent())
    data = _post_data(form)
    prefix = "attachments"
    count = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = str(count + 1)
    data[f"{prefix}-{count}-document"] = str(foreign_document.pk)
    data[f"{prefix}-{count}-title"] = "别人的文件"
    data[f"{prefix}-{count}-ORDER"] = str(count + 1)
    query = QueryDict(mutable=True)
    for key, value in data.items():
        query.setlist(key, value if isinstance(value, list) else [value])
    bound = form_class(query, instance=page, for_user=user, parent_page=page.get_parent())
    assert not bound.is_valid()
    errors = [f.errors.get("document") for f in bound.formsets["attachments"].forms]
    assert ["只能附加本机关文件库中的文件"] in errors

    own = _document(tjj, "统计局自己的文件")
    query.setlist(f"{prefix}-{count}-document", [str(own.pk)])
    rebound = form_class(query, instance=page, for_user=user, parent_page=page.get_parent())
    assert rebound.is_valid(), (rebound.errors, [f.errors for f in rebound.formsets.values()])


def test_no_group_holds_rights_over_every_agency(demo):
    assert not Group.objects.filter(name__in=["Editors", "Moderators"]).exists()
    assert not GroupCollectionPermission.objects.filter(collection__depth=1).exists()
    assert not GroupPagePermission.objects.filter(page__depth=1).exists()
