from django.urls import path

from lvzhi.core import views_help

app_name = "help"
urlpatterns = [
    path("", views_help.page, {"doc": "index"}, name="index"),
    path("img/<str:name>", views_help.image, name="image"),
    path("<slug:doc>/", views_help.page, name="page"),
]
