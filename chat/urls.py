from django.urls import path

from chat import views

app_name = "chat"

urlpatterns = [
    path("rozmowy/", views.rooms, name="rooms"),
    path("sieci/<slug:slug>/rozmowa/", views.discussion, name="discussion"),
    path("sieci/<slug:slug>/rozmowa/wyslij/", views.discussion_send, name="send"),
    path("sieci/<slug:slug>/rozmowa/przeczytane/", views.discussion_read, name="read"),
    path("sieci/<slug:slug>/rozmowa/temat/", views.discussion_resolve, name="resolve"),
    path("rozmowy/szukaj/", views.search, name="search"),
    path("rozmowy/zalaczniki/<int:pk>/", views.attachment, name="attachment"),
    path("chat/api/rooms/<str:key>/messages/", views.history, name="history"),
    path("chat/api/rooms/<str:key>/people/", views.people, name="people"),
    path("chat/api/unread/", views.unread, name="unread"),
]
