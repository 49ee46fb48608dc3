"""Staff console home panels: my tasks, due soon and overdue; one row per agency for the
supervising office; the agency's figures as charts.

The figures come from the applications and catalogue apps' selectors when those apps are
installed and importable; without them the panels say so instead of failing, so the
console works whichever app lands first. Everything is scoped by
``gongkai.agencies.permissions`` (never filtered by agency by hand).
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict

from django.apps import apps
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.admin.ui.components import Component

from gongkai.agencies import permissions
from gongkai.agencies.models import Role
from gongkai.portal import charts

LIST_LIMIT = 10

#: The dashboard's three lists, each the worklist with these filters: a count on the
#: dashboard is always the length of the list its link opens (``applications.selectors``).
DASHBOARD_LISTS = {
    "tasks": {"state": "mine"},
    "due_soon": {"state": "open", "risk": "due_soon"},
    "overdue": {"state": "open", "risk": "overdue"},
}


def _applications():
    """The applications app's selectors, or None before the app exists."""
    if not apps.is_installed("gongkai.applications"):
        return None
    try:
        from gongkai.applications import selectors
    except ImportError:
        return None
    return selectors


def _calendar():
    try:
        from gongkai.workdays import calendar

        return calendar()
    except Exception:  # noqa: BLE001 - the dashboard must render even without a calendar
        return None


def _admin_url(user, obj) -> str | None:
    """The staff page of a case: the applications app's case view, else Wagtail's edit view."""
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("applications_admin:case", args=[obj.pk])
    except NoReverseMatch:
        pass
    for attr in ("get_admin_url", "get_staff_url"):
        if hasattr(obj, attr):
            try:
                return getattr(obj, attr)()
            except Exception:  # noqa: BLE001
                pass
    try:
        from wagtail.admin.admin_url_finder import AdminURLFinder

        return AdminURLFinder(user).get_edit_url(obj)
    except Exception:  # noqa: BLE001
        return None


def _row(user, app, today, cal) -> dict:
    left = late = None
    if app.reply_due and cal is not None:
        if app.reply_due < today:
            late = cal.workdays_between(app.reply_due, today)
        else:
            left = cal.workdays_between(today, app.reply_due)
    return {
        "obj": app,
        "url": _admin_url(user, app),
        "number": app.tracking_number,
        "title": app.info_title,
        "agency": app.agency.display_short_name if app.agency_id else "",
        "state": app.get_state_display(),
        "clock": app.live_clock,
        "due": app.reply_due,
        "left": left,
        "late": late,
        "overdue": app.live_clock == "overdue",
    }


def worklists(user, today: datetime.date | None = None) -> dict | None:
    """{"tasks": [...], "due_soon": [...], "overdue": [...], counts, links} or None (no app).

    Each list is ``applications.selectors.application_list_visible_to`` with the filters of
    ``DASHBOARD_LISTS`` (the worklist's own), so its count is the count of the list its
    link opens."""
    from urllib.parse import urlencode

    from django.urls import reverse

    selectors = _applications()
    if selectors is None:
        return None
    day = selectors.ClockDay.of(today)
    cal = _calendar()
    out = {"horizon": day.soon}
    for key, filters in DASHBOARD_LISTS.items():
        qs = selectors.application_list_visible_to(user=user, filters=filters, day=day)
        qs = qs.order_by("reply_due", "pk")
        out[key] = [_row(user, a, day.today, cal) for a in qs[:LIST_LIMIT]]
        out[f"{key}_count"] = qs.count()
        out[f"{key}_url"] = f"{reverse('applications_admin:worklist')}?{urlencode(filters)}"
    return out


def _publications_by_agency(agency_ids, year) -> dict[int, int]:
    if not apps.is_installed("gongkai.catalogue"):
        return {}
    try:
        from gongkai.catalogue.models import DisclosureItemPage
    except ImportError:
        return {}
    rows = (
        DisclosureItemPage.objects.live()
        .filter(agency_id__in=agency_ids, publication_date__year=year)
        .values("agency_id")
        .annotate(n=Count("*"))
        .order_by()
    )
    return {row["agency_id"]: row["n"] for row in rows}


def supervision_rows(user, today: datetime.date | None = None) -> list[dict] | None:
    """One row per agency the supervising office oversees: open, due soon, overdue, this
    year's received, replied, on-time rate and publications."""
    if not (
        permissions.is_system_admin(user) or permissions.memberships_for(user, [Role.SUPERVISOR])
    ):
        return None
    today = today or timezone.localdate()
    agencies = list(permissions.agencies_in_scope(user, [Role.SUPERVISOR]).order_by("path"))
    ids = [a.pk for a in agencies]
    stats: dict[int, Counter] = defaultdict(Counter)
    selectors = _applications()
    if selectors is not None:
        day = selectors.ClockDay.of(today)
        year_start = datetime.date(today.year, 1, 1)
        rows = (
            selectors.application_list_visible_to(user=user, day=day)
            .filter(agency_id__in=ids)
            .values("agency_id")
            .annotate(
                open=Count("pk", filter=selectors.OPEN_Q),
                due_soon=Count("pk", filter=selectors.risk_q("due_soon", day)),
                overdue=Count("pk", filter=selectors.risk_q("overdue", day)),
                received=Count("pk", filter=Q(received_on__gte=year_start)),
                replied=Count("pk", filter=Q(replied_on__gte=year_start)),
                on_time=Count("pk", filter=Q(replied_on__gte=year_start) & selectors.ON_TIME_Q),
            )
            .order_by()
        )
        for row in rows:
            stats[row["agency_id"]].update({k: v for k, v in row.items() if k != "agency_id"})
    pubs = _publications_by_agency(ids, today.year)
    out = []
    for agency in agencies:
        s = stats[agency.pk]
        out.append(
            {
                "agency": agency,
                "depth": agency.depth,
                "open": s["open"],
                "due_soon": s["due_soon"],
                "overdue": s["overdue"],
                "received": s["received"],
                "replied": s["replied"],
                "on_time_rate": (
                    f"{100 * s['on_time'] / s['replied']:.0f}%" if s["replied"] else "—"
                ),
                "publications": pubs.get(agency.pk, 0),
            }
        )
    return out


