from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cms.choices import ActionKind as PracticeKind

# Kinds of action: the sources' kinds, as good practices name them (``cms.choices``), with the
# WZK's own sessions besides, and "other" last.
ActionKind = models.TextChoices(
    "ActionKind",
    [
        *(
            (kind.name, (kind.value, kind.label))
            for kind in PracticeKind
            if kind != PracticeKind.OTHER
        ),
        ("WZK_SESSION", ("wzk_session", _("WZK session"))),
        ("OTHER", (PracticeKind.OTHER.value, PracticeKind.OTHER.label)),
    ],
)


class KpoTask(models.IntegerChoices):
    """The KPO project's tasks, as łódzkie names them."""

    WZK = 1, _("Task 1: the WZK's work")
    ACTIONS = 2, _("Task 2: actions supporting the region's education policy")
    OFFICE = 3, _("Task 3: the coordination office")


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", pgettext_lazy("monitoring", "In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class FundingSource(models.TextChoices):
    KPO = "kpo", _("KPO")
    FERS = "fers", _("FERS")
    OWN = "own", _("Own funds")
    OTHER = "other", _("Other")


# Participants by kind: the Action's count fields, in the order forms and exports show them.
PARTICIPANT_FIELDS = (
    ("participants_pupils", _("pupils")),
    ("participants_adults", _("adults")),
    ("participants_teachers", _("teachers and counsellors")),
    ("participants_employers", _("employers")),
    ("participants_institutions", _("institutions")),
)


class Measure(models.TextChoices):
    COUNT = "count", _("Count")
    PERCENTAGE = "percentage", _("Percentage")
    TEXT = "text", _("Text")


class Aggregation(models.TextChoices):
    """How a value adds up across regions for the national figure."""

    SUM = "sum", _("Sum")
    AVERAGE = "average", _("Average")
    NONE = "none", _("Does not add up")


class Level(models.TextChoices):
    OUTPUT = "output", _("Output")
    RESULT = "result", _("Result")


class Source(models.TextChoices):
    ENTERED = "entered", _("Entered by the region")
    COMPUTED = "computed", _("Computed by the platform")


class Metric(models.TextChoices):
    """What the platform computes from its own records (``monitoring.metrics``)."""

    EVENTS_HOSTED = "events_hosted", _("Events hosted")
    GUESTS_RECEIVED = "guests_received", _("Guests received from other regions")
    VISITS_MADE = "visits_made", _("Visits made to other regions")
    PRACTICES_PUBLISHED = "practices_published", _("Good practices published")
    PRACTICES_INSPIRED = "practices_inspired", _("Practices inspired by another region's")
    PARTICIPANTS_RECORDED = "participants_recorded", _("Participants recorded at events")


class ReportState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("monitoring", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("monitoring", "Submitted")
    RETURNED = "returned", _("Returned for correction")
    APPROVED = "approved", _("Approved")


class GridState(models.TextChoices):
    """A cell of the dashboard's who-has-reported grid: a report's state, or its absence."""

    NOT_STARTED = "not_started", _("Not started")
    DRAFT = "draft", pgettext_lazy("monitoring", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("monitoring", "Submitted")
    RETURNED = "returned", _("Returned for correction")
    APPROVED = "approved", _("Approved")
    LATE = "late", _("Late")


class ReminderKind(models.TextChoices):
    WEEK = "week", _("7 days before the due date")
    DAY = "day", _("1 day before the due date")


class FileFormat(models.TextChoices):
    XLSX = "xlsx", "XLSX"
    CSV = "csv", "CSV"
    ODS = "ods", "ODS"


class Dataset(models.TextChoices):
    ACTIONS = "actions", _("Actions")
    VALUES = "values", _("Report values")
    FLOWS = "flows", _("Who learns from whom")


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class FlowKind(models.TextChoices):
    VISITS = "visits", _("Visits")
    INSPIRATIONS = "inspirations", _("Practice inspirations")
