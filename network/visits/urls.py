from django.urls import path

from network.visits import views

app_name = "visits"

urlpatterns = [
    path("wydarzenia/nowe/", views.event_create, name="event_create"),
    path("wydarzenia/organizatorzy/", views.organisers, name="organisers"),
    path("wydarzenia/<int:pk>/", views.event_detail, name="event_detail"),
    path("wydarzenia/<int:pk>/edycja/", views.event_edit, name="event_edit"),
    path("wydarzenia/<int:pk>/odwolanie/", views.event_cancel, name="event_cancel"),
    path("wydarzenia/<int:pk>/zaproszenia/", views.event_invitations, name="event_invitations"),
    path("zaproszenia/", views.my_invitations, name="my_invitations"),
    path("zaproszenia/<int:pk>/", views.invitation_detail, name="invitation_detail"),
    path("zaproszenia/<int:pk>/akceptacja/", views.invitation_accept, name="invitation_accept"),
    path("zaproszenia/<int:pk>/odmowa/", views.invitation_decline, name="invitation_decline"),
    path("zaproszenia/<int:pk>/przekazanie/", views.invitation_pass_on, name="invitation_pass_on"),
    path("zaproszenia/<int:pk>/wycofanie/", views.invitation_cancel, name="invitation_cancel"),
]
