"""Forms for visits. Numbers are plain integers here: the services say what is wrong with them
in words a user understands (no generic "ensure this value…")."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cms.models import GoodPracticePage
from network.forms import ModelMultipleChoiceField
from network.models import Region, User
from visits import selectors
from visits.choices import EventKind

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format=DATETIME_FORMAT)


def _datetime_field(label, help_text=""):
    return forms.DateTimeField(
        label=label,
        help_text=help_text,
        widget=DateTimeLocalInput(),
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
    )


class EventForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=EventKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea, required=False)
    agenda = forms.CharField(
        label=_("Agenda"),
        widget=forms.Textarea,
        required=False,
        help_text=_("One item per line, e.g. “10:00 Welcome”."),
    )
    starts_at = _datetime_field(_("Starts"), _("Polish time (Europe/Warsaw)."))
    ends_at = _datetime_field(_("Ends"))
    venue_address = forms.CharField(
        label=_("Venue address"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    online_url = forms.URLField(label=_("Online link"), required=False, assume_scheme="https")
    guest_seats = forms.IntegerField(
        label=_("Seats for guests"),
        help_text=_("How many people from other regions can come. 0 if none."),
    )
    rsvp_deadline = _datetime_field(_("Answer by"), _("Invitees answer until this moment."))
    is_public = forms.BooleanField(
        label=_("Public event"),
        required=False,
        initial=True,
        help_text=_("Public events appear in the national calendar; others only to members."),
    )
    practices = ModelMultipleChoiceField(
        label=_("Good practices shown"),
        queryset=GoodPracticePage.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    # Shown only after the overlap warning: the organiser confirms they want this date anyway.
    confirm_overlap = forms.BooleanField(
        label=_("I know about the overlapping events and want to keep this date"),
        required=False,
        widget=forms.HiddenInput,
    )

    def __init__(self, *args, region: Region, **kwargs):
        super().__init__(*args, **kwargs)
        self.region = region
        self.fields["practices"].queryset = (
            GoodPracticePage.objects.live().filter(region=region).order_by("title")
        )

    def overlaps_to_confirm(self, *, exclude_pk=None) -> list:
        """Public events of the same kind elsewhere at the same time, unless the organiser
        has already confirmed them (or the event is not public)."""
        data = self.cleaned_data
        if not data.get("is_public") or data.get("confirm_overlap"):
            return []
        if not (data.get("starts_at") and data.get("ends_at")):
            return []
        return list(
            selectors.overlapping_public_events(
                kind=data["kind"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                host_region_id=self.region.pk,
                exclude_pk=exclude_pk,
            )
        )

    def show_overlap_confirmation(self):
        self.fields["confirm_overlap"].widget = forms.CheckboxInput()

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("confirm_overlap", None)
        data.pop("practices", None)
        return data


class RegionChoices(forms.CheckboxSelectMultiple):
    """Regions to invite; those already invited are shown, ticked and disabled, "invited"."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.invited: set[int] = set()

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if getattr(value, "value", value) in self.invited:
            option["attrs"] = {**option["attrs"], "disabled": True, "checked": True}
            option["label"] = _("%(region)s (already invited)") % {"region": label}
        return option


class MemberPicker(forms.SelectMultiple):
    """A multi-select that ``static/visits/member_picker.js`` turns into a search-as-you-type
    combobox; the words it needs travel as data attributes, in the page's language."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].update(
            {
                "data-member-picker": "",
                "data-picker-help": _(
                    "Type part of a name or region; ↓ ↑ to move, Enter to choose."
                ),
                "data-picker-results": _("{count} matching members"),
                "data-picker-no-results": _("No member matches."),
                "data-picker-chosen": _("Chosen ({count}):"),
                "data-picker-none": _("Nobody chosen yet."),
                "data-picker-remove": _("Remove"),
                "data-picker-added": _("{name} chosen"),
                "data-picker-removed": _("{name} removed"),
            }
        )
        return context


class InviteForm(forms.Form):
    regions = ModelMultipleChoiceField(
        label=_("Whole regions"),
        queryset=Region.objects.none(),
        required=False,
        widget=RegionChoices,
        help_text=_("The region's coordinator answers or passes the invitation on to members."),
    )
    users = ModelMultipleChoiceField(
        label=_("Named members of other regions"),
        queryset=User.objects.none(),
        required=False,
        widget=MemberPicker(attrs={"size": 8}),
        help_text=_("Without JavaScript: hold Ctrl (⌘ on a Mac) to choose several."),
    )
    message = forms.CharField(
        label=_("Personal message"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )

    def __init__(self, *args, regions, users, invited_region_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["regions"].queryset = regions
        self.fields["regions"].widget.invited = set(invited_region_ids)
        self.fields["users"].queryset = users
        self.fields["users"].label_from_instance = lambda user: f"{user} ({user.region})"


class PassOnForm(forms.Form):
    users = ModelMultipleChoiceField(
        label=_("Members of your region"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one member of your region.")},
    )
    message = forms.CharField(
        label=_("Personal message"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )

    def __init__(self, *args, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["users"].queryset = users


class AcceptForm(forms.Form):
    people_count = forms.IntegerField(label=_("How many people will come"), initial=1)
    agree_to_be_listed = forms.BooleanField(
        label=_("Show my name on the event's guest list (seen by participants only)"),
        required=False,
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=1000,
    )


class CancelEventForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason, for the invitees (optional)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=1000,
    )
