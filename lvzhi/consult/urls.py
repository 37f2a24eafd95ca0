from django.urls import path

from lvzhi.consult import views, views_studios, views_suggestions

app_name = "consult"
urlpatterns = [
    path("consultations/", views.consultation_list, name="consultations"),
    path("consultations/new/", views.consultation_create, name="consultation_create"),
    path("consultations/<int:pk>/", views.consultation_detail, name="consultation"),
    path("consultations/<int:pk>/edit/", views.consultation_edit, name="consultation_edit"),
    path("consultations/forms/", views.form_list, name="forms"),
    path("consultations/forms/new/", views.form_create, name="form_create"),
    path("consultations/forms/<int:pk>/edit/", views.form_edit, name="form_edit"),
    path("consultations/plans/", views.plan_list, name="plans"),
    path("consultations/plans/new/", views.plan_create, name="plan_create"),
    path("consultations/plans/<int:pk>/", views.plan_detail, name="plan"),
    path("suggestions/", views_suggestions.suggestion_list, name="suggestions"),
    path("suggestions/new/", views_suggestions.suggestion_create, name="suggestion_create"),
    path("suggestions/import/", views_suggestions.suggestion_import, name="suggestion_import"),
    path("suggestions/<int:pk>/", views_suggestions.suggestion_detail, name="suggestion"),
    path("suggestions/<int:pk>/edit/", views_suggestions.suggestion_edit, name="suggestion_edit"),
    path("studios/", views_studios.studio_list, name="studios"),
    path("studios/new/", views_studios.studio_create, name="studio_create"),
    path("studios/<int:pk>/", views_studios.studio_detail, name="studio"),
    path("studios/<int:pk>/edit/", views_studios.studio_edit, name="studio_edit"),
]
