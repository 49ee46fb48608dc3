"""The agency tree (city government > departments), internal units, leadership groups and staff roles.

Art. 4 of the 条例 requires every agency to name a 政府信息公开工作机构 (here the
disclosure office, one of its units) and the 指南 (Art. 12) publishes the contact
data kept on these records.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node

from gongkai.audit.models import Audited


class Agency(Audited, MP_Node):
    """An administrative body: a government, a department or a township; a node of the tree.

    The subtree of an agency is every node whose ``path`` starts with its own, so
    "everything a supervising office may see" is one indexed prefix query.
    """

    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("人民政府")
        DEPARTMENT = "department", _("政府部门")
        OFFICE = "office", _("派出机构")
        TOWNSHIP = "township", _("乡镇（街道）")

    class CodeKind(models.TextChoices):
        CREDIT_CODE = "credit_code", _("统一社会信用代码")
        ORGANISATION_CODE = "organisation_code", _("组织机构代码")

    name = models.CharField(_("名称"), max_length=120)
    short_name = models.CharField(_("简称"), max_length=40, blank=True)
    slug = models.SlugField(_("标识"), max_length=60, unique=True)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices, default=Kind.DEPARTMENT)
    code = models.CharField(
        _("机构代码"),
        max_length=32,
        blank=True,
        help_text=_("统一社会信用代码或组织机构代码，用于生成索引号"),
    )
    code_kind = models.CharField(
        _("代码类型"), max_length=20, choices=CodeKind.choices, default=CodeKind.CREDIT_CODE
    )
    address = models.CharField(_("办公地址"), max_length=200, blank=True)
    postcode = models.CharField(_("邮政编码"), max_length=10, blank=True)
    office_hours = models.CharField(_("办公时间"), max_length=200, blank=True)
    phone = models.CharField(_("联系电话"), max_length=60, blank=True)
    fax = models.CharField(_("传真"), max_length=60, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    website = models.URLField(_("网站"), blank=True)
    disclosure_office = models.ForeignKey(
        "agencies.Unit",
        verbose_name=_("政府信息公开工作机构"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("负责政府信息公开日常工作的内设机构，如综合法规科"),
    )
    supervising_office = models.ForeignKey(
        "self",
        verbose_name=_("政府信息公开工作主管部门"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supervised_governments",
        help_text=_("本级人民政府确定的政务公开主管部门，如政务公开办或市行政审批局"),
    )
    reconsideration_body = models.CharField(
        _("行政复议机关"),
        max_length=120,
        blank=True,
        help_text=_("答复书救济条款中写明的复议机关；留空时为上级人民政府"),
    )
    # The agency's own Wagtail collection: its documents and images, and the only one
    # its staff groups hold document and image permissions on (see
    # ``catalogue.services.sync_agency_groups``).
    collection = models.OneToOneField(
        "wagtailcore.Collection",
        verbose_name=_("文档集"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="agency",
    )

    node_order_by = ["name"]

    class Meta:
        verbose_name = _("机关")
        verbose_name_plural = _("机关")

    def __str__(self) -> str:
        return self.name

    @property
    def display_short_name(self) -> str:
        return self.short_name or self.name

    def subtree(self) -> models.QuerySet["Agency"]:
        """This agency and every agency below it."""
        return Agency.objects.filter(path__startswith=self.path)


class Unit(Audited, models.Model):
    """An internal unit of an agency (科室, 队, 中心): the unit that claims and handles cases."""

    class Kind(models.TextChoices):
        SECTION = "section", _("科室")
        TEAM = "team", _("队")
        CENTRE = "centre", _("中心")
        OFFICE = "office", _("办公室")
        OTHER = "other", _("其他")

    agency = models.ForeignKey(
        Agency, verbose_name=_("机关"), on_delete=models.CASCADE, related_name="units"
    )
    name = models.CharField(_("名称"), max_length=80)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices, default=Kind.SECTION)
    head_name = models.CharField(_("负责人"), max_length=40, blank=True)
    phone = models.CharField(_("联系电话"), max_length=60, blank=True)
    duties = models.TextField(_("主要职责"), blank=True)
    order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("内设机构")
        verbose_name_plural = _("内设机构")
        ordering = ["agency", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "name"], name="unit_unique_name_per_agency")
        ]

    def __str__(self) -> str:
        return f"{self.agency.display_short_name}·{self.name}"


class LeadershipGroupMember(Audited, models.Model):
    """A member of the agency's 政府信息公开（政务公开）工作领导小组."""

    class Position(models.TextChoices):
        LEADER = "leader", _("组长")
        DEPUTY = "deputy", _("副组长")
        MEMBER = "member", _("成员")

    agency = models.ForeignKey(
        Agency, verbose_name=_("机关"), on_delete=models.CASCADE, related_name="leadership"
    )
    position = models.CharField(_("职务"), max_length=10, choices=Position.choices)
    name = models.CharField(_("姓名"), max_length=40)
    title = models.CharField(_("本职"), max_length=80, blank=True, help_text=_("如：局长"))
    order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("领导小组成员")
        verbose_name_plural = _("领导小组成员")
        ordering = ["agency", "order"]

    def __str__(self) -> str:
        return f"{self.get_position_display()} {self.title}{self.name}"


class Role(models.TextChoices):
    """Staff roles. Every role is held in an agency and reaches that agency's subtree."""

    REGISTRAR = "registrar", _("登记员")
    HANDLER = "handler", _("承办人")
    UNIT_HEAD = "unit_head", _("科室负责人")
    REVIEWER = "reviewer", _("审核人")
    CONFIDENTIALITY_REVIEWER = "confidentiality_reviewer", _("保密审查员")
    SIGNER = "signer", _("签发人")
    AGENCY_ADMIN = "agency_admin", _("机关管理员")
    SUPERVISOR = "supervisor", _("督查（政务公开办）")
    SYSTEM_ADMIN = "system_admin", _("系统管理员")


#: Roles held in one internal unit: their reach is the work routed to that unit.
UNIT_ROLES = frozenset({Role.HANDLER, Role.UNIT_HEAD})


class Membership(Audited, models.Model):
    """A user holding a role in an agency (and, for handlers, in one of its units)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("机关"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("角色"), max_length=30, choices=Role.choices)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("内设机构"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
        help_text=_("承办人、科室负责人必须属于某个内设机构"),
    )

    class Meta:
        verbose_name = _("人员角色")
        verbose_name_plural = _("人员角色")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "agency", "role", "unit"], name="membership_unique"
            ),
            models.CheckConstraint(
                condition=~models.Q(role__in=["handler", "unit_head"])
                | models.Q(unit__isnull=False),
                name="membership_unit_role_has_unit",
                violation_error_message=_("承办人、科室负责人必须指定所属内设机构"),
            ),
        ]

    def __str__(self) -> str:
        where = f"{self.agency}·{self.unit.name}" if self.unit_id else str(self.agency)
        return f"{self.user} {self.get_role_display()} @ {where}"

    def clean(self):
        super().clean()
        if self.unit_id and self.agency_id and self.unit.agency_id != self.agency_id:
            from django.core.exceptions import ValidationError

            raise ValidationError({"unit": _("内设机构必须属于所选机关")})
