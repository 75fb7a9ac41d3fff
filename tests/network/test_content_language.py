"""What members write is Polish whatever the interface's language (WCAG 3.1.2): in English
``{% content_lang %}`` and ``|content_span`` mark it ``lang="pl"``; in Polish they add
nothing. On the network and team pages the names of networks and institutions are marked."""

import pytest
from django.template import engines
from django.utils import translation

from tests.factories import CoordinatorFactory, MembershipFactory, NetworkFactory, region
from tests.html import languages_of, parse

SENTENCE = engines["django"].from_string(
    "{% load content_language %}<p>Invitation: {{ title|content_span }}</p>"
)


def test_a_value_in_an_english_sentence_gets_its_own_polish_span():
    with translation.override("en"):
        html = SENTENCE.render({"title": "Forum <b>doradców</b>"})
    assert html == '<p>Invitation: <span lang="pl">Forum &lt;b&gt;doradców&lt;/b&gt;</span></p>'


def test_in_polish_nothing_is_added_and_the_value_is_still_escaped():
    with translation.override("pl"):
        html = SENTENCE.render({"title": "Forum <b>doradców</b>"})
    assert html == "<p>Invitation: Forum &lt;b&gt;doradców&lt;/b&gt;</p>"


def test_text_made_safe_by_a_filter_keeps_its_markup():
    template = engines["django"].from_string(
        "{% load content_language %}{{ text|linebreaksbr|content_span }}"
    )
    with translation.override("en"):
        assert template.render({"text": "a\nb"}) == '<span lang="pl">a<br>b</span>'


@pytest.mark.django_db
def test_network_and_team_pages_mark_names_of_networks_and_institutions(english):
    coordinator = CoordinatorFactory(
        region=region("lodzkie"), institution_name="Urząd Marszałkowski w Łodzi"
    )
    network = NetworkFactory(name="Doradztwo zawodowe")
    MembershipFactory(network=network, user=coordinator, is_moderator=True)
    english.force_login(coordinator)

    detail = parse(english.get(network.get_absolute_url()).content)
    for typed in ("Doradztwo zawodowe", "Urząd Marszałkowski w Łodzi"):
        assert languages_of(detail, typed) == {"pl"}, typed
    assert languages_of(detail, "Manage members") == {"en"}
    manage = parse(english.get(f"/sieci/{network.slug}/czlonkowie/").content)
    assert languages_of(manage, "Doradztwo zawodowe") == {"pl"}
    assert languages_of(manage, "Members of ") == {"en"}
    profile = parse(english.get("/konto/profil/").content)
    assert languages_of(profile, "Doradztwo zawodowe") == {"pl"}
    team = parse(english.get("/konto/zespol/").content)
    assert languages_of(team, "Urząd Marszałkowski w Łodzi") == {"pl"}
    assert languages_of(team, "Marshal office") == {"en"}
