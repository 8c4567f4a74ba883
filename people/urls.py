from django.urls import path

from . import import_views, views

app_name = "people"

urlpatterns = [
    path("org/", views.org_chart, name="chart"),
    path("org/<int:position_id>/", views.org_focus, name="chart-focus"),
    path("org/<int:position_id>/reports/", views.org_reports, name="chart-reports"),
    path("people/<int:person_id>/", views.person_detail, name="detail"),
    path("people/import/", import_views.import_page, name="import"),
    path("people/export.csv", import_views.export_csv, name="export"),
]
