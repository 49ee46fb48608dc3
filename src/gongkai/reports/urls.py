"""Public URLs of the reports app: published annual reports on the portal."""

from django.urls import path

from gongkai.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.report_index, name="index"),
    path("<slug:slug>/", views.agency_reports, name="agency"),
    path("<slug:slug>/<int:year>/", views.report_detail, name="detail"),
    path("<slug:slug>/<int:year>/download.<str:kind>", views.report_download, name="download"),
]
