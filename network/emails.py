"""E-mails to members, each rendered in the recipient's language. Sending one queues it
(``network.mail``): with the database queue, as part of the caller's transaction."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from network.models import User
from network.tokens import activation_token


def absolute_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def send_templated_mail(*, to: User, template: str, context: dict, attachments=()) -> None:
    """Send ``<template>_subject.txt`` and ``<template>_body.txt`` in ``to``'s language.

    ``attachments``: MIME parts (e.g. an iCalendar invitation) added as they are."""
    with translation.override(to.language or settings.LANGUAGE_CODE):
        context = {"user": to, "site_name": settings.WAGTAIL_SITE_NAME, **context}
        subject = render_to_string(f"{template}_subject.txt", context).strip()
        body = render_to_string(f"{template}_body.txt", context)
    message = EmailMultiAlternatives(subject=" ".join(subject.split()), body=body, to=[to.email])
    for part in attachments:
        message.attach(part)
    message.send()


def activation_link(user: User) -> str:
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    token = activation_token.make_token(user)
    return absolute_url(reverse("network:activate", kwargs={"uidb64": uidb64, "token": token}))


def send_activation(*, user: User) -> None:
    send_templated_mail(
        to=user,
        template="network/emails/activation",
        context={
            "activation_url": activation_link(user),
            "inviter": user.invited_by,
            "valid_days": settings.PASSWORD_RESET_TIMEOUT // 86_400,
        },
    )
