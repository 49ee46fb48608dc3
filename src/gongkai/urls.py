"""URL configuration: the staff console (Wagtail admin), the public portal, the app views."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from gongkai.agencies import admin_scope

urlpatterns = [
    path("django-admin/", admin.site.urls),
    # Before Wagtail's admin: scoped versions of some of its views, at the same addresses.
    path("admin/", include(admin_scope.urlpatterns)),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap),
    path("", include("gongkai.portal.urls")),
    path("apply/", include("gongkai.applications.urls")),
    path("search/", include("gongkai.catalogue.urls")),
    path("reports/", include("gongkai.reports.urls")),
    path("api/", include("gongkai.api.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's page serving comes last: it matches every remaining path.
urlpatterns += [path("", include(wagtail_urls))]
