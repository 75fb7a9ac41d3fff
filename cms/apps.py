from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Pages")

    def ready(self):
        from cms import signals  # noqa: F401
        from cms.services import practice_structure_ensure
        from network.apps import after_last_migrated_app

        # After the network's groups (connected first), build the page tree and its rules.
        post_migrate.connect(
            after_last_migrated_app(practice_structure_ensure),
            dispatch_uid="cms_practice_structure",
            weak=False,
        )
