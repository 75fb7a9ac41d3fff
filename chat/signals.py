"""Connect accounts and networks to live sockets. Neither knows about chat, hence signals."""

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.contrib.auth.signals import user_logged_out
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from chat import events, services
from network.models import NetworkMembership, User

logger = logging.getLogger(__name__)


def _close_sockets(user_id: int) -> None:
    layer = get_channel_layer()
    if layer is not None:
        try:
            async_to_sync(layer.group_send)(
                events.user_group(user_id), {"type": events.LAYER_SESSION_CLOSED}
            )
        except Exception:
            # A layer outage must not break logging out; the session itself is gone anyway.
            logger.warning("Could not close the sockets of user %s", user_id, exc_info=True)


@receiver(user_logged_out, dispatch_uid="chat_close_sockets_on_logout")
def close_sockets_on_logout(sender, request, user, **kwargs):
    if user is not None:
        _close_sockets(user.pk)


@receiver(post_save, sender=User, dispatch_uid="chat_close_sockets_on_deactivation")
def close_sockets_on_deactivation(sender, instance, update_fields=None, **kwargs):
    if not instance.is_active and (update_fields is None or "is_active" in update_fields):
        _close_sockets(instance.pk)


@receiver(post_delete, sender=NetworkMembership, dispatch_uid="chat_revoke_on_leaving")
def revoke_on_leaving_network(sender, instance, **kwargs):
    services.member_removed_from_network(user_id=instance.user_id, network=instance.network)
