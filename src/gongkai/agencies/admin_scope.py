"""The agency scope on the parts of Wagtail's admin that are not Gongkai viewsets.

Gongkai's own models are scoped by ``agencies.viewsets``; Wagtail's pages by the agency
groups' page permissions and its documents and images by the agency collections
(``catalogue.services.sync_agency_groups``). What Wagtail lists or names *outside*
those permissions is closed here:

- bulk actions (``/admin/bulk/<app>/<model>/<action>/?id=…``) list the chosen objects
  the user may not act on by title; only objects the user may see at all are listed;
- the page move confirmation (``/admin/pages/<id>/move/<destination>/confirm/``), which
  Wagtail shows to anyone, is refused unless the user may move the page there;
- the page chooser offers published pages and the pages the user may explore, never
  another agency's drafts (browse, search and "chosen" alike);
- the admin API's documents and images endpoints answer only with files the user may
  choose or change (Wagtail's answer with every file not in a private collection);
- the locked-pages report's "locked by" filter names only people whose locks the user
  may lift;
- reports that summarise every agency's pages or workflows (page types usage with its
  "last edited page", the workflow reports with their requester lists) and the workflow
  task chooser (every agency's review steps) are for system administrators;
- the reports' CSV downloads write text that would start a formula as text
  (``ops.spreadsheets``; Wagtail's own XLSX download already does).

``urlpatterns`` is included in the project's URLs *before* Wagtail's admin, so these
views answer at Wagtail's own addresses.
"""

import functools

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.urls import path
from django.views.decorators.cache import never_cache
from wagtail import hooks
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views import chooser as page_chooser
from wagtail.admin.views import workflows as workflow_views
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.admin.views.reports import (
    aging_pages,
    audit_logging,
    locked_pages,
    page_types_usage,
    workflows,
)
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.models import CollectionMember, Page
from wagtail.permissions import policy_registry

from gongkai.agencies import permissions
from gongkai.ops.spreadsheets import SafeCsvExportMixin


def explorable_page_ids(user):
    """Pages the user may open in the explorer (their permissions and the way to them)."""
    return policy_registry.get_by_type(Page).explorable_instances(user).values("pk")


def visible_in_admin(user, obj) -> bool:
    """May ``user`` see ``obj`` named in the staff console at all?"""
    if permissions.is_system_admin(user):
        return True
    if obj._meta.label in permissions._registry:
        return permissions.can(user, "view", obj)
    if isinstance(obj, Page):
        return Page.objects.filter(pk=obj.pk, pk__in=explorable_page_ids(user)).exists()
    policy = policy_registry.get_by_type(type(obj))
    if isinstance(obj, CollectionMember):
        return policy.user_has_any_permission_for_instance(user, ["change", "choose"], obj)
    return policy.user_has_any_permission_for_instance(user, ["view", "change", "delete"], obj)


# --- bulk actions -------------------------------------------------------------------------


class ScopedBulkActionMixin:
    """Objects the user may not even see are left out, as if their ids had not been sent."""

    def get_actionable_objects(self):
        objects, extra = super().get_actionable_objects()
        user = self.request.user
        extra = {
            **extra,
            "items_with_no_access": [
                o for o in extra.get("items_with_no_access", []) if visible_in_admin(user, o)
            ],
        }
        return [o for o in objects if visible_in_admin(user, o)], extra


def bulk_action(request, app_label, model_name, action):
    """Wagtail's bulk action dispatcher, with every action class scoped."""
    from django.apps import apps

    try:
        model = apps.get_model(app_label, model_name)
    except LookupError as error:
        raise Http404 from error
    action_class = bulk_action_registry.get_bulk_action_class(app_label, model_name, action)
    if action_class is None:
        raise Http404
    scoped = type(f"Scoped{action_class.__name__}", (ScopedBulkActionMixin, action_class), {})
    return scoped(request, model).dispatch(request)


# --- page chooser -------------------------------------------------------------------------


@hooks.register("construct_page_chooser_queryset")
def published_or_explorable_pages(pages, request):
    if permissions.is_system_admin(request.user):
        return pages
    return pages.filter(Q(live=True) | Q(pk__in=explorable_page_ids(request.user)))


