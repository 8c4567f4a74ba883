"""The pages' URLs, under the namespaces the templates use (people:, roles:, ladder:)."""

from django.urls import path

from .views import (
    analytics,
    book,
    favicon,
    identity,
    imports,
    ladder,
    org,
    pay,
    person,
    planned_changes,
    role,
    scenarios,
    search,
    staffing,
)

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
    path("people/pending-exits/", identity.pending_exits, name="pending-exits"),
]

roles = [
    path("", role.role_list, name="list"),
    path("<slug:slug>/", role.role_detail, name="detail"),
]

ladder = [
    path("", ladder.index, name="index"),
    path("promote/<int:person_id>/", ladder.promote, name="promote"),
]

# Effective-dated changes (planning/); staffing's pages have /planning/ itself.
planned = [
    path("", planned_changes.change_list, name="list"),
    path("<int:change_id>/", planned_changes.change_detail, name="detail"),
    path("<int:change_id>/cancel/", planned_changes.change_cancel_view, name="cancel"),
]

# Pay transparency (issue 19): HR's report, reasons and requests; a worker's own page; the notice.
pay_pages = [
    path("", pay.report_page, name="report"),
    path("report.csv", pay.report_csv, name="report-csv"),
    path("report.pdf", pay.report_pdf, name="report-pdf"),
    path("explain/", pay.explain, name="explain"),
    path("requests/", pay.requests_list, name="requests"),
    path("requests/<int:request_id>/", pay.request_detail, name="request"),
    path("me/", pay.my_pay, name="mine"),
    path("notice/", pay.notice, name="notice"),
    path("import/", pay.upload, name="import"),
    path("vacancies/<int:position_id>/ad/", pay.vacancy_ad, name="vacancy-ad"),
]

# Scenarios, draft reorganisations (issue 17); their chart is /org/?scenario=<id>.
scenario_pages = [
    path("", scenarios.scenario_list, name="list"),
    path("new/", scenarios.scenario_new, name="new"),
    path("<int:scenario_id>/", scenarios.scenario_detail, name="detail"),
    path("<int:scenario_id>/edit/", scenarios.scenario_edit_view, name="edit"),
    path("<int:scenario_id>/undo/", scenarios.scenario_undo_view, name="undo"),
    path("<int:scenario_id>/redo/", scenarios.scenario_redo_view, name="redo"),
    path("<int:scenario_id>/submit/", scenarios.scenario_submit_view, name="submit"),
    path("<int:scenario_id>/decide/", scenarios.scenario_decide_view, name="decide"),
    path("<int:scenario_id>/apply/", scenarios.scenario_apply_view, name="apply"),
    path("<int:scenario_id>/resolve/", scenarios.scenario_resolve_view, name="resolve"),
    path("<int:scenario_id>/share/", scenarios.scenario_share_view, name="share"),
    path("compare/", scenarios.scenario_compare_page, name="compare"),
]

staffing_pages = [
    path("", staffing.planning, name="planning"),
    path("import/", staffing.forecast_import_page, name="import"),
    path("gap-scenario/", staffing.gap_scenario_page, name="gap_scenario"),
]

root = [
    path("", org.org_chart, name="home"),
    path("search/", search.search_page, name="search"),
    path("search/results/", search.search_results, name="search-results"),
    path("me/", person.my_page, name="my-page"),
    path("me/team/", person.my_team, name="my-team"),
    path("favicon.ico", favicon.favicon, name="favicon"),
]
