"""Automatic audit records for models inheriting ``Audited``.

These handlers record, they decide nothing: business rules stay in services.
"""

from django.db.models.signals import post_delete, post_init, post_save
from django.dispatch import receiver

from gongkai.audit.models import Audited, AuditEntry
from gongkai.audit.services import audit_record

MASK = "***"


def _diff(instance, before: dict, after: dict) -> dict:
    changes = {}
    for key, new in after.items():
        old = before.get(key)
        if old != new:
            if key in instance.audit_masked or key.removesuffix("_id") in instance.audit_masked:
                changes[key] = [MASK, MASK]
            else:
                changes[key] = [old, new]
    return changes


@receiver(post_init)
def remember_loaded_values(sender, instance, **kwargs):
    if isinstance(instance, Audited):
        instance._audit_before = instance.audit_snapshot() if instance.pk is not None else {}


@receiver(post_save)
def record_save(sender, instance, created, raw=False, **kwargs):
    if raw or not isinstance(instance, Audited):
        return
    after = instance.audit_snapshot()
    before = {} if created else getattr(instance, "_audit_before", {})
    changes = _diff(instance, before, after)
    if not created and not changes:
        return
    audit_record(
        action=AuditEntry.Action.CREATE if created else AuditEntry.Action.UPDATE,
        obj=instance,
        verb=f"{sender._meta.label_lower}.{'create' if created else 'update'}",
        changes=changes,
    )
    instance._audit_before = after


@receiver(post_delete)
def record_delete(sender, instance, **kwargs):
    if not isinstance(instance, Audited):
        return
    audit_record(
        action=AuditEntry.Action.DELETE,
        obj=instance,
        verb=f"{sender._meta.label_lower}.delete",
        changes={"deleted": _diff(instance, {}, instance.audit_snapshot())},
    )
