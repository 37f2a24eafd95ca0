from django.urls import path

from lvzhi.duty import views

app_name = "duty"
urlpatterns = [
    path("archive/", views.mine, name="mine"),
    path("archive/<int:pk>/", views.archive, name="archive"),
    path("archive/<int:pk>/print/", views.archive_print, name="archive_print"),
    path("archive/<int:pk>/docx/", views.archive_docx, name="archive_docx"),
    path("archive/<int:pk>/pdf/", views.archive_pdf, name="archive_pdf"),
    path("archive/<int:pk>/report/<int:year>/", views.report_edit, name="report_edit"),
    path("archive/<int:pk>/report/<int:year>/submit/", views.report_submit, name="report_submit"),
    path("archive/records/<int:pk>/confirm/", views.record_confirm, name="record_confirm"),
    path("archive/records/<int:pk>/appeal/", views.record_appeal, name="record_appeal"),
    path("duty/appeals/", views.appeals, name="appeals"),
    path("duty/appeals/<int:pk>/resolve/", views.appeal_resolve, name="appeal_resolve"),
    path("duty/scores/", views.scores, name="scores"),
    path("duty/scores/finalize/", views.year_finalize, name="year_finalize"),
    path("duty/rules/", views.rules, name="rules"),
    path("duty/rules/new/", views.rules_new, name="rules_new"),
]
