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
]
