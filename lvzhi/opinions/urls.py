from django.urls import path

from lvzhi.opinions import views

app_name = "opinions"
urlpatterns = [
    path("opinions/", views.opinion_list, name="list"),
    path("opinions/new/", views.opinion_create, name="create"),
    path("opinions/tally/", views.opinion_tally, name="tally"),
    path("opinions/<int:pk>/", views.opinion_detail, name="detail"),
    path("opinions/<int:pk>/edit/", views.opinion_edit, name="edit"),
    path("opinions/<int:pk>/<slug:action>/", views.opinion_action, name="action"),
]
