"""Public URLs of the applications app (mounted at /apply/)."""

from django.urls import path

from gongkai.applications import views_public as v

app_name = "applications"

urlpatterns = [
    path("", v.index, name="index"),
    path("status/", v.status_lookup, name="status"),
    path("status/<int:pk>/", v.status_detail, name="status_detail"),
    path("status/<int:pk>/letters/<int:letter_id>.<str:fmt>", v.letter_download, name="letter"),
    path("status/<int:pk>/files/<int:file_id>/", v.released_download, name="released"),
    path("done/<int:pk>/", v.done, name="done"),
    path("<slug:slug>/", v.apply, name="apply"),
]
