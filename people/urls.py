from django.urls import path

from . import import_views

app_name = "people"

urlpatterns = [
    path("import/", import_views.import_page, name="import"),
    path("export.csv", import_views.export_csv, name="export"),
]
