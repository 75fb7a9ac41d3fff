import json

from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.utils.translation import gettext as _

from chat import events


class ChatConsumer(AsyncJsonWebsocketConsumer):
    """One socket per browser tab. Only logged-in, active members get past the handshake."""

    async def connect(self):
        user = self.scope.get("user")
        if user is None or not user.is_authenticated or not user.is_active:
            await self.close(code=4001)
            return
        self.user_group = events.user_group(user.pk)
        await self.channel_layer.group_add(self.user_group, self.channel_name)
        await self.accept()

    async def disconnect(self, code):
        if hasattr(self, "user_group"):
            await self.channel_layer.group_discard(self.user_group, self.channel_name)

    async def receive(self, text_data=None, bytes_data=None):
        if text_data is None:
            await self._error(events.BAD_REQUEST, _("Only JSON text frames are accepted."))
            return
        try:
            frame = json.loads(text_data)
        except ValueError:
            await self._error(events.BAD_REQUEST, _("The frame is not valid JSON."))
            return
        if not isinstance(frame, dict) or frame.get("type") != events.PING:
            await self._error(events.BAD_REQUEST, _("Unknown frame type."))
            return
        await self.send_json({"type": events.PONG})

    async def _error(self, code: str, message: str, ref=None):
        await self.send_json({"type": events.ERROR, "code": code, "message": message, "ref": ref})

    async def session_closed(self, event):
        """The user logged out somewhere: this socket's session is gone too."""
        await self.close(code=4003)
