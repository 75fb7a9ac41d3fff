from django.urls import path

from opinions import feeds, views

app_name = "opinions"

urlpatterns = [
    path("opinie/", views.document_list, name="document_list"),
    path("opinie/kanal/", feeds.AdoptedFeed(), name="feed"),
    path("opinie/wzk/", views.team_documents, name="team_documents"),
    path("opinie/wzk/zasady/", views.rules, name="rules"),
    path("opinie/nowy/", views.document_create, name="document_create"),
    path("opinie/<int:pk>/", views.document_detail, name="document_detail"),
    path("opinie/<int:pk>/edycja/", views.document_edit, name="document_edit"),
    path(
        "opinie/<int:pk>/wersje/<int:number>/zmiany/",
        views.version_changes,
        name="version_changes",
    ),
    path("opinie/<int:pk>/komentarze/", views.comment_add, name="comment_add"),
    path("opinie/<int:pk>/konsultacje/", views.consultation_open, name="consultation_open"),
    path("opinie/<int:pk>/glosowanie/", views.vote_open, name="vote_open"),
    path("opinie/<int:pk>/glosowanie/glos/", views.ballot_cast, name="ballot_cast"),
    path("opinie/<int:pk>/glosowanie/zakonczenie/", views.vote_close, name="vote_close"),
    path("opinie/<int:pk>/uchwala.pdf", views.resolution_pdf, name="resolution_pdf"),
    path("opinie/<int:pk>/realizacja/", views.follow_up, name="follow_up"),
    path("opinie/<int:pk>/zalaczniki/", views.attachment_add, name="attachment_add"),
    path(
        "opinie/<int:pk>/zalaczniki/<int:attachment_id>/",
        views.attachment_download,
        name="attachment_download",
    ),
    path("opinie/<int:pk>/rozmowa/", views.room, name="room"),
    path("opinie/<int:pk>/rozmowa/wyslij/", views.room_send, name="room_send"),
    path("opinie/<int:pk>/rozmowa/przeczytane/", views.room_read, name="room_read"),
    path("opinie/<int:pk>/rozmowa/temat/", views.room_resolve, name="room_resolve"),
    path("przeglady/", views.review_list, name="review_list"),
    path("przeglady/nowy/", views.review_open, name="review_open"),
    path("przeglady/<int:pk>/", views.review_detail, name="review_detail"),
    path("przeglady/<int:pk>/ocena/<int:item_id>/", views.review_assess, name="review_assess"),
    path(
        "przeglady/<int:pk>/inicjatywa/",
        views.review_add_initiative,
        name="review_add_initiative",
    ),
    path("przeglady/<int:pk>/zamkniecie/", views.review_close, name="review_close"),
    path(
        "przeglady/<int:pk>/rekomendacja/",
        views.review_start_draft,
        name="review_start_draft",
    ),
]
