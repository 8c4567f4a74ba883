from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from people import views as people_views

urlpatterns = [
    path("", people_views.org_chart, name="home"),
    path("", include("people.urls")),  # org/…, people/<id>/, people/import/, people/export.csv
    path("search/", people_views.search_page, name="search"),
    path("search/results/", people_views.search_results, name="search-results"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # The language can be switched before signing in, on the login page.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("roles/", include("roles.urls")),
    path("ladder/", include("ladder.urls")),
    path("admin/", admin.site.urls),
    path("api/", include("callcenter.api_urls")),
]
