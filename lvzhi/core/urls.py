from django.urls import path

from lvzhi.core import views, views_checkin

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/settings/", views.notification_settings, name="notification_settings"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
    path(
        "c/<slug:committee>/checkin/<slug:kind>/<int:pk>/<str:token>/",
        views_checkin.checkin_page,
        name="checkin",
    ),
    path(
        "c/<slug:committee>/checkin/<slug:kind>/<int:pk>/",
        views_checkin.checkin_manage,
        name="checkin_manage",
    ),
]
