"""Who may submit, follow and ask about good practices on the site (the admin's page
permissions and workflows are set by ``cms.services.practice_structure_ensure``). A refused
lookup is a 404, as everywhere."""

from django.http import Http404
from wagtail.models import WorkflowState

from cms.models import GoodPracticePage
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
