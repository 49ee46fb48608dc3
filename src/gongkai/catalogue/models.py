"""The agency sites of the 政府信息公开专栏 as Wagtail pages, the catalogue metadata, channels,
the 保密审查 task of the publishing workflow, index-number allocation and the search index.

Page tree::

    CityHomePage ("/")
      AgencyHomePage (one per Agency)
        GuidePage, PolicyPage, StatutoryContentPage
        CataloguePage (categories configured per agency)
          DisclosureItemPage, InterpretationPage, InterviewPage, WorkPlanPage

Interpretation, interview and work-plan pages are disclosure items themselves (multi-table
inheritance), so they carry the §4.2 metadata, get an index number, go through the review
workflow, appear in the catalogue and are found by search.
"""

import datetime

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.documents import get_document_model_string
from wagtail.fields import RichTextField
from wagtail.models import AbstractGroupApprovalTask, Orderable, Page, Task, TaskState

from gongkai.audit.models import Audited

# --- choices -----------------------------------------------------------------------------


class Validity(models.TextChoices):
    VALID = "valid", _("有效")
    EXPIRED = "expired", _("失效")
    REPEALED = "repealed", _("废止")


class DisclosureAttribute(models.TextChoices):
    PROACTIVE = "proactive", _("主动公开")
    ON_APPLICATION = "on_application", _("依申请公开")
    WITHHELD = "withheld", _("不予公开")


class SecrecyStatus(models.TextChoices):
    NON_SECRET = "non_secret", _("非涉密")
    SECRET = "secret", _("涉密")


class DocumentType(models.TextChoices):
    """What Art. 20(一) counts: 规章 and 行政规范性文件; everything else is 其他."""

    REGULATION = "regulation", _("规章")
    NORMATIVE = "normative", _("行政规范性文件")
    OTHER = "other", _("其他文件")


class Genre(models.TextChoices):
    NOTICE = "notice", _("通知")
    ANNOUNCEMENT = "announcement", _("公告")
    CIRCULAR = "circular", _("通告")
    OPINION = "opinion", _("意见")
    DECISION = "decision", _("决定")
    MEASURES = "measures", _("办法")
    PROVISIONS = "provisions", _("规定")
    PLAN = "plan", _("方案")
    REPORT = "report", _("报告")
    BULLETIN = "bulletin", _("公报")
    INTERPRETATION = "interpretation", _("解读")
    INTERVIEW = "interview", _("访谈")
    WORK_POINTS = "work_points", _("工作要点")
    DATA = "data", _("数据")
    OTHER = "other", _("其他")


class Channel(models.TextChoices):
    PORTAL = "portal", _("政府网站")
    WECHAT = "wechat", _("微信公众号")
    WEIBO = "weibo", _("微博")
    APP = "app", _("政务APP")
    OTHER = "other", _("其他")


# 主题分类 (a subset of the gov.cn taxonomy; the first level and the branches agencies here use).
TOPICS = [
    ("综合政务\\政务公开", _("综合政务\\政务公开")),
    ("综合政务\\其他", _("综合政务\\其他")),
    ("国民经济管理、国有资产监管\\统计", _("国民经济管理、国有资产监管\\统计")),
    ("国民经济管理、国有资产监管\\其他", _("国民经济管理、国有资产监管\\其他")),
    ("财政、金融、审计\\财政", _("财政、金融、审计\\财政")),
    ("城乡建设、环境保护\\其他", _("城乡建设、环境保护\\其他")),
    ("教育", _("教育")),
    ("劳动、人事、监察\\其他", _("劳动、人事、监察\\其他")),
    ("民政、扶贫、救灾\\其他", _("民政、扶贫、救灾\\其他")),
    ("其他", _("其他")),
]

# The items of Art. 20 and Art. 21 (设区的市级、县级人民政府).
STATUTORY_ITEMS = [
    ("20.1", _("（一）行政法规、规章和规范性文件")),
    ("20.2", _("（二）机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名")),
    ("20.3", _("（三）国民经济和社会发展规划、专项规划、区域规划及相关政策")),
    ("20.4", _("（四）国民经济和社会发展统计信息")),
    ("20.5", _("（五）办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果")),
    (
        "20.6",
        _("（六）实施行政处罚、行政强制的依据、条件、程序以及具有一定社会影响的行政处罚决定"),
    ),
    ("20.7", _("（七）财政预算、决算信息")),
    ("20.8", _("（八）行政事业性收费项目及其依据、标准")),
    ("20.9", _("（九）政府集中采购项目的目录、标准及实施情况")),
    ("20.10", _("（十）重大建设项目的批准和实施情况")),
    ("20.11", _("（十一）扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况")),
    ("20.12", _("（十二）突发公共事件的应急预案、预警信息及应对情况")),
    ("20.13", _("（十三）环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况")),
    ("20.14", _("（十四）公务员招考的职位、名额、报考条件等事项以及录用结果")),
    ("20.15", _("（十五）法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息")),
    (
        "21",
        _("第二十一条：市政建设、公共服务、公益事业、土地征收、房屋征收、治安管理、社会救助等"),
    ),
]

