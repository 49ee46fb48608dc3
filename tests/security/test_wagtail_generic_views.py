"""Hole 3 of #15: Wagtail's generic views name nothing of another agency.

Found on the landed main: ``/admin/bulk/wagtailcore/page/delete/?id=N`` (and unpublish)
showed 统计局's unpublished draft titles to czj-registrar; ``/admin/api/main/documents/``
listed every document to a user whom ``/admin/documents/`` turns away. Here every
registered bulk action, the choosers, the admin API, the admin search and Wagtail's
reports are requested by 财政局 staff with 统计局's draft page, locked page, document
and image in reach of the request, and must name none of them. Documents and images
live in one collection per agency.
"""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Page

from gongkai.agencies.models import Agency

pytestmark = pytest.mark.django_db

DRAFT = "满洲里市统计局2020年统计执法检查工作方案"  # an unpublished 统计局 item of the demo
DOC = "统计局内部文件标记甲"
IMAGE = "统计局内部图片标记乙"
OWN_DOC = "财政局自己的文件标记丙"


def _png() -> bytes:
    from PIL import Image as PILImage

    buffer = io.BytesIO()
    PILImage.new("RGB", (4, 4), "red").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def files(demo):
    """统计局's draft page (locked by its admin), a document and an image in 统计局's
    collection, and a document in 财政局's."""
    from django.utils import timezone

    from gongkai.catalogue.services import agency_collection

    tjj, czj = Agency.objects.get(slug="mzl-tjj"), Agency.objects.get(slug="mzl-czj")
    draft = Page.objects.get(title=DRAFT)
    assert not draft.live
    Page.objects.filter(pk=draft.pk).update(
        locked=True, locked_by=demo.users["tjj-admin"], locked_at=timezone.now()
    )
    Document, Image = get_document_model(), get_image_model()
    doc = Document(title=DOC, collection=agency_collection(tjj))
    doc.file.save("tjj.txt", ContentFile(b"internal"), save=True)
    own = Document(title=OWN_DOC, collection=agency_collection(czj))
    own.file.save("czj.txt", ContentFile(b"own"), save=True)
    image = Image(
        title=IMAGE,
        collection=agency_collection(tjj),
        file=ImageFile(io.BytesIO(_png()), name="tjj.png"),
    )
    image.save()
    return {"draft": draft, "doc": doc, "image": image, "own": own}


def _body(client, url) -> tuple[int, str]:
    """Status and text of a GET; JSON answers (choosers, the API) decoded, so that escaped
    characters (\\uXXXX) are compared as the characters they stand for."""
    import json

    client.raise_request_exception = False
    response = client.get(url)
    text = response.content.decode("utf-8", "replace")
    if response.get("Content-Type", "").startswith("application/json"):
        text = json.dumps(json.loads(text), ensure_ascii=False)
    return response.status_code, text


MARKERS = (DRAFT, DOC, IMAGE)


def _leaks(client, urls) -> list[str]:
    problems = []
    for url in urls:
        status, body = _body(client, url)
        if status >= 500:
            problems.append(f"{url}: {status}")
        for marker in MARKERS:
            if marker in body:
                problems.append(f"{url} ({status}) names {marker}")
    return problems


def _bulk_urls(objects) -> list[str]:
    """Every registered bulk action of every model, with 统计局's object of that model."""
    bulk_action_registry._scan_for_bulk_actions()
    urls = []
    for app_label, models in bulk_action_registry.actions.items():
        for model_name, actions in models.items():
            for action in actions:
                for obj in objects:
                    if obj._meta.app_label == app_label and obj._meta.model_name == model_name:
                        urls.append(f"/admin/bulk/{app_label}/{model_name}/{action}/?id={obj.pk}")
    return urls


