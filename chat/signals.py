"""Logging out closes that user's sockets. Auth must not know about chat, hence a signal."""

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.contrib.auth.signals import user_logged_out
from django.dispatch import receiver

from chat import events


@receiver(user_logged_out, dispatch_uid="chat_close_sockets_on_logout")
def close_sockets_on_logout(sender, request, user, **kwargs):
    if user is None:
        return
    layer = get_channel_layer()
    if layer is not None:
        async_to_sync(layer.group_send)(events.user_group(user.pk), {"type": "session.closed"})
