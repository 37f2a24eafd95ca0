from django.urls import path

from lvzhi.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("summary/", views.summary, name="summary"),
]
