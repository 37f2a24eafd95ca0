from django.urls import path

from lvzhi.study import views, views_reading

app_name = "study"
urlpatterns = [
    path("study/groups/", views.groups, name="groups"),
    path("study/groups/new/", views.group_create, name="group_create"),
    path("study/groups/<int:pk>/", views.group_detail, name="group"),
    path("study/groups/<int:pk>/edit/", views.group_edit, name="group_edit"),
    path("study/sessions/", views.sessions, name="sessions"),
    path("study/sessions/new/", views.session_create, name="session_create"),
    path("study/sessions/<int:pk>/", views.session_detail, name="session"),
    path("study/sessions/<int:pk>/edit/", views.session_edit, name="session_edit"),
    path("study/trainings/", views.trainings, name="trainings"),
    path("study/trainings/new/", views.training_create, name="training_create"),
    path("study/trainings/<int:pk>/edit/", views.training_edit, name="training_edit"),
    path("study/reading/", views_reading.reading, name="reading"),
    path("study/reading/campaigns/new/", views_reading.campaign_create, name="campaign_create"),
    path("study/reading/campaigns/<int:pk>/", views_reading.campaign_detail, name="campaign"),
    path("study/reading/logs/", views_reading.reading_logs, name="reading_logs"),
    path("study/reading/logs/new/", views_reading.log_create, name="log_create"),
    path("study/reading/logs/<int:pk>/edit/", views_reading.log_edit, name="log_edit"),
    path("study/reading/mine/", views_reading.reading_mine, name="reading_mine"),
    path("study/reading/sharing/new/", views_reading.sharing_create, name="sharing_create"),
    path("study/reading/sharing/<int:pk>/edit/", views_reading.sharing_edit, name="sharing_edit"),
    path("study/reading/report/", views_reading.report, name="reading_report"),
]
