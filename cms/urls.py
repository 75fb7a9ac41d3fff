from django.urls import path

from cms import views

app_name = "cms"

# Practice pages themselves (/dobre-praktyki/<region>/<practice>/) are served by Wagtail.
urlpatterns = [
    path("dobre-praktyki/", views.index, name="practice_index"),
    path("dobre-praktyki/kanal/", views.feed, name="practice_feed"),
    path("dobre-praktyki/zglos/", views.practice_submit, name="practice_submit"),
    path("dobre-praktyki/moje/", views.my_practices, name="my_practices"),
    path("dobre-praktyki/moje/<id:pk>/zmien/", views.practice_change, name="practice_change"),
    path("dobre-praktyki/zapytaj/<id:pk>/", views.ask_author, name="ask_author"),
    path("dobre-praktyki/<slug:region_slug>/", views.section, name="practice_section"),
    path("dobre-praktyki/<slug:region_slug>/kanal/", views.section_feed, name="section_feed"),
]
