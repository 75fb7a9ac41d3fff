"""Forms of the opinions pages. Rules on values (dates, states) are the services'; forms only
read the input."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cms.forms import PAGE_SIZES
from network.forms import FilterForm, ModelMultipleChoiceField
from opinions.choices import Assessment, DocumentKind, Implementation, Ordering, VoteChoice
from opinions.models import COMMENT_MAX_LENGTH, TEXT_MAX_LENGTH, TITLE_MAX_LENGTH
from visits.forms import DATETIME_FORMAT, DateTimeLocalInput

TEXT_HELP = _(
    "A blank line starts a new paragraph (members comment on paragraphs). “## ” at the start of "
    "a line makes a heading, “- ” a list item, “1. ” a numbered item; **bold**, *italics*, "
    "[link text](https://…)."
)


def _datetime_field(label, help_text="", required=True):
    return forms.DateTimeField(
        label=label,
        help_text=help_text,
        required=required,
        widget=DateTimeLocalInput(),
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
    )


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of document"), choices=DocumentKind.choices)
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX_LENGTH)
    subject = forms.CharField(
        label=_("Subject"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the document is about: an initiative, a programme, a decision."),
    )
    strategy_document = forms.CharField(
        label=_("Strategy document of the region (optional)"), max_length=300, required=False
    )
    actions = ModelMultipleChoiceField(
        label=_("Actions from the register (optional)"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Your region's actions this document is about."),
    )
    addressee = forms.CharField(
        label=_("Addressee"),
        max_length=300,
        help_text=_("E.g. the Marshal's Board of the region, a school's governing body."),
    )
    text = forms.CharField(
        label=pgettext_lazy("opinions", "Text"),
        widget=forms.Textarea(attrs={"rows": 18}),
        max_length=TEXT_MAX_LENGTH,
        help_text=TEXT_HELP,
    )
    note = forms.CharField(
        label=_("What changed in this version (optional)"), max_length=300, required=False
    )

    def __init__(self, *args, actions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actions"].queryset = actions


class ConsultationForm(forms.Form):
    closes_at = _datetime_field(
        _("Consultation closes"), _("Polish time. Members comment until this moment.")
    )


class CommentForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
    paragraph = forms.TypedChoiceField(
        label=_("On"), coerce=int, empty_value=None, required=False, choices=()
    )
    body = forms.CharField(
        label=_("Your comment"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=COMMENT_MAX_LENGTH,
    )

    def __init__(self, *args, paragraph_count: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["paragraph"].choices = [("", _("The whole document (general comment)"))] + [
            (str(n), _("Paragraph %(number)s") % {"number": n})
            for n in range(1, paragraph_count + 1)
        ]


class VoteOpenForm(forms.Form):
    opens_at = _datetime_field(
        _("Voting opens"), _("Polish time. Leave empty to open it now."), required=False
    )
    closes_at = _datetime_field(_("Voting closes"), _("Polish time."))
    secret = forms.BooleanField(
        label=_("Secret ballot"),
        required=False,
        help_text=_(
            "Nobody will see how anyone voted. In an open ballot members see everyone's "
            "vote once it closes."
        ),
    )


class BallotForm(forms.Form):
    choice = forms.ChoiceField(
        label=_("Your vote"), choices=VoteChoice.choices, widget=forms.RadioSelect
    )


class FollowUpForm(forms.Form):
    addressee_response = forms.CharField(
        label=_("The addressee's response"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    response_received_on = forms.DateField(
        label=_("Response received on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    implementation = forms.ChoiceField(
        label=_("Implementation status"), choices=Implementation.choices
    )
    noted_on = forms.DateField(
        label=_("Date of the note"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Today if left empty."),
    )
    note = forms.CharField(
        label=pgettext_lazy("opinions", "Note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=COMMENT_MAX_LENGTH,
        required=False,
        help_text=_(
            "What happened: a meeting, a letter, a decision. Needed when the status changes."
        ),
    )


class AttachmentForm(forms.Form):
    title = forms.CharField(label=_("Title of the attachment"), max_length=200, required=False)
    file = forms.FileField(label=_("File"))


class RulesForm(forms.Form):
    quorum_percent = forms.IntegerField(
        # xgettext:no-python-format
        label=_("Quorum (% of members with a vote)"),
        help_text=_("How many of the WZK's members with a vote must vote for the result to count."),
    )


class DocumentFilterForm(FilterForm):
    q = forms.CharField(label=_("Search"), required=False, strip=True)
    region = forms.ChoiceField(label=_("Region"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind of document"), choices=DocumentKind.choices, required=False
    )
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)
    implementation = forms.ChoiceField(
        label=_("Implementation"), choices=Implementation.choices, required=False
    )
    order = forms.ChoiceField(label=_("Order"), choices=Ordering.choices, required=False)
    per_page = forms.TypedChoiceField(
        label=_("Per page"),
        choices=[(str(size), str(size)) for size in PAGE_SIZES],
        coerce=int,
        required=False,
    )

    def __init__(self, *args, regions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.regions = {region.slug: region for region in regions}
        self.fields["region"].choices = [("", "")] + [(slug, slug) for slug in self.regions]

    def clean_region(self):
        return self.regions.get(self.cleaned_data["region"])


class ReviewOpenForm(forms.Form):
    period = forms.ModelChoiceField(label=_("Reporting period"), queryset=None)

    def __init__(self, *args, periods, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = periods


class AssessmentForm(forms.Form):
    assessment = forms.ChoiceField(
        label=_("Assessment"), choices=Assessment.choices, widget=forms.RadioSelect
    )
    justification = forms.CharField(
        label=_("Justification"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class InitiativeForm(forms.Form):
    title = forms.CharField(label=_("Initiative not in the register"), max_length=TITLE_MAX_LENGTH)
    description = forms.CharField(
        label=_("Short description (optional)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
