from django.urls import path

from lvzhi.party import views, views_leaders, views_orglife

app_name = "party"
urlpatterns = [
    path("structure/", views.structure, name="structure"),
    path("party/branches/", views.branches, name="branches"),
    path("party/branches/new/", views.branch_create_view, name="branch_create"),
    path("party/branches/<int:pk>/", views.branch_detail, name="branch_detail"),
    path("party/memberships/<int:pk>/leave/", views.membership_leave, name="membership_leave"),
    path("party/coverage/", views.coverage_view, name="coverage"),
    path("party/meetings/", views_orglife.meetings, name="meetings"),
    path("party/meetings/new/", views_orglife.meeting_create, name="meeting_create"),
    path("party/meetings/import/", views_orglife.meetings_import_view, name="meetings_import"),
    path("party/meetings/<int:pk>/", views_orglife.meeting_detail, name="meeting"),
    path(
        "party/meetings/<int:pk>/checkin/<str:token>/",
        views_orglife.meeting_checkin_view,
        name="meeting_checkin",
    ),
    path("party/orglife/compliance/", views_orglife.compliance_view, name="compliance"),
    path("party/leaders/", views_leaders.leaders, name="leaders"),
    path("party/leaders/<int:pk>/", views_leaders.leader_detail, name="leader"),
]
