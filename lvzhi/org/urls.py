from django.urls import path

from lvzhi.org import views, views_terms

app_name = "org"
urlpatterns = [
    path("members/", views.members, name="members"),
    path("members/export/", views.members_export, name="members_export"),
    path("members/new/", views.member_create_view, name="member_create"),
    path("members/import/", views.roster_import_view, name="roster_import"),
    path("members/template/", views.roster_template_view, name="roster_template"),
    path("members/<int:pk>/", views.member_detail, name="member_detail"),
    path("members/<int:pk>/edit/", views.member_edit, name="member_edit"),
    path("members/<int:pk>/reveal/", views.member_reveal, name="member_reveal"),
    path("sectors/", views.sectors, name="sectors"),
    path("terms/change/", views_terms.term_change_view, name="term_change"),
    path("special-committees/", views.special_committees, name="special_committees"),
]
