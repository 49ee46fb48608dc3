"""The registers in the staff console: Art. 20 records, their hand overrides and 复议/诉讼 cases."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from gongkai.agencies.viewsets import ScopedSnippetViewSet
from gongkai.registers.models import Art20Count, Art20Record, ReviewCase


class Art20RecordViewSet(ScopedSnippetViewSet):
    model = Art20Record
    icon = "list-ul"
    menu_label = _("法定主动公开事项登记")
    list_display = [
        "agency",
        "kind",
        "title",
        "number",
        "issued_on",
        "repealed_on",
        "decided_on",
        Column("amount", label=_("金额（万元）")),
    ]
    list_filter = ["kind"]
    search_fields = []
    ordering = ["agency", "kind", "-decided_on"]
    panels = [
        FieldRowPanel([FieldPanel("agency"), FieldPanel("kind")]),
        FieldRowPanel([FieldPanel("title"), FieldPanel("number")]),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("issued_on"), FieldPanel("repealed_on")])],
            heading=_("规章、规范性文件；许可、处罚、强制等事项及收费项目"),
        ),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("decided_on"), FieldPanel("amount")])],
            heading=_("处理决定、收费、政府集中采购项目"),
        ),
        FieldPanel("note"),
    ]

    def get_queryset(self, request):
        return Art20Record.objects.select_related("agency")


class Art20CountViewSet(ScopedSnippetViewSet):
    model = Art20Count
    icon = "table"
    menu_label = _("法定主动公开事项（手工覆盖）")
    list_display = [
        "agency",
        "year",
        "item",
        "decisions",
        Column("amount", label=_("金额（万元）")),
        "reason",
    ]
    list_filter = ["year", "item"]
    search_fields = []
    ordering = ["agency", "-year", "item"]
    panels = [
        FieldRowPanel([FieldPanel("agency"), FieldPanel("year"), FieldPanel("item")]),
        FieldPanel("reason"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("issued"), FieldPanel("repealed"), FieldPanel("in_force")]
                ),
                FieldRowPanel([FieldPanel("published"), FieldPanel("published_total")]),
            ],
            heading=_("第二十条第（一）项：规章、规范性文件"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("items_last_year"),
                        FieldPanel("items_change"),
                        FieldPanel("decisions"),
                    ]
                )
            ],
            heading=_("第二十条第（五）（六）（八）项：许可、处罚、强制、收费"),
        ),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("projects"), FieldPanel("amount")])],
            heading=_("金额：收费金额、政府集中采购"),
        ),
        FieldPanel("note"),
    ]

    def get_queryset(self, request):
        return Art20Count.objects.select_related("agency")


class ReviewCaseViewSet(ScopedSnippetViewSet):
    model = ReviewCase
    icon = "folder-open-inverse"
    menu_label = _("行政复议、行政诉讼")
    list_display = [
        "agency",
        "kind",
        "case_number",
        "filed_date",
        "copy_received_on",
        Column("answer_due_display", label=_("答复（答辩）期限")),
        "answered_on",
        "decided_date",
        "result",
    ]
    list_filter = ["kind", "result"]
    search_fields = []
    ordering = ["-filed_date"]
    panels = [
        FieldRowPanel([FieldPanel("agency"), FieldPanel("kind")]),
        FieldRowPanel([FieldPanel("case_number"), FieldPanel("body")]),
        FieldRowPanel([FieldPanel("applicant_name"), FieldPanel("tracking_number")]),
        FieldRowPanel([FieldPanel("filed_date"), FieldPanel("simple_procedure")]),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("copy_received_on"), FieldPanel("answered_on")])],
            heading=_("答复（答辩）"),
        ),
        FieldRowPanel([FieldPanel("decided_date"), FieldPanel("result")]),
        FieldPanel("note"),
    ]

    def get_queryset(self, request):
        return ReviewCase.objects.select_related("agency")


class RegistersGroup(SnippetViewSetGroup):
    menu_label = _("法定公开登记")
    menu_icon = "list-ul"
    menu_order = 330
    items = (Art20RecordViewSet, Art20CountViewSet, ReviewCaseViewSet)


register_snippet(RegistersGroup)
