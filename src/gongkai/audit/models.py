"""The append-only audit log: who did what to which object, when, and what changed.

Every create, change and delete of a domain model that inherits ``Audited`` is
recorded automatically, in the same transaction as the change (``post_save`` and
``post_delete`` run inside the caller's atomic block). Workflow actions record
themselves through ``audit.services.audit_record``. Nothing can update or delete
an entry through the ORM, the admin or the API.
"""

import datetime
import decimal
import uuid

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditLogIsAppendOnly(Exception):
    """Raised on any attempt to change or remove an audit entry."""


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditLogIsAppendOnly("audit entries cannot be updated")

    def delete(self):
        raise AuditLogIsAppendOnly("audit entries cannot be deleted")

    def _raw_delete(self, using):
        raise AuditLogIsAppendOnly("audit entries cannot be deleted")


class AuditEntry(models.Model):
    """One recorded action. Append-only."""

    class Action(models.TextChoices):
        CREATE = "create", _("新建")
        UPDATE = "update", _("修改")
        DELETE = "delete", _("删除")
        WORKFLOW = "workflow", _("流程操作")
        LOGIN = "login", _("登录")
        EXPORT = "export", _("导出")
        OTHER = "other", _("其他")

    timestamp = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
    )
    actor_name = models.CharField(_("操作人名称"), max_length=150, blank=True)
    action = models.CharField(_("操作"), max_length=20, choices=Action.choices, db_index=True)
    verb = models.CharField(
        _("动作"), max_length=80, blank=True, help_text=_("如 application.accept、workflow.approve")
    )
    content_type = models.ForeignKey(
        ContentType,
        verbose_name=_("对象类型"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        db_constraint=False,
    )
    object_id = models.CharField(_("对象ID"), max_length=64, blank=True, db_index=True)
    object_repr = models.CharField(_("对象"), max_length=255, blank=True)
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("机关"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
    )
    changes = models.JSONField(_("变更内容"), default=dict, blank=True)
    message = models.TextField(_("说明"), blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计日志")
        ordering = ["-timestamp", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "timestamp"])]

    def __str__(self) -> str:
        return f"{self.timestamp:%Y-%m-%d %H:%M} {self.actor_name} {self.verb or self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise AuditLogIsAppendOnly("audit entries cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditLogIsAppendOnly("audit entries cannot be deleted")


def _plain(value):
    """A JSON-safe version of a field value, for the change record."""
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return "<binary>"
    if hasattr(value, "name") and hasattr(value, "storage"):  # FieldFile
        return value.name or ""
    return value


class Audited(models.Model):
    """Mixin: every create, change and delete of this model is written to the audit log.

    ``audit_exclude`` names fields not worth recording (caches, tree bookkeeping).
    Fields holding personal data can be listed in ``audit_masked`` so the log
    records that they changed but not their values.
    """

    audit_exclude: tuple[str, ...] = ("path", "depth", "numchild")
    audit_masked: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def audit_snapshot(self) -> dict:
        values = {}
        for field in self._meta.concrete_fields:
            if field.name in self.audit_exclude:
                continue
            values[field.attname] = _plain(getattr(self, field.attname, None))
        return values

    def audit_agency_id(self):
        """The agency this object belongs to, for scoping who may read its records."""
        if self._meta.label == "agencies.Agency":
            return self.pk
        return getattr(self, "agency_id", None)
