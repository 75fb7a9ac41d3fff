"""The resolution's PDF, read back: text extractable with its Polish letters, the resolution
number, the vote result and the KPO / NextGenerationEU marking; made once and kept."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from opinions import services
from tests.opinions.factories import adopted

pytestmark = pytest.mark.django_db


def _text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_the_pdf_carries_the_resolution_the_text_the_result_and_the_funding_marking(
    client, coordinator, member
):
    document = adopted(
        coordinator,
        voters=[member],
        title="Rekomendacja w sprawie doradztwa zawodowego – źródła, żłobki i łączność",
    )
    response = client.get(reverse("opinions:resolution_pdf", args=[document.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert document.resolution_filename in response["Content-Disposition"]
    text = _text(response.content)
    assert document.resolution_label in text  # "Uchwała nr 1/2026 WZK Województwa Łódzkiego"
    assert "źródła, żłobki i łączność" in text
    assert "WZK rekomenduje wzmocnienie doradztwa zawodowego" in text
    assert "Sfinansowano ze środków Unii Europejskiej – NextGenerationEU" in text
    assert "Krajowy Plan Odbudowy i Zwiększania Odporności" in text
    assert "Wynik głosowania" in text
    assert "zostało osiągnięte" in text
    reader = PdfReader(io.BytesIO(response.content))
    fonts = {
        str(font["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert any("DejaVu" in font for font in fonts), fonts


def test_the_pdf_is_made_once_and_kept(coordinator, member):
    document = adopted(coordinator, voters=[member])
    first = services.resolution_pdf(document=document)
    document.refresh_from_db()
    assert document.pdf.name.startswith("opinions/uchwaly/uchwala-1-")
    assert services.resolution_pdf(document=document) == first


def test_no_pdf_for_a_document_not_adopted(client, coordinator):
    from tests.opinions.factories import draft

    document = draft(coordinator)
    client.force_login(coordinator)
    assert client.get(reverse("opinions:resolution_pdf", args=[document.pk])).status_code == 404
