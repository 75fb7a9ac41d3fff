from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from cms.models import Audience, GoodPracticePage
from monitoring.choices import (
    ActionKind,
    ActionStatus,
    Dataset,
    FileFormat,
    FlowKind,
    KpoTask,
)
from monitoring.models import ACTION_FIELDS, ACTION_RELATIONS, Action
from monitoring.services import clean_value
from monitoring.services.reports import clean_evidence
from network.forms import FilterForm
from network.models import Region
from visits.models import Event

FIRST_YEAR, LAST_YEAR = 2000, 2100
PAGE_SIZE = 20


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ActionFilterForm(FilterForm):
    """The register's filters, all optional, from shareable GET parameters."""

    q = forms.CharField(label=_("Search"), required=False, strip=True, max_length=200)
    region = forms.ChoiceField(label=_("Lead region"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=ActionKind.choices, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices, required=False)
    year = forms.IntegerField(
        label=_("Year"), min_value=FIRST_YEAR, max_value=LAST_YEAR, required=False
    )
    kpo_task = forms.TypedChoiceField(
        label=_("KPO task"), choices=KpoTask.choices, coerce=int, required=False
    )

    def __init__(self, *args, regions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.regions = {region.slug: region for region in regions}
        self.fields["region"].choices = [("", "")] + [(slug, slug) for slug in self.regions]

    def clean_region(self):
        return self.regions.get(self.cleaned_data["region"])


class ActionForm(forms.ModelForm):
    """An action of the recorder's region. Practices and events: the region's own."""

    class Meta:
        model = Action
        fields = [*ACTION_FIELDS, *ACTION_RELATIONS]
        widgets = {
            "target_groups": forms.CheckboxSelectMultiple,
            "practices": forms.CheckboxSelectMultiple,
            "events": forms.CheckboxSelectMultiple,
            "planned_start": DateInput(),
            "planned_end": DateInput(),
            "actual_start": DateInput(),
            "actual_end": DateInput(),
            "description": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, region: Region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target_groups"].queryset = Audience.objects.all()
        self.fields["practices"].queryset = GoodPracticePage.objects.filter(
            listed=True, region=region
        ).order_by("title")
        self.fields["events"].queryset = Event.objects.filter(host_region=region).order_by(
            "-starts_at"
        )
        for name in ("planned_start", "planned_end", "actual_start", "actual_end"):
            self.fields[name].widget.attrs.update({"min": f"{FIRST_YEAR}-01-01"})

    def clean(self):
        cleaned = super().clean()
        for name in ("planned_start", "planned_end", "actual_start", "actual_end"):
            value = cleaned.get(name)
            if value and not FIRST_YEAR <= value.year <= LAST_YEAR:
                self.add_error(
                    name,
                    _("Give a date between %(first)s and %(last)s.")
                    % {"first": FIRST_YEAR, "last": LAST_YEAR},
                )
        return cleaned

    def service_fields(self) -> dict:
        relations = {"target_groups", "practices", "events"}
        return {name: value for name, value in self.cleaned_data.items() if name not in relations}


class PartnerForm(forms.Form):
    region = forms.ModelChoiceField(
        label=_("Partner region"), queryset=Region.objects.all(), required=False
    )
    contribution = forms.CharField(
        label=_("Its part"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class MilestoneForm(forms.Form):
    date = forms.DateField(label=_("Date"), required=False, widget=DateInput())
    title = forms.CharField(label=_("Milestone"), max_length=200, required=False)
    done = forms.BooleanField(label=_("Done"), required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("title") and not cleaned.get("date"):
            self.add_error("date", _("Give the milestone's date."))
        if cleaned.get("date") and not cleaned.get("title"):
            self.add_error("title", _("Name the milestone."))
        return cleaned


PartnerFormSet = forms.formset_factory(PartnerForm, extra=2, max_num=15, validate_max=True)
MilestoneFormSet = forms.formset_factory(MilestoneForm, extra=2, max_num=50, validate_max=True)


class ReportForm(forms.Form):
    """The report's grid: per indicator typed in, its value, a note and an evidence file."""

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            indicator = row.indicator
            if indicator.is_computed:
                continue
            value = row.value
            initial = ""
            if value is not None:
                initial = value.text if indicator.is_text else value.number
            attrs = {"aria-describedby": f"help-{indicator.code}"}
            if indicator.is_text:
                widget = forms.Textarea(attrs={"rows": 2, **attrs})
            else:
                widget = forms.TextInput(attrs={"inputmode": "decimal", "size": 10, **attrs})
            self.fields[f"value-{indicator.code}"] = forms.CharField(
                label=indicator.name, required=False, initial=initial, widget=widget
            )
            self.fields[f"note-{indicator.code}"] = forms.CharField(
                label=_("Note"),
                required=False,
                initial=value.note if value else "",
                widget=forms.Textarea(attrs={"rows": 1}),
            )
            self.fields[f"evidence-{indicator.code}"] = forms.FileField(
                label=_("Evidence file"), required=False
            )

    def clean(self):
        cleaned = super().clean()
        for row in self.rows:
            code = row.indicator.code
            name = f"value-{code}"
            if name in cleaned:
                try:
                    clean_value(row.indicator, cleaned[name])
                except ValidationError as error:
                    self.add_error(name, error)
            upload = cleaned.get(f"evidence-{code}")
            if upload:
                try:
                    clean_evidence(upload)
                except ValidationError as error:
                    self.add_error(f"evidence-{code}", error)
        return cleaned

    def entries(self) -> dict[str, dict]:
        return {
            row.indicator.code: {
                "value": self.cleaned_data[f"value-{row.indicator.code}"],
                "note": self.cleaned_data[f"note-{row.indicator.code}"],
            }
            for row in self.rows
            if not row.indicator.is_computed
        }

    def evidence(self) -> dict:
        return {
            row.indicator.code: self.cleaned_data[f"evidence-{row.indicator.code}"]
            for row in self.rows
            if not row.indicator.is_computed
            and self.cleaned_data.get(f"evidence-{row.indicator.code}")
        }


class ReviewForm(forms.Form):
    """National staff's reasons, one per value, for returning a report."""

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        for row in rows:
            self.fields[f"reason-{row.indicator.code}"] = forms.CharField(
                label=_("Reason for returning “%(code)s”") % {"code": row.indicator.code},
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 1}),
            )

    def reasons(self) -> dict[str, str]:
        return {
            name.removeprefix("reason-"): value
            for name, value in self.cleaned_data.items()
            if value
        }


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Why reopen it"), max_length=100)


class ExportForm(forms.Form):
    dataset = forms.ChoiceField(label=_("Data"), choices=Dataset.choices)
    format = forms.ChoiceField(label=_("Format"), choices=FileFormat.choices)
    # Filters, as on the pages the export starts from.
    region = forms.SlugField(required=False)
    kind = forms.CharField(required=False, max_length=24)
    status = forms.CharField(required=False, max_length=12)
    year = forms.IntegerField(required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR)
    kpo_task = forms.IntegerField(required=False, min_value=1, max_value=3)
    q = forms.CharField(required=False, max_length=200)
    period = forms.IntegerField(required=False, min_value=1, max_value=2**31)
    indicator = forms.SlugField(required=False)

    def clean_kind(self):
        kind = self.cleaned_data["kind"]
        allowed = set(ActionKind.values) | set(FlowKind.values)
        return kind if kind in allowed else ""

    def filters(self) -> dict:
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in ("dataset", "format") and value not in (None, "")
        }


XLSX_SIGNATURE = b"PK\x03\x04"


class ImportForm(forms.Form):
    dataset = forms.ChoiceField(
        label=_("Data"),
        choices=[(Dataset.ACTIONS, Dataset.ACTIONS.label), (Dataset.VALUES, Dataset.VALUES.label)],
        initial=Dataset.ACTIONS,
        required=False,
    )
    file = forms.FileField(
        label=_("Spreadsheet (XLSX)"),
        help_text=_("The template is the export of the same data in XLSX."),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )
    valid_rows_only = forms.BooleanField(
        label=_("Import the valid rows even if other rows have errors"),
        required=False,
        help_text=_("Otherwise a file with any error imports nothing."),
    )

    def clean_dataset(self):
        return self.cleaned_data["dataset"] or Dataset.ACTIONS

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.MONITORING_IMPORT_MAX_BYTES
        if upload.size > limit:
            raise ValidationError(
                _("The file is larger than %(limit)s.") % {"limit": filesizeformat(limit)}
            )
        head = upload.read(4)
        upload.seek(0)
        if not upload.name.lower().endswith(".xlsx") or head != XLSX_SIGNATURE:
            raise ValidationError(_("The file is not an XLSX spreadsheet."))
        return upload
