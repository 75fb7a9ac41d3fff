"""Connect accounts and networks to live sockets. Neither knows about chat, hence signals."""

import logging

from django.contrib.auth.signals import user_logged_out
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from chat import broadcast, services
from network.models import NetworkMembership, User

logger = logging.getLogger(__name__)


@receiver(user_logged_out, dispatch_uid="chat_close_sockets_on_logout")
def close_sockets_on_logout(sender, request, user, **kwargs):
    if user is not None:
        broadcast.close_sockets(user.pk)


@receiver(post_save, sender=User, dispatch_uid="chat_close_sockets_on_deactivation")
def close_sockets_on_deactivation(sender, instance, update_fields=None, **kwargs):
    if not instance.is_active and (update_fields is None or "is_active" in update_fields):
        broadcast.close_sockets(instance.pk)


@receiver(post_delete, sender=NetworkMembership, dispatch_uid="chat_revoke_on_leaving")
def revoke_on_leaving_network(sender, instance, **kwargs):
    services.member_removed_from_network(user_id=instance.user_id, network=instance.network)
