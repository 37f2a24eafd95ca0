from django.urls import path

from lvzhi.reports import views, views_dashboard, views_rollup

app_name = "reports"
urlpatterns = [
    path("", views_dashboard.dashboard, name="dashboard"),
    path("dashboard/data/", views_dashboard.dashboard_data, name="dashboard_data"),
    path("summary/", views.summary, name="summary"),
    path("rollup/", views_rollup.rollup, name="rollup"),
    path("rollup/import/", views_rollup.rollup_import_page, name="rollup_import"),
    path("rollup/keys/", views_rollup.rollup_keys, name="rollup_keys"),
    path("rollup/keys/<int:pk>/delete/", views_rollup.rollup_key_delete, name="rollup_key_delete"),
    path("summary/docx/", views.summary_docx_view, name="summary_docx"),
    path("summary/pdf/", views.summary_pdf_view, name="summary_pdf"),
    path("summary/template/", views.template_page, name="summary_template"),
    path("summary/template/start/", views.template_start, name="summary_template_start"),
    path("summary/template/reset/", views.template_reset_view, name="summary_template_reset"),
    path("summary/template/headings/new/", views.heading_new, name="summary_heading_new"),
    path("summary/template/headings/<int:pk>/", views.heading_edit, name="summary_heading_edit"),
    path("summary/template/headings/<int:pk>/delete/", views.heading_remove, name="summary_heading_delete"),
    path(
        "summary/template/headings/<int:pk>/paragraphs/new/",
        views.paragraph_new,
        name="summary_paragraph_new",
    ),
    path("summary/template/paragraphs/<int:pk>/", views.paragraph_edit, name="summary_paragraph_edit"),
    path(
        "summary/template/paragraphs/<int:pk>/delete/",
        views.paragraph_remove,
        name="summary_paragraph_delete",
    ),
]
