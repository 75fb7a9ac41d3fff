from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def after_last_migrated_app(handler):
    """Run ``handler`` once per ``migrate``, after every app's post_migrate (so after all
    permissions exist), instead of once per app."""

    def receiver(sender, **kwargs):
        with_models = [config for config in apps.get_app_configs() if config.models_module]
        if sender is with_models[-1]:
            handler()

    return receiver


class NetworkConfig(AppConfig):
    name = "network"
    verbose_name = _("Regions, members and networks")

    def ready(self):
        from django.db import connections
        from django.db.backends.signals import connection_created
        from django.urls import register_converter

        from network.collation import register_on_sqlite
        from network.ids import IdConverter
        from network.services import groups_ensure

        register_converter(IdConverter, "id")
        # Polish alphabetical order on SQLite too (PostgreSQL has ICU's ``pl-x-icu``).
        connection_created.connect(register_on_sqlite, dispatch_uid="network_polish_collation")
        for connection in connections.all(initialized_only=True):
            if connection.connection is not None:
                register_on_sqlite(None, connection)

        post_migrate.connect(
            after_last_migrated_app(groups_ensure), dispatch_uid="network_groups", weak=False
        )
