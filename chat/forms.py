from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from chat.models import ALT_TEXT_MAX_LENGTH, BODY_MAX_LENGTH, TOPIC_MAX_LENGTH


class MessageForm(forms.Form):
    topic = forms.CharField(label=_("Topic"), max_length=TOPIC_MAX_LENGTH)
    # Empty only with an attachment (the service decides).
    body = forms.CharField(
        label=_("Message"),
        max_length=BODY_MAX_LENGTH,
        required=False,
        widget=forms.Textarea({"rows": 3}),
    )
    attachment = forms.FileField(
        label=_("Attachment (optional)"),
        required=False,
    )
    alt_text = forms.CharField(
        label=_("Image description (alternative text)"),
        max_length=ALT_TEXT_MAX_LENGTH,
        required=False,
        help_text=_("Required with an image: what it shows, for those who cannot see it."),
    )
    client_id = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        types = [*settings.CHAT_ATTACHMENT_IMAGE_TYPES, *settings.CHAT_ATTACHMENT_DOCUMENT_TYPES]
        attachment = self.fields["attachment"]
        attachment.widget.attrs["accept"] = ",".join(f".{t}" for t in types)
        attachment.help_text = _("A document or an image (%(types)s), at most %(limit)s.") % {
            "types": ", ".join(types),
            "limit": filesizeformat(settings.CHAT_ATTACHMENT_MAX_BYTES),
        }


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search the discussions"), max_length=200, required=False)
