"""What became of an adopted document (the addressee's response, dated notes with the
implementation status), and the WZK's voting rules."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from network.models import Region, User
from opinions import permissions
from opinions.choices import Implementation
from opinions.models import COMMENT_MAX_LENGTH, Document, FollowUpNote, TeamRules


def rules_for(region: Region) -> TeamRules:
    rules, _created = TeamRules.objects.get_or_create(region=region)
    return rules


def rules_set(*, actor: User, region: Region, quorum_percent: int) -> TeamRules:
    if not permissions.can_set_rules(actor, region.pk):
        raise PermissionDenied
    if not isinstance(quorum_percent, int) or not 1 <= quorum_percent <= 100:
        raise ValidationError({"quorum_percent": _("Give a percentage from 1 to 100.")})
    rules = rules_for(region)
    rules.quorum_percent = quorum_percent
    rules.save(update_fields=["quorum_percent"])
    return rules


def _check_date(value: date, field: str) -> None:
    if value > timezone.localdate():
        raise ValidationError({field: _("The date cannot be in the future.")})
    if value.year < 2000:
        raise ValidationError({field: _("Give a date from 2000 on.")})


def follow_up_record(
    *,
    actor: User,
    document: Document,
    noted_on: date | None = None,
    implementation: str | None = None,
    note: str = "",
    addressee_response: str | None = None,
    response_received_on: date | None = None,
) -> Document:
    """Record the addressee's response and/or a dated note with the implementation status."""
    if not permissions.can_manage_document(actor, document):
        raise PermissionDenied
    if not document.is_published:
        raise ValidationError(_("Follow-up is recorded for adopted documents only."))
    note = (note or "").strip()
    if implementation is not None and implementation not in Implementation.values:
        raise ValidationError({"implementation": _("Choose a status from the list.")})
    if len(note) > COMMENT_MAX_LENGTH:
        raise ValidationError({"note": _("The note is too long.")})
    with transaction.atomic():
        document = Document.objects.select_for_update().get(pk=document.pk)
        fields = ["updated_at"]
        if addressee_response is not None:
            if response_received_on is not None:
                _check_date(response_received_on, "response_received_on")
            document.addressee_response = addressee_response.strip()
            document.response_received_on = response_received_on
            fields += ["addressee_response", "response_received_on"]
        if note or (implementation and implementation != document.implementation):
            if not note:
                raise ValidationError({"note": _("Say in a note what happened.")})
            noted_on = noted_on or timezone.localdate()
            _check_date(noted_on, "noted_on")
            FollowUpNote.objects.create(
                document=document,
                noted_on=noted_on,
                implementation=implementation or document.implementation,
                text=note,
                author=actor,
            )
            if implementation:
                document.implementation = implementation
                fields.append("implementation")
        document.save(update_fields=fields)
    return document