DEFAULT_INDEX_PATTERN = "{code}/{year}-{seq:05d}"


# --- per-agency settings, index numbers -----------------------------------------------------


class CatalogueSettings(Audited, models.Model):
    """Per-agency settings of the catalogue (one row per agency, created on demand)."""

    agency = models.OneToOneField(
        "agencies.Agency",
        verbose_name=_("机关"),
        on_delete=models.CASCADE,
        related_name="catalogue_settings",
    )
    index_pattern = models.CharField(
        _("索引号格式"),
        max_length=80,
        default=DEFAULT_INDEX_PATTERN,
        help_text=_("可用占位符：{code} 机构代码，{year} 年份，{month} 月份，{seq} 流水号"),
    )
    publication_workdays = models.PositiveSmallIntegerField(
        _("主动公开期限（工作日）"),
        default=20,
        help_text=_("条例第二十六条：自形成或者变更之日起20个工作日内公开"),
    )
    reassessment_interval_days = models.PositiveIntegerField(
        _("动态调整复核周期（天）"),
        default=365,
        help_text=_("依申请公开、不予公开的信息按此周期重新评估（条例第十八条）"),
    )

    class Meta:
        verbose_name = _("公开目录设置")
        verbose_name_plural = _("公开目录设置")

    def __str__(self) -> str:
        return f"{self.agency} {self._meta.verbose_name}"

    def clean(self):
        try:
            self.index_pattern.format(code="X", year=2020, month=1, seq=1)
        except (KeyError, IndexError, ValueError) as error:
            raise ValidationError({"index_pattern": _("索引号格式无效：%s") % error}) from error
        if "{seq" not in self.index_pattern:
            raise ValidationError({"index_pattern": _("索引号格式必须包含流水号 {seq}")})


class IndexNumberCounter(models.Model):
    """The last sequence number handed out per agency and year. Only ever increases."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="index_counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.year}: {self.last}"


class IndexNumberAllocation(models.Model):
    """Every index number ever issued; kept when the item is deleted, so it is never reused."""

    number = models.CharField(_("索引号"), max_length=80, unique=True)
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    seq = models.PositiveIntegerField()
    page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    allocated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("索引号分配记录")
        verbose_name_plural = _("索引号分配记录")

    def __str__(self) -> str:
        return self.number


# --- portal pages ------------------------------------------------------------------------------


def _agency_home_of(page: Page):
    """The AgencyHomePage above (or at) ``page``, from its tree path (works before first save)."""
    path = page.path or ""
    step = Page.steplen
    prefixes = [path[:i] for i in range(step, len(path) + 1, step)]
    return AgencyHomePage.objects.filter(path__in=prefixes).order_by("-depth").first()


class AgencyContextMixin:
    """Adds the agency's home page to the context (the 专栏 navigation is ``{% agency_nav %}``)."""

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        home = self if isinstance(self, AgencyHomePage) else _agency_home_of(self)
        context["agency_home"] = home
        return context


