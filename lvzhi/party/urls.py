from django.urls import path

from lvzhi.party import views

app_name = "party"
urlpatterns = [
    path("structure/", views.structure, name="structure"),
    path("party/branches/", views.branches, name="branches"),
    path("party/branches/new/", views.branch_create_view, name="branch_create"),
    path("party/branches/<int:pk>/", views.branch_detail, name="branch_detail"),
    path("party/memberships/<int:pk>/leave/", views.membership_leave, name="membership_leave"),
    path("party/coverage/", views.coverage_view, name="coverage"),
]