class ScopedPageChosenMultipleView(page_chooser.ChosenMultipleView):
    def get(self, request):
        request.GET = request.GET.copy()
        allowed = set(
            published_or_explorable_pages(
                Page.objects.filter(pk__in=request.GET.getlist("id")), request
            ).values_list("pk", flat=True)
        )
        request.GET.setlist("id", [pk for pk in request.GET.getlist("id") if _int(pk) in allowed])
        return super().get(request)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@hooks.register("before_move_page")
def refuse_moves_out_of_reach(request, page, destination):
    """Wagtail's move confirmation checks permission only when the move is posted."""
    if not page.permissions_for_user(request.user).can_move_to(destination):
        raise PermissionDenied


# --- admin API ----------------------------------------------------------------------------


class _FilesInReachMixin:
    def get_queryset(self):
        policy = policy_registry.get_by_type(self.model)
        reach = policy.instances_user_has_any_permission_for(
            self.request.user, ["change", "choose"]
        )
        return super().get_queryset().filter(pk__in=reach.values("pk"))


class ScopedDocumentsAdminAPIViewSet(_FilesInReachMixin, DocumentsAdminAPIViewSet):
    pass


class ScopedImagesAdminAPIViewSet(_FilesInReachMixin, ImagesAdminAPIViewSet):
    pass


@hooks.register("construct_admin_api", order=1000)  # after Wagtail's own registrations
def scoped_file_endpoints(router):
    router.register_endpoint("documents", ScopedDocumentsAdminAPIViewSet)
    router.register_endpoint("images", ScopedImagesAdminAPIViewSet)


# --- reports ------------------------------------------------------------------------------


class ScopedLockedPagesFilterSet(locked_pages.LockedPagesReportFilterSet):
    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if request is not None and not permissions.is_system_admin(request.user):
            unlockable = policy_registry.get_by_type(Page).instances_user_has_permission_for(
                request.user, "unlock"
            )
            self.filters["locked_by"].queryset = (
                get_user_model()
                .objects.filter(locked_pages__in=unlockable)
                .distinct()
                .order_by(get_user_model().USERNAME_FIELD)
            )


class ScopedLockedPagesView(SafeCsvExportMixin, locked_pages.LockedPagesView):
    filterset_class = ScopedLockedPagesFilterSet


def system_admins_only(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not permissions.is_system_admin(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _admin(view):
    """The decorators Wagtail puts on its own admin views."""
    return never_cache(require_admin_access(view))


def _safe(view_class):
    return type(view_class.__name__, (SafeCsvExportMixin, view_class), {})


def _report(route, view_class, *, system_admins=False):
    """The report's page and its results fragment, as Wagtail routes them."""
    urls = []
    for suffix, kwargs in (("", {}), ("results/", {"results_only": True})):
        view = view_class.as_view(**kwargs)
        if system_admins:
            view = system_admins_only(view)
        urls.append(path(f"reports/{route}{suffix}", _admin(view)))
    return urls


def _task_chooser(route, view):
    return path(f"workflows/task_chooser/{route}", _admin(system_admins_only(view)))


urlpatterns = [
    path("bulk/<str:app_label>/<str:model_name>/<str:action>/", _admin(bulk_action)),
    _task_chooser("", workflow_views.TaskChooserView.as_view()),
    _task_chooser("results/", workflow_views.TaskChooserResultsView.as_view()),
    _task_chooser("create/", workflow_views.TaskChooserCreateView.as_view()),
    _task_chooser("<int:task_id>/", workflow_views.task_chosen),
    path("choose-page/chosen-multiple/", _admin(ScopedPageChosenMultipleView.as_view())),
    *_report("locked/", ScopedLockedPagesView),
    *_report("aging-pages/", _safe(aging_pages.AgingPagesView)),
    *_report("site-history/", _safe(audit_logging.LogEntriesView)),
    *_report(
        "page-types-usage/", _safe(page_types_usage.PageTypesUsageReportView), system_admins=True
    ),
    *_report("workflow/", _safe(workflows.WorkflowView), system_admins=True),
    *_report("workflow_tasks/", _safe(workflows.WorkflowTasksView), system_admins=True),
]
