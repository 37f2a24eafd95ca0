from django.urls import path

from lvzhi.rules import views

app_name = "rules"
urlpatterns = [
    path("rules/", views.regulation_list, name="list"),
    path("rules/new/", views.regulation_create_view, name="create"),
    path("rules/<int:pk>/", views.regulation_detail, name="detail"),
    path("rules/<int:pk>/edit/", views.regulation_edit, name="edit"),
    path("rules/<int:pk>/revise/", views.regulation_revise_view, name="revise"),
    path("rules/<int:pk>/repeal/", views.regulation_repeal_view, name="repeal"),
]
