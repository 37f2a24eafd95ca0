from django.urls import path

from lvzhi.meetings import reply, views

app_name = "meetings"
urlpatterns = [
    path("committee-meetings/", views.meeting_list, name="list"),
    path("committee-meetings/new/", views.meeting_create, name="create"),
    path("committee-meetings/mine/", views.mine, name="mine"),
    path("committee-meetings/directory/", views.directory, name="directory"),
    path("committee-meetings/<int:pk>/", views.meeting_detail, name="detail"),
    path("committee-meetings/<int:pk>/edit/", views.meeting_edit, name="edit"),
    path("committee-meetings/<int:pk>/invitees/", views.invitees_change, name="invitees"),
    path("committee-meetings/<int:pk>/notify/", views.notify_view, name="notify"),
    path("committee-meetings/<int:pk>/held/", views.held_view, name="held"),
    path("committee-meetings/<int:pk>/attendance/", views.attendance_view, name="attendance"),
    path("committee-meetings/<int:pk>/minutes/", views.minutes_view, name="minutes"),
    path("committee-meetings/<int:pk>/leave/", views.leave_request_view, name="leave"),
    path("committee-meetings/<int:pk>/leave/<int:leave>/", views.leave_decide_view, name="leave_decide"),
    path("committee-meetings/<int:pk>/reply/", reply.reply_in_app, name="reply"),
    path("committee-meetings/reply/<str:token>/", reply.reply_link, name="reply_link"),
    path("committee-meetings/<int:pk>/notice/", views.notice, name="notice"),
    path("committee-meetings/<int:pk>/signin/", views.signin, name="signin"),
    path("committee-meetings/<int:pk>/directory/", views.meeting_directory, name="meeting_directory"),
]
