"""The systematic review of initiatives: a round per region and reporting period lists the
region's actions from the register (lead or partner, running in the period) and initiatives
typed in; the WZK assesses each one; the coordinator closes the round and may start a
recommendation draft pre-filled from its assessments."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, override

from monitoring.choices import ActionStatus
from monitoring.models import Action, Period
from network.models import Region, User
from opinions import permissions
from opinions.choices import Assessment, DocumentKind
from opinions.models import TITLE_MAX_LENGTH, Document, ReviewItem, ReviewRound
from opinions.services.documents import document_create

JUSTIFICATION_MAX_LENGTH = 2000


def region_actions(region: Region, period: Period):
    """The region's actions (as lead or partner) planned to run during the period, not
    cancelled."""
    return (
        Action.objects.filter(Q(lead_region=region) | Q(partners__region=region))
        .filter(planned_start__lte=period.end)
        .filter(Q(planned_end__isnull=True) | Q(planned_end__gte=period.start))
        .exclude(status=ActionStatus.CANCELLED)
        .distinct()
        .order_by("planned_start", "pk")
    )


def review_open(*, actor: User, region: Region, period: Period) -> ReviewRound:
    """Open the region's review for the period, listing its actions from the register."""
    if not permissions.can_manage_review(actor, region.pk):
        raise PermissionDenied
    if ReviewRound.objects.filter(region=region, period=period).exists():
        raise ValidationError(
            {"period": _("The review for %(period)s has already been opened.") % {"period": period}}
        )
    try:
        with transaction.atomic():
            review = ReviewRound.objects.create(region=region, period=period, opened_by=actor)
            ReviewItem.objects.bulk_create(
                ReviewItem(review=review, action=action, title=action.title[:TITLE_MAX_LENGTH])
                for action in region_actions(region, period)
            )
    except IntegrityError:
        raise ValidationError(
            {"period": _("The review for %(period)s has already been opened.") % {"period": period}}
        ) from None
    return review


def _refuse_if_closed(review: ReviewRound) -> None:
    if review.is_closed:
        raise ValidationError(_("The review has been closed: nothing in it changes any more."))


def review_add_initiative(
    *, actor: User, review: ReviewRound, title: str, description: str = ""
) -> ReviewItem:
    """An initiative not in the register, typed in."""
    if not permissions.can_assess(actor, review):
        raise PermissionDenied
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Name the initiative.")})
    with transaction.atomic():
        review = ReviewRound.objects.select_for_update().get(pk=review.pk)
        _refuse_if_closed(review)
        return ReviewItem.objects.create(
            review=review, title=title[:TITLE_MAX_LENGTH], description=(description or "").strip()
        )


def review_assess(
    *, actor: User, item: ReviewItem, assessment: str, justification: str
) -> ReviewItem:
    if not permissions.can_assess(actor, item.review):
        raise PermissionDenied
    if assessment not in Assessment.values:
        raise ValidationError({"assessment": _("Choose: continue, modify, stop or scale up.")})
    justification = (justification or "").strip()
    if not justification:
        raise ValidationError({"justification": _("Justify the assessment in a sentence or two.")})
    if len(justification) > JUSTIFICATION_MAX_LENGTH:
        raise ValidationError(
            {
                "justification": _("The justification is too long: at most %(max)s characters.")
                % {"max": JUSTIFICATION_MAX_LENGTH}
            }
        )
    with transaction.atomic():
        review = ReviewRound.objects.select_for_update().get(pk=item.review_id)
        _refuse_if_closed(review)
        item.assessment, item.justification = assessment, justification
        item.assessed_by, item.assessed_at = actor, timezone.now()
        item.save(update_fields=["assessment", "justification", "assessed_by", "assessed_at"])
    return item


def review_close(*, actor: User, review: ReviewRound) -> ReviewRound:
    """Close the round once every initiative is assessed."""
    if not permissions.can_manage_review(actor, review.region_id):
        raise PermissionDenied
    with transaction.atomic():
        review = ReviewRound.objects.select_for_update().get(pk=review.pk)
        _refuse_if_closed(review)
        missing = review.items.filter(assessment="").count()
        if missing:
            raise ValidationError(
                ngettext(
                    "%(count)s initiative has not been assessed yet.",
                    "%(count)s initiatives have not been assessed yet.",
                    missing,
                )
                % {"count": missing}
            )
        review.closed_at, review.closed_by = timezone.now(), actor
        review.save(update_fields=["closed_at", "closed_by"])
    return review


def _draft_text(review: ReviewRound) -> str:
    """The recommendation's first version, from the assessments, grouped by verdict. Polish:
    it is the WZK's own document."""
    items = list(review.items.select_related("action").order_by("pk"))
    lines = [
        f"## Przegląd inicjatyw – {review.period}",
        "",
        f"Wojewódzki Zespół Koordynacji przeanalizował inicjatywy prowadzone w województwie "
        f"w okresie {review.period} (ocenionych inicjatyw: {len(items)}) i rekomenduje:",
    ]
    with override("pl"):
        for verdict in Assessment:
            chosen = [item for item in items if item.assessment == verdict]
            if not chosen:
                continue
            lines += ["", f"### {verdict.label}", ""]
            lines += [f"- **{item.title}** – {item.justification}" for item in chosen]
    return "\n".join(lines)


def review_start_draft(*, actor: User, review: ReviewRound) -> tuple[Document, bool]:
    """A recommendation draft pre-filled from a closed review (its actions linked). Returns the
    draft and whether it is new; a second start opens the same draft."""
    if not permissions.can_manage_review(actor, review.region_id):
        raise PermissionDenied
    with transaction.atomic():
        review = ReviewRound.objects.select_for_update().select_related("period").get(pk=review.pk)
        if not review.is_closed:
            raise ValidationError(
                _("Close the review first: a recommendation starts from a closed one.")
            )
        if review.draft_id is not None:
            return review.draft, False
        with override("pl"):
            document = document_create(
                actor=actor,
                kind=DocumentKind.RECOMMENDATION,
                title=f"Rekomendacje z przeglądu inicjatyw – {review.period}"[:TITLE_MAX_LENGTH],
                subject=f"Przegląd inicjatyw województwa za okres {review.period}",
                addressee="Zarząd Województwa",
                text_source=_draft_text(review),
                actions=[item.action for item in review.items.all() if item.action_id],
            )
        review.draft = document
        review.save(update_fields=["draft"])
    return document, True
