import re

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from cms.choices import ActionKind, Ordering, TargetGroup
from network.forms import FilterForm

# Search text is cut to this many words of this many characters: anything longer cannot
# match better, and a pasted essay must not turn into a slow query.
MAX_SEARCH_TERMS = 8
MAX_TERM_LENGTH = 40
PAGE_SIZES = (10, 20, 50)
DEFAULT_PAGE_SIZE = 20


class PracticeFilterForm(FilterForm):
    """The listing's filters, all optional, from shareable GET parameters."""

    q = forms.CharField(label=_("Search"), required=False, strip=True, max_length=200)
    region = forms.ChoiceField(label=_("Region"), required=False)
    type = forms.ChoiceField(label=_("Kind of action"), choices=ActionKind.choices, required=False)
    audience = forms.ChoiceField(
        label=_("Target group"), choices=TargetGroup.choices, required=False
    )
    tag = forms.ModelChoiceField(
        label=_("Tag"), queryset=Tag.objects.all(), to_field_name="slug", required=False
    )
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100, required=False)
    order = forms.ChoiceField(label=_("Order"), choices=Ordering.choices, required=False)
    per_page = forms.TypedChoiceField(
        label=_("Per page"),
        choices=[(str(size), str(size)) for size in PAGE_SIZES],
        coerce=int,
        required=False,
    )

    def __init__(self, *args, regions=(), **kwargs):
        super().__init__(*args, **kwargs)
        # Checked against the cached region list: no query for a filter that rarely changes.
        self.regions = {region.slug: region for region in regions}
        self.fields["region"].choices = [("", "")] + [(slug, slug) for slug in self.regions]

    def clean_region(self):
        return self.regions.get(self.cleaned_data["region"])


def search_terms(text: str) -> list[str]:
    """Folded words of letters and digits: "Łódź, 2025!" → ["lodz", "2025"]."""
    from network.text import fold

    words = re.findall(r"[a-z0-9]+", fold(text))
    return [word[:MAX_TERM_LENGTH] for word in words[:MAX_SEARCH_TERMS]]


# What a member fills in "Zgłoś dobrą praktykę": the practice's own fields, as the model
# defines them (labels, help texts, limits), with the description as plain paragraphs and
# the tags as a comma-separated list. Images and inspirations stay in the admin.
SUBMISSION_FIELDS = (
    "title",
    "summary",
    "kind",
    "audiences",
    "start_date",
    "end_date",
    "ongoing",
    "lead_institution",
    "partners",
    "participants_reached",
    "evidence",
    "success_factors",
    "resources_needed",
    "difficulties",
    "lessons_learnt",
    "transferability",
    "budget",
    "funding_source",
    "contact_name",
    "contact_email",
    "contact_phone",
)
# Fields of the form, in the order of its fieldsets.
SUBMISSION_FIELDSETS = (
    (_("The practice"), ("title", "summary", "kind", "audiences", "description", "tags")),
    (
        _("When and who"),
        ("start_date", "end_date", "ongoing", "lead_institution", "partners"),
    ),
    (
        _("Results and lessons"),
        (
            "participants_reached",
            "evidence",
            "success_factors",
            "difficulties",
            "lessons_learnt",
            "transferability",
        ),
    ),
    (_("Resources and funding"), ("resources_needed", "budget", "funding_source")),
    (_("Contact person"), ("contact_name", "contact_email", "contact_phone")),
)
MAX_TAGS = 10
MAX_TAG_LENGTH = 100
DESCRIPTION_MAX_LENGTH = 20_000


def _submission_model_fields() -> dict:
    from cms.models import MAX_PARTICIPANTS, Audience, GoodPracticePage

    fields = forms.fields_for_model(GoodPracticePage, fields=SUBMISSION_FIELDS)
    fields["title"].max_length = None
    fields["budget"].min_value = 0
    fields["budget"].validators.append(MinValueValidator(0))
    # Checked here, before the model's own checks query the database with the number (SQLite
    # cannot hold one of 20 digits).
    fields["participants_reached"].max_value = MAX_PARTICIPANTS
    fields["participants_reached"].validators.append(MaxValueValidator(MAX_PARTICIPANTS))
    fields["audiences"] = forms.ModelMultipleChoiceField(
        label=fields["audiences"].label,
        queryset=Audience.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )
    for name in ("start_date", "end_date"):
        fields[name].widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    return fields


class PracticeSubmissionForm(forms.Form):
    """A member's good practice, checked as the admin checks it (``GoodPracticePage.clean``'s
    rules), before it becomes a draft in their region's section."""

    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea({"rows": 10}),
        max_length=DESCRIPTION_MAX_LENGTH,
        help_text=_("What was done and how. Separate paragraphs with an empty line."),
    )
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        help_text=_("Separated by commas, e.g.: career guidance, employers."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(_submission_model_fields())
        order = [name for _legend, names in SUBMISSION_FIELDSETS for name in names]
        self.order_fields(order)

    def fieldsets(self):
        return [(legend, [self[name] for name in names]) for legend, names in SUBMISSION_FIELDSETS]

    def clean_title(self):
        from cms.models import TITLE_MAX_LENGTH

        title = self.cleaned_data["title"].strip()
        if len(title) > TITLE_MAX_LENGTH:
            raise forms.ValidationError(
                _("The title can be at most %(limit)d characters long.")
                % {"limit": TITLE_MAX_LENGTH}
            )
        return title

    def clean_tags(self):
        tags = []
        for name in self.cleaned_data["tags"].split(","):
            name = " ".join(name.split())
            if name and name.lower() not in {tag.lower() for tag in tags}:
                tags.append(name)
        if len(tags) > MAX_TAGS:
            raise forms.ValidationError(_("At most %(limit)d tags.") % {"limit": MAX_TAGS})
        if any(len(tag) > MAX_TAG_LENGTH for tag in tags):
            raise forms.ValidationError(
                _("A tag can be at most %(limit)d characters long.") % {"limit": MAX_TAG_LENGTH}
            )
        return tags

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date cannot be before the start date."))
        return cleaned

    def practice_fields(self) -> dict:
        """The page's own fields (what ``cms.services.practice_submit`` takes as ``fields``)."""
        return {name: self.cleaned_data[name] for name in SUBMISSION_FIELDS if name != "audiences"}

    @classmethod
    def initial_from(cls, practice) -> dict:
        """A practice sent back for changes, to edit again in the same form."""
        from cms.text import paragraphs_of

        initial = {
            name: getattr(practice, name) for name in SUBMISSION_FIELDS if name != "audiences"
        }
        initial["audiences"] = list(practice.audiences.all())
        initial["tags"] = ", ".join(practice.tag_names)
        initial["description"] = paragraphs_of(practice.body)
        return initial


class AskAuthorForm(forms.Form):
    message = forms.CharField(
        label=_("Your question"),
        widget=forms.Textarea({"rows": 5}),
        min_length=10,
        max_length=3000,
        help_text=_(
            "The contact person receives it by e-mail with your name and e-mail address, "
            "so that they can answer you directly."
        ),
    )
