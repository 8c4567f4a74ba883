from django.urls import path

from . import views

app_name = "ladder"
urlpatterns = [
    path("", views.index, name="index"),
    path("promote/<int:person_id>/", views.promote, name="promote"),
]
