"""Tell people about a good practice in the two-step workflow, live (a ``notification`` frame,
kind ``practice``) through ``network.notices.notify`` after the change commits: the reviewers
of a step when a practice reaches it, the step's other reviewers when one of them decides or it
leaves the step otherwise (published with "Publish", withdrawn), and the author when it is first
published or sent back. The start page's "to review" block follows these
frames. The e-mails about the same changes are Wagtail's own (the admin's notification
preferences), so none are sent here.

Wagtail's workflow signals call ``notify`` whatever started the change: the member's submission
form, the admin, a command."""

from enum import StrEnum

from django.db import transaction
from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.models import Page, PageLogEntry, TaskState
from wagtail.signals import (
    page_published,
    task_approved,
    task_cancelled,
    task_rejected,
    task_submitted,
    workflow_rejected,
)

from cms.models import GoodPracticePage
from cms.permissions import practice_reviewers
from network import notices
from network.models import User


class Change(StrEnum):
    """What happened, as carried in the frame's ``change``."""

    TO_REVIEW = "to_review"  # to the step's reviewers
    APPROVED_BY = "approved_by"  # to the step's other reviewers
    REJECTED_BY = "rejected_by"  # to the step's other reviewers
    WITHDRAWN = "withdrawn"  # to the step's reviewers: published directly, or withdrawn
    PUBLISHED = "published"  # to the author, the first time it is published
    SENT_BACK = "sent_back"  # to the author


def _practice(page) -> GoodPracticePage | None:
    if page is None or page.specific_class is not GoodPracticePage:
        return None
    return page.specific


def _to_reviewers(task_state: TaskState, change: Change, actor=None) -> None:
    practice = _practice(task_state.workflow_state.content_object)
    if practice is not None:
        reviewers = practice_reviewers(task_state)
        if actor is not None:
            reviewers = reviewers.exclude(pk=actor.pk)
        notices.notify(reviewers, PracticeNotice(change, practice, actor=actor))


# What each of Wagtail's step signals tells the step's reviewers (the one who acted aside).
STEP_CHANGES = {
    task_submitted: Change.TO_REVIEW,
    task_approved: Change.APPROVED_BY,
    task_rejected: Change.REJECTED_BY,
    # Published with the "Publish" button (which ends the workflow), or withdrawn.
    task_cancelled: Change.WITHDRAWN,
}


def practice_step_changed(sender, instance, signal, user=None, **kwargs):
    _to_reviewers(instance, STEP_CHANGES[signal], actor=user)


for step_signal in STEP_CHANGES:
    step_signal.connect(practice_step_changed, dispatch_uid="cms_practice_step_changed")


@receiver(workflow_rejected, dispatch_uid="cms_practice_workflow_rejected")
def practice_sent_back(sender, instance, user=None, **kwargs):
    practice = _practice(instance.content_object)
    if practice is not None and (user is None or instance.requested_by_id != user.pk):
        notices.notify([instance.requested_by], PracticeNotice(Change.SENT_BACK, practice))


@receiver(page_published, sender=GoodPracticePage, dispatch_uid="cms_practice_first_published")
def practice_first_published(sender, instance, **kwargs):
    """Whichever way it went live (the last step's approval, the "Publish" button), once, and
    not to an author who published it themselves (the log entry naming who did is written
    after this signal, so it is read once the change commits)."""
    if instance.first_published_at != instance.last_published_at:
        return

    def tell_the_author():
        publisher = (
            PageLogEntry.objects.filter(page=instance, action="wagtail.publish")
            .order_by("-pk")
            .values_list("user_id", flat=True)
            .first()
        )
        if instance.owner_id != publisher:
            notices.notify([instance.owner], PracticeNotice(Change.PUBLISHED, instance))

    transaction.on_commit(tell_the_author, robust=True)


@notices.register
class PracticeNotice(notices.Notice):
    name = "practice"

    def __init__(self, change: str, practice: GoodPracticePage, actor: User | None = None):
        self.change = Change(change)
        self.practice = practice
        self.actor = actor
        self._latest_title = None

    def params(self) -> dict:
        return {
            "change": self.change,
            "page": self.practice.pk,
            "actor": self.actor.pk if self.actor else None,
        }

    @classmethod
    def restore(cls, params):
        page = Page.objects.filter(pk=params["page"]).first()
        practice = _practice(page)
        if practice is None:
            return None
        actor = User.objects.filter(pk=params["actor"]).first() if params["actor"] else None
        return cls(params["change"], practice, actor)

    def _title(self) -> str:
        # A draft's title is in its latest revision; a published practice's, on the page.
        if self._latest_title is None:
            self._latest_title = self.practice.get_latest_revision_as_object().title
        return self._latest_title

    def _url(self) -> str:
        if self.change == Change.PUBLISHED:
            return self.practice.url or reverse("cms:my_practices")
        if self.change == Change.SENT_BACK:
            return reverse("cms:my_practices")
        return reverse("wagtailadmin_pages:edit", args=(self.practice.pk,))

    def _text(self, title: str) -> notices.Sentence:
        who = str(self.actor) if self.actor else ""
        template = {
            Change.TO_REVIEW: _("A good practice awaits your review: “%(title)s”"),
            Change.APPROVED_BY: _("Good practice “%(title)s” approved by %(name)s"),
            Change.REJECTED_BY: _("Good practice “%(title)s” sent back to its author by %(name)s"),
            Change.WITHDRAWN: _("Good practice “%(title)s” no longer awaits review"),
            Change.PUBLISHED: _("Your good practice “%(title)s” is published"),
            Change.SENT_BACK: _("Your good practice “%(title)s” needs changes"),
        }[self.change]
        return notices.sentence(template, ("title",), title=title, name=who)

    def frames(self, recipient: User) -> list[notices.Frame]:
        title = self._title()
        line = self._text(title)
        return [
            notices.PracticeNotification(
                change=self.change,
                practice={"id": self.practice.pk, "title": title},
                url=self._url(),
                text=line.text,
                parts=line.parts(),
            )
        ]
