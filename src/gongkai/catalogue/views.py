"""The public search page and the staff views (WeChat export, late items, Art. 18 queue,
channel counts)."""

import base64
import mimetypes
import re

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.permissions import can, visible
from gongkai.audit.services import audit_record
from gongkai.catalogue import search as search_index
from gongkai.catalogue.models import (
    TOPICS,
    CatalogueCategory,
    DisclosureItemPage,
    Reassessment,
    SearchEntry,
    Validity,
)


def _int(value, lo: int = -(2**53), hi: int = 2**53):
    """An integer from a query string, or None (also when out of range: the database would
    overflow, and a year past 9998 is no date)."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if lo <= number <= hi else None


def _choice(value: str | None, allowed) -> str:
    """A filter value from the query string, or "" when it is not one of ``allowed``."""
    return value if value in allowed else ""


def search_view(request):
    """/search/?q=...: published items, filters, highlights, relevance or newest first."""
    from gongkai.agencies.models import Agency

    q = (request.GET.get("q") or "").strip()[:100]
    order = "newest" if request.GET.get("order") == "newest" else "relevance"
    query = search_index.SearchQuery(
        q=q,
        agency_id=_int(request.GET.get("agency")),
        category_id=_int(request.GET.get("category")),
        topic=request.GET.get("topic") or "",
        year=_int(request.GET.get("year"), 1, 9998),
        validity=_choice(request.GET.get("validity"), Validity.values),
        order=order,
        page=max(_int(request.GET.get("page")) or 1, 1),
        before=_int(request.GET.get("before")),
    )
    result = search_index.search(query) if q else search_index.SearchResult()
    entries = SearchEntry.objects.in_bulk(result.ids)
    rows = []
    for pk in result.ids:
        entry = entries.get(pk)
        if entry is None:
            continue
        rows.append(
            {
                "entry": entry,
                "title": search_index.highlight(entry.title, result.terms),
                "snippet": search_index.snippet(entry.text or entry.summary, result.terms),
            }
        )
    params = request.GET.copy()
    params.pop("page", None)
    params.pop("before", None)
    next_query = prev_query = ""
    if result.has_next:
        nxt = params.copy()
        if order == "newest":
            nxt["before"] = result.next_before
        else:
            nxt["page"] = query.page + 1
        next_query = nxt.urlencode()
    if order == "relevance" and query.page > 1:
        prv = params.copy()
        prv["page"] = query.page - 1
        prev_query = prv.urlencode()
    first_query = params.urlencode() if (query.before or query.page > 1) else ""
    agencies = Agency.objects.filter(home_page__live=True).order_by("path")
    categories = CatalogueCategory.objects.select_related("page").order_by("page_id", "sort_order")
    this_year = timezone.localdate().year
    context = {
        "q": q,
        "query": query,
        "result": result,
        "rows": rows,
        "agencies": agencies,
        "categories": categories,
        "topics": TOPICS,
        "years": range(this_year, this_year - 12, -1),
        "validity_choices": Validity.choices,
        "next_query": next_query,
        "prev_query": prev_query,
        "first_query": first_query,
        "order": order,
        "short_query": bool(q) and all(len(t) < 2 for t in result.terms),
    }
    return TemplateResponse(request, "catalogue/search.html", context)


# --- WeChat export ---------------------------------------------------------------------------

WECHAT_STYLES = {
    "h1": "font-size:22px;font-weight:bold;text-align:center;margin:16px 0;color:#222;",
    "h2": "font-size:18px;font-weight:bold;margin:14px 0 8px;color:#222;",
    "h3": "font-size:16px;font-weight:bold;margin:12px 0 6px;color:#222;",
    "p": "font-size:16px;line-height:1.8;margin:0 0 12px;color:#333;text-indent:2em;text-align:justify;",
    "li": "font-size:16px;line-height:1.8;color:#333;",
    "table": "border-collapse:collapse;width:100%;font-size:14px;",
    "td": "border:1px solid #999;padding:4px;",
    "th": "border:1px solid #999;padding:4px;background:#f0f0f0;",
    "img": "max-width:100%;height:auto;display:block;margin:8px auto;",
    "a": "color:#1a5fb4;",
}


def _inline_styles(html: str) -> str:
    def add(match):
        tag, rest = match.group(1), match.group(2) or ""
        style = WECHAT_STYLES.get(tag.lower())
        if not style:
            return match.group(0)
        rest = re.sub(r'\s(class|style)="[^"]*"', "", rest)
        return f'<{tag} style="{style}"{rest}>'

    return re.sub(r"<(h1|h2|h3|p|li|table|td|th|img|a)(\s[^>]*)?>", add, html)


def _embed_images(html: str) -> str:
    """Replace image URLs under MEDIA_URL by data URIs, so the HTML pastes without uploads."""
    from django.conf import settings
    from django.core.files.storage import default_storage

    def embed(match):
        src = match.group(1)
        if not src.startswith(settings.MEDIA_URL):
            return match.group(0)
        name = src[len(settings.MEDIA_URL) :]
        try:
            with default_storage.open(name, "rb") as handle:
                data = base64.b64encode(handle.read()).decode()
        except OSError:
            return match.group(0)
        mime = mimetypes.guess_type(name)[0] or "image/png"
        return f'src="data:{mime};base64,{data}"'

    return re.sub(r'src="([^"]+)"', embed, html)


def wechat_html(page) -> str:
    """The item as a self-contained HTML fragment for the WeChat editor."""
    from wagtail.rich_text import expand_db_html

    body = expand_db_html(page.body or "")
    meta = [
        (_t("索引号"), page.index_number or ""),
        (_t("发布机构"), page.publisher_name),
        (_t("文号"), page.document_number),
        (_t("发布日期"), page.published_on.isoformat() if page.published_on else ""),
    ]
    meta_html = "".join(
        f'<p style="font-size:13px;color:#888;margin:0;">{escape(k)}：{escape(v)}</p>'
        for k, v in meta
        if v
    )
    html = (
        f'<section style="padding:8px;">'
        f"<h1>{escape(page.title)}</h1>{meta_html}"
        f'<p style="font-size:15px;color:#555;background:#f7f7f7;padding:8px;">{escape(page.summary)}</p>'
        f"{body}</section>"
    )
    return _embed_images(_inline_styles(html))


def wechat_export(request, page_id: int):
    page = get_object_or_404(DisclosureItemPage, pk=page_id)
    if not (
        can(request.user, "export", page) or page.permissions_for_user(request.user).can_edit()
    ):
        raise PermissionDenied
    content = (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{escape(page.title)}</title></head><body>{wechat_html(page)}</body></html>"
    )
    audit_record(
        action="export", verb="catalogue.wechat_export", obj=page, agency_id=page.agency_id
    )
    from gongkai.ops.downloads import content_download

    return content_download(content, f"{page.title}（微信版）.html", "text/html; charset=utf-8")


# --- staff queues ---------------------------------------------------------------------------


def _scope_ids(user):
    from gongkai.agencies.permissions import agencies_in_scope

    return list(agencies_in_scope(user).values_list("pk", flat=True))


def late_view(request):
    from gongkai.catalogue.selectors import late_items

    items = late_items(_scope_ids(request.user))
    return TemplateResponse(request, "catalogue/admin/late.html", {"items": items})


class ReassessForm(forms.Form):
    outcome = forms.ChoiceField(label=_("复核结论"), choices=Reassessment.Outcome.choices)
    note = forms.CharField(label=_("说明"), widget=forms.Textarea(attrs={"rows": 2}))


def reassessment_view(request):
    from gongkai.catalogue.selectors import reassessment_due
    from gongkai.catalogue.services import reassess

    if request.method == "POST":
        page = get_object_or_404(
            visible(request.user, DisclosureItemPage), pk=request.POST.get("page")
        )
        if not can(request.user, "reassess", page):
            raise PermissionDenied
        form = ReassessForm(request.POST)
        if form.is_valid():
            reassess(
                page=page,
                outcome=form.cleaned_data["outcome"],
                note=form.cleaned_data["note"],
                actor=request.user,
            )
            messages.success(request, _t("已记录复核结论：%s") % page.title)
        else:
            messages.error(request, _t("请填写复核结论和说明"))
        return redirect("catalogue_reassessment")
    items = reassessment_due(_scope_ids(request.user))
    return TemplateResponse(
        request, "catalogue/admin/reassessment.html", {"items": items, "form": ReassessForm()}
    )


def channels_view(request):
    from gongkai.catalogue.models import Channel
    from gongkai.catalogue.selectors import channel_counts

    this_year = timezone.localdate().year
    years = list(range(this_year, this_year - 8, -1))
    counts = channel_counts(_scope_ids(request.user), years)
    rows = [(year, [counts[year].get(code, 0) for code, _l in Channel.choices]) for year in years]
    return TemplateResponse(
        request, "catalogue/admin/channels.html", {"channels": Channel.choices, "rows": rows}
    )
