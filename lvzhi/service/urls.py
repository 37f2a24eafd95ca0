from django.urls import path

from lvzhi.service import views, views_activities

app_name = "service"
urlpatterns = [
    path("service/campaigns/", views.campaigns, name="campaigns"),
    path("service/campaigns/new/", views.campaign_create, name="campaign_create"),
    path("service/campaigns/<int:pk>/", views.campaign_detail, name="campaign"),
    path("service/campaigns/<int:pk>/edit/", views.campaign_edit, name="campaign_edit"),
    path("service/campaigns/<int:pk>/deployments/new/", views.deployment_create, name="deployment_create"),
    path(
        "service/campaigns/<int:pk>/participants/new/",
        views.participation_create,
        name="participation_create",
    ),
    path("service/deployments/", views.deployments, name="deployments"),
    path("service/deployments/<int:pk>/edit/", views.deployment_edit, name="deployment_edit"),
    path("service/participations/<int:pk>/edit/", views.participation_edit, name="participation_edit"),
    path("service/participants/", views.participants, name="participants"),
    path("service/donations/", views.donations, name="donations"),
    path("service/donations/new/", views.donation_create, name="donation_create"),
    path("service/donations/import/", views.donation_import, name="donation_import"),
    path("service/donations/<int:pk>/edit/", views.donation_edit, name="donation_edit"),
    path("service/activities/", views_activities.activities, name="activities"),
    path("service/activities/new/", views_activities.activity_create, name="activity_create"),
    path("service/activities/<int:pk>/", views_activities.activity_detail, name="activity"),
    path("service/activities/<int:pk>/edit/", views_activities.activity_edit, name="activity_edit"),
    path("service/mine/", views_activities.mine, name="mine"),
]
