from django.urls import path

from lvzhi.liaison import views, views_visits

app_name = "liaison"
urlpatterns = [
    path("liaison/", views.projects, name="projects"),
    path("liaison/programmes/new/", views.programme_create, name="programme_create"),
    path("liaison/programmes/<int:pk>/edit/", views.programme_edit, name="programme_edit"),
    path("liaison/projects/new/", views.project_create, name="project_create"),
    path("liaison/projects/<int:pk>/", views.project_detail, name="project"),
    path("liaison/projects/<int:pk>/edit/", views.project_edit, name="project_edit"),
    path("liaison/projects/<int:pk>/leaders/new/", views.assignment_create, name="assignment_create"),
    path("liaison/assignments/<int:pk>/end/", views.assignment_end, name="assignment_end"),
    path("liaison/projects/<int:pk>/visits/new/", views_visits.visit_create, name="visit_create"),
    path("liaison/leaders/", views.leaders, name="leaders"),
    path("liaison/mine/", views.mine, name="mine"),
    path("liaison/visits/", views_visits.visits, name="visits"),
    path("liaison/visits/<int:pk>/", views_visits.visit_detail, name="visit"),
    path("liaison/visits/<int:pk>/edit/", views_visits.visit_edit, name="visit_edit"),
    path("liaison/visits/<int:pk>/problems/new/", views_visits.problem_create, name="problem_create"),
    path("liaison/problems/", views_visits.problems, name="problems"),
    path("liaison/problems/<int:pk>/", views_visits.problem_detail, name="problem"),
    path("liaison/problems/<int:pk>/edit/", views_visits.problem_edit, name="problem_edit"),
]
