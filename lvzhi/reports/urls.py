from django.urls import path

from lvzhi.reports import views, views_rollup

app_name = "reports"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("summary/", views.summary, name="summary"),
    path("rollup/", views_rollup.rollup, name="rollup"),
    path("rollup/import/", views_rollup.rollup_import_page, name="rollup_import"),
    path("rollup/keys/", views_rollup.rollup_keys, name="rollup_keys"),
    path("rollup/keys/<int:pk>/delete/", views_rollup.rollup_key_delete, name="rollup_key_delete"),
]
