"""Public portal views outside the Wagtail page tree."""

from django.db import connection
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from gongkai.portal.context_processors import MODE_COOKIE


def healthz(request):
    """Liveness and database check for load balancers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def switch_mode(request):
    """Toggle 长辈模式 without JavaScript: flip the cookie and go back where the reader was."""
    target = request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    elder = request.COOKIES.get(MODE_COOKIE) != "elder"
    response = HttpResponseRedirect(target)
    response.set_cookie(
        MODE_COOKIE, "elder" if elder else "standard", max_age=365 * 24 * 3600, samesite="Lax"
    )
    return response


def staff_guide(request):
    """帮助 › 工作指南: the sections for the user's roles first, then the rest."""
    from gongkai.agencies.permissions import roles_of
    from gongkai.portal.guide import sections_for

    mine, others = sections_for(set(roles_of(request.user)))
    return render(
        request,
        "portal/admin/guide.html",
        {"page_title": _("工作指南"), "mine": mine, "others": others},
    )
