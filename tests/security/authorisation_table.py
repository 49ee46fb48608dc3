"""The authorisation matrix's table: who may open each URL of the staff console and the API.

``tests/security/test_authorisation_matrix.py`` enumerates every URL pattern under
``/admin/``, ``/django-admin/`` and ``/api/`` (the URL resolver: Wagtail's viewsets,
snippets, choosers, bulk actions, the admin API, the reports, every app's
``register_admin_urls``) and requests each one as one demo user of every role (and
anonymously), naming an object of the user's own agency (统计局) and of another one
(财政局) where the URL takes one. For each request the rule of the URL's entry says
whether the user may: allowed means a page (not a refusal); refused means 403, 404, 401,
or a redirect to the login or to the dashboard; and no answer, allowed or not, may show
a record of the other agency the user may not view.

Adding a URL
------------
- A model viewset or snippet viewset (``agencies.viewsets.ScopedModelViewSet`` /
  ``ScopedSnippetViewSet``) of a model registered with ``agencies.permissions.register``
  needs no entry: its URLs get one from the model's rules (see ``derived_entry`` in the
  test module). Make sure the world (``test_authorisation_matrix.World``) holds an object
  of the model in both agencies, or the suite says it is missing.
- Any other URL needs an entry in ``ENTRIES`` below: the URL name (a regular expression,
  matched in full; for unnamed URLs the route), the ``Rule`` that decides who may open it,
  the ``target`` (the kind of object its arguments name, from ``World.targets``) and any
  other arguments. A URL without an entry fails ``test_every_url_has_an_entry``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from gongkai.agencies import permissions

# --- rules ----------------------------------------------------------------------------------


class Rule:
    """Who may open a URL. ``allows`` answers for one user (None: anonymous) and object."""

    checks_allow = True  # False: only refusals are asserted (see the rule)

    def allows(self, user, obj) -> bool | None:
        raise NotImplementedError

    def __repr__(self) -> str:
        return type(self).__name__


class Public(Rule):
    """Everyone, logged in or not (login, password reset, the public API)."""

    def allows(self, user, obj):
        return True


class Staff(Rule):
    """Anyone logged in to the staff console."""

    def allows(self, user, obj):
        return user is not None


class SystemAdmin(Rule):
    """System administrators only (users, groups, sites, workflows, the Django admin ...)."""

    def allows(self, user, obj):
        return user is not None and permissions.is_system_admin(user)


class Open(Rule):
    """Everyone may ask; what comes back depends on the session (a login form, or a redirect
    for who is logged in already), so only errors and leaks are checked."""

    checks_allow = False

    def allows(self, user, obj):
        return True


@dataclass(frozen=True, repr=False)
class PageAny(Rule):
    """Wagtail's page permissions: any of ``actions`` on some page (page lists and reports)."""

    actions: tuple[str, ...] = ("add", "change", "publish", "bulk_delete", "lock", "unlock")

    def allows(self, user, obj):
        if user is None:
            return False
        from wagtail.models import Page
        from wagtail.permissions import policy_registry

        return policy_registry.get_by_type(Page).user_has_any_permission(user, self.actions)

    def __repr__(self):
        return f"PageAny({self.actions})"


@dataclass(frozen=True, repr=False)
class Either(Rule):
    """Allowed when any of the rules allows (e.g. a page: Gongkai's rule or Wagtail's)."""

    rules: tuple[Rule, ...]

    def allows(self, user, obj):
        return any(r.allows(user, obj) for r in self.rules)

    def __repr__(self):
        return " | ".join(map(repr, self.rules))


class Published(Rule):
    """Everyone when the page is published, nobody when it is a draft (the public API)."""

    def allows(self, user, obj):
        return bool(obj.live)


class Nobody(Rule):
    """No session user (the API's write calls need a client token: tests/api covers them)."""

    def allows(self, user, obj):
        return False


