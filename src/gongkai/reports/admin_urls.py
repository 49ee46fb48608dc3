from django.urls import path

from gongkai.reports import admin_views as views

app_name = "reports_admin"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("build/", views.report_build, name="build"),
    path("import/", views.report_import, name="import"),
    path("supervision/", views.supervision, name="supervision"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/rebuild/", views.report_rebuild, name="rebuild"),
    path("<int:pk>/lock/", views.report_lock, name="lock"),
    path("<int:pk>/wording/", views.report_heading_wording, name="wording"),
    path("<int:pk>/action/<str:action>/", views.report_action, name="action"),
    path("<int:pk>/export/<str:kind>/", views.report_export, name="export"),
]
