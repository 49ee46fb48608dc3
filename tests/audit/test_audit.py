"""The audit log records every create, change and delete, and cannot itself be changed."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType

from gongkai.agencies.models import Agency, Unit
from gongkai.audit.context import acting_as
from gongkai.audit.models import AuditEntry, AuditLogIsAppendOnly
from gongkai.audit.services import audit_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def agency():
    return Agency.add_root(name="测试市人民政府", slug="test-city")


def test_create_change_delete_are_recorded_with_actor_and_changes(agency):
    user = get_user_model().objects.create_user("auditor", password="x")
    with acting_as(user):
        unit = Unit.objects.create(agency=agency, name="办公室")
        unit.phone = "0470-1234567"
        unit.save()
        unit_pk = unit.pk
        unit.delete()
    entries = list(
        AuditEntry.objects.filter(
            object_id=str(unit_pk), content_type=ContentType.objects.get_for_model(Unit)
        ).order_by("id")
    )
    assert [e.action for e in entries] == ["create", "update", "delete"]
    assert all(e.actor == user for e in entries)
    assert entries[1].changes == {"phone": ["", "0470-1234567"]}
    assert entries[0].agency_id == agency.pk
    assert "办公室" in entries[2].object_repr


def test_saving_without_changes_records_nothing(agency):
    unit = Unit.objects.create(agency=agency, name="办公室")
    before = AuditEntry.objects.count()
    unit.save()
    Unit.objects.get(pk=unit.pk).save()
    assert AuditEntry.objects.count() == before


def test_entries_cannot_be_changed_or_deleted(agency):
    entry = audit_record(action="workflow", verb="test.action", obj=agency, message="x")
    entry.message = "edited"
    with pytest.raises(AuditLogIsAppendOnly):
        entry.save()
    with pytest.raises(AuditLogIsAppendOnly):
        entry.delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.filter(pk=entry.pk).update(message="edited")
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    assert AuditEntry.objects.get(pk=entry.pk).message == "x"


def test_a_rolled_back_change_leaves_no_entry(agency):
    from django.db import transaction

    before = AuditEntry.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        Unit.objects.create(agency=agency, name="回滚科")
        raise RuntimeError
    assert AuditEntry.objects.count() == before


def test_admin_can_read_and_filter_but_not_edit(demo, client):
    admin = get_user_model().objects.get(username="tjj-admin")
    client.force_login(admin)
    entry = AuditEntry.objects.filter(agency__slug="mzl-tjj").first()
    assert entry is not None
    listing = client.get("/admin/audit/", {"action": "create"})
    assert listing.status_code == 200
    assert entry.object_repr in listing.content.decode()
    assert client.get(f"/admin/audit/inspect/{entry.pk}/").status_code == 200
    # No screen edits or deletes an entry: the views refuse (redirect with a message or 403/404).
    edit = client.post(f"/admin/audit/edit/{entry.pk}/", {"message": "edited"})
    delete = client.post(f"/admin/audit/delete/{entry.pk}/")
    assert edit.status_code in (302, 403, 404) and delete.status_code in (302, 403, 404)
    if edit.status_code == 302:
        assert edit.url != f"/admin/audit/edit/{entry.pk}/"
    unchanged = AuditEntry.objects.get(pk=entry.pk)
    assert unchanged.message == entry.message


def test_agency_staff_see_only_their_agencys_entries(demo, client):
    czj_admin_entries = AuditEntry.objects.filter(agency__slug="mzl-tjj")
    user = get_user_model().objects.get(username="czj-registrar")
    client.force_login(user)
    response = client.get("/admin/audit/")
    # registrars hold no audit view role at all
    assert response.status_code in (302, 403)
    sample = czj_admin_entries.first()
    assert sample is not None
