"""The Wagtail admin speaks Polish to Polish users: none of our models' labels, help texts or
panel headings reach them in English."""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from wagtail.admin.panels import MultiFieldPanel

from cms.models import GoodPracticePage
from network.services import member_set_language, member_sync_groups
from tests.factories import NationalModeratorFactory, UserFactory, practice, region

pytestmark = pytest.mark.django_db

# English labels that are Polish words too ("inny region").
ALSO_POLISH = {"region"}


def _our_strings() -> set[str]:
    """The English of every label, help text and heading the practice's edit form shows."""
    texts = set()
    with translation.override("en"):
        for model_field in GoodPracticePage._meta.get_fields():
            if model_field.model is not GoodPracticePage:
                continue  # Wagtail's own Page fields: Wagtail translates those
            for text in (
                getattr(model_field, "verbose_name", ""),
                getattr(model_field, "help_text", ""),
            ):
                if text:
                    texts.add(str(text))
        for panel in GoodPracticePage.content_panels:
            if isinstance(panel, MultiFieldPanel):
                texts.add(str(panel.heading))
    return texts


def _visible_text(html: str) -> str:
    html = re.sub(r"<(script|style|template)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r"<[^>]+>", " ", html)
    return " ".join(html.split())


@pytest.mark.parametrize("who", ["author", "moderator"])
def test_the_practice_edit_page_has_no_english_of_ours(client, who):
    user = UserFactory(region=region("lodzkie")) if who == "author" else NationalModeratorFactory()
    member_sync_groups(member=user)
    member_set_language(member=user, language="pl")
    page = practice("lodzkie", owner=user, publish=False)
    client.force_login(user)
    html = client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,))).text
    text = _visible_text(html)
    english = _our_strings()
    assert len(english) > 30
    with translation.override("pl"):
        polish = {str(_) for _ in english}
    found = sorted(
        phrase
        for phrase in english - ALSO_POLISH
        if phrase.lower() != translation.gettext(phrase).lower()  # same in both languages
        and re.search(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", text, flags=re.I)
    )
    contexts = {
        p: re.findall(rf".{{0,40}}(?<![\w-]){re.escape(p)}(?![\w-]).{{0,40}}", text, flags=re.I)[:3]
        for p in found
    }
    assert found == [], contexts
    # taggit's own help text, shown under our tags field.
    assert "comma-separated" not in text
    # And the Polish ones are there: the form is the practice's.
    assert "Potencjał przeniesienia" in text
    assert "Rezultaty i dowody" in text
    assert polish
