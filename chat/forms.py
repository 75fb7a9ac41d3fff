from django import forms
from django.utils.translation import gettext_lazy as _

from chat.models import BODY_MAX_LENGTH, TOPIC_MAX_LENGTH


class MessageForm(forms.Form):
    topic = forms.CharField(label=_("Topic"), max_length=TOPIC_MAX_LENGTH)
    body = forms.CharField(
        label=_("Message"), max_length=BODY_MAX_LENGTH, widget=forms.Textarea({"rows": 3})
    )
    client_id = forms.CharField(widget=forms.HiddenInput, max_length=64)
