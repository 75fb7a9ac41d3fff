"""Calendars, ``.ics`` downloads and personal feeds (Polish paths, like the rest of the site).

``/kalendarz/`` and ``/kalendarz/<region>/`` take ``widok=lista|miesiac``,
``miesiac=RRRR-MM``, ``rodzaj=<kind>`` and (national calendar) ``region=<slug>``; without a
view or month they open on the upcoming events (``widok=nadchodzace``). Public ``.ics`` feeds:
``/kalendarz/publiczny.ics`` and ``/kalendarz/<region>/publiczny.ics``."""

from django.urls import path

from visits import calendar_views

app_name = "calendars"

urlpatterns = [
    path("kalendarz/", calendar_views.national_calendar, name="national"),
    path("kalendarz/subskrypcja/", calendar_views.feed_settings, name="feed_settings"),
    path("kalendarz/subskrypcja/nowy-adres/", calendar_views.feed_issue, name="feed_issue"),
    path("kalendarz/subskrypcja/wylacz/", calendar_views.feed_revoke, name="feed_revoke"),
    path(
        "kalendarz/subskrypcja/<int:pk>/<str:secret>.ics",
        calendar_views.feed,
        name="feed",
    ),
    path("kalendarz/publiczny.ics", calendar_views.public_feed, name="public_feed"),
    path("kalendarz/<slug:slug>/", calendar_views.region_calendar, name="region"),
    path(
        "kalendarz/<slug:slug>/publiczny.ics",
        calendar_views.public_feed,
        name="public_feed_region",
    ),
]
