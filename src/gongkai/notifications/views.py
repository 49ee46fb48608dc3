"""Staff console: 我的通知 (each user sees only their own notices)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.notifications import selectors, services


def inbox(request):
    page = Paginator(selectors.inbox(request.user), 50).get_page(request.GET.get("p"))
    return render(
        request,
        "notifications/inbox.html",
        {"page_title": _("我的通知"), "page": page, "unread": selectors.unread_count(request.user)},
    )


@require_POST
def mark_read(request):
    """Mark one notice (``id``) or all of them read; then go to ``next`` (the notice's link)."""
    ids = request.POST.getlist("id")
    try:
        ids = [int(i) for i in ids] if ids else None
    except ValueError:
        ids = []
    count = services.mark_read(user=request.user, ids=ids)
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return HttpResponseRedirect(target)
    if ids is None:
        messages.success(request, _("已将%(n)d条通知标为已读") % {"n": count})
    return HttpResponseRedirect(reverse("notifications:inbox"))
