from django.urls import path

from visits import views

app_name = "visits"

urlpatterns = [
    path("wydarzenia/nowe/", views.event_create, name="event_create"),
    path("wydarzenia/organizatorzy/", views.organisers, name="organisers"),
    path("wydarzenia/<int:pk>/", views.event_detail, name="event_detail"),
    path("wydarzenia/<int:pk>/edycja/", views.event_edit, name="event_edit"),
    path("wydarzenia/<int:pk>/odwolanie/", views.event_cancel, name="event_cancel"),
    path("wydarzenia/<int:pk>/zaproszenia/", views.event_invitations, name="event_invitations"),
    path(
        "wydarzenia/<int:pk>/zaproszenia/tabela/",
        views.event_invitations_table,
        name="event_invitations_table",
    ),
    path("zaproszenia/", views.my_invitations, name="my_invitations"),
    path("zaproszenia/lista/", views.my_invitations_lists, name="my_invitations_lists"),
    path("zaproszenia/<int:pk>/", views.invitation_detail, name="invitation_detail"),
    path("zaproszenia/<int:pk>/akceptacja/", views.invitation_accept, name="invitation_accept"),
    path("zaproszenia/<int:pk>/odmowa/", views.invitation_decline, name="invitation_decline"),
    path("zaproszenia/<int:pk>/przekazanie/", views.invitation_pass_on, name="invitation_pass_on"),
    path("zaproszenia/<int:pk>/wycofanie/", views.invitation_cancel, name="invitation_cancel"),
    path("zaproszenia/odpowiedz/<str:token>/", views.answer_link, name="answer_link"),
]

# Guests by e-mail, the event's room, attendance and visit reports.
from visits import views_after, views_guests  # noqa: E402

urlpatterns += [
    path("wydarzenia/<int:pk>/goscie/", views_guests.event_guests, name="event_guests"),
    path(
        "wydarzenia/<int:pk>/goscie/<int:guest_id>/ponow/",
        views_guests.event_guest_resend,
        name="event_guest_resend",
    ),
    path("goscie/<uidb64>/<token>/", views_guests.guest_welcome, name="guest_welcome"),
    path("wydarzenia/<int:pk>/rozmowa/", views_after.event_room, name="event_room"),
    path(
        "wydarzenia/<int:pk>/rozmowa/wyslij/", views_after.event_room_send, name="event_room_send"
    ),
    path(
        "wydarzenia/<int:pk>/rozmowa/przeczytane/",
        views_after.event_room_read,
        name="event_room_read",
    ),
    path(
        "wydarzenia/<int:pk>/rozmowa/temat/",
        views_after.event_room_resolve,
        name="event_room_resolve",
    ),
    path("wydarzenia/<int:pk>/obecnosc/", views_after.event_attendance, name="event_attendance"),
    path("wydarzenia/<int:pk>/relacja/", views_after.event_report, name="event_report"),
    path(
        "wydarzenia/<int:pk>/relacje/<int:report_id>/dobra-praktyka/",
        views_after.event_report_practice,
        name="event_report_practice",
    ),
]

# One event's .ics, in this namespace so an e-mail guest may download their own event's.
from visits import calendar_views  # noqa: E402

urlpatterns += [
    path("wydarzenia/<int:pk>/kalendarz.ics", calendar_views.event_ics, name="event_ics"),
]
