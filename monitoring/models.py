"""Coordination and monitoring of regional actions: the actions register, the indicator
catalogue with targets, reporting periods and each region's report, and the files people
export and import.

A report's values and states, and a period's lock, keep their history with
django-simple-history (who, when, old → new, field by field)."""

from datetime import date

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from monitoring.choices import (
    ActionKind,
    ActionStatus,
    Aggregation,
    Dataset,
    FileFormat,
    FundingSource,
    JobStatus,
    KpoTask,
    Level,
    Measure,
    Metric,
    ReminderKind,
    ReportState,
    Source,
)
from visits.choices import EventKind

COUNT = {"default": 0, "validators": [MinValueValidator(0)]}
MONEY = {
    "max_digits": 12,
    "decimal_places": 2,
    "null": True,
    "blank": True,
    "validators": [MinValueValidator(0)],
}


# Every field a form, the API or an import may set on an action (besides the relations).
ACTION_FIELDS = (
    "title",
    "kind",
    "kpo_task",
    "status",
    "description",
    "planned_start",
    "planned_end",
    "actual_start",
    "actual_end",
    "participants_pupils",
    "participants_adults",
    "participants_teachers",
    "participants_employers",
    "participants_institutions",
    "budget_planned",
    "budget_spent",
    "funding_source",
    "external_id",
    "is_public",
)
# The action's links to other records, set through the form and ``action_create``.
ACTION_RELATIONS = ("target_groups", "practices", "events")


