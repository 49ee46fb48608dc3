"""Staff console: the audit log, readable and filterable, never editable."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from gongkai.agencies.viewsets import ScopedModelViewSet
from gongkai.audit.models import AuditEntry


class AuditEntryViewSet(ScopedModelViewSet):
    model = AuditEntry
    icon = "history"
    menu_label = _("审计日志")
    menu_order = 950
    add_to_admin_menu = True
    add_view_enabled = False
    edit_view_enabled = False
    delete_view_enabled = False
    inspect_view_enabled = True
    list_display = ["timestamp", "actor_name", "action", "verb", "object_repr", "agency"]
    list_filter = ["action", "agency", "timestamp", "content_type"]
    search_fields = ["verb", "object_repr", "actor_name", "message"]
    ordering = ["-timestamp"]
    inspect_view_fields = [
        "timestamp",
        "actor_name",
        "action",
        "verb",
        "content_type",
        "object_id",
        "object_repr",
        "agency",
        "changes",
        "message",
    ]
    exclude_form_fields = []


@hooks.register("register_admin_viewset")
def register_audit_viewset():
    return AuditEntryViewSet("audit")
