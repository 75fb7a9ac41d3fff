"""Who may submit, follow and ask about good practices on the site (the admin's page
permissions and workflows are set by ``cms.services.practice_structure_ensure``). A refused
lookup is a 404, as everywhere."""

from django.db.models import Q, QuerySet
from django.http import Http404
from wagtail.models import GroupApprovalTask, TaskState, WorkflowState

from cms.models import GoodPracticePage, ModerationTask
from network.models import User
from network.permissions import is_member


def can_submit_practice(user) -> bool:
    """A WZK member with a region writes in that region's section (national staff, who have
    no region, and e-mail guests do not)."""
    return is_member(user) and user.region_id is not None


def access_own_practice(user, pk: int) -> GoodPracticePage:
    """One of the member's own practices (they are its owner), or 404."""
    if not can_submit_practice(user):
        raise Http404
    practice = GoodPracticePage.objects.filter(pk=pk, owner=user).select_related("region").first()
    if practice is None:
        raise Http404
    return practice


def can_change_own_practice(practice: GoodPracticePage) -> bool:
    """Not while reviewers have it: a draft never sent, or one sent back for changes."""
    state = practice.current_workflow_state
    return state is None or state.status == WorkflowState.STATUS_NEEDS_CHANGES


def can_ask_author(user, practice: GoodPracticePage) -> bool:
    """Members (not e-mail guests) may write to a published practice's contact person."""
    return is_member(user) and practice.live and bool(practice.contact_email)


# --- Reviewing (the Wagtail workflow) ------------------------------------------------------------
# As Wagtail's group approval decides who may act on a step: its groups' members, and
# superusers, who may act on every step.


def is_practice_reviewer(user) -> bool:
    """Has review work at all: a member of an active step's groups, or a superuser."""
    return user.is_active and (
        user.is_superuser
        or any(
            task_model.objects.filter(active=True, groups__user=user).exists()
            for task_model in (ModerationTask, GroupApprovalTask)
        )
    )


def practice_reviewers(task_state: TaskState) -> QuerySet[User]:
    """Everyone who may act on ``task_state``'s step."""
    groups = getattr(task_state.task.specific, "groups", None)
    in_groups = Q(groups__in=groups.all()) if groups is not None else Q(pk__in=[])
    return User.objects.filter(in_groups | Q(is_superuser=True), is_active=True).distinct()
