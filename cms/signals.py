"""Keep the listing's search text in step with what is published, whoever publishes it
(a workflow approval in the admin, a moderator, a command)."""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished, post_page_move

from cms.models import GoodPracticePage
from cms.selectors import REGIONS_CACHE_KEY
from network.models import Region


@receiver(page_published, sender=GoodPracticePage, dispatch_uid="cms_practice_published")
def practice_published(sender, instance, **kwargs):
    from cms.services import practice_refresh_listing

    practice_refresh_listing(practice=instance)


@receiver(page_unpublished, sender=GoodPracticePage, dispatch_uid="cms_practice_unpublished")
def practice_unpublished(sender, instance, **kwargs):
    from cms.services import practice_unlist

    practice_unlist(practice=instance)


@receiver(post_page_move, sender=GoodPracticePage, dispatch_uid="cms_practice_moved")
def practice_moved(sender, instance, parent_page_before, parent_page_after, **kwargs):
    if parent_page_before.pk == parent_page_after.pk:
        return
    from cms.services import practice_move_to_section

    practice_move_to_section(practice=instance.specific, section_id=parent_page_after.pk)


@receiver(post_save, sender=Region, dispatch_uid="cms_regions_changed")
@receiver(post_delete, sender=Region, dispatch_uid="cms_regions_deleted")
def regions_changed(sender, **kwargs):
    cache.delete(REGIONS_CACHE_KEY)
