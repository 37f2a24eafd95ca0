from django.urls import path

from lvzhi.setup import views

app_name = "setup"
urlpatterns = [
    path("", views.start, name="start"),
    path("finish/", views.finish, name="finish"),
    path("roster/template/", views.template_download, name="roster_template"),
    path("<slug:step>/", views.step, name="step"),
]
