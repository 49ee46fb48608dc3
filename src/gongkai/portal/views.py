"""Public portal views outside the Wagtail page tree."""

from django.db import connection
from django.http import HttpResponseRedirect, JsonResponse
from django.utils.http import url_has_allowed_host_and_scheme

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
