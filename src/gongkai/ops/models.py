"""Records of the ops app: outbound messages, periodic jobs, worker heartbeats, uploads."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboundMessage(models.Model):
    """One side effect that must happen at most once (an e-mail, an SMS, a letter sent out).

    The idempotency ``key`` is claimed in its own committed transaction before the
    side effect runs and marked ``sent`` after it; see ``gongkai.ops.outbound``.
    """

    class Status(models.TextChoices):
        CLAIMED = "claimed", _("发送中")
        SENT = "sent", _("已发送")
        FAILED = "failed", _("发送失败")

    key = models.CharField(_("幂等键"), max_length=200, unique=True)
    channel = models.CharField(_("渠道"), max_length=20, default="email")
    recipients = models.JSONField(_("收件人"), default=list, blank=True)
    subject = models.CharField(_("主题"), max_length=255, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.CLAIMED
    )
    attempts = models.PositiveIntegerField(_("尝试次数"), default=0)
    claimed_at = models.DateTimeField(_("认领时间"), default=timezone.now)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    error = models.TextField(_("错误"), blank=True)

    class Meta:
        verbose_name = _("外发消息")
        verbose_name_plural = _("外发消息")
        ordering = ["-claimed_at"]

    def __str__(self) -> str:
        return f"{self.key} ({self.get_status_display()})"


class ScheduledJob(models.Model):
    """The database half of a periodic job: when it last ran and when it is due.

    Workers enqueue a due job with a conditional UPDATE on ``next_run`` so that of
    several workers polling at once exactly one wins.
    """

    name = models.CharField(_("名称"), max_length=100, unique=True)
    last_run = models.DateTimeField(_("上次运行"), null=True, blank=True)
    next_run = models.DateTimeField(_("下次运行"), default=timezone.now)
    last_result_id = models.CharField(_("上次任务ID"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("定时任务")
        verbose_name_plural = _("定时任务")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class WorkerHeartbeat(models.Model):
    """A running ``gongkai worker`` says it is alive; tasks of a silent worker are retried."""

    worker_id = models.CharField(_("工作进程"), max_length=64, unique=True)
    hostname = models.CharField(_("主机"), max_length=255, blank=True)
    pid = models.PositiveIntegerField(_("进程号"), default=0)
    started_at = models.DateTimeField(_("启动时间"), default=timezone.now)
    last_seen = models.DateTimeField(_("最近心跳"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("工作进程心跳")
        verbose_name_plural = _("工作进程心跳")

    def __str__(self) -> str:
        return f"{self.worker_id}@{self.hostname}"


def _upload_path(instance, filename: str) -> str:
    # A random name: never the uploader's file name (path tricks, guessable URLs).
    return f"uploads/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{instance.extension}"


class Upload(models.Model):
    """A checked upload: content type from magic bytes, random storage name, attachment only."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    file = models.FileField(_("文件"), upload_to=_upload_path, max_length=255)
    original_name = models.CharField(_("原文件名"), max_length=255)
    kind = models.CharField(_("类型"), max_length=10)
    extension = models.CharField(_("扩展名"), max_length=10)
    content_type = models.CharField(_("媒体类型"), max_length=100)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("机关"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("上传时间"), default=timezone.now)

    class Meta:
        verbose_name = _("上传文件")
        verbose_name_plural = _("上传文件")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.original_name


class TwoFactorGrace(models.Model):
    """The one login a user who must use two-factor authentication may make without it.

    Recorded at that login (``ops.security``): the session it opened may use the staff
    console while the user sets up an authenticator; every later session must set one
    up before anything else.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    used_at = models.DateTimeField(_("宽限登录时间"), default=timezone.now)

    class Meta:
        verbose_name = _("双因素认证宽限登录")
        verbose_name_plural = _("双因素认证宽限登录")

    def __str__(self) -> str:
        return f"{self.user} {self.used_at:%Y-%m-%d %H:%M}"
