"""In the English interface an opinion's text, its comments and what became of it, and the
initiatives of a review, are what the WZK wrote in Polish: marked ``lang="pl"`` so that a
screen reader reads them with a Polish voice, while the interface around them stays English."""

from datetime import date

import pytest

from opinions import services
from tests.html import languages_of, parse
from tests.monitoring.factories import ActionFactory, PeriodFactory
from tests.opinions.factories import adopted, in_consultation

pytestmark = pytest.mark.django_db


def page(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert b'<html lang="en">' in response.content
    return parse(response.content)


def test_the_text_and_the_comments_of_a_consultation_are_polish(english, coordinator, member):
    document = in_consultation(coordinator)
    services.comment_add(
        actor=member, document=document, version_number=1, paragraph=2, body="Dodajmy poradnie."
    )
    services.comment_add(
        actor=member, document=document, version_number=1, body="Całość jest dobra."
    )
    english.force_login(member)
    detail = page(english, document.get_absolute_url())
    for typed in (
        "Rekomendacja w sprawie doradztwa zawodowego w Łodzi",  # title and the text's heading
        "Doradztwo zawodowe w szkołach województwa",
        "Zarząd Województwa Łódzkiego",
        "WZK rekomenduje wzmocnienie doradztwa zawodowego",
        "wizyty w zakładach pracy",  # a list item of the text
        "Dodajmy poradnie.",
        "Całość jest dobra.",
    ):
        assert languages_of(detail, typed) == {"pl"}, typed
    for interface in ("1 comment on paragraph 2", "Consultation comments", "Subject", "Text"):
        assert languages_of(detail, interface) == {"en"}, interface


def test_an_adopted_opinion_and_what_became_of_it_are_polish(english, coordinator, member):
    action = ActionFactory(title="Targi Edukacyjne Łódź", lead_region=coordinator.region)
    document = adopted(coordinator, [member], actions=[action], strategy_document="Strategia 2030")
    services.follow_up_record(
        actor=coordinator,
        document=document,
        implementation="in_progress",
        note="Zarząd powołał zespół roboczy.",
        addressee_response="Przyjmujemy rekomendację.",
        noted_on=date(2026, 5, 4),
    )
    detail = page(english, document.get_absolute_url())
    for typed in (
        document.resolution_label,
        "Targi Edukacyjne Łódź",
        "Strategia 2030",
        "Zarząd powołał zespół roboczy.",
        "Przyjmujemy rekomendację.",
    ):
        assert languages_of(detail, typed) == {"pl"}, typed
    for interface in ("What became of it", "In progress", "The addressee's response"):
        assert languages_of(detail, interface) == {"en"}, interface
    listing = page(english, "/opinie/")
    assert languages_of(listing, document.title) == {"pl"}
    assert languages_of(listing, "Zarząd Województwa Łódzkiego") == {"pl"}
    assert languages_of(listing, "Addressee:") == {"en"}


def test_a_review_of_initiatives_marks_the_period_and_the_initiatives(english, coordinator, member):
    period = PeriodFactory(name="I kwartał 2026", start=date(2026, 1, 1), end=date(2026, 3, 31))
    review = services.review_open(actor=coordinator, region=coordinator.region, period=period)
    item = services.review_add_initiative(
        actor=member, review=review, title="Szkolne koło doradców", description="Raz w tygodniu."
    )
    services.review_assess(
        actor=member, item=item, assessment="continue", justification="Uczniowie przychodzą."
    )
    english.force_login(member)
    open_review = page(english, review.get_absolute_url())
    assert languages_of(open_review, "Szkolne koło doradców") == {"pl"}  # heading and legend
    assert languages_of(open_review, "Assessment of “") == {"en"}
    services.review_close(actor=coordinator, review=review)
    detail = page(english, review.get_absolute_url())
    for typed in (
        "I kwartał 2026",
        "Szkolne koło doradców",
        "Raz w tygodniu.",
        "Uczniowie przychodzą.",
    ):
        assert languages_of(detail, typed) == {"pl"}, typed
    for interface in ("Review of initiatives ", "Typed in by the WZK.", "Closed on "):
        assert languages_of(detail, interface) == {"en"}, interface
    listing = page(english, "/przeglady/")
    assert languages_of(listing, "I kwartał 2026") == {"pl"}
