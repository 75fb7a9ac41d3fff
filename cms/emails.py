"""E-mails about good practices. Sent through the queue (``network.mail``), never from the
request."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

from cms.models import GoodPracticePage
from network.emails import absolute_url
from network.models import User


def send_question(*, practice: GoodPracticePage, sender: User, message: str) -> None:
    """A member's question to the practice's contact person, who answers by replying: the
    reply goes to the member, and the contact's address is never shown on the site."""
    contact = User.objects.filter(email__iexact=practice.contact_email, is_active=True).first()
    language = contact.language if contact and contact.language else settings.LANGUAGE_CODE
    context = {
        "practice": practice,
        "sender": sender,
        "message": message,
        "practice_url": absolute_url(practice.url or "/"),
    }
    with translation.override(language):
        subject = render_to_string("cms/emails/question_subject.txt", context)
        body = render_to_string("cms/emails/question_body.txt", context)
    EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        to=[practice.contact_email],
        reply_to=[sender.email],
    ).send()
