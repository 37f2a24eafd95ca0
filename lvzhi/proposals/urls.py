from django.urls import path

from lvzhi.proposals import views

app_name = "proposals"
urlpatterns = [
    path("proposals/", views.proposal_list, name="list"),
    path("proposals/new/", views.proposal_create, name="create"),
    path("proposals/similar/", views.similar, name="similar"),
    path("proposals/settings/", views.proposal_settings, name="settings"),
    path("proposals/import/", views.proposal_import, name="import"),
    path("proposals/<int:pk>/", views.proposal_detail, name="detail"),
    path("proposals/<int:pk>/edit/", views.proposal_edit, name="edit"),
    path("proposals/<int:pk>/<slug:action>/", views.proposal_action, name="action"),
]
