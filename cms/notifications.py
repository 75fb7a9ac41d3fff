"""Tell people about a good practice in the two-step workflow, live (a ``notification`` frame,
kind ``practice``) through ``network.notices.notify`` after the change commits: the reviewers
of a step when a practice reaches it, the step's other reviewers when one of them decides, and
the author when it is published or sent back. The start page's "to review" block follows these
frames. The e-mails about the same changes are Wagtail's own (the admin's notification
preferences), so none are sent here.

Wagtail's workflow signals call ``notify`` whatever started the change: the member's submission
form, the admin, a command."""

from enum import StrEnum

from django.contrib.auth.models import Group
from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.models import Page, TaskState, WorkflowState
from wagtail.signals import (
    task_approved,
    task_rejected,
    task_submitted,
    workflow_approved,
    workflow_rejected,
)

from cms.models import GoodPracticePage
from network import notices
from network.models import User


class Change(StrEnum):
    """What happened, as carried in the frame's ``change``."""

    TO_REVIEW = "to_review"  # to the step's reviewers
    APPROVED_BY = "approved_by"  # to the step's other reviewers
    REJECTED_BY = "rejected_by"  # to the step's other reviewers
    PUBLISHED = "published"  # to the author
    SENT_BACK = "sent_back"  # to the author


def _practice(page) -> GoodPracticePage | None:
    if page is None or page.specific_class is not GoodPracticePage:
        return None
    return page.specific


def _reviewers(task_state: TaskState) -> list[User]:
    """Who may act on the step: its groups' active members (the start page lists the same)."""
    groups = getattr(task_state.task.specific, "groups", Group.objects.none())
    return list(User.objects.filter(groups__in=groups.all(), is_active=True).distinct())


def _others(users, actor) -> list[User]:
    return [user for user in users if actor is None or user.pk != actor.pk]


@receiver(task_submitted, dispatch_uid="cms_practice_task_submitted")
def practice_reached_a_step(sender, instance, user=None, **kwargs):
    practice = _practice(instance.workflow_state.content_object)
    if practice is not None:
        notices.notify(
            _others(_reviewers(instance), user), PracticeNotice(Change.TO_REVIEW, practice)
        )


@receiver(task_approved, dispatch_uid="cms_practice_task_approved")
@receiver(task_rejected, dispatch_uid="cms_practice_task_rejected")
def practice_decided_at_a_step(sender, instance, user=None, signal=None, **kwargs):
    practice = _practice(instance.workflow_state.content_object)
    if practice is not None:
        change = Change.APPROVED_BY if signal is task_approved else Change.REJECTED_BY
        notices.notify(
            _others(_reviewers(instance), user), PracticeNotice(change, practice, actor=user)
        )


@receiver(workflow_approved, dispatch_uid="cms_practice_workflow_approved")
@receiver(workflow_rejected, dispatch_uid="cms_practice_workflow_rejected")
def practice_finished_its_round(sender, instance: WorkflowState, user=None, signal=None, **kw):
    practice = _practice(instance.content_object)
    if practice is not None:
        change = Change.PUBLISHED if signal is workflow_approved else Change.SENT_BACK
        notices.notify(_others([instance.requested_by], user), PracticeNotice(change, practice))


@notices.register
class PracticeNotice(notices.Notice):
    name = "practice"

    def __init__(self, change: str, practice: GoodPracticePage, actor: User | None = None):
        self.change = Change(change)
        self.practice = practice
        self.actor = actor

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
        draft = self.practice.get_latest_revision_as_object()
        return draft.title

    def _url(self) -> str:
        if self.change == Change.PUBLISHED:
            return self.practice.url or reverse("cms:my_practices")
        if self.change == Change.SENT_BACK:
            return reverse("cms:my_practices")
        return reverse("wagtailadmin_pages:edit", args=(self.practice.pk,))

    def _text(self, title: str) -> str:
        who = self.actor.get_full_name() if self.actor else ""
        return {
            Change.TO_REVIEW: _("A good practice awaits your review: “%(title)s”"),
            Change.APPROVED_BY: _("Good practice “%(title)s” approved by %(name)s"),
            Change.REJECTED_BY: _("Good practice “%(title)s” sent back to its author by %(name)s"),
            Change.PUBLISHED: _("Your good practice “%(title)s” is published"),
            Change.SENT_BACK: _("Your good practice “%(title)s” needs changes"),
        }[self.change] % {"title": title, "name": who}

    def frames(self, recipient: User) -> list[notices.Frame]:
        title = self._title()
        return [
            notices.PracticeNotification(
                change=self.change,
                practice={"id": self.practice.pk, "title": title},
                url=self._url(),
                text=self._text(title),
            )
        ]
