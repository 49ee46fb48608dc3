"""Template context shared by every portal page."""

from django.conf import settings

MODE_COOKIE = "gk_mode"


def portal(request):
    """The site name and the reader's display mode (长辈模式 is remembered per browser)."""
    return {
        "site_name": settings.WAGTAIL_SITE_NAME,
        "portal_mode": "elder" if request.COOKIES.get(MODE_COOKIE) == "elder" else "standard",
    }
