"""Every e-mail the platform sends leaves through the task queue: ``QueuedEmailBackend`` is
Django's ``EMAIL_BACKEND``, so our own e-mails, Django's password reset and Wagtail's
moderation notices alike are queued instead of sent inside the request. ``deliver_email``
sends each with the backend ``EMAIL_URL`` configures (``MAIL_DELIVERY_BACKEND``); a failed
send is tried again with growing pauses and never dropped: what still fails after the last
try stays in the queue's table as a failed task, with its message, for staff to send again.
"""

import base64
import logging
import smtplib
from datetime import timedelta
from email import encoders
from email.mime.base import MIMEBase
from email.mime.text import MIMEText

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone
from django_tasks import task

from network.tasks import BACKEND, enqueue_on_commit

logger = logging.getLogger(__name__)

# Pauses before each retry of an e-mail: about a day in all, then it waits for staff.
EMAIL_RETRY_PAUSES = tuple(timedelta(minutes=minutes) for minutes in (1, 5, 15, 60, 180, 360, 720))
# What a mail server (or the way to it) does when it fails for now.
EMAIL_FAILURES = (smtplib.SMTPException, OSError)


def _mime_part(part: MIMEBase) -> dict:
    return {
        "maintype": part.get_content_maintype(),
        "subtype": part.get_content_subtype(),
        "charset": part.get_content_charset(),
        "payload": base64.b64encode(part.get_payload(decode=True)).decode("ascii"),
        "params": [[name, value] for name, value in part.get_params()[1:] if name != "charset"],
        "disposition": part.get("Content-Disposition"),
    }


def _mime_part_from(data: dict) -> MIMEBase:
    payload = base64.b64decode(data["payload"])
    if data["maintype"] == "text":
        part = MIMEText(
            payload.decode(data["charset"] or "utf-8"), data["subtype"], data["charset"]
        )
    else:
        part = MIMEBase(data["maintype"], data["subtype"])
        part.set_payload(payload)
        encoders.encode_base64(part)
    for name, value in data["params"]:
        part.set_param(name, value)
    if data["disposition"]:
        part.add_header("Content-Disposition", data["disposition"])
    return part


def _attachment(part) -> dict:
    if isinstance(part, MIMEBase):
        return {"mime": _mime_part(part)}
    filename, content, mimetype = part
    if isinstance(content, str):
        return {"filename": filename, "text": content, "mimetype": mimetype}
    return {
        "filename": filename,
        "base64": base64.b64encode(content).decode("ascii"),
        "mimetype": mimetype,
    }


def serialize(message) -> dict:
    """A message as JSON the queue can store."""
    return {
        "subject": message.subject,
        "body": message.body,
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": dict(message.extra_headers),
        "alternatives": [list(alternative) for alternative in getattr(message, "alternatives", [])],
        "attachments": [_attachment(part) for part in message.attachments],
    }


def deserialize(data: dict) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        cc=data["cc"],
        bcc=data["bcc"],
        reply_to=data["reply_to"],
        headers=data["headers"],
        alternatives=[tuple(alternative) for alternative in data["alternatives"]],
    )
    for part in data["attachments"]:
        if "mime" in part:
            message.attach(_mime_part_from(part["mime"]))
        elif "text" in part:
            message.attach(part["filename"], part["text"], part["mimetype"])
        else:
            message.attach(part["filename"], base64.b64decode(part["base64"]), part["mimetype"])
    return message


class QueuedEmailBackend(BaseEmailBackend):
    """Queues each message (after commit, or with the transaction's own commit on the
    database queue) for ``deliver_email``; the request never talks to a mail server."""

    def send_messages(self, email_messages) -> int:
        count = 0
        for message in email_messages:
            if not message.recipients():
                continue
            enqueue_on_commit(deliver_email, serialize(message))
            count += 1
        return count


@task(backend=BACKEND)
def deliver_email(message: dict, attempt: int = 1) -> None:
    """Hand one e-mail (``network.mail.serialize``) to the configured mail server."""
    email = deserialize(message)
    try:
        get_connection(settings.MAIL_DELIVERY_BACKEND).send_messages([email])
    except EMAIL_FAILURES as error:
        if attempt > len(EMAIL_RETRY_PAUSES) or not deliver_email.get_backend().supports_defer:
            logger.error(
                "E-mail %r to %s not sent after %d attempts: %s",
                email.subject,
                ", ".join(email.recipients()),
                attempt,
                error,
            )
            raise
        pause = EMAIL_RETRY_PAUSES[attempt - 1]
        logger.warning(
            "E-mail %r to %s not sent (%s); trying again in %s",
            email.subject,
            ", ".join(email.recipients()),
            error,
            pause,
        )
        deliver_email.using(run_after=timezone.now() + pause).enqueue(message, attempt + 1)
