"""The annual report (政府信息公开工作年度报告, Arts. 49-50) of an agency for a year.

The tables are built from records (``reports.services.annual_report_build``) or
imported from a published file; they are stored as JSON in the shape of the
``gongkai report check --json`` contract, with the results of the cross-checks.
A lock date freezes the year: a rebuild after it stores what changed in
``changes_after_lock`` and flags the report, but keeps the locked tables.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.audit.models import Audited
from gongkai.rules.formats import WORDING_COMMON, WORDING_OFFICIAL

#: The five parts of section 一、总体情况, in printed order: (field, heading).
OVERVIEW_PARTS: tuple[tuple[str, str], ...] = (
    ("overview_publication", _("主动公开")),
    ("overview_application", _("依申请公开")),
    ("overview_management", _("政府信息管理")),
    ("overview_platform", _("平台建设")),
    ("overview_supervision", _("监督保障")),
)
NARRATIVE_FIELDS: tuple[str, ...] = (
    "overview_intro",
    *(f for f, _h in OVERVIEW_PARTS),
    "problems",
    "other_matters",
)


def _import_path(instance, filename: str) -> str:
    return f"reports/imported/{instance.agency_id}/{instance.year}/{filename}"


class AnnualReport(Audited, models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("已提交审核")
        RETURNED = "returned", _("已退回修改")
        APPROVED = "approved", _("机关负责人已审定")
        FILED = "filed", _("已报送主管部门")
        PUBLISHED = "published", _("已公开发布")

    class Source(models.TextChoices):
        BUILT = "built", _("系统生成")
        IMPORTED = "imported", _("导入已发布报告")

    class Scope(models.TextChoices):
        AGENCY = "agency", _("本机关")
        CONSOLIDATED = "consolidated", _("汇总（含下级机关）")

    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("机关"),
        on_delete=models.CASCADE,
        related_name="annual_reports",
    )
    year = models.PositiveIntegerField(_("年度"))
    scope = models.CharField(_("范围"), max_length=20, choices=Scope.choices, default=Scope.AGENCY)
    report_format = models.CharField(
        _("报告格式"),
        max_length=4,
        choices=[
            ("2019", _("2019年格式（国办公开办函〔2019〕60号）")),
            ("2021", _("2021年格式（国办公开办函〔2021〕30号）")),
        ],
    )
    state = models.CharField(_("状态"), max_length=20, choices=State.choices, default=State.DRAFT)
    source = models.CharField(
        _("来源"), max_length=20, choices=Source.choices, default=Source.BUILT
    )
    title = models.CharField(_("标题"), max_length=200, blank=True)

    # --- narrative ------------------------------------------------------------------
    overview_intro = models.TextField(_("总体情况（导语）"), blank=True)
    overview_publication = models.TextField(_("主动公开"), blank=True)
    overview_application = models.TextField(_("依申请公开"), blank=True)
    overview_management = models.TextField(_("政府信息管理"), blank=True)
    overview_platform = models.TextField(_("平台建设"), blank=True)
    overview_supervision = models.TextField(_("监督保障"), blank=True)
    problems = models.TextField(_("存在的主要问题及改进情况"), blank=True)
    other_matters = models.TextField(_("其他需要报告的事项"), blank=True)

    heading_wording = models.CharField(
        _("标题用语"),
        max_length=16,
        choices=[
            (WORDING_OFFICIAL, _("按报告格式原文")),
            (WORDING_COMMON, _("按通行用语")),
        ],
        default=WORDING_OFFICIAL,
        help_text=_(
            "报告格式原文与通行用语不同的标题（如2019年格式的“五、政府信息公开工作存在的主要问题"
            "及改进情况”，通行用语为“五、存在的主要问题及改进情况”）按哪一种印出"
        ),
    )

    # --- tables and checks ------------------------------------------------------------
    tables = models.JSONField(_("报表数据"), default=dict, blank=True)
    check_problems = models.JSONField(_("校验结果"), default=list, blank=True)
    built_at = models.DateTimeField(_("生成时间"), null=True, blank=True)
    lock_date = models.DateField(
        _("锁定日期"),
        null=True,
        blank=True,
        help_text=_("锁定后本年度数据冻结；此后数据变更只提示，不自动更新报表"),
    )
    changed_after_lock = models.BooleanField(_("数据已在锁定后变更"), default=False)
    changes_after_lock = models.JSONField(_("锁定后的变更"), default=dict, blank=True)

    # --- import and publication --------------------------------------------------------
    imported_file = models.FileField(
        _("导入的报告文件"), upload_to=_import_path, blank=True, max_length=255
    )
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    approved_at = models.DateTimeField(_("审定时间"), null=True, blank=True)
    filed_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    published_html = models.TextField(_("发布的页面"), blank=True)
    return_reason = models.TextField(_("退回意见"), blank=True)

    class Meta:
        verbose_name = _("政府信息公开工作年度报告")
        verbose_name_plural = _("政府信息公开工作年度报告")
        ordering = ["-year", "agency"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "scope"], name="annualreport_unique_per_year"
            )
        ]

    def __str__(self) -> str:
        return self.title or default_title(self.agency.name, self.year)

    @property
    def is_locked(self) -> bool:
        from django.utils import timezone

        return self.lock_date is not None and timezone.localdate() >= self.lock_date

    @property
    def failed_checks(self) -> list[dict]:
        return [p for p in self.check_problems if p.get("severity", "error") == "error"]


def default_title(agency_name: str, year: int) -> str:
    return f"{agency_name}{year}年政府信息公开工作年度报告"
