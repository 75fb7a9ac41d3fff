"""Writes for good practices: the page tree, its permissions and workflows, and practices."""

from datetime import timedelta

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import ngettext
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowState,
    WorkflowTask,
)

from cms.emails import send_question
from cms.models import (
    Audience,
    GoodPracticePage,
    HomePage,
    ModerationTask,
    PracticeIndexPage,
    PracticeQuestion,
    RegionSectionPage,
)
from cms.permissions import can_ask_author, can_change_own_practice, can_submit_practice
from cms.text import paragraph_blocks
from network.models import Region, User
from network.services import NATIONAL_MODERATORS_GROUP, groups_ensure, region_groups
from network.text import fold

INDEX_SLUG = "dobre-praktyki"
INDEX_TITLE = "Dobre praktyki"
NATIONAL_TASK_NAME = "Zatwierdzenie przez moderatora krajowego (FRSE)"
COORDINATOR_TASK_NAME = "Zatwierdzenie przez koordynatora WZK – {region}"
WORKFLOW_NAME = "Moderacja dobrych praktyk – {region}"
SLUG_MAX_LENGTH = 80

# Authors add and edit in their region's section; publishing happens only through the workflow.
_AUTHOR_PAGE_PERMISSIONS = ("add_page", "change_page")
_NATIONAL_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page")
_MEDIA_PERMISSIONS = (
    ("wagtailimages", "add_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "choose_document"),
)


def _page_permission(codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)


def _grant_page_permissions(group: Group, page, codenames) -> None:
    for codename in codenames:
        GroupPagePermission.objects.get_or_create(
            group=group, page=page, permission=_page_permission(codename)
        )


def _grant_media_permissions(group: Group, collection: Collection) -> None:
    for app_label, codename in _MEDIA_PERMISSIONS:
        permission = Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).first()
        if permission is not None:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=collection, permission=permission
            )


def _moderation_task(name: str, group: Group) -> ModerationTask:
    task = ModerationTask.objects.filter(name=name).first()
    if task is None:
        task = ModerationTask.objects.create(name=name)
    task.groups.set([group])
    return task


def _workflow(name: str, tasks: list[ModerationTask]) -> Workflow:
    workflow, _created = Workflow.objects.get_or_create(name=name)
    for order, task in enumerate(tasks):
        WorkflowTask.objects.update_or_create(
            workflow=workflow, task=task, defaults={"sort_order": order}
        )
    return workflow


@transaction.atomic
def practice_structure_ensure() -> PracticeIndexPage | None:
    """The index, one section per region, who may write where, and the two-step workflow.

    Idempotent: runs after every ``migrate``, so a fresh database and an upgraded one end up
    the same, with nothing set up by hand in the admin.
    """
    home = HomePage.objects.first()
    if home is None:
        return None
    groups_ensure()
    index = PracticeIndexPage.objects.first()
    if index is None:
        index = home.add_child(instance=PracticeIndexPage(title=INDEX_TITLE, slug=INDEX_SLUG))
    national = Group.objects.get(name=NATIONAL_MODERATORS_GROUP)
    _grant_page_permissions(national, index, _NATIONAL_PAGE_PERMISSIONS)
    root_collection = Collection.get_first_root_node()
    _grant_media_permissions(national, root_collection)
    national_task = _moderation_task(NATIONAL_TASK_NAME, national)

    sections = {section.region_id: section for section in RegionSectionPage.objects.all()}
    for region in Region.objects.all():
        section = sections.get(region.pk)
        if section is None:
            section = index.add_child(
                instance=RegionSectionPage(title=region.name, slug=region.slug, region=region)
            )
        members_name, coordinators_name = region_groups(region)
        members = Group.objects.get(name=members_name)
        coordinators = Group.objects.get(name=coordinators_name)
        _grant_page_permissions(members, section, _AUTHOR_PAGE_PERMISSIONS)
        _grant_media_permissions(members, root_collection)
        coordinator_task = _moderation_task(
            COORDINATOR_TASK_NAME.format(region=region.name), coordinators
        )
        workflow = _workflow(
            WORKFLOW_NAME.format(region=region.name), [coordinator_task, national_task]
        )
        WorkflowPage.objects.update_or_create(page=section, defaults={"workflow": workflow})
    return index


