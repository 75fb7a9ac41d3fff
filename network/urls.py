from django.contrib.auth import views as auth_views
from django.urls import path

from network import views

app_name = "network"

urlpatterns = [
    path("konto/logowanie/", views.LoginView.as_view(), name="login"),
    path("konto/wylogowanie/", views.LogoutView.as_view(), name="logout"),
    path("konto/profil/", views.profile, name="profile"),
    path("pulpit/", views.dashboard, name="dashboard"),
    path("pulpit/bloki/<slug:name>/", views.dashboard_block, name="dashboard_block"),
    path("konto/haslo/zmiana/", views.PasswordChangeView.as_view(), name="password_change"),
    path("konto/haslo/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "konto/haslo/reset/wyslano/",
        auth_views.PasswordResetDoneView.as_view(
            template_name="registration/password_reset_done.html"
        ),
        name="password_reset_done",
    ),
    path(
        "konto/haslo/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "konto/haslo/reset/gotowe/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="registration/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path("konto/aktywacja/<uidb64>/<token>/", views.activate, name="activate"),
    path("konto/zespol/", views.team, name="team"),
    path("konto/zespol/dodaj/", views.team_invite, name="team_invite"),
    path("konto/zespol/<int:pk>/edycja/", views.team_member_edit, name="team_member_edit"),
    path("konto/zespol/<int:pk>/aktywnosc/", views.team_member_active, name="team_member_active"),
    path(
        "konto/zespol/<int:pk>/ponow-zaproszenie/",
        views.team_member_resend,
        name="team_member_resend",
    ),
    path("regiony/", views.region_list, name="region_list"),
    path("regiony/<slug:slug>/", views.region_detail, name="region_detail"),
    path("regiony/<slug:slug>/edycja/", views.region_edit, name="region_edit"),
    path("sieci/", views.network_list, name="network_list"),
    path("sieci/<slug:slug>/", views.network_detail, name="network_detail"),
    path("sieci/<slug:slug>/czlonkowie/", views.network_manage, name="network_manage"),
    path(
        "sieci/<slug:slug>/czlonkowie/<int:user_id>/usun/",
        views.network_member_remove,
        name="network_member_remove",
    ),
    path(
        "sieci/<slug:slug>/czlonkowie/<int:user_id>/moderator/",
        views.network_moderator_set,
        name="network_moderator_set",
    ),
    path("czlonkowie/", views.member_directory, name="member_directory"),
    path("czlonkowie/<int:pk>/", views.member_detail, name="member_detail"),
]
