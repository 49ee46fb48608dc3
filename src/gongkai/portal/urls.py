"""Public portal URLs that are not Wagtail pages (forms, lookups, search)."""

from django.urls import path

from gongkai.portal import views

app_name = "portal"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("mode/", views.switch_mode, name="mode"),
]