def _months(today: datetime.date, n: int = 12) -> list[tuple[int, int]]:
    y, m = today.year, today.month
    out = []
    for _i in range(n):
        out.append((y, m))
        m -= 1
        if m == 0:
            y, m = y - 1, 12
    return out[::-1]


def agency_charts(user, today: datetime.date | None = None) -> list[dict]:
    """Chart specs for the agencies the user works in: applications per month, outcome mix,
    on-time rate per month, publications per category and per channel (this year)."""
    today = today or timezone.localdate()
    agencies = permissions.agencies_in_scope(user)
    ids = list(agencies.values_list("pk", flat=True))
    if not ids:
        return []
    specs = []
    months = _months(today)
    labels = [f"{y}-{m:02d}" if m == 1 or i == 0 else f"{m}月" for i, (y, m) in enumerate(months)]
    selectors = _applications()
    if selectors is not None:
        start = datetime.date(*months[0], 1)
        figures = selectors.monthly_figures(ids, start)
        received, answered = figures["received"], figures["answered"]
        specs.append(
            charts.line_chart(
                _("近12个月收到的申请"),
                labels,
                [(_("申请件数"), [received.get(k, 0) for k in months])],
                unit=_("件"),
                category_label=_("月份"),
                chart_id="dash-applications-per-month",
            )
        )
        specs.append(
            charts.line_chart(
                _("按时答复率（按答复月份）"),
                labels,
                [
                    (
                        _("按时答复率"),
                        [
                            round(100 * answered[k][1] / answered[k][0], 1)
                            if k in answered
                            else None
                            for k in months
                        ],
                    )
                ],
                unit="%",
                max_value=100,
                category_label=_("月份"),
                chart_id="dash-on-time",
            )
        )
        mix = selectors.outcome_mix(ids, today.year)
        if mix:
            specs.append(
                charts.bar_chart(
                    _("%(year)s年办理结果") % {"year": today.year},
                    [label for label, _n in mix],
                    [(_("件数"), [n for _label, n in mix])],
                    unit=_("件"),
                    category_label=_("办理结果"),
                    chart_id="dash-outcomes",
                )
            )
    if apps.is_installed("gongkai.catalogue"):
        try:
            from gongkai.catalogue.models import Channel
            from gongkai.catalogue.selectors import publication_counts

            counts = publication_counts(ids, today.year)
        except Exception:  # noqa: BLE001 - the catalogue app is still being built
            counts = None
        if counts and counts.get("by_category"):
            cats = sorted(counts["by_category"].items(), key=lambda kv: -kv[1])
            specs.append(
                charts.bar_chart(
                    _("%(year)s年主动公开（按目录类别）") % {"year": today.year},
                    [k for k, _v in cats],
                    [(_("条数"), [v for _k, v in cats])],
                    unit=_("条"),
                    category_label=_("类别"),
                    chart_id="dash-pub-category",
                )
            )
        if counts and counts.get("by_channel"):
            channel_labels = dict(Channel.choices)
            chans = sorted(counts["by_channel"].items(), key=lambda kv: -kv[1])
            specs.append(
                charts.bar_chart(
                    _("%(year)s年发布渠道") % {"year": today.year},
                    [str(channel_labels.get(k, k)) for k, _v in chans],
                    [(_("条数"), [v for _k, v in chans])],
                    unit=_("条"),
                    category_label=_("渠道"),
                    chart_id="dash-pub-channel",
                )
            )
    return specs


# --- Wagtail home panels ------------------------------------------------------------------


class WorklistPanel(Component):
    """我的待办 / 即将到期 / 已超期 for the signed-in member of staff."""

    name = "gongkai_worklist"
    template_name = "portal/admin/panel_worklist.html"
    order = 50

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["work"] = worklists(self.user)
        try:
            from django.urls import reverse

            context["worklist_url"] = reverse("applications_admin:worklist")
        except Exception:  # noqa: BLE001 - no staff worklist view (yet)
            context["worklist_url"] = None
        context["roles"] = sorted(Role(r).label for r in permissions.roles_of(self.user))
        return context


class SupervisionPanel(Component):
    """One row per agency for the supervising office (政务公开办)."""

    name = "gongkai_supervision"
    template_name = "portal/admin/panel_supervision.html"
    order = 60

    def __init__(self, rows):
        self.rows = rows

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["rows"] = self.rows
        context["today"] = timezone.localdate()
        return context


class ChartsPanel(Component):
    """The agency's figures as charts."""

    name = "gongkai_charts"
    template_name = "portal/admin/panel_charts.html"
    order = 70

    def __init__(self, specs):
        self.specs = specs

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["specs"] = self.specs
        return context


def homepage_panels(request, panels) -> None:
    """The ``construct_homepage_panels`` hook: add the panels that apply to the user."""
    user = request.user
    if not (permissions.is_system_admin(user) or permissions.roles_of(user)):
        return
    panels.append(WorklistPanel(user))
    rows = supervision_rows(user)
    if rows is not None:
        panels.append(SupervisionPanel(rows))
    specs = agency_charts(user)
    if specs:
        panels.append(ChartsPanel(specs))
