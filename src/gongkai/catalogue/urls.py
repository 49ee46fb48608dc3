"""Public URLs of the catalogue app (mounted at /search/)."""

from django.urls import path

from gongkai.catalogue import views

app_name = "catalogue"

urlpatterns = [
    path("", views.search_view, name="search"),
]
