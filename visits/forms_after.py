"""Forms for guests, attendance and visit reports. Services say what is wrong with the values
in words a user understands."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from network.choices import InstitutionType
from network.models import Region


class GuestInviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    language = forms.ChoiceField(
        label=_("Language of the e-mails"), choices=settings.LANGUAGES, initial="pl"
    )
    message = forms.CharField(
        label=_("Personal message"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )


class AttendanceRowForm(forms.Form):
    """People without accounts (or counted together): how many, from where, what kind."""

    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.all(),
        required=False,
        empty_label=_("— not from a region —"),
    )
    institution_type = forms.ChoiceField(
        label=_("Institution type"), choices=InstitutionType.choices
    )
    count = forms.IntegerField(label=_("Number of people"))


class VisitReportForm(forms.Form):
    what_we_saw = forms.CharField(
        label=_("What we saw"), widget=forms.Textarea(attrs={"rows": 6}), max_length=4000
    )
    what_we_take_home = forms.CharField(
        label=_("What we will take home"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=4000,
    )
