from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from network.choices import InstitutionType, Role
from network.ids import ID_RANGE
from network.models import Network, Region, User
from network.services import COORDINATOR_MANAGED_ROLES, MEMBER_PROFILE_FIELDS


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's, with ids outside the database's integer range refused as invalid choices
    (SQLite fails on them instead of finding nothing)."""

    def _check_values(self, value):
        if self.to_field_name is None:
            for pk in value:
                try:
                    number = int(pk)
                except (TypeError, ValueError):
                    continue  # Django's own check refuses it
                if number not in ID_RANGE:
                    raise ValidationError(
                        self.error_messages["invalid_choice"],
                        code="invalid_choice",
                        params={"value": pk},
                    )
        return super()._check_values(value)


class LoginEmailField(forms.EmailField):
    """The e-mail as login and the lock-out read it (``UserManager.normalize_email``)."""

    def to_python(self, value):
        return User.objects.normalize_email(super().to_python(value))


class LoginForm(AuthenticationForm):
    username = LoginEmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    error_messages = {
        "invalid_login": _(
            "The e-mail address or password is incorrect. Check both and try again."
        ),
        "inactive": _(
            "This account is not active. Use the activation link from your e-mail "
            "or ask your region's coordinator."
        ),
    }


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = MEMBER_PROFILE_FIELDS
        widgets = {"phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"})}


def _managed_role_field() -> forms.ChoiceField:
    """The roles a coordinator may give: never coordinator or national moderator."""
    return forms.ChoiceField(
        label=_("role"),
        choices=[(role.value, role.label) for role in COORDINATOR_MANAGED_ROLES],
        initial=Role.MEMBER,
    )


class MemberInviteForm(forms.ModelForm):
    role = _managed_role_field()

    class Meta:
        model = User
        fields = ("email", *MEMBER_PROFILE_FIELDS, "role")
        widgets = {"email": forms.EmailInput(attrs={"autocomplete": "off"})}

    def clean_email(self):
        email = User.objects.normalize_email(self.cleaned_data["email"])
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("A member with this e-mail address already exists."))
        return email


class MemberEditForm(forms.ModelForm):
    role = _managed_role_field()

    class Meta:
        model = User
        fields = (*MEMBER_PROFILE_FIELDS, "role")


class RegionForm(forms.ModelForm):
    wzk_website = forms.URLField(label=_("WZK website"), required=False, assume_scheme="https")

    class Meta:
        model = Region
        fields = ("wzk_description", "wzk_email", "wzk_website")
        widgets = {"wzk_description": forms.Textarea(attrs={"rows": 8})}


class NetworkMemberAddForm(forms.Form):
    email = forms.EmailField(label=_("Member's e-mail address"))
    is_moderator = forms.BooleanField(label=_("network moderator"), required=False)

    def clean_email(self):
        email = User.objects.normalize_email(self.cleaned_data["email"])
        member = User.objects.filter(email__iexact=email, is_active=True).first()
        if member is None:
            raise forms.ValidationError(_("There is no active member with this e-mail address."))
        self.member = member
        return email


class FilterForm(forms.Form):
    """Filters from shareable GET parameters: unknown values are dropped, and named."""

    def valid_filters(self) -> tuple[dict, list[str]]:
        """The filters that are valid, and the labels of those that were ignored."""
        self.is_valid()
        ignored = [str(self.fields[name].label) for name in self.errors]
        valid = {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in self.errors and value
        }
        return valid, ignored


class DirectoryFilterForm(FilterForm):
    """Filters of the members' directory. Unknown values are dropped with a notice."""

    q = forms.CharField(
        label=_("Search by name"),
        required=False,
        max_length=100,
        strip=True,
        widget=forms.TextInput({"type": "search"}),
    )
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All regions"),
    )
    institution_type = forms.ChoiceField(
        label=_("Institution type"),
        choices=[("", _("All types")), *InstitutionType.choices],
        required=False,
    )
    network = forms.ModelChoiceField(
        label=_("Thematic network"),
        queryset=Network.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All networks"),
    )

    def __init__(self, *args, by_network: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.by_network = by_network
        if not by_network:
            # Who is in which network is for members only (the network page's rule).
            del self.fields["network"]

    def valid_filters(self) -> tuple[dict, list[str]]:
        valid, ignored = super().valid_filters()
        if not self.by_network and self.data.get("network"):
            ignored.append(str(_("thematic network (for logged-in members)")))
        return valid, ignored
