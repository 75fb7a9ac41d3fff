"""Visit reports: a guest who came writes what they saw and what they will take home; a member
of the host region starts a draft good practice from one in the host region's section, which
then goes through the region's usual moderation (``permissions.can_start_practice``)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import format_html, linebreaks
from django.utils.safestring import mark_safe
from django.utils.text import Truncator, slugify
from django.utils.translation import gettext as _
from wagtail.rich_text import RichText

from cms.choices import ActionKind
from cms.models import SUMMARY_MAX_LENGTH, TITLE_MAX_LENGTH, GoodPracticePage, RegionSectionPage
from cms.services import practice_create
from network.models import User
from visits.choices import EventKind
from visits.models import Event, VisitReport
from visits.permissions import can_start_practice, can_write_report

MAX_REPORT_LENGTH = 4000

# The kind of action a practice observed at an event most likely is.
PRACTICE_KIND = {
    EventKind.EDUCATION_FORUM: ActionKind.EDUCATION_FORUM,
    EventKind.PROFESSIONS_FESTIVAL: ActionKind.FESTIVAL,
    EventKind.FAIR: ActionKind.FAIR,
    EventKind.CONTEST_GALA: ActionKind.CONTEST,
    EventKind.WEBINAR: ActionKind.CAMPAIGN,
}


def _text(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    if len(value) > MAX_REPORT_LENGTH:
        raise ValidationError(
            {field: _("At most %(max)s characters, please.") % {"max": MAX_REPORT_LENGTH}}
        )
    return value


@transaction.atomic
def report_write(
    *, actor: User, event: Event, what_we_saw: str, what_we_take_home: str
) -> VisitReport:
    """Write (or rewrite) the actor's report on the event."""
    if not can_write_report(actor, event):
        raise PermissionDenied
    saw = _text(what_we_saw, "what_we_saw", _("Write what you saw."))
    take_home = _text(what_we_take_home, "what_we_take_home", _("Write what you will take home."))
    report, _created = VisitReport.objects.update_or_create(
        event=event,
        author=actor,
        defaults={"what_we_saw": saw, "what_we_take_home": take_home},
    )
    return report


@transaction.atomic
def report_start_practice(*, actor: User, report: VisitReport) -> GoodPracticePage:
    """A draft good practice in the host region's section, prefilled from the report and the
    event, not live: the author completes it and submits it to moderation. Clicking again
    returns the same draft."""
    report = (
        VisitReport.objects.select_for_update(of=("self",))
        .select_related("event__host_region", "event__organiser", "author__region")
        .get(pk=report.pk)
    )
    if not can_start_practice(actor, report):
        raise PermissionDenied
    if report.draft_practice_id is not None:
        return report.draft_practice
    event = report.event
    section = RegionSectionPage.objects.filter(region_id=event.host_region_id).first()
    if section is None:
        raise ValidationError(_("The region's section for good practices does not exist yet."))
    visitor = report.author
    visitor_from = visitor.region.name if visitor.region_id else _("guest")
    saw_heading, take_home_heading = _("What the visitors saw"), _("What they take home")
    # The report is the visitor's plain text: escaped before it becomes the draft's rich text.
    body_html = format_html(
        "<h3>{}</h3>{}<h3>{}</h3>{}",
        saw_heading,
        mark_safe(linebreaks(report.what_we_saw, autoescape=True)),  # noqa: S308
        take_home_heading,
        mark_safe(linebreaks(report.what_we_take_home, autoescape=True)),  # noqa: S308
    )
    practice = practice_create(
        section=section,
        audiences=[],
        tags=[],
        publish=False,
        owner=actor,
        title=Truncator(event.title).chars(TITLE_MAX_LENGTH),
        slug=f"{slugify(event.title)[:50].strip('-') or 'wizyta'}-wizyta-{report.pk}",
        kind=PRACTICE_KIND.get(event.kind, ActionKind.OTHER),
        start_date=timezone.localtime(event.starts_at).date(),
        end_date=timezone.localtime(event.ends_at).date(),
        lead_institution=event.organiser.institution_name or event.host_region.name,
        summary=Truncator(report.what_we_saw.replace("\n", " ")).chars(SUMMARY_MAX_LENGTH),
        body=[("text", RichText(body_html))],
        transferability=_("Observed by %(name)s (%(region)s): %(text)s")
        % {"name": visitor, "region": visitor_from, "text": report.what_we_take_home},
    )
    report.draft_practice = practice
    report.save(update_fields=["draft_practice", "updated_at"])
    return practice
