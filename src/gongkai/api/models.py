"""Clients of the JSON API (a 12345 hotline, a provincial platform ...): tokens and scopes.

A client's token is shown once, when the client is created (``gongkai api create-client``);
only its SHA-256 digest is stored, with a short public prefix to find the row. Tokens are
long random strings, so a fast digest is enough (no password stretching needed).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.audit.models import Audited


class Scope(models.TextChoices):
    CATALOGUE_READ = "catalogue:read", _("读取公开目录")
    REPORTS_READ = "reports:read", _("读取年度报告")
    STATS_READ = "stats:read", _("读取统计数据")
    APPLICATIONS_SUBMIT = "applications:submit", _("提交政府信息公开申请")
    APPLICATIONS_STATUS = "applications:status", _("查询申请办理状态")


class ApiClient(Audited, models.Model):
    """One system that calls the API, with its scopes and an optional agency restriction."""

    audit_exclude = ("token_hash", "last_used_at")

    name = models.CharField(_("名称"), max_length=100, unique=True)
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("限定机关"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("设定后，只能向该机关及其下级机关提交申请、查询其申请"),
    )
    scopes = models.JSONField(_("权限范围"), default=list, blank=True)
    token_prefix = models.CharField(_("令牌前缀"), max_length=16, unique=True)
    token_hash = models.CharField(_("令牌摘要"), max_length=64)
    rate_limit = models.PositiveIntegerField(
        _("每分钟请求上限"), default=600, help_text=_("超出后返回 429")
    )
    active = models.BooleanField(_("有效"), default=True)
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("接口客户端")
        verbose_name_plural = _("接口客户端")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def has_scope(self, scope: str) -> bool:
        return self.active and scope in (self.scopes or [])
