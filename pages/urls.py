"""The pages' URLs, under the namespaces the templates use (people:, roles:, ladder:)."""

from django.urls import path

from .views import analytics, book, favicon, imports, ladder, org, person, role, search, staffing

people = [
    path("org/", org.org_chart, name="chart"),
    path("org/analytics/", analytics.analytics_page, name="analytics"),
    path("org/analytics/export.csv", analytics.analytics_csv, name="analytics-csv"),
    path("org/vacancies/", analytics.vacancies, name="vacancies"),
    path("org/spans/", analytics.spans, name="spans"),
    path("org/book/", book.book_index, name="book"),
    path("org/book/<int:position_id>/", book.book_html, name="book-html"),
    path("org/book/<int:position_id>/pdf/", book.book_pdf, name="book-pdf"),
    path("org/<int:position_id>/", org.org_focus, name="chart-focus"),
    path("org/<int:position_id>/reports/", org.org_reports, name="chart-reports"),
    path("people/<int:person_id>/", person.person_detail, name="detail"),
    path("people/import/", imports.import_page, name="import"),
    path("people/export.csv", imports.export_csv, name="export"),
]

roles = [
    path("", role.role_list, name="list"),
    path("<slug:slug>/", role.role_detail, name="detail"),
]

ladder = [
    path("", ladder.index, name="index"),
    path("promote/<int:person_id>/", ladder.promote, name="promote"),
]

staffing_pages = [
    path("", staffing.planning, name="planning"),
    path("import/", staffing.forecast_import_page, name="import"),
]

root = [
    path("", org.org_chart, name="home"),
    path("search/", search.search_page, name="search"),
    path("search/results/", search.search_results, name="search-results"),
    path("me/", person.my_page, name="my-page"),
    path("me/team/", person.my_team, name="my-team"),
    path("favicon.ico", favicon.favicon, name="favicon"),
]
