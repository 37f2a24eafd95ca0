from django.urls import path

from lvzhi.reports import views, views_dashboard

app_name = "reports"
urlpatterns = [
    path("", views_dashboard.dashboard, name="dashboard"),
    path("dashboard/data/", views_dashboard.dashboard_data, name="dashboard_data"),
    path("summary/", views.summary, name="summary"),
]
