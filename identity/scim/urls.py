from django.urls import path, re_path

from . import views

app_name = "scim"
urlpatterns = [
    path("ServiceProviderConfig", views.service_provider_config, name="config"),
    path("ResourceTypes", views.resource_types, name="resource_types"),
    path("ResourceTypes/<str:name>", views.resource_types, name="resource_type"),
    path("Schemas", views.schemas, name="schemas"),
    re_path(r"^Schemas/(?P<urn>[^/]+)$", views.schemas, name="schema"),
    path("Users", views.users, name="users"),
    path("Users/.search", views.users_search, name="users_search"),
    path("Users/<str:pk>", views.user, name="user"),
    path("Groups", views.groups, name="groups"),
    path("Groups/<str:pk>", views.group, name="group"),
    path(".search", views.users_search, name="search"),  # Users are what it finds
    path("Bulk", views.bulk, name="bulk"),
    re_path(r"^(?P<rest>.*)$", views.not_found),
]
