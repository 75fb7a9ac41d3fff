"""The consultation: the coordinator opens a window; the WZK's members comment on the current
version, generally or on one paragraph, until it closes."""

from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from network.models import User
from opinions import notifications, permissions, text
from opinions.choices import DocumentStatus
from opinions.models import COMMENT_MAX_LENGTH, Comment, Document, Version

# A consultation lasts at least an hour and at most half a year.
SHORTEST = timedelta(hours=1)
LONGEST = timedelta(days=183)


def _when(value: datetime) -> str:
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")


def consultation_open(*, actor: User, document: Document, closes_at: datetime) -> Document:
    """Open (or extend) the consultation until ``closes_at`` and tell the WZK's members."""
    if not permissions.can_manage_document(actor, document):
        raise PermissionDenied
    now = timezone.now()
    if closes_at < now + SHORTEST:
        raise ValidationError(
            {"closes_at": _("The consultation must last at least an hour: choose a later end.")}
        )
    if closes_at > now + LONGEST:
        raise ValidationError({"closes_at": _("The consultation can last at most half a year.")})
    with transaction.atomic():
        document = Document.objects.select_for_update().get(pk=document.pk)
        if document.status not in permissions.EDITABLE:
            raise ValidationError(
                _("The document has been put to the vote: its consultation is over.")
            )
        extending = document.consultation_is_open(now)
        if not extending:
            document.consultation_opens_at = now
        document.consultation_closes_at = closes_at
        document.status = DocumentStatus.CONSULTATION
        document.save(
            update_fields=[
                "consultation_opens_at",
                "consultation_closes_at",
                "status",
                "updated_at",
            ]
        )
        if not extending:
            notifications.notify(
                change=notifications.Change.CONSULTATION_OPENED,
                document=document,
                recipients=permissions.wzk_members(document.region_id).exclude(pk=actor.pk),
            )
    return document


def comment_add(
    *, actor: User, document: Document, version_number: int, body: str, paragraph: int | None = None
) -> Comment:
    """A comment on the document's current version, while its consultation is open."""
    if not permissions.can_comment(actor, document):
        raise PermissionDenied
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write your comment.")})
    if len(body) > COMMENT_MAX_LENGTH:
        raise ValidationError(
            {
                "body": _("The comment is too long: at most %(max)s characters.")
                % {"max": COMMENT_MAX_LENGTH}
            }
        )
    with transaction.atomic():
        document = Document.objects.select_for_update().get(pk=document.pk)
        version = Version.objects.filter(document=document, number=version_number).first()
        if version is None:
            raise ValidationError(_("This version of the document does not exist."))
        latest = document.versions.order_by("-number").first()
        if version.is_frozen or version.pk != latest.pk or not document.consultation_is_open():
            if version.is_frozen or version.pk != latest.pk:
                raise ValidationError(
                    _(
                        "Version %(old)s is frozen and takes no more comments: comment on version "
                        "%(new)s."
                    )
                    % {"old": version.number, "new": latest.number}
                    if document.status in permissions.EDITABLE
                    else _("Version %(old)s is frozen and takes no more comments.")
                    % {"old": version.number}
                )
            if document.status == DocumentStatus.CONSULTATION and document.consultation_closes_at:
                raise ValidationError(
                    _("The consultation closed on %(when)s.")
                    % {"when": _when(document.consultation_closes_at)}
                )
            raise ValidationError(_("The consultation is not open: comments are not taken now."))
        if paragraph is not None:
            count = len(text.paragraphs(version.source))
            if not 1 <= paragraph <= count:
                raise ValidationError(
                    {
                        "paragraph": _(
                            "Choose a paragraph from 1 to %(count)s, or a general comment."
                        )
                        % {"count": count}
                    }
                )
        return Comment.objects.create(version=version, author=actor, paragraph=paragraph, body=body)
