"""Staff-console URLs of the ops app (mounted under /admin/ops/ by wagtail_hooks)."""

from django.urls import path

from gongkai.ops import views

app_name = "gongkai_ops"

urlpatterns = [
    path("2fa/setup/", views.two_factor_setup, name="two_factor_setup"),
    path("2fa/verify/", views.two_factor_verify, name="two_factor_verify"),
    path("2fa/recovery/", views.two_factor_recovery, name="two_factor_recovery"),
    path("tasks/", views.task_list, name="tasks"),
    path("uploads/<uuid:pk>/", views.upload_download, name="upload_download"),
]