class Action(models.Model):
    """An action (działanie) a region ran or runs, alone or with partner regions."""

    lead_region = models.ForeignKey(
        "network.Region",
        verbose_name=_("lead region"),
        on_delete=models.PROTECT,
        related_name="actions",
    )
    partner_regions = models.ManyToManyField(
        "network.Region",
        through="ActionPartner",
        verbose_name=_("partner regions"),
        related_name="partner_actions",
        blank=True,
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ActionKind.choices)
    kpo_task = models.PositiveSmallIntegerField(
        _("KPO task"), choices=KpoTask.choices, default=KpoTask.ACTIONS
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    target_groups = models.ManyToManyField(
        "cms.Audience", verbose_name=_("target groups"), related_name="actions", blank=True
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    planned_start = models.DateField(_("planned start"))
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_end = models.DateField(_("actual end"), null=True, blank=True)
    participants_pupils = models.PositiveIntegerField(_("pupils"), **COUNT)
    participants_adults = models.PositiveIntegerField(_("adults"), **COUNT)
    participants_teachers = models.PositiveIntegerField(_("teachers and counsellors"), **COUNT)
    participants_employers = models.PositiveIntegerField(_("employers"), **COUNT)
    participants_institutions = models.PositiveIntegerField(_("institutions"), **COUNT)
    budget_planned = models.DecimalField(_("planned budget (PLN)"), **MONEY)
    budget_spent = models.DecimalField(_("budget spent (PLN)"), **MONEY)
    funding_source = models.CharField(
        _("funding source"), max_length=8, choices=FundingSource.choices, blank=True
    )
    practices = models.ManyToManyField(
        "cms.GoodPracticePage",
        verbose_name=_("good practices"),
        related_name="actions",
        blank=True,
    )
    events = models.ManyToManyField(
        "visits.Event", verbose_name=_("events"), related_name="actions", blank=True
    )
    external_id = models.CharField(
        _("external identifier"),
        max_length=64,
        blank=True,
        help_text=_("Your own identifier: a re-import with it updates the action."),
    )
    is_public = models.BooleanField(
        _("public"),
        default=True,
        help_text=_("Public actions are shown to everyone; others only to members."),
    )
    # Lower-case text without diacritics: what the listing's search matches.
    search_document = models.TextField(editable=False, blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-planned_start", "-pk"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        indexes = [
            models.Index(fields=["lead_region", "planned_start"], name="monitoring_action_region"),
            models.Index(fields=["planned_start"], name="monitoring_action_start"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["lead_region", "external_id"],
                condition=~Q(external_id=""),
                name="monitoring_action_external_id",
            ),
            models.CheckConstraint(
                condition=Q(planned_end__isnull=True) | Q(planned_end__gte=F("planned_start")),
                name="monitoring_action_planned_order",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("monitoring:action_detail", kwargs={"pk": self.pk})

    @property
    def year(self) -> int:
        return (self.actual_start or self.planned_start).year

    @property
    def participants_typed(self) -> int:
        return sum(
            (
                self.participants_pupils,
                self.participants_adults,
                self.participants_teachers,
                self.participants_employers,
                self.participants_institutions,
            )
        )


class ActionPartner(models.Model):
    """A partner region of an action, and its part in it."""

    action = models.ForeignKey(
        Action, verbose_name=_("action"), on_delete=models.CASCADE, related_name="partners"
    )
    region = models.ForeignKey(
        "network.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    contribution = models.TextField(_("its part"), blank=True)

    class Meta:
        ordering = ["region__teryt"]
        verbose_name = _("partner region")
        verbose_name_plural = _("partner regions")
        constraints = [
            models.UniqueConstraint(fields=["action", "region"], name="monitoring_partner_unique")
        ]

    def __str__(self):
        return f"{self.action} – {self.region}"


class Milestone(models.Model):
    action = models.ForeignKey(
        Action, verbose_name=_("action"), on_delete=models.CASCADE, related_name="milestones"
    )
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=200)
    done = models.BooleanField(_("done"), default=False)

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self):
        return self.title


class Recorder(models.Model):
    """A member the coordinator allows to record the region's actions and fill its reports.

    The grant is tied to the region: it lapses if the member moves to another region."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="monitoring_grants",
    )
    region = models.ForeignKey(
        "network.Region",
        verbose_name=_("region"),
        on_delete=models.CASCADE,
        related_name="monitoring_recorders",
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    granted_at = models.DateTimeField(_("granted"), auto_now_add=True)

    class Meta:
        verbose_name = _("recorder")
        verbose_name_plural = _("recorders")
        constraints = [
            models.UniqueConstraint(fields=["user", "region"], name="monitoring_recorder_unique")
        ]

    def __str__(self):
        return f"{self.user} – {self.region}"


def _in_language(polish: str, english: str) -> str:
    return english if english and get_language() == "en" else polish


class Indicator(models.Model):
    """An indicator (wskaźnik) of the catalogue FRSE keeps."""

    code = models.SlugField(_("code"), max_length=20, unique=True)
    name_pl = models.CharField(_("name (Polish)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    definition_pl = models.TextField(_("definition (Polish)"), blank=True)
    definition_en = models.TextField(
        _("definition (English)"), blank=True, help_text=_("Empty: the Polish one is shown.")
    )
    unit_pl = models.CharField(_("unit (Polish)"), max_length=40, blank=True)
    unit_en = models.CharField(
        _("unit (English)"),
        max_length=40,
        blank=True,
        help_text=_("Empty: the Polish one is shown."),
    )
    measure = models.CharField(
        _("measure"), max_length=12, choices=Measure.choices, default=Measure.COUNT
    )
    aggregation = models.CharField(
        _("adds up across regions as"),
        max_length=8,
        choices=Aggregation.choices,
        default=Aggregation.SUM,
    )
    level = models.CharField(_("level"), max_length=8, choices=Level.choices, default=Level.OUTPUT)
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.ENTERED
    )
    metric = models.CharField(
        _("computed from"),
        max_length=24,
        choices=Metric.choices,
        blank=True,
        help_text=_("For computed indicators: which of the platform's records count."),
    )
    event_kind = models.CharField(
        _("kind of event"),
        max_length=24,
        choices=EventKind.choices,
        blank=True,
        help_text=_("For “events hosted”: only events of this kind (empty: every kind)."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.CheckConstraint(
                condition=Q(source=Source.ENTERED, metric="")
                | Q(source=Source.COMPUTED) & ~Q(metric=""),
                name="monitoring_indicator_metric_iff_computed",
            ),
            models.CheckConstraint(
                condition=~Q(source=Source.COMPUTED) | Q(measure=Measure.COUNT),
                name="monitoring_indicator_computed_counts",
            ),
        ]

    def __str__(self):
        return f"{self.code} – {self.name}"

    # The catalogue's texts in the interface's language, Polish when the English is empty.
    @property
    def name(self) -> str:
        return _in_language(self.name_pl, self.name_en)

    @property
    def definition(self) -> str:
        return _in_language(self.definition_pl, self.definition_en)

    @property
    def unit(self) -> str:
        return _in_language(self.unit_pl, self.unit_en)

    @property
    def is_computed(self) -> bool:
        return self.source == Source.COMPUTED

    @property
    def is_text(self) -> bool:
        return self.measure == Measure.TEXT


class Target(models.Model):
    """A region's baseline and target for an indicator."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="targets"
    )
    region = models.ForeignKey(
        "network.Region", verbose_name=_("region"), on_delete=models.CASCADE, related_name="+"
    )
    baseline_value = models.DecimalField(
        _("baseline value"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    baseline_date = models.DateField(_("baseline date"), null=True, blank=True)
    target_value = models.DecimalField(_("target value"), max_digits=14, decimal_places=2)
    target_date = models.DateField(_("target date"), null=True, blank=True)

    class Meta:
        ordering = ["indicator", "region__teryt"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "region"], name="monitoring_target_unique")
        ]

    def __str__(self):
        return f"{self.indicator.code} – {self.region}"


class Period(models.Model):
    """A reporting period (okres sprawozdawczy). Locked, its reports no longer change."""

    name = models.CharField(_("name"), max_length=60, unique=True)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    due_date = models.DateField(_("due date"))
    locked_at = models.DateTimeField(
        pgettext_lazy("monitoring", "locked"), null=True, blank=True, editable=False
    )
    history = HistoricalRecords(excluded_fields=["name", "start", "end", "due_date"])

    class Meta:
        ordering = ["start", "pk"]
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=F("start")), name="monitoring_period_end_after_start"
            ),
            models.CheckConstraint(
                condition=Q(due_date__gte=F("end")), name="monitoring_period_due_after_end"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None

    def is_overdue(self, today: date | None = None) -> bool:
        return (today or timezone.localdate()) > self.due_date


class Report(models.Model):
    """A region's report (sprawozdanie) for a period: one value per indicator."""

    region = models.ForeignKey(
        "network.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    period = models.ForeignKey(
        Period, verbose_name=_("reporting period"), on_delete=models.PROTECT, related_name="reports"
    )
    state = models.CharField(
        _("state"), max_length=12, choices=ReportState.choices, default=ReportState.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    decided_at = models.DateTimeField(_("approved or returned"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["created_at"])

    class Meta:
        ordering = ["period__start", "region__teryt"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(fields=["region", "period"], name="monitoring_report_unique")
        ]

    def __str__(self):
        return f"{self.region} – {self.period}"

    def get_absolute_url(self):
        return report_url(self.period_id, self.region.slug)


def report_url(period_id: int, region_slug: str) -> str:
    return reverse("monitoring:report_detail", kwargs={"period": period_id, "region": region_slug})


class ReportValue(models.Model):
    """One indicator's value in a report; a computed one is the platform's count, kept when
    the report is submitted. ``return_reason`` is FRSE's reason for returning this value."""

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="values"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="values"
    )
    number = models.DecimalField(_("value"), max_digits=14, decimal_places=2, null=True, blank=True)
    text = models.TextField(_("value (text)"), blank=True)
    note = models.TextField(_("note"), blank=True)
    return_reason = models.TextField(_("reason for returning"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["indicator__position", "indicator__code"]
        verbose_name = _("report value")
        verbose_name_plural = _("report values")
        constraints = [
            models.UniqueConstraint(fields=["report", "indicator"], name="monitoring_value_unique")
        ]

    def __str__(self):
        return f"{self.report} – {self.indicator.code}"

    @property
    def is_empty(self) -> bool:
        return self.number is None and not self.text.strip()


class Evidence(models.Model):
    """A file supporting a value (optional). Served only through the report's permissions."""

    value = models.ForeignKey(
        ReportValue, verbose_name=_("value"), on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(_("file"), upload_to="monitoring/evidence/%Y/%m/")
    name = models.CharField(_("file name"), max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self):
        return self.name


class ReportReminder(models.Model):
    """One row per reminder sent, so the reminder command never sends one twice."""

    region = models.ForeignKey("network.Region", on_delete=models.CASCADE, related_name="+")
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(_("kind"), max_length=8, choices=ReminderKind.choices)
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("report reminder")
        verbose_name_plural = _("report reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "period", "kind"], name="monitoring_reminder_unique"
            )
        ]

    def __str__(self):
        return f"{self.region} – {self.period} – {self.kind}"


class ExportFile(models.Model):
    """A spreadsheet built in the task queue for one person, downloadable until it expires."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="monitoring_exports"
    )
    dataset = models.CharField(_("data"), max_length=10, choices=Dataset.choices)
    format = models.CharField(_("format"), max_length=4, choices=FileFormat.choices)
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    file = models.FileField(upload_to="monitoring/exports/%Y/%m/", blank=True)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    expires_at = models.DateTimeField(_("available until"))

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("export")
        verbose_name_plural = _("exports")

    def __str__(self):
        return f"{self.get_dataset_display()} ({self.format})"

    def is_expired(self, now=None) -> bool:
        return (now or timezone.now()) >= self.expires_at


class ImportFile(models.Model):
    """A spreadsheet of actions or report values someone uploaded, imported in the task
    queue: all rows or none, unless ``valid_rows_only``; the rows' errors are kept for the
    error report."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="monitoring_imports"
    )
    dataset = models.CharField(
        _("data"), max_length=10, choices=Dataset.choices, default=Dataset.ACTIONS
    )
    file = models.FileField(upload_to="monitoring/imports/%Y/%m/")
    name = models.CharField(_("file name"), max_length=200)
    valid_rows_only = models.BooleanField(_("import the valid rows"), default=False)
    status = models.CharField(
        _("status"), max_length=8, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    # [{"row": 3, "column": "kind", "message": "…"}], in the owner's language.
    errors = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self):
        return self.name