@pytest.mark.parametrize("username", ["czj-registrar", "czj-handler"])
def test_nothing_of_another_agency_is_named(client, demo, files, username):
    draft, doc, image = files["draft"], files["doc"], files["image"]
    client.force_login(demo.users[username])
    bulk = _bulk_urls([draft, doc, image])
    assert any("/wagtailcore/page/delete/" in u for u in bulk)
    assert any("/wagtaildocs/document/" in u for u in bulk)
    assert any("/wagtailimages/image/" in u for u in bulk)
    catalogue = draft.get_parent()
    urls = [
        *bulk,
        # admin API
        "/admin/api/main/pages/",
        f"/admin/api/main/pages/?child_of={catalogue.pk}",
        "/admin/api/main/documents/",
        "/admin/api/main/images/",
        f"/admin/api/main/documents/{doc.pk}/",
        f"/admin/api/main/images/{image.pk}/",
        f"/admin/api/main/pages/{draft.pk}/",
        # choosers
        "/admin/choose-page/",
        f"/admin/choose-page/{catalogue.pk}/",
        f"/admin/choose-page/search/?q={DRAFT[:8]}",
        f"/admin/choose-page/chosen-multiple/?id={draft.pk}",
        "/admin/documents/chooser/",
        f"/admin/documents/chooser/?q={DOC[:5]}",
        f"/admin/documents/chooser/{doc.pk}/",
        "/admin/images/chooser/",
        f"/admin/images/chooser/{image.pk}/",
        # search and lists
        f"/admin/pages/search/?q={DRAFT[:8]}",
        f"/admin/documents/?q={DOC[:5]}",
        "/admin/documents/",
        f"/admin/images/?q={IMAGE[:5]}",
        f"/admin/documents/edit/{doc.pk}/",
        f"/admin/images/{image.pk}/",
        # Wagtail's reports
        "/admin/reports/locked/",
        "/admin/reports/locked/results/",
        "/admin/reports/aging-pages/",
        "/admin/reports/site-history/",
        f"/admin/reports/site-history/?label={DRAFT[:8]}",
        "/admin/reports/page-types-usage/",
        "/admin/reports/workflow/",
        "/admin/reports/workflow_tasks/",
    ]
    assert _leaks(client, urls) == []
    # The locked-pages report names nobody whose lock the user may not lift.
    _status, body = _body(client, "/admin/reports/locked/")
    assert "孙管理" not in body and "tjj-admin" not in body


def test_own_files_are_still_reachable(client, demo, files):
    client.force_login(demo.users["czj-handler"])
    _status, body = _body(client, "/admin/api/main/documents/")
    assert OWN_DOC in body
    _status, body = _body(client, "/admin/documents/chooser/")
    assert OWN_DOC in body
    client.force_login(demo.users["tjj-office"])
    _status, body = _body(client, "/admin/api/main/documents/")
    assert DOC in body and OWN_DOC not in body
    _status, body = _body(client, "/admin/documents/chooser/")
    assert DOC in body and OWN_DOC not in body


def _agency_groups():
    """The agency groups: those holding page permissions on an agency's home page."""
    from django.contrib.auth.models import Group

    from gongkai.catalogue.models import AgencyHomePage

    homes = AgencyHomePage.objects.values("pk")
    return Group.objects.filter(page_permissions__page__in=homes).distinct()


def test_each_agency_has_its_collection_and_its_groups_hold_file_rights_only_there(demo):
    from wagtail.models import GroupCollectionPermission

    for agency in Agency.objects.exclude(kind=Agency.Kind.GOVERNMENT):
        assert agency.collection is not None
        assert agency.collection.get_parent() == Collection.get_first_root_node()
    groups = list(_agency_groups())
    assert groups
    for group in groups:
        assert not group.permissions.filter(
            content_type__app_label__in=["wagtaildocs", "wagtailimages"]
        ).exists(), group
        collections = set(
            GroupCollectionPermission.objects.filter(group=group).values_list(
                "collection", flat=True
            )
        )
        assert len(collections) == 1, group
    # The demo's attachments sit in their agency's collection.
    tjj = Agency.objects.get(slug="mzl-tjj")
    assert get_document_model().objects.filter(collection=tjj.collection).exists()
    assert not get_document_model().objects.filter(collection__depth=1).exists()


def test_the_migration_moves_existing_files_into_their_agencys_collection(demo):
    """A database from before #15: every document in the root, document rights global."""
    import importlib

    from django.apps import apps
    from django.contrib.auth.models import Permission
    from wagtail.models import GroupCollectionPermission

    migration = importlib.import_module(
        "gongkai.catalogue.migrations.0005_i15_documents_in_agency_collections"
    )
    root = Collection.get_first_root_node()
    Document = get_document_model()
    attached = Document.objects.filter(collection__agency__slug="mzl-tjj")
    attached_ids = set(attached.values_list("pk", flat=True))
    assert attached_ids
    Document.objects.update(collection=root)
    groups = list(_agency_groups())
    doc_perms = Permission.objects.filter(
        content_type__app_label="wagtaildocs", codename__in=["add_document", "choose_document"]
    )
    for group in groups:
        group.permissions.add(*doc_perms)
    GroupCollectionPermission.objects.all().delete()
    Agency.objects.update(collection=None)
    Collection.objects.exclude(pk=root.pk).delete()
    root.refresh_from_db()
    Collection.objects.filter(pk=root.pk).update(numchild=0)

    migration.forwards(apps, None)

    tjj = Agency.objects.get(slug="mzl-tjj")
    assert tjj.collection is not None and tjj.collection.get_parent() == root
    assert (
        set(Document.objects.filter(collection=tjj.collection).values_list("pk", flat=True))
        >= attached_ids
    )
    for group in groups:
        assert not group.permissions.filter(pk__in=doc_perms).exists()
        assert GroupCollectionPermission.objects.filter(group=group).exists()
    Collection.fix_tree()  # the paths the migration wrote are a valid tree
    assert Collection.find_problems() == ([], [], [], [], [])