@dataclass(frozen=True, repr=False)
class Can(Rule):
    """``permissions.can(user, action, of(obj))``: the Gongkai rule of a record."""

    action: str
    of: Callable = field(default=lambda obj: obj)

    def allows(self, user, obj):
        return user is not None and permissions.can(user, self.action, self.of(obj))

    def __repr__(self):
        return f"Can({self.action!r})"


@dataclass(frozen=True, repr=False)
class AnyRole(Rule):
    """A role somewhere that the model's rules allow one of ``actions`` (list pages, forms)."""

    model: str
    actions: tuple[str, ...]

    def allows(self, user, obj):
        if user is None:
            return False
        if permissions.is_system_admin(user):
            return True
        rules = permissions.rules_for(self.model)
        roles = set().union(*(rules.actions.get(a, ()) for a in self.actions))
        return bool(permissions.memberships_for(user, roles))

    def __repr__(self):
        return f"AnyRole({self.model}, {self.actions})"


@dataclass(frozen=True, repr=False)
class PagePerm(Rule):
    """Wagtail's page permission (the agency groups' page permissions): ``method`` of
    ``page.permissions_for_user(user)``, or "explore" (the page or one below it)."""

    method: str
    checks_allow: bool = True

    def allows(self, user, obj):
        if user is None:
            return False
        if self.method == "explore":
            from wagtail.models import Page
            from wagtail.permissions import policy_registry

            policy = policy_registry.get_by_type(Page)
            return policy.explorable_instances(user).filter(pk=obj.pk).exists()
        return getattr(obj.permissions_for_user(user), self.method)()

    def __repr__(self):
        return f"PagePerm({self.method})"


@dataclass(frozen=True, repr=False)
class FilePerm(Rule):
    """Documents and images: the collection permission policy, for one file or (``obj`` None
    in the URL) for any."""

    model: str
    actions: tuple[str, ...]
    checks_allow: bool = True

    def _policy(self):
        from django.apps import apps
        from wagtail.permissions import policy_registry

        return policy_registry.get_by_type(apps.get_model(self.model))

    def allows(self, user, obj):
        if user is None:
            return False
        policy = self._policy()
        if obj is None:
            return policy.user_has_any_permission(user, self.actions)
        return policy.user_has_any_permission_for_instance(user, self.actions, obj)

    def __repr__(self):
        return f"FilePerm({self.model}, {self.actions})"


@dataclass(frozen=True, repr=False)
class Owner(Rule):
    """The user the object belongs to (an upload in progress)."""

    attribute: str

    def allows(self, user, obj):
        return user is not None and getattr(obj, f"{self.attribute}_id") == user.pk


@dataclass(frozen=True, repr=False)
class RefusedUnless(Rule):
    """Only refusals are asserted: users ``inner`` refuses must be refused; others may get
    anything but a server error (the view needs state the world lacks to answer 200, e.g.
    a workflow task in progress)."""

    inner: Rule
    checks_allow: bool = False

    def allows(self, user, obj):
        return self.inner.allows(user, obj)

    def __repr__(self):
        return f"RefusedUnless({self.inner!r})"


@dataclass(frozen=True, repr=False)
class Skip(Rule):
    """Not requested, for the reason given (it ends the session, or exists to fail)."""

    reason: str

    def allows(self, user, obj):
        return None


class LeakOnly(Rule):
    """Answers for everyone, so only leaks are checked (bulk actions list what was chosen
    and say which items the user may not act on)."""

    checks_allow = False

    def allows(self, user, obj):
        return None


# --- entries ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    name: str | None  # regular expression on the URL name (namespace:name), matched in full
    rule: Rule
    target: str | None = None  # kind of object the URL's arguments name (World.targets)
    args: dict | Callable | None = None  # further arguments: a dict, or obj -> dict
    method: str = "GET"
    route: str | None = None  # for unnamed URLs: regular expression on the route


def _revision(page) -> dict:
    revision = page.revisions.order_by("-id").first()
    return {"revision_id": revision.pk if revision else 0}


def _content_type(page) -> dict:
    return {
        "content_type_app_name": page.specific._meta.app_label,
        "content_type_model_name": page.specific._meta.model_name,
    }


