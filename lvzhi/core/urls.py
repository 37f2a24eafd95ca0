from django.urls import path

from lvzhi.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("notifications/", views.notifications, name="notifications"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
]
