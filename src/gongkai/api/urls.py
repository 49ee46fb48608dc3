"""Mounted at /api/ (gongkai.urls): ``path("api/", include("gongkai.api.urls"))``."""

from gongkai.api.views import api

urlpatterns, _app, _namespace = api.urls
app_name = "api"