class CityHomePage(Page):
    """The portal's front page ("/"): the city's agencies and a search box."""

    intro = RichTextField(_("导语"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["catalogue.AgencyHomePage"]
    max_count = 1
    template = "catalogue/city_home_page.html"

    class Meta:
        verbose_name = _("政府信息公开首页")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["agency_pages"] = (
            AgencyHomePage.objects.child_of(self).live().select_related("agency").order_by("path")
        )
        from gongkai.catalogue.selectors import latest_items

        context["latest"] = latest_items(limit=10)
        from gongkai.portal.navigation import site_services

        context["services"] = site_services()
        return context


class AgencyHomePage(AgencyContextMixin, Page):
    """An agency's 政府信息公开专栏: 机关简介, 机构设置 and contact data from the agency record."""

    agency = models.OneToOneField(
        "agencies.Agency",
        verbose_name=_("机关"),
        on_delete=models.PROTECT,
        related_name="home_page",
    )
    introduction = RichTextField(_("机关简介"), blank=True)
    functions = RichTextField(_("主要职能"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("agency"),
        FieldPanel("introduction"),
        FieldPanel("functions"),
    ]
    parent_page_types = ["catalogue.CityHomePage"]
    subpage_types = [
        "catalogue.GuidePage",
        "catalogue.PolicyPage",
        "catalogue.StatutoryContentPage",
        "catalogue.CataloguePage",
    ]
    template = "catalogue/agency_home_page.html"

    class Meta:
        verbose_name = _("机关公开专栏首页")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        agency = self.agency
        context["leaders"] = agency.leadership.all()
        context["units"] = agency.units.all()
        context["sections"] = self.get_children().live().specific()
        from gongkai.catalogue.selectors import latest_items

        context["latest"] = latest_items(agency_ids=[agency.pk], limit=8)
        return context


class GuidePage(AgencyContextMixin, Page):
    """政府信息公开指南 (Art. 12): pre-filled from the agency record, editable, dated."""

    body = RichTextField(_("指南正文"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("body")]
    parent_page_types = ["catalogue.AgencyHomePage"]
    subpage_types: list = []
    max_count_per_parent = 1
    template = "catalogue/guide_page.html"

    class Meta:
        verbose_name = _("政府信息公开指南")

    @cached_property
    def agency(self):
        home = _agency_home_of(self)
        return home.agency if home else None

    @property
    def updated_on(self) -> datetime.date | None:
        stamp = self.last_published_at or self.latest_revision_created_at
        return timezone.localdate(stamp) if stamp else None

    @staticmethod
    def default_body(agency) -> str:
        """The guide's text generated from the agency record (the editor may change it)."""
        from django.utils.html import escape

        office = agency.disclosure_office.name if agency.disclosure_office_id else ""
        rows = [
            (_("工作机构"), f"{agency.name}{office}"),
            (_("办公地址"), agency.address),
            (_("邮政编码"), agency.postcode),
            (_("办公时间"), agency.office_hours),
            (_("联系电话"), agency.phone),
            (_("传真号码"), agency.fax),
            (_("电子邮箱"), agency.email),
            (_("网站"), agency.website),
        ]
        contact = "".join(
            f"<li>{escape(str(label))}：{escape(value)}</li>" for label, value in rows if value
        )
        return (
            f"<p>{escape(str(_('为了更好地提供政府信息公开服务，根据《中华人民共和国政府信息公开条例》，编制本指南。')))}</p>"
            f"<h2>{escape(str(_('一、主动公开')))}</h2>"
            f"<p>{escape(str(_('（一）公开范围：本机关按照条例第十九条、第二十条的规定主动公开政府信息，详见“法定主动公开内容”和“公开目录”。')))}</p>"
            f"<p>{escape(str(_('（二）分类与编排：公开目录按类别编排，每条信息包括索引号、名称、内容概述、生成日期等内容。')))}</p>"
            f"<p>{escape(str(_('（三）公开方式：政府网站政府信息公开专栏，并可通过微信公众号等政务新媒体发布。')))}</p>"
            f"<p>{escape(str(_('（四）公开时限：自政府信息形成或者变更之日起20个工作日内公开。')))}</p>"
            f"<h2>{escape(str(_('二、依申请公开')))}</h2>"
            f"<p>{escape(str(_('公民、法人或者其他组织可以通过网上申请、信函、当面等方式向本机关提出政府信息公开申请。本机关自收到申请之日起20个工作日内予以答复；需要延长答复期限的，经负责人同意并告知申请人，延长的期限最长不超过20个工作日。')))}</p>"
            f"<h2>{escape(str(_('三、政府信息公开工作机构')))}</h2><ul>{contact}</ul>"
            f"<h2>{escape(str(_('四、监督和救济')))}</h2>"
            f"<p>{escape(str(_('公民、法人或者其他组织认为本机关在政府信息公开工作中侵犯其合法权益的，可以向上一级行政机关或者政府信息公开工作主管部门投诉、举报，也可以依法申请行政复议或者提起行政诉讼。')))}</p>"
        )

    def save(self, *args, **kwargs):
        if not (self.body or "").strip():
            home = _agency_home_of(self)
            if home is not None:
                self.body = self.default_body(home.agency)  # pre-filled, then editable
        return super().save(*args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["agency"] = self.agency
        return context


class PolicyPage(AgencyContextMixin, Page):
    """政府信息公开制度: the agency's rules (review, 保密审查, publication, application handling)."""

    body = RichTextField(_("制度正文"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("body")]
    parent_page_types = ["catalogue.AgencyHomePage"]
    subpage_types: list = []
    template = "catalogue/policy_page.html"

    class Meta:
        verbose_name = _("政府信息公开制度")


class StatutoryContentPage(AgencyContextMixin, Page):
    """法定主动公开内容: the agency's published items grouped by the items of Art. 20 and 21."""

    intro = RichTextField(_("说明"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["catalogue.AgencyHomePage"]
    subpage_types: list = []
    max_count_per_parent = 1
    template = "catalogue/statutory_content_page.html"

    class Meta:
        verbose_name = _("法定主动公开内容")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        home = _agency_home_of(self)
        items = (
            DisclosureItemPage.objects.live()
            .filter(agency=home.agency if home else None)
            .exclude(statutory_item="")
            .order_by("-publication_date", "-pk")
        )
        by_item: dict[str, list] = {}
        for item in items:
            by_item.setdefault(item.statutory_item, []).append(item)
        context["sections"] = [
            {"code": code, "label": label, "items": by_item.get(code, [])[:10]}
            for code, label in STATUTORY_ITEMS
        ]
        context["agency_home"] = home
        return context


class CatalogueCategory(Orderable):
    """A category of an agency's 公开目录 (configured per agency on its CataloguePage)."""

    page = ParentalKey("catalogue.CataloguePage", related_name="categories")
    name = models.CharField(_("类别名称"), max_length=60)
    description = models.CharField(_("说明"), max_length=200, blank=True)

    panels = [FieldPanel("name"), FieldPanel("description")]

    class Meta(Orderable.Meta):
        verbose_name = _("目录类别")
        verbose_name_plural = _("目录类别")

    def __str__(self) -> str:
        return self.name


class CataloguePage(AgencyContextMixin, Page):
    """公开目录: a table of the agency's published items with filters and paging."""

    intro = RichTextField(_("说明"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        InlinePanel("categories", label=_("目录类别")),
    ]
    parent_page_types = ["catalogue.AgencyHomePage"]
    subpage_types = [
        "catalogue.DisclosureItemPage",
        "catalogue.InterpretationPage",
        "catalogue.InterviewPage",
        "catalogue.WorkPlanPage",
    ]
    max_count_per_parent = 1
    template = "catalogue/catalogue_page.html"
    per_page = 20

    class Meta:
        verbose_name = _("公开目录")

    def get_context(self, request, *args, **kwargs):
        from gongkai.catalogue.selectors import catalogue_listing

        context = super().get_context(request, *args, **kwargs)
        context.update(catalogue_listing(self, request.GET))
        return context


# --- disclosure items ------------------------------------------------------------------------


class DisclosureItemForm(WagtailAdminPageForm):
    """Limits the category choices to the categories of the item's own catalogue."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        parent = kwargs.get("parent_page") or (
            self.instance.get_parent() if self.instance.pk else None
        )
        if "category" in self.fields and parent is not None:
            self.fields["category"].queryset = CatalogueCategory.objects.filter(page_id=parent.pk)

    def is_valid(self):
        """An attachment must be a file the editor may choose: the document chooser offers
        only the agency's own collection, and a posted id of another agency's file is
        refused here rather than published under this agency's name."""
        valid = super().is_valid()
        formset = self.formsets.get("attachments") if self.for_user else None
        if formset is None:
            return valid
        from gongkai.agencies.admin_scope import visible_in_admin

        for form in formset.forms:
            document = (getattr(form, "cleaned_data", None) or {}).get("document")
            if document is not None and not visible_in_admin(self.for_user, document):
                form.add_error("document", _("只能附加本机关文件库中的文件"))
                valid = False
        return valid


def validate_summary(value: str) -> None:
    if len(value) > 100:
        raise ValidationError(
            _("内容概述不得超过100个字（当前%(n)d个字）"), params={"n": len(value)}, code="too_long"
        )


class DisclosureItemPage(AgencyContextMixin, Page):
    """A catalogue entry (目录条目): one piece of government information with §4.2 metadata."""

    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("机关"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="disclosure_items",
    )
    index_number = models.CharField(
        _("索引号"), max_length=80, unique=True, null=True, blank=True, editable=False
    )
    category = models.ForeignKey(
        CatalogueCategory,
        verbose_name=_("目录类别"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="items",
    )
    publisher = models.CharField(
        _("发布机构"), max_length=120, blank=True, help_text=_("留空时为本机关全称")
    )
    written_date = models.DateField(_("成文日期"), null=True, blank=True)
    publication_date = models.DateField(
        _("发布日期"), null=True, blank=True, help_text=_("留空时为实际发布之日")
    )
    document_number = models.CharField(_("文号"), max_length=80, blank=True)
    topic = models.CharField(_("主题分类"), max_length=80, choices=TOPICS, default="其他")
    genre = models.CharField(_("体裁分类"), max_length=20, choices=Genre.choices, default="notice")
    document_type = models.CharField(
        _("文件类型"),
        max_length=20,
        choices=DocumentType.choices,
        default=DocumentType.OTHER,
        help_text=_("规章、行政规范性文件计入年度报告第二十条第（一）项"),
    )
    keywords = models.CharField(_("关键词"), max_length=200, blank=True)
    validity = models.CharField(
        _("有效性"), max_length=10, choices=Validity.choices, default=Validity.VALID
    )
    effective_date = models.DateField(_("实施日期"), null=True, blank=True)
    invalid_date = models.DateField(_("失效/废止日期"), null=True, blank=True)
    summary = models.TextField(
        _("内容概述"), max_length=100, validators=[validate_summary], help_text=_("不超过100个字")
    )
    body = RichTextField(_("正文"), blank=True)
    statutory_item = models.CharField(
        _("法定主动公开内容"), max_length=8, choices=STATUTORY_ITEMS, blank=True
    )
    # internal fields
    disclosure_attribute = models.CharField(
        _("公开属性"),
        max_length=20,
        choices=DisclosureAttribute.choices,
        default=DisclosureAttribute.PROACTIVE,
    )
    attribute_reason = models.TextField(
        _("不公开理由"), blank=True, help_text=_("依申请公开、不予公开的必须说明理由")
    )
    secrecy_status = models.CharField(
        _("涉密状态"),
        max_length=20,
        choices=SecrecyStatus.choices,
        default=SecrecyStatus.NON_SECRET,
    )
    formed_or_changed_date = models.DateField(
        _("信息形成（变更）日期"),
        null=True,
        blank=True,
        help_text=_("自该日起20个工作日内应当公开（条例第二十六条）"),
    )
    next_reassessment = models.DateField(_("下次复核日期"), null=True, blank=True)

    base_form_class = DisclosureItemForm
    exclude_fields_in_copy = ["index_number"]
    parent_page_types = ["catalogue.CataloguePage"]
    subpage_types: list = []
    template = "catalogue/disclosure_item_page.html"

    metadata_panels = [
        FieldRowPanel([FieldPanel("category"), FieldPanel("statutory_item")]),
        FieldRowPanel([FieldPanel("publisher"), FieldPanel("document_number")]),
        FieldRowPanel([FieldPanel("written_date"), FieldPanel("publication_date")]),
        FieldRowPanel([FieldPanel("topic"), FieldPanel("genre"), FieldPanel("document_type")]),
        FieldPanel("keywords"),
        FieldRowPanel(
            [FieldPanel("validity"), FieldPanel("effective_date"), FieldPanel("invalid_date")]
        ),
    ]
    internal_panels = [
        FieldRowPanel([FieldPanel("disclosure_attribute"), FieldPanel("secrecy_status")]),
        FieldPanel("attribute_reason"),
        FieldRowPanel([FieldPanel("formed_or_changed_date"), FieldPanel("next_reassessment")]),
    ]
    content_panels = Page.content_panels + [
        MultiFieldPanel(metadata_panels, heading=_("目录信息")),
        FieldPanel("summary", widget=forms.Textarea(attrs={"rows": 2, "maxlength": 100})),
        FieldPanel("body"),
        InlinePanel("attachments", label=_("附件")),
        MultiFieldPanel(internal_panels, heading=_("内部信息（不公开）")),
        InlinePanel("channels", label=_("发布渠道")),
    ]

    class Meta:
        verbose_name = _("公开信息")
        verbose_name_plural = _("公开信息")

    # -- validation and bookkeeping --

    def clean(self):
        super().clean()
        errors = {}
        if (
            self.disclosure_attribute != DisclosureAttribute.PROACTIVE
            and not self.attribute_reason.strip()
        ):
            errors["attribute_reason"] = _("依申请公开或不予公开的信息必须说明理由")
        if self.validity != Validity.VALID and not self.invalid_date:
            errors["invalid_date"] = _("失效或废止的文件必须填写失效/废止日期")
        if self.summary and len(self.summary) > 100:
            errors["summary"] = _("内容概述不得超过100个字")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if self.agency_id is None:
            home = _agency_home_of(self)
            if home is not None:
                self.agency_id = home.agency_id
        if not self.publisher and self.agency_id:
            self.publisher = self.agency.name
        if not self.index_number and self.agency_id:
            from gongkai.catalogue.services import allocate_index_number

            year = (self.written_date or timezone.localdate()).year
            self.index_number = allocate_index_number(agency=self.agency, year=year)
        if self.live:
            from gongkai.catalogue.review import ensure_publishable

            ensure_publishable(self)
        result = super().save(*args, **kwargs)
        if self.index_number:
            IndexNumberAllocation.objects.filter(number=self.index_number, page=None).update(
                page=self
            )
        return result

    # -- derived values --

    @cached_property
    def publish_due(self) -> datetime.date | None:
        """The Art. 26 deadline: 20 working days after the information was formed or changed.

        Cached per instance; a list primes it for many items at once
        (``selectors.late_items``) with ``publish_due_within``.
        """
        days = 20
        if self.agency_id:
            conf = CatalogueSettings.objects.filter(agency_id=self.agency_id).first()
            days = conf.publication_workdays if conf else 20
        return self.publish_due_within(days)

    def publish_due_within(self, workdays: int, calendar=None) -> datetime.date | None:
        """The deadline ``workdays`` working days after the information was formed or changed."""
        if not self.formed_or_changed_date:
            return None
        if calendar is None:
            from gongkai.workdays import calendar as current_calendar

            calendar = current_calendar()
        return calendar.add_workdays(self.formed_or_changed_date, workdays)

    @property
    def published_on(self) -> datetime.date | None:
        if self.publication_date:
            return self.publication_date
        if self.first_published_at:
            return timezone.localdate(self.first_published_at)
        return None

    @property
    def is_late(self) -> bool:
        """Published (or still unpublished today) after the Art. 26 deadline."""
        if self.disclosure_attribute != DisclosureAttribute.PROACTIVE:
            return False
        due = self.publish_due
        if due is None:
            return False
        return (self.published_on or timezone.localdate()) > due

    @property
    def publisher_name(self) -> str:
        return self.publisher or (self.agency.name if self.agency_id else "")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["item"] = self
        context["interpretations"] = InterpretationPage.objects.live().filter(explained_item=self)
        context["interviews"] = InterviewPage.objects.live().filter(explained_item=self)
        return context


class ItemAttachment(Orderable):
    """A file attached to a disclosure item (a Wagtail document)."""

    page = ParentalKey(DisclosureItemPage, related_name="attachments")
    document = models.ForeignKey(
        get_document_model_string(),
        verbose_name=_("文件"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField(_("附件名称"), max_length=200, blank=True)

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("附件")

    def __str__(self) -> str:
        return self.title or self.document.title


class ItemChannel(Orderable):
    """Where a published item went out (政府网站, 微信公众号, 微博, 政务APP, 其他)."""

    page = ParentalKey(DisclosureItemPage, related_name="channels")
    channel = models.CharField(_("渠道"), max_length=20, choices=Channel.choices)
    published_on = models.DateField(_("发布日期"), null=True, blank=True)
    account = models.CharField(_("账号/栏目"), max_length=120, blank=True)
    url = models.URLField(_("链接"), blank=True)

    panels = [
        FieldRowPanel([FieldPanel("channel"), FieldPanel("published_on")]),
        FieldRowPanel([FieldPanel("account"), FieldPanel("url")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("发布渠道")

    def __str__(self) -> str:
        return self.get_channel_display()


class ChannelPost(Audited, models.Model):
    """A new-media post that is not a catalogue entry (e.g. a forwarded notice on WeChat)."""

    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("机关"), on_delete=models.CASCADE, related_name="+"
    )
    channel = models.CharField(_("渠道"), max_length=20, choices=Channel.choices)
    published_on = models.DateField(_("发布日期"))
    title = models.CharField(_("标题"), max_length=200)
    account = models.CharField(_("账号"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("新媒体发布记录")
        verbose_name_plural = _("新媒体发布记录")
        ordering = ["-published_on"]

    def __str__(self) -> str:
        return self.title


class InterpretationPage(DisclosureItemPage):
    """政策解读: explains one document; each page links to the other."""

    explained_item = models.ForeignKey(
        DisclosureItemPage,
        verbose_name=_("解读的文件"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    interpretation_form = models.CharField(
        _("解读形式"),
        max_length=20,
        default="text",
        choices=[("text", _("文字解读")), ("graphic", _("图解")), ("video", _("视频解读"))],
    )

    content_panels = (
        DisclosureItemPage.content_panels[:1]
        + [
            FieldPanel("explained_item"),
            FieldPanel("interpretation_form"),
        ]
        + DisclosureItemPage.content_panels[1:]
    )
    parent_page_types = ["catalogue.CataloguePage"]
    template = "catalogue/interpretation_page.html"

    class Meta:
        verbose_name = _("政策解读")
        verbose_name_plural = _("政策解读")


class InterviewPage(DisclosureItemPage):
    """在线访谈: date, topic, guests, transcript, the policy it explains."""

    held_on = models.DateField(_("访谈日期"))
    topic_text = models.CharField(_("访谈主题"), max_length=200)
    guests = models.TextField(_("访谈嘉宾"), help_text=_("每行一位：姓名、职务"))
    transcript = RichTextField(_("访谈实录"), blank=True)
    explained_item = models.ForeignKey(
        DisclosureItemPage,
        verbose_name=_("解读的政策"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = (
        DisclosureItemPage.content_panels[:1]
        + [
            FieldRowPanel([FieldPanel("held_on"), FieldPanel("topic_text")]),
            FieldPanel("guests"),
            FieldPanel("explained_item"),
            FieldPanel("transcript"),
        ]
        + DisclosureItemPage.content_panels[1:]
    )
    parent_page_types = ["catalogue.CataloguePage"]
    template = "catalogue/interview_page.html"

    class Meta:
        verbose_name = _("在线访谈")
        verbose_name_plural = _("在线访谈")

    @property
    def guest_list(self) -> list[str]:
        return [line.strip() for line in self.guests.splitlines() if line.strip()]


class WorkPlanPage(DisclosureItemPage):
    """年度工作要点 (政务公开工作要点) of one year."""

    year = models.PositiveSmallIntegerField(_("年度"))

    content_panels = (
        DisclosureItemPage.content_panels[:1]
        + [FieldPanel("year")]
        + DisclosureItemPage.content_panels[1:]
    )
    parent_page_types = ["catalogue.CataloguePage"]
    template = "catalogue/disclosure_item_page.html"

    class Meta:
        verbose_name = _("年度工作要点")
        verbose_name_plural = _("年度工作要点")


# --- the review workflow ------------------------------------------------------------------


class ReviewTask(AbstractGroupApprovalTask):
    """A step of the publishing review (签收, 校对, 审核, 签发) done by an agency group."""

    class Meta:
        verbose_name = _("审核环节")
        verbose_name_plural = _("审核环节")


class UnitHeadTask(Task):
    """科室负责人报送: the head of the drafting unit sends the item on to the disclosure office.

    Anyone who may edit an item can submit it, but it reaches the 政府信息公开工作机构 only when
    a 科室负责人 of the submitter's own unit approves this step (the seed: 各科室负责人报送至
    综合法规科). The unit is the submitter's unit in the item's agency; a submitter who holds no
    unit there (an administrator, say) is answered for by the head of the disclosure office.
    """

    class Meta:
        verbose_name = _("科室负责人报送环节")
        verbose_name_plural = _("科室负责人报送环节")

    @classmethod
    def get_description(cls):
        return _("提交人所在科室的负责人审核后报送政府信息公开工作机构")

    @staticmethod
    def drafting_unit_ids(agency, submitter) -> set[int]:
        from gongkai.agencies.models import UNIT_ROLES, Membership

        if agency is None:
            return set()
        units = set(
            Membership.objects.filter(
                user=submitter, agency=agency, role__in=UNIT_ROLES, unit__isnull=False
            ).values_list("unit_id", flat=True)
        )
        if not units and agency.disclosure_office_id:
            units = {agency.disclosure_office_id}
        return units

    @staticmethod
    def headed_unit_ids(user) -> set[int]:
        from gongkai.agencies.models import Membership, Role

        cache = getattr(user, "_gongkai_headed_units", None)
        if cache is None:
            cache = set(
                Membership.objects.filter(user=user, role=Role.UNIT_HEAD).values_list(
                    "unit_id", flat=True
                )
            )
            user._gongkai_headed_units = cache
        return cache

    def _may_act(self, obj, user, workflow_state=None) -> bool:
        if user.is_superuser:
            return True
        headed = self.headed_unit_ids(user)
        if not headed:
            return False
        state = workflow_state or getattr(obj, "current_workflow_state", None)
        if state is None or state.requested_by_id is None:
            return False
        # the editor asks several times per request (actions, lock, editor access)
        checks = user.__dict__.setdefault("_gongkai_unit_head_checks", {})
        if state.pk not in checks:
            agency = getattr(obj, "agency", None)
            if agency is None and isinstance(obj, Page):
                agency = getattr(obj.specific, "agency", None)
            checks[state.pk] = bool(headed & self.drafting_unit_ids(agency, state.requested_by))
        return checks[state.pk]

    def user_can_access_editor(self, obj, user):
        return self._may_act(obj, user)

    def locked_for_user(self, obj, user):
        return not self._may_act(obj, user)

    def get_actions(self, obj, user):
        if self._may_act(obj, user):
            return [
                ("reject", _("退回修改"), True),
                ("approve", _("报送公开办"), False),
                ("approve", _("附意见报送"), True),
            ]
        return []

    def get_task_states_user_can_moderate(self, user, **kwargs):
        in_progress = self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        if user.is_superuser:
            return in_progress
        if not self.headed_unit_ids(user):
            return TaskState.objects.none()
        ids = [
            state.pk
            for state in in_progress.select_related("workflow_state__requested_by")
            if self._may_act(state.workflow_state.content_object, user, state.workflow_state)
        ]
        return in_progress.filter(pk__in=ids)


class ConfidentialityReviewTask(AbstractGroupApprovalTask):
    """保密审查: approving needs the checklist ticked and the conclusion 同意公开, both recorded."""

    class Meta:
        verbose_name = _("保密审查环节")
        verbose_name_plural = _("保密审查环节")

    def get_actions(self, obj, user):
        if user.is_superuser or self._user_in_groups(user):
            return [
                ("reject", _("不同意公开（退回）"), True),
                ("approve", _("保密审查通过"), True),
            ]
        return []

    def get_form_for_action(self, action):
        from gongkai.catalogue.review import ConfidentialityApproveForm, ConfidentialityRejectForm

        return ConfidentialityApproveForm if action == "approve" else ConfidentialityRejectForm

    def on_action(self, task_state, user, action_name, **kwargs):
        from gongkai.catalogue.review import record_confidentiality_review

        record_confidentiality_review(
            task_state=task_state, user=user, action_name=action_name, data=kwargs
        )
        comment = kwargs.get("comment", "")
        if action_name == "approve":
            task_state.approve(user=user, comment=comment)
        elif action_name == "reject":
            task_state.reject(user=user, comment=comment)

    @classmethod
    def get_description(cls):
        return _("保密审查员逐项核对保密审查清单并记录审查结论")


CHECKLIST = [
    ("no_state_secret", _("不涉及国家秘密")),
    ("no_work_secret", _("不涉及工作秘密、敏感信息")),
    ("no_third_party", _("不涉及商业秘密、个人隐私（或已取得同意、已作处理）")),
    ("no_security_risk", _("不危及国家安全、公共安全、经济安全和社会稳定")),
    ("attribute_checked", _("公开属性正确，主动公开内容未夹带依申请公开、不予公开内容")),
    ("content_accurate", _("内容准确、完整，附件与正文一致")),
]


class ConfidentialityReview(models.Model):
    """A recorded 保密审查: the checklist, the conclusion, the reviewer, the revision reviewed."""

    class Conclusion(models.TextChoices):
        PASS = "pass", _("同意公开")
        FAIL = "fail", _("不同意公开")
        REFER = "refer", _("报保密行政管理部门确定")

    page = models.ForeignKey(
        DisclosureItemPage, on_delete=models.CASCADE, related_name="confidentiality_reviews"
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    task_state = models.ForeignKey(
        TaskState, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    checklist = models.JSONField(_("审查清单"), default=dict)
    conclusion = models.CharField(_("审查结论"), max_length=10, choices=Conclusion.choices)
    fingerprint = models.CharField(max_length=64, blank=True)
    comment = models.TextField(_("审查意见"), blank=True)
    reviewed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("保密审查记录")
        verbose_name_plural = _("保密审查记录")
        ordering = ["-reviewed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.page} {self.get_conclusion_display()}"


class Reassessment(Audited, models.Model):
    """An Art. 18 reassessment of an item withheld or released only on application."""

    class Outcome(models.TextChoices):
        KEEP = "keep", _("维持原公开属性")
        PROACTIVE = "proactive", _("转为主动公开")
        ON_APPLICATION = "on_application", _("转为依申请公开")

    page = models.ForeignKey(
        DisclosureItemPage, on_delete=models.CASCADE, related_name="reassessments"
    )
    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE, related_name="+")
    assessed_on = models.DateField(_("复核日期"), default=timezone.localdate)
    outcome = models.CharField(_("复核结论"), max_length=20, choices=Outcome.choices)
    note = models.TextField(_("说明"), blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    next_due = models.DateField(_("下次复核日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("动态调整复核")
        verbose_name_plural = _("动态调整复核")
        ordering = ["-assessed_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.page} {self.get_outcome_display()}"


# --- search index --------------------------------------------------------------------------


class SearchEntry(models.Model):
    """One published item in the search index.

    ``id`` is the sort key ``epoch seconds of publication * 10^7 + page id``: the FTS rowid
    order is then publication order, so newest-first paging is a keyset on the rowid and a
    year filter is a rowid range. The bigram index itself lives outside the ORM: an FTS5
    table ``catalogue_search_fts`` on SQLite, a GIN-indexed tsvector column on PostgreSQL.
    """

    id = models.BigIntegerField(primary_key=True)
    page_id = models.BigIntegerField(unique=True)  # no FK: the index is maintained by signals
    agency_id = models.BigIntegerField(null=True, db_index=True)
    category_name = models.CharField(max_length=60, blank=True)
    topic = models.CharField(max_length=80, blank=True)
    validity = models.CharField(max_length=10, blank=True)
    published_on = models.DateField()
    title = models.TextField()
    summary = models.TextField(blank=True)
    text = models.TextField(blank=True)
    tags = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True)
    # title + "\n" + text with 繁体 folded to 简体, kept only for the entries that hold 繁体
    # (``bigrams.has_traditional``): what term checks and ranking read, so that a query finds
    # 繁体 text without folding every candidate at query time (#17.10)
    folded = models.TextField(blank=True, default="")

    class Meta:
        indexes = [models.Index(fields=["published_on"])]

    def __str__(self) -> str:
        return self.title

    @property
    def text_for_index(self) -> str:
        return self.text
