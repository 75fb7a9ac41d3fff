"""Drafts and their versions: the text is never changed in place; a new version is written
and the one before it is frozen."""

from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from network.models import User
from network.text import fold
from opinions import permissions, text
from opinions.choices import DocumentStatus
from opinions.models import TEXT_MAX_LENGTH, Attachment, Document, Version

ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024
ATTACHMENT_EXTENSIONS = (
    "pdf",
    "docx",
    "odt",
    "xlsx",
    "ods",
    "pptx",
    "odp",
    "txt",
    "csv",
    "png",
    "jpg",
)
DOCUMENT_FIELDS = ("kind", "title", "subject", "strategy_document", "addressee")


def _clean_text(source: str) -> str:
    source = (source or "").replace("\r\n", "\n").strip()
    if not text.paragraphs(source):
        raise ValidationError({"text": _("Write the document's text.")})
    if len(source) > TEXT_MAX_LENGTH:
        raise ValidationError(
            {
                "text": _("The text is too long: at most %(max)s characters.")
                % {"max": TEXT_MAX_LENGTH}
            }
        )
    return source


def search_document(document: Document, source: str = "") -> str:
    parts = [document.title, document.subject, document.addressee, document.strategy_document]
    return fold(" ".join([*parts, text.plain(source)]))


def _region_actions(document: Document, actions) -> list:
    """The actions a document may be about: its region's, as lead or partner."""
    from monitoring.models import Action

    actions = list(actions or [])
    ids = {action.pk for action in actions}
    allowed = set(
        Action.objects.filter(pk__in=ids)
        .filter(Q(lead_region_id=document.region_id) | Q(partners__region_id=document.region_id))
        .values_list("pk", flat=True)
    )
    if ids - allowed:
        raise ValidationError(
            {"actions": _("Choose actions of your own region from the register.")}
        )
    return actions


def document_create(*, actor: User, text_source: str, actions=(), **fields) -> Document:
    """A new draft of the actor's own region, with its first version."""
    if not permissions.can_draft(actor):
        raise PermissionDenied
    source = _clean_text(text_source)
    with transaction.atomic():
        document = Document(
            region_id=actor.region_id,
            created_by=actor,
            **{name: fields[name] for name in DOCUMENT_FIELDS if name in fields},
        )
        document.full_clean(exclude=["search_document"])
        document.search_document = search_document(document, source)
        actions = _region_actions(document, actions)
        document.save()
        document.actions.set(actions)
        Version.objects.create(
            document=document,
            number=1,
            source=source,
            html=text.render(source),
            created_by=actor,
        )
    return document


def document_revise(
    *, actor: User, document: Document, text_source: str, note: str = "", actions=None, **fields
) -> Version:
    """Change the fields and, when the text changed, write a new version and freeze the one
    before it (its comments stay with it). A document not adopted goes back to draft."""
    if not permissions.can_edit_document(actor, document):
        raise PermissionDenied
    source = _clean_text(text_source)
    with transaction.atomic():
        document = Document.objects.select_for_update().get(pk=document.pk)
        if document.status not in permissions.EDITABLE:
            raise ValidationError(_("The text can no longer change: it has been put to the vote."))
        latest = document.versions.order_by("-number").first()
        for name in DOCUMENT_FIELDS:
            if name in fields:
                setattr(document, name, fields[name])
        if document.status == DocumentStatus.NOT_ADOPTED:
            document.status = DocumentStatus.DRAFT
        document.full_clean(exclude=["search_document"])
        document.search_document = search_document(document, source)
        document.save()
        if actions is not None:
            document.actions.set(_region_actions(document, actions))
        if latest.source == source:
            return latest
        now = timezone.now()
        Version.objects.filter(pk=latest.pk).update(frozen_at=now)
        return Version.objects.create(
            document=document,
            number=latest.number + 1,
            source=source,
            html=text.render(source),
            note=note[:300],
            created_by=actor,
        )


def attachment_add(*, actor: User, document: Document, title: str, upload) -> Attachment:
    if not permissions.can_add_attachment(actor, document):
        raise PermissionDenied
    extension = Path(upload.name or "").suffix.lower().lstrip(".")
    if extension not in ATTACHMENT_EXTENSIONS:
        raise ValidationError(
            {
                "file": _("Files of this type cannot be attached. Allowed: %(types)s.")
                % {"types": ", ".join(ATTACHMENT_EXTENSIONS)}
            }
        )
    if upload.size > ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            {
                "file": _("The file is too large: at most %(mb)s MB.")
                % {"mb": ATTACHMENT_MAX_BYTES // 2**20}
            }
        )
    if upload.size == 0:
        raise ValidationError({"file": _("The file is empty.")})
    title = (title or "").strip() or Path(upload.name).stem[:200]
    return Attachment.objects.create(
        document=document, title=title[:200], file=upload, size=upload.size, uploaded_by=actor
    )
