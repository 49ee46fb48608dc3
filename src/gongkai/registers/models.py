"""Art. 20 registers (规章, 规范性文件, 许可, 处罚, 强制, 收费, 采购) and 行政复议 / 行政诉讼 cases.

Table 二 of the annual report is read from ``Art20Count`` rows (one per agency, year
and Art. 20 item), table 四 from ``ReviewCase`` rows. Counts are entered as yearly
figures; 规章 and 规范性文件 can instead be derived from catalogue records when the
catalogue app provides them (see ``registers.selectors.art20_counts``).
"""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.audit.models import Audited


class Art20Item(models.TextChoices):
    """The Art. 20 items that table 二 reports, in printed order."""

    REGULATION = "regulation", _("规章")
    NORMATIVE_DOCUMENT = "normative_document", _("（行政）规范性文件")
    LICENSING = "licensing", _("行政许可")
    OTHER_SERVICE = "other_service", _("其他对外管理服务事项")
    PENALTY = "penalty", _("行政处罚")
    ENFORCEMENT = "enforcement", _("行政强制")
    FEE = "fee", _("行政事业性收费")
    PROCUREMENT = "procurement", _("政府集中采购")


#: Which fields of ``Art20Count`` each item uses (the rest stay 0).
ITEM_FIELDS: dict[str, tuple[str, ...]] = {
    Art20Item.REGULATION: ("issued", "published", "repealed", "in_force", "published_total"),
    Art20Item.NORMATIVE_DOCUMENT: (
        "issued",
        "published",
        "repealed",
        "in_force",
        "published_total",
    ),
    Art20Item.LICENSING: ("items_last_year", "items_change", "decisions"),
    Art20Item.OTHER_SERVICE: ("items_last_year", "items_change", "decisions"),
    Art20Item.PENALTY: ("items_last_year", "items_change", "decisions"),
    Art20Item.ENFORCEMENT: ("items_last_year", "items_change", "decisions"),
    Art20Item.FEE: ("items_last_year", "items_change", "amount"),
    Art20Item.PROCUREMENT: ("projects", "amount"),
}

_count = dict(default=0, validators=[MinValueValidator(0)])


class Art20Count(Audited, models.Model):
    """One Art. 20 item of one agency for one calendar year, as yearly counts.

    Both national formats are served from the same row: the 2019 format prints
    新制作 / 新公开 / 对外公开总数量 and 上一年项目数量 / 本年增减 / 处理决定数量;
    the 2021 format prints 制发 / 废止 / 现行有效, 处理决定数量 and the fee amount.
    """

    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("机关"),
        on_delete=models.CASCADE,
        related_name="art20_counts",
    )
    year = models.PositiveIntegerField(_("年度"), validators=[MinValueValidator(2008)])
    item = models.CharField(_("事项"), max_length=30, choices=Art20Item.choices)
    issued = models.PositiveIntegerField(
        _("本年制发（新制作）件数"), help_text=_("规章、规范性文件"), **_count
    )
    published = models.PositiveIntegerField(
        _("本年新公开数量"), help_text=_("2019年格式"), **_count
    )
    repealed = models.PositiveIntegerField(_("本年废止件数"), help_text=_("2021年格式"), **_count)
    in_force = models.PositiveIntegerField(_("现行有效件数"), help_text=_("2021年格式"), **_count)
    published_total = models.PositiveIntegerField(
        _("对外公开总数量"), help_text=_("2019年格式"), **_count
    )
    items_last_year = models.PositiveIntegerField(_("上一年项目数量"), **_count)
    items_change = models.IntegerField(_("本年增/减"), default=0, help_text=_("减少时填负数"))
    decisions = models.PositiveIntegerField(_("本年处理决定数量"), **_count)
    projects = models.PositiveIntegerField(_("采购项目数量"), **_count)
    amount = models.DecimalField(
        _("金额（万元）"),
        max_digits=14,
        decimal_places=4,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("行政事业性收费：本年收费金额；政府集中采购：采购总金额。单位：万元"),
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("法定主动公开事项统计")
        verbose_name_plural = _("法定主动公开事项统计")
        ordering = ["agency", "-year", "item"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "item"], name="art20count_unique_item_per_year"
            )
        ]
        indexes = [models.Index(fields=["year", "agency"])]

    def __str__(self) -> str:
        return f"{self.agency} {self.year} {self.get_item_display()}"


