"""Keep the listing's search text in step with what is published, whoever publishes it
(a workflow approval in the admin, a moderator, a command)."""

from django.dispatch import receiver
from wagtail.signals import page_published

from cms.models import GoodPracticePage


@receiver(page_published, sender=GoodPracticePage, dispatch_uid="cms_practice_published")
def practice_published(sender, instance, **kwargs):
    from cms.services import practice_refresh_search_document

    practice_refresh_search_document(practice=instance)
