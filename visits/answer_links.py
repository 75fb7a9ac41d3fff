"""One-step answers from the e-mail: "I accept" / "I cannot come" links, signed
(``django.core.signing``) with the invitation, the person it was sent to and the answer, valid
``VISITS_ANSWER_LINK_DAYS``. A link only opens a confirmation page; the answer is the POST
from that page (a GET never changes anything: mail scanners open links)."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils.translation import gettext as _

from network.emails import absolute_url
from network.models import User
from visits import permissions
from visits.models import Invitation

SALT = "visits.invitation-answer-link"
ACCEPT = "accept"
DECLINE = "decline"
ANSWERS = (ACCEPT, DECLINE)


class LinkRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class AnswerLink:
    invitation: Invitation
    person: User
    answer: str


def answer_token(*, invitation: Invitation, person: User, answer: str) -> str:
    if answer not in ANSWERS:
        raise ValueError(answer)
    return signing.dumps({"i": invitation.pk, "u": person.pk, "a": answer}, salt=SALT)


def answer_url(*, invitation: Invitation, person: User, answer: str) -> str:
    token = answer_token(invitation=invitation, person=person, answer=answer)
    return absolute_url(reverse("visits:answer_link", kwargs={"token": token}))


def max_age() -> timedelta:
    return timedelta(days=settings.VISITS_ANSWER_LINK_DAYS)


def read_link(token: str, *, visitor) -> AnswerLink:
    """The link's invitation, person and answer, or ``LinkRefused`` saying why in words the
    visitor understands: mangled, expired, no longer theirs to answer, or opened while signed
    in as somebody else."""
    try:
        data = signing.loads(token, salt=SALT, max_age=max_age())
    except signing.SignatureExpired:
        raise LinkRefused(
            _("This link has expired. Log in and answer on the invitation's page.")
        ) from None
    except signing.BadSignature:
        raise LinkRefused(
            _("This link is not valid. Copy it whole from the e-mail, or log in and answer.")
        ) from None
    if not isinstance(data, dict) or data.get("a") not in ANSWERS:
        raise LinkRefused(_("This link is not valid."))
    invitation = (
        Invitation.objects.select_related("event__host_region", "event__organiser", "region")
        .filter(pk=data.get("i"))
        .first()
    )
    person = User.objects.filter(pk=data.get("u"), is_active=True).first()
    if (
        invitation is None
        or person is None
        or not permissions.can_answer_invitation(person, invitation)
    ):
        raise LinkRefused(_("This invitation can no longer be answered with this link."))
    if getattr(visitor, "is_authenticated", False) and visitor.pk != person.pk:
        raise LinkRefused(
            _(
                "This link was sent to %(person)s, but you are logged in as %(visitor)s. "
                "Log out first, or answer your own invitations."
            )
            % {"person": person.get_full_name() or person.email, "visitor": visitor.email}
        )
    return AnswerLink(invitation=invitation, person=person, answer=data["a"])
