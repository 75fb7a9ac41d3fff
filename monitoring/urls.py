from django.urls import path

from monitoring import views

app_name = "monitoring"

urlpatterns = [
    path("dzialania/", views.action_list, name="action_list"),
    path("dzialania/nowe/", views.action_create, name="action_create"),
    path("dzialania/import/", views.import_upload, name="import_upload"),
    path("dzialania/uprawnieni/", views.recorders, name="recorders"),
    path("dzialania/<int:pk>/", views.action_detail, name="action_detail"),
    path("dzialania/<int:pk>/edycja/", views.action_edit, name="action_edit"),
    path("sprawozdania/", views.report_list, name="report_list"),
    path("sprawozdania/okresy/<int:pk>/zamknij/", views.period_lock, name="period_lock"),
    path("sprawozdania/okresy/<int:pk>/otworz/", views.period_reopen, name="period_reopen"),
    path("sprawozdania/dowody/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("sprawozdania/<int:period>/<slug:region>/", views.report_detail, name="report_detail"),
    path(
        "sprawozdania/<int:period>/<slug:region>/ocena/",
        views.report_review,
        name="report_review",
    ),
    path(
        "sprawozdania/<int:period>/<slug:region>/zrodla/<slug:code>/",
        views.report_records,
        name="report_records",
    ),
    path("monitoring/", views.dashboard, name="dashboard"),
    path("eksporty/", views.exports, name="exports"),
    path("eksporty/<int:pk>/pobierz/", views.export_download, name="export_download"),
    path("eksporty/import/<int:pk>/bledy.csv", views.import_errors, name="import_errors"),
]