class ReviewCase(Audited, models.Model):
    """A 行政复议 or 行政诉讼 case in which the agency's disclosure work is challenged.

    Counted in table 四 of the annual report (Art. 50(三)): cases filed in the year,
    with their result as it stood on 31 December (a case decided later is 尚未审结
    in that year's report).
    """

    class Kind(models.TextChoices):
        RECONSIDERATION = "reconsideration", _("行政复议")
        LITIGATION_DIRECT = "litigation_direct", _("行政诉讼（未经复议直接起诉）")
        LITIGATION_AFTER = "litigation_after", _("行政诉讼（复议后起诉）")

    class Result(models.TextChoices):
        UPHELD = "upheld", _("结果维持")
        CORRECTED = "corrected", _("结果纠正")
        OTHER = "other", _("其他结果")
        PENDING = "pending", _("尚未审结")

    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("被申请人/被告机关"),
        on_delete=models.CASCADE,
        related_name="review_cases",
    )
    kind = models.CharField(_("类型"), max_length=30, choices=Kind.choices)
    case_number = models.CharField(_("案号"), max_length=80, blank=True)
    body = models.CharField(
        _("复议机关/受理法院"), max_length=120, blank=True, help_text=_("如：满洲里市人民政府")
    )
    applicant_name = models.CharField(_("申请人/原告"), max_length=120, blank=True)
    application = models.ForeignKey(
        "applications.Application",
        verbose_name=_("关联申请"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="review_cases",
        help_text=_("案件涉及本系统中的政府信息公开申请时选择"),
    )
    tracking_number = models.CharField(
        _("关联申请编号"),
        max_length=40,
        blank=True,
        help_text=_("填写申请编号；本系统中有该申请时自动关联"),
    )
    filed_date = models.DateField(_("立案（受理）日期"))
    decided_date = models.DateField(_("审结日期"), null=True, blank=True)
    result = models.CharField(
        _("结果"), max_length=20, choices=Result.choices, default=Result.PENDING
    )
    note = models.TextField(_("备注"), blank=True)

    audit_masked = ("applicant_name",)

    class Meta:
        verbose_name = _("行政复议、行政诉讼案件")
        verbose_name_plural = _("行政复议、行政诉讼案件")
        ordering = ["agency", "-filed_date"]
        indexes = [models.Index(fields=["agency", "filed_date"])]

    def __str__(self) -> str:
        label = self.case_number or self.filed_date.isoformat()
        return f"{self.get_kind_display()} {label}"

    def _find_application(self):
        """The agency's application with this tracking number, if the system holds it."""
        from django.apps import apps

        try:
            Application = apps.get_model("applications", "Application")
        except LookupError:
            return None
        from gongkai.applications.selectors import canonical_tracking_numbers
        from gongkai.rules.tracking import TrackingNumberError

        try:
            numbers = canonical_tracking_numbers(self.tracking_number)
        except TrackingNumberError:
            numbers = [self.tracking_number.strip()]
        return Application.objects.filter(
            agency_id=self.agency_id, tracking_number__in=numbers
        ).first()

    def result_on(self, day) -> str:
        """The result as it stood on ``day``: pending until decided."""
        if self.decided_date is None or self.decided_date > day or self.result == "":
            return self.Result.PENDING
        return self.result

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.application_id and not self.tracking_number:
            self.tracking_number = self.application.tracking_number
        elif self.tracking_number and not self.application_id and self.agency_id:
            self.application = self._find_application()
        if self.application_id and self.agency_id and self.application.agency_id != self.agency_id:
            raise ValidationError({"application": _("关联申请不属于该机关")})

        if self.decided_date and self.decided_date < self.filed_date:
            raise ValidationError({"decided_date": _("审结日期不能早于立案日期")})
        if self.result != self.Result.PENDING and self.decided_date is None:
            raise ValidationError({"decided_date": _("已审结的案件须填写审结日期")})
