from django.contrib.auth import views as auth_views
from django.urls import path

from lvzhi.accounts import views, views_2fa

app_name = "accounts"
urlpatterns = [
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/two-factor/", views_2fa.two_factor, name="two_factor"),
    path(
        "c/<slug:committee>/users/<int:pk>/reset-two-factor/",
        views_2fa.two_factor_reset_view,
        name="two_factor_reset",
    ),
    path("accounts/password/change/", views.password_change_view, name="password_change"),
    path("c/<slug:committee>/users/", views.users, name="users"),
    path("c/<slug:committee>/users/new/", views.user_create_view, name="user_create"),
    path("c/<slug:committee>/users/member-accounts/", views.member_accounts_view, name="member_accounts"),
    path("c/<slug:committee>/users/<int:pk>/", views.user_detail, name="user_detail"),
    path(
        "c/<slug:committee>/users/<int:pk>/reset-password/", views.password_reset_view, name="password_reset"
    ),
    path("c/<slug:committee>/users/<int:pk>/active/", views.user_active_view, name="user_active"),
    path("c/<slug:committee>/roles/<int:pk>/revoke/", views.role_revoke_view, name="role_revoke"),
    path("c/<slug:committee>/audit/", views.audit, name="audit"),
]
