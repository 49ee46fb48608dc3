"""The holiday table: dated rest days and 调休 working weekends, and which years are official.

Seeded from the ``chinesecalendar`` package (2004-2026) by a data migration;
a new year is imported from a file transcribing the State Council's notice
(``gongkai calendar import FILE``); system administrators may edit single days
in the Wagtail admin. Every change is audited (``Audited``) and every write
through ``services`` makes ``gongkai.workdays.calendar()`` rebuild.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.audit.models import Audited


class Source(models.TextChoices):
    PACKAGE = "package", _("chinesecalendar 数据包")
    IMPORT = "import", _("导入国务院通知")
    MANUAL = "manual", _("手工维护")


class CalendarYear(Audited):
    """One year's schedule: official once the State Council's notice is in the table."""

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    source = models.CharField(_("来源"), max_length=10, choices=Source.choices)
    official = models.BooleanField(
        _("正式安排"),
        default=True,
        help_text=_(
            "已按国务院办公厅节假日安排通知录入；否则该年按《全国年节及纪念日放假办法》"
            "推算法定节假日及补假，并标注“暂定”"
        ),
    )
    notice = models.CharField(
        _("通知文号"), max_length=80, blank=True, help_text=_("如 国办发明电〔2025〕7号")
    )
    imported_at = models.DateTimeField(_("导入时间"), null=True, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("年度节假日安排")
        verbose_name_plural = _("年度节假日安排")
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}年" + (f"（{self.notice}）" if self.notice else "")


class CalendarDay(Audited):
    """A dated exception to Monday-Friday: a rest day (法定节假日, 调休) or a working weekend (调休上班)."""

    date = models.DateField(_("日期"), unique=True)
    is_workday = models.BooleanField(
        _("上班"), help_text=_("勾选：该日上班（如调休上班的周末）；不勾选：该日休息")
    )
    reason = models.CharField(
        _("事由"),
        max_length=40,
        help_text=_("休息日填节日名称（如 春节）；调休上班填 如 春节调休上班"),
    )
    source = models.CharField(
        _("来源"), max_length=10, choices=Source.choices, default=Source.MANUAL
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("节假日调整")
        verbose_name_plural = _("节假日调整")
        ordering = ["-date"]

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.date and self.is_workday and self.date.weekday() < 5:
            raise ValidationError(
                {
                    "is_workday": _(
                        "周一至周五本来就是工作日；只有调休上班的周六、周日需要登记为上班"
                    )
                }
            )

    def __str__(self) -> str:
        kind = "上班" if self.is_workday else "休息"
        return f"{self.date.isoformat()} {kind}（{self.reason}）"