def practice_refresh_listing(*, practice: GoodPracticePage) -> None:
    """On publication: what the listing searches and shows, from the published content."""
    GoodPracticePage.objects.filter(pk=practice.pk).update(
        search_document=practice.build_search_document(),
        listed=True,
        published_at=practice.first_published_at,
        region=practice.region_id,
    )


def practice_move_to_section(*, practice: GoodPracticePage, section_id: int) -> None:
    """After a move to another region's section: the practice belongs to that region, in its
    page and, when published, in the listing and its search."""
    practice.take_section_region(section_id)
    GoodPracticePage.objects.filter(pk=practice.pk).update(region=practice.region_id)
    if practice.live:
        practice_refresh_listing(practice=practice)


def practice_unlist(*, practice: GoodPracticePage) -> None:
    GoodPracticePage.objects.filter(pk=practice.pk).update(listed=False)


@transaction.atomic
def practice_create(
    *,
    section: RegionSectionPage,
    audiences: list[str],
    tags: list[str],
    inspired_by: list[GoodPracticePage] = (),
    publish: bool = True,
    owner=None,
    **fields,
) -> GoodPracticePage:
    """Create a practice in a region's section (demo data, imports). Authors use the admin."""
    practice = GoodPracticePage(owner=owner, live=False, **fields)
    section.add_child(instance=practice)
    practice.audiences.set(Audience.objects.filter(key__in=audiences))
    practice.tags.set(tags)
    practice.inspired_by.set(inspired_by)
    revision = practice.save_revision(user=owner)
    if publish:
        # Published by the system, as an import is: authors themselves publish only through
        # the moderation workflow, and have no publish permission.
        revision.publish(user=None)
        practice.refresh_from_db()
    return practice


# --- Members' own practices ------------------------------------------------------------------

QUESTIONS_PER_HOUR = 5


def _free_slug(section: RegionSectionPage, title: str) -> str:
    base = slugify(fold(title))[:SLUG_MAX_LENGTH] or "praktyka"
    taken = set(section.get_children().filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug = f"{base}-{number}"
        number += 1
    return slug


@transaction.atomic
def practice_submit(
    *,
    author,
    fields: dict,
    audiences,
    tags: list[str],
    description: str,
    practice: GoodPracticePage | None = None,
) -> GoodPracticePage:
    """A member sends their practice for approval, as the admin's "Submit" does: a new
    revision by the member (a new page is a draft in their region's section, owned by
    them), then the section's two-step workflow starts, or resumes where it was sent back."""
    if not can_submit_practice(author):
        raise PermissionDenied
    section = RegionSectionPage.objects.get(region_id=author.region_id)
    if practice is None:
        practice = GoodPracticePage(
            owner=author, live=False, slug=_free_slug(section, fields["title"]), **fields
        )
        practice.body = paragraph_blocks(description)
        practice.audiences.set(audiences)
        practice.tags.set(tags)
        section.add_child(instance=practice)
    else:
        if practice.owner_id != author.pk or not can_change_own_practice(practice):
            raise PermissionDenied
        # Only the revision takes the new content: a published practice stays as it is
        # until both reviewers approve.
        for name, value in fields.items():
            setattr(practice, name, value)
        practice.body = paragraph_blocks(description)
        practice.audiences.set(audiences)
        practice.tags.set(tags)
        practice.full_clean()
    practice.save_revision(user=author, log_action=True)
    state = practice.current_workflow_state
    if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        state.resume(author)
    else:
        section.get_workflow().start(practice, author)
    return practice


@transaction.atomic
def practice_ask_author(*, sender, practice: GoodPracticePage, message: str) -> PracticeQuestion:
    """A member's question to the contact person, by e-mail through the queue; at most
    ``QUESTIONS_PER_HOUR`` a member, counted in the database so every process agrees."""
    if not can_ask_author(sender, practice):
        raise PermissionDenied
    # One member's questions one after another: two tabs cannot both pass the count.
    User.objects.select_for_update().filter(pk=sender.pk).first()
    recent = PracticeQuestion.objects.filter(
        sender=sender, sent_at__gte=timezone.now() - timedelta(hours=1)
    ).count()
    if recent >= QUESTIONS_PER_HOUR:
        raise ValidationError(
            ngettext(
                "You have sent %(count)d question in the last hour. Please try again later.",
                "You have sent %(count)d questions in the last hour. Please try again later.",
                recent,
            )
            % {"count": recent}
        )
    question = PracticeQuestion.objects.create(practice=practice, sender=sender, message=message)
    send_question(practice=practice, sender=sender, message=message)
    return question
