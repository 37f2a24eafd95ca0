from django.urls import path

from lvzhi.rectify import views, views_cadence

app_name = "rectify"
urlpatterns = [
    path("ledger/", views.ledger, name="ledger"),
    path("ledger/campaigns/new/", views.campaign_create_view, name="campaign_create"),
    path("ledger/new/", views.item_create, name="item_create"),
    path("ledger/import/", views.ledger_import, name="import"),
    path("ledger/weekly/", views_cadence.weekly, name="weekly"),
    path("ledger/monthly/", views_cadence.monthly, name="monthly"),
    path("ledger/<int:pk>/", views.item_detail, name="item"),
    path("ledger/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("ledger/evidence/<int:pk>/", views.evidence, name="evidence"),
]