def _agency_of_report(report) -> dict:
    return {"slug": report.agency.slug, "year": report.year}


_APP = "applications.Application"
_REPORT = "reports.AnnualReport"
_DOC = "wagtaildocs.Document"
_IMAGE = "wagtailimages.Image"


def _application(obj):
    return obj.application


def _specific(page):
    return page.specific


_PAGES_ANY = PageAny()  # Wagtail's page lists: any page permission
PAGE_VISIBLE = Either((Can("view", of=_specific), PagePerm("explore")))

ENTRIES: list[Entry] = [
    # --- not requested ---------------------------------------------------------------------
    Entry("wagtailadmin_logout|admin:logout", Skip("ends the session")),
    Entry("wagtailadmin_error_test", Skip("raises on purpose (the error page test)")),
    Entry(None, Skip("Wagtail's 404 test page"), route=r"admin/test404/"),
    Entry(None, Skip("Wagtail's catch-all 404"), route=r"admin/\^\.\*/\$"),
    # --- public -----------------------------------------------------------------------------
    Entry("wagtailadmin_login|admin:login", Open()),
    Entry("wagtailadmin_sprite|wagtailadmin_javascript_catalog", Public()),
    Entry("wagtailadmin_password_reset(_done|_complete)?", Open()),
    Entry(
        "wagtailadmin_password_reset_confirm",
        Open(),
        args={"uidb64": "MQ", "token": "invalid-token"},
    ),
    Entry("api:(openapi-json|openapi-view|agencies|item_list|report_list|statistics)", Public()),
    Entry("api:api-root", Nobody()),  # nothing is served at /api/ itself
    Entry("api:item_detail", Published(), target="page", args=lambda p: {"item_id": p.pk}),
    Entry("api:report_detail", Nobody(), target="report", args=_agency_of_report),  # drafts
    Entry("api:(status|submit)", Nobody(), method="POST"),  # a client token (tests/api)
    # --- any staff member -----------------------------------------------------------------
    Entry(
        "wagtailadmin_home|wagtailadmin_account|wagtailadmin_dismissibles"
        "|wagtailadmin_tag_autocomplete"
        "|wagtailadmin_choose_page_(external|email|phone|anchor)_link"
        "|wagtailembeds:chooser(_upload)?",
        Staff(),
    ),
    # Answer 404 without the parameters of a real use (a tagged model, a block to preview).
    Entry("wagtailadmin_block_preview", RefusedUnless(Staff())),
    Entry(
        "wagtailadmin_tag_model_autocomplete",
        RefusedUnless(Staff()),
        args={"app_name": "catalogue", "model_name": "disclosureitempage"},
    ),
    # (verify and recovery send a user without an authenticator on to the setup)
    Entry("gongkai_ops:two_factor_setup", Staff()),
    Entry("gongkai_ops:two_factor_(verify|recovery)", RefusedUnless(Staff())),
    Entry("wagtailadmin_editing_sessions:release", Staff(), args={"session_id": 0}, method="POST"),
    Entry(
        "wagtailadmin_editing_sessions:ping",
        RefusedUnless(PagePerm("can_edit")),
        target="page",
        args=lambda page: {
            "app_label": "wagtailcore",
            "model_name": "page",
            "object_id": str(page.pk),
            "session_id": 0,
        },
        method="POST",
    ),
    # --- system administrators ---------------------------------------------------------------
    # The Django admin (is_staff: system administrators); objects by a made-up id, so only
    # refusals are asserted, except the TOTP device pages (a real device: they fail on none).
    Entry(
        "admin:otp_totp_totpdevice_(config|qrcode)",
        SystemAdmin(),
        target="totp_device",
        args=lambda device: {"pk": device.pk},
    ),
    Entry(
        "admin:.*",
        RefusedUnless(SystemAdmin()),
        args={"object_id": "1", "content_type_id": "1", "app_label": "auth"},
    ),
    Entry(
        None,
        RefusedUnless(SystemAdmin()),
        route=r"django-admin/.*",
        args={"object_id": "1", "url": "x/"},
    ),
    Entry("wagtailusers_users:.*", SystemAdmin(), target="user"),
    Entry("wagtailusers_groups:.*", SystemAdmin(), target="group"),
    Entry("wagtailsites:.*", SystemAdmin(), target="site"),
    Entry("wagtailadmin_collections:.*", SystemAdmin(), target="collection"),
    Entry("wagtailredirects:.*", SystemAdmin(), target="redirect"),
    Entry(
        "wagtailadmin_workflows:(index|index_results|add|select_task_type|task_index"
        "|task_index_results|task_chooser|task_chooser_results|task_chooser_create)",
        SystemAdmin(),
    ),
    Entry(None, SystemAdmin(), route=r"admin/workflows/task_chooser/(results/|create/)?"),
    Entry(
        None,
        SystemAdmin(),
        target="task",
        args=lambda t: {"task_id": t.pk},
        route=r"admin/workflows/task_chooser/<int:task_id>/",
    ),
    Entry(
        "wagtailadmin_workflows:(disable|edit|usage|usage_results)",
        SystemAdmin(),
        target="workflow",
    ),
    Entry("wagtailadmin_workflows:enable", SystemAdmin(), target="workflow", method="POST"),
    Entry("wagtailadmin_workflows:(edit_task|disable_task)", SystemAdmin(), target="task"),
    Entry("wagtailadmin_workflows:enable_task", SystemAdmin(), target="task", method="POST"),
    Entry(
        "wagtailadmin_workflows:task_chosen",
        SystemAdmin(),
        target="task",
        args=lambda t: {"task_id": t.pk},
    ),
    Entry(
        "wagtailadmin_workflows:add_task",
        SystemAdmin(),
        args={"app_label": "catalogue", "model_name": "reviewtask"},
    ),
    Entry(
        "wagtailadmin_workflows:remove",
        SystemAdmin(),
        target="page",
        args=lambda page: {"page_pk": page.pk, "workflow_pk": 1},
        method="POST",
    ),
    # No settings model and no form pages are registered: 404 for everyone, refusals only.
    Entry(
        "wagtailsettings:(edit|preview_on_edit)",
        RefusedUnless(SystemAdmin()),
        args={"app_name": "wagtailcore", "model_name": "site", "pk": 1},
    ),
    Entry("wagtailforms:(index|index_results)", RefusedUnless(Staff())),
    Entry(
        "wagtailforms:.*",
        RefusedUnless(SystemAdmin()),
        target="page",
        args=lambda page: {"page_id": page.pk},
    ),
    Entry(
        "wagtailadmin_reports:(page_types_usage|workflow|workflow_tasks)(_results)?", SystemAdmin()
    ),
    Entry(
        None,
        SystemAdmin(),
        route=r"admin/reports/(page-types-usage|workflow|workflow_tasks)/(results/)?",
    ),
    Entry("gongkai_ops:tasks", SystemAdmin()),
    # --- Wagtail's pages ------------------------------------------------------------------------
    Entry("wagtailadmin_pages:(search|search_results)", _PAGES_ANY),
    Entry("wagtailadmin_explore_root", RefusedUnless(_PAGES_ANY)),  # on to the user's own root
    Entry(
        "wagtailadmin_explore(_results)?",
        PagePerm("explore"),
        target="page",
        args=lambda p: {"parent_page_id": p.pk},
    ),
    Entry(
        "wagtailadmin_pages:(edit|preview_on_edit|view_draft)", PagePerm("can_edit"), target="page"
    ),
    Entry("wagtailadmin_pages:delete", PagePerm("can_delete"), target="page"),
    Entry("wagtailadmin_pages:unpublish", RefusedUnless(PagePerm("can_unpublish")), target="page"),
    Entry("wagtailadmin_pages:copy", PagePerm("can_copy"), target="page"),
    Entry(
        "wagtailadmin_pages:move",
        PagePerm("can_move"),
        target="page",
        args=lambda p: {"page_to_move_id": p.pk},
    ),
    Entry(
        "wagtailadmin_pages:set_page_position",
        PagePerm("can_move"),
        target="page",
        args=lambda p: {"page_to_move_id": p.pk},
        method="POST",
    ),
    Entry(
        "wagtailadmin_pages:move_confirm",
        RefusedUnless(PagePerm("can_move")),
        target="page",
        args=lambda p: {"page_to_move_id": p.pk, "destination_id": p.get_parent().pk},
    ),
    Entry("wagtailadmin_pages:lock", PagePerm("can_lock"), target="page", method="POST"),
    Entry("wagtailadmin_pages:unlock", PagePerm("can_unlock"), target="page", method="POST"),
    Entry("wagtailadmin_pages:set_privacy", PagePerm("can_set_view_restrictions"), target="page"),
    Entry("wagtailadmin_pages:convert_alias", RefusedUnless(PagePerm("can_edit")), target="page"),
    Entry(
        "wagtailadmin_pages:(history|history_results|usage|workflow_history)",
        PagePerm("can_edit"),
        target="page",
    ),
    Entry(
        "wagtailadmin_pages:revisions_(view|revert)",
        PagePerm("can_edit"),
        target="page",
        args=_revision,
    ),
    # (the revisions index now redirects to the history)
    Entry("wagtailadmin_pages:revisions_index", RefusedUnless(PagePerm("can_edit")), target="page"),
    Entry(
        "wagtailadmin_pages:revisions_unschedule",
        RefusedUnless(PagePerm("can_edit")),
        target="page",
        args=_revision,
    ),
    Entry(
        "wagtailadmin_pages:revisions_compare",
        PagePerm("can_edit"),
        target="page",
        args=lambda p: {"pk": p.pk, "revision_id_a": "earliest", "revision_id_b": "latest"},
    ),
    Entry(
        "wagtailadmin_pages:workflow_history_detail",
        RefusedUnless(PagePerm("can_edit")),
        target="page",
        args={"workflow_state_id": 0},
    ),
    Entry(
        "wagtailadmin_pages:(workflow_action|collect_workflow_action_data)",
        RefusedUnless(PagePerm("can_edit")),
        target="page",
        args={"action_name": "approve", "task_state_id": 0},
    ),
    Entry(
        "wagtailadmin_pages:workflow_preview",
        RefusedUnless(PagePerm("can_edit")),
        target="page",
        args={"task_id": 0},
    ),
    # Answers "no confirmation needed", naming nothing, when no workflow is in progress.
    Entry("wagtailadmin_pages:confirm_workflow_cancellation", LeakOnly(), target="page"),
    Entry(
        "wagtailadmin_pages:add_subpage",
        PagePerm("can_add_subpage"),
        target="catalogue",
        args=lambda p: {"parent_page_id": p.pk},
    ),
    Entry(
        "wagtailadmin_pages:(add|preview_on_add)",
        RefusedUnless(PagePerm("can_add_subpage")),
        target="catalogue",
        args=lambda p: {
            "content_type_app_name": "catalogue",
            "content_type_model_name": "disclosureitempage",
            "parent_page_id": p.pk,
        },
    ),
    Entry(
        "wagtailadmin_pages:(type_use|type_use_results)",
        _PAGES_ANY,
        target="page",
        args=_content_type,
    ),
    Entry(
        "wagtailadmin_pages:choose_parent",
        RefusedUnless(Staff()),
        args={"app_label": "catalogue", "model_name": "disclosureitempage"},
    ),
    Entry(
        "wagtailadmin_choose_page|wagtailadmin_choose_page_search"
        "|wagtailadmin_choose_page_chosen_multiple",
        Staff(),
    ),
    Entry(None, Staff(), route=r"admin/choose-page/chosen-multiple/"),
    Entry(
        "wagtailadmin_choose_page_child",
        Staff(),
        target="catalogue",
        args=lambda p: {"parent_page_id": p.pk},
    ),
    Entry("wagtailadmin_reports:locked_pages(_results)?", PageAny(("unlock",))),
    Entry(None, PageAny(("unlock",)), route=r"admin/reports/locked/(results/)?"),
    Entry("wagtailadmin_reports:aging_pages(_results)?", PageAny(("add", "change", "publish"))),
    Entry(
        None, PageAny(("add", "change", "publish")), route=r"admin/reports/aging-pages/(results/)?"
    ),
    Entry("wagtailadmin_reports:site_history(_results)?", Staff()),
    Entry(None, Staff(), route=r"admin/reports/site-history/(results/)?"),
    # --- bulk actions and the admin API -----------------------------------------------------------
    Entry("wagtail_bulk_action", LeakOnly(), target="bulk"),
    Entry(None, LeakOnly(), target="bulk", route=r"admin/bulk/.*"),
    Entry("wagtailadmin_api:pages:listing", Staff()),
    Entry("wagtailadmin_api:(pages|documents|images):find", RefusedUnless(Staff())),  # needs ?id=
    Entry("wagtailadmin_api:pages:detail", PagePerm("explore"), target="page"),
    Entry(
        "wagtailadmin_api:pages:action",
        RefusedUnless(PagePerm("can_edit")),
        target="page",
        args={"action_name": "copy"},
        method="POST",
    ),
    Entry("wagtailadmin_api:(documents|images):listing", Staff()),
    Entry(
        "wagtailadmin_api:documents:detail", FilePerm(_DOC, ("change", "choose")), target="document"
    ),
    Entry("wagtailadmin_api:images:detail", FilePerm(_IMAGE, ("change", "choose")), target="image"),
    # --- documents and images ----------------------------------------------------------------------
    Entry("wagtaildocs:(index|index_results)", FilePerm(_DOC, ("add", "change", "delete"))),
    Entry("wagtaildocs:(add|add_multiple)", FilePerm(_DOC, ("add",))),
    Entry(
        "wagtaildocs:(edit|document_usage)",
        FilePerm(_DOC, ("change",)),
        target="document",
        args=lambda d: {"document_id": d.pk},
    ),
    Entry(
        "wagtaildocs:delete",
        FilePerm(_DOC, ("delete",)),
        target="document",
        args=lambda d: {"document_id": d.pk},
    ),
    Entry(
        "wagtaildocs:edit_multiple",
        FilePerm(_DOC, ("change",)),
        target="document",
        args=lambda d: {"doc_id": d.pk},
        method="POST",
    ),
    Entry(
        "wagtaildocs:delete_multiple",
        FilePerm(_DOC, ("delete",)),
        target="document",
        args=lambda d: {"doc_id": d.pk},
        method="POST",
    ),
    Entry(
        "wagtaildocs:(create_multiple_from_uploaded_document|delete_upload_multiple)",
        Owner("uploaded_by_user"),
        target="uploaded_document",
        args=lambda u: {"uploaded_file_id": u.pk},
        method="POST",
    ),
    # Choosers list only what the user may choose (possibly nothing): the leak check decides.
    Entry("wagtaildocs_chooser:(choose|choose_results|chosen_multiple)", Staff()),
    Entry("wagtaildocs_chooser:create", FilePerm(_DOC, ("add",))),
    Entry("wagtaildocs_chooser:chosen", FilePerm(_DOC, ("choose",)), target="document"),
    Entry("wagtailimages:(index|index_results)", FilePerm(_IMAGE, ("add", "change", "delete"))),
    Entry("wagtailimages:(add|add_multiple)", FilePerm(_IMAGE, ("add",))),
    Entry(
        "wagtailimages:(edit|image_usage)",
        FilePerm(_IMAGE, ("change",)),
        target="image",
        args=lambda i: {"image_id": i.pk},
    ),
    Entry(
        "wagtailimages:(url_generator|url_generator_output|preview)",
        RefusedUnless(FilePerm(_IMAGE, ("change",))),
        target="image",
        args=lambda i: {"image_id": i.pk, "filter_spec": "original"},
    ),
    Entry(
        "wagtailimages:delete",
        FilePerm(_IMAGE, ("delete",)),
        target="image",
        args=lambda i: {"image_id": i.pk},
    ),
    Entry(
        "wagtailimages:edit_multiple",
        FilePerm(_IMAGE, ("change",)),
        target="image",
        args=lambda i: {"image_id": i.pk},
        method="POST",
    ),
    Entry(
        "wagtailimages:delete_multiple",
        FilePerm(_IMAGE, ("delete",)),
        target="image",
        args=lambda i: {"image_id": i.pk},
        method="POST",
    ),
    Entry(
        "wagtailimages:(create_multiple_from_uploaded_image|delete_upload_multiple)",
        Owner("uploaded_by_user"),
        target="uploaded_image",
        args=lambda u: {"uploaded_file_id": u.pk},
        method="POST",
    ),
    Entry("wagtailimages_chooser:(choose|choose_results|chosen_multiple)", Staff()),
    Entry("wagtailimages_chooser:create", FilePerm(_IMAGE, ("add",))),
    Entry("wagtailimages_chooser:chosen", FilePerm(_IMAGE, ("choose",)), target="image"),
    Entry(
        "wagtailimages_chooser:select_format",
        FilePerm(_IMAGE, ("choose",)),
        target="image",
        args=lambda i: {"image_id": i.pk},
    ),
    Entry("wagtailsnippets:index", Staff()),
    # --- Gongkai's own views ---------------------------------------------------------------------
    Entry(
        "catalogue_wechat",
        Either((Can("export", of=_specific), PagePerm("can_edit"))),
        target="page",
        args=lambda p: {"page_id": p.pk},
    ),
    Entry("catalogue_(late|reassessment|channels)", Staff()),
    Entry("applications_admin:(worklist|inquiries)", Staff()),
    Entry("notifications:inbox", Staff()),
    Entry("gongkai_guide", Staff()),
    Entry("notifications:read", Staff(), method="POST"),
    Entry("api:case_list", Staff()),
    Entry("api:case_detail", Can("view"), target="application"),
    Entry(
        "api:case_act",
        Can("accept"),
        target="application",
        args={"action": "accept"},
        method="POST",
    ),
    Entry("applications_admin:register", AnyRole(_APP, ("register",))),
    Entry("applications_admin:(import|import_template)", AnyRole(_APP, ("import",))),
    Entry("applications_admin:export", AnyRole(_APP, ("export",))),
    Entry("applications_admin:case", Can("view"), target="application"),
    Entry(
        "applications_admin:act",
        Can("accept"),
        target="application",
        args={"action": "accept"},
        method="POST",
    ),
    Entry("applications_admin:release", Can("release_file"), target="application", method="POST"),
    Entry(
        "applications_admin:attachment",
        Can("view_identity", of=_application),
        target="attachment",
    ),
    Entry("applications_admin:letter_edit", Can("edit_letter", of=_application), target="letter"),
    Entry(
        "applications_admin:letter",
        Can("view", of=_application),
        target="letter",
        args={"fmt": "docx"},
    ),
    Entry("applications_admin:inquiry_answer", Can("answer"), target="inquiry", method="POST"),
    Entry("applications_admin:inquiry_route", Can("route"), target="inquiry", method="POST"),
    Entry("reports_admin:list", Staff()),
    Entry("reports_admin:build", AnyRole(_REPORT, ("build",)), method="POST"),
    Entry("reports_admin:import", AnyRole(_REPORT, ("import",))),
    Entry("reports_admin:supervision", AnyRole(_REPORT, ("supervise",))),
    Entry("reports_admin:detail", Can("view"), target="report"),
    Entry("reports_admin:export", Can("view"), target="report", args={"kind": "json"}),
    Entry("reports_admin:rebuild", Can("build"), target="report", method="POST"),
    Entry("reports_admin:lock", Can("lock"), target="report", method="POST"),
    Entry("reports_admin:wording", Can("change"), target="report", method="POST"),
    Entry(
        "reports_admin:action",
        Can("submit"),
        target="report",
        args={"action": "submit"},
        method="POST",
    ),
    Entry("gongkai_ops:upload_download", Can("view"), target="upload"),
]
