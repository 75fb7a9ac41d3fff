"""The adopted document as a PDF (WeasyPrint): Polish typography (hyphenation by the
document's language, no one-letter word at a line's end, DejaVu Serif for every Polish
letter), the vote's result and the KPO / NextGenerationEU funding marking. Always in Polish:
it is the WZK's official text."""

from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML

from opinions import selectors, text
from opinions.models import Document, region_genitive


def render_resolution(document: Document) -> bytes:
    vote = selectors.adopting_vote(document)
    version = document.adopted_version
    with translation.override("pl"):
        markup = render_to_string(
            "opinions/pdf/resolution.html",
            {
                "document": document,
                "vote": vote,
                "version": version,
                "body": text.render(version.source),
                "title": text.tie_single_letters(document.title),
                "subject": text.tie_single_letters(document.subject),
                "region_genitive": region_genitive(document.region.name),
                # Public: what anyone may read about the register.
                "actions": selectors.document_actions(document, AnonymousUser()),
            },
        )
    return HTML(string=markup).write_pdf()
