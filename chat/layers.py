"""The channel layer with Redis: channels_redis' pub/sub layer, except that a socket opens while
Redis is unreachable.

Every socket gets a channel of its own, which the pub/sub layer subscribes to in Redis for
messages sent to that one channel from anywhere. The platform never sends to a single channel:
everything reaches a socket through a group (a room, a member), fanned out by the process that
holds the socket from its own table. So a socket whose own channel cannot be subscribed (Redis
restarting) still works: it reads history from the database at once, and its groups are joined
again on its next ping (docs/chat-protocol.md, "Guarantees").
"""

import contextlib
import uuid

from channels_redis.pubsub import RedisPubSubChannelLayer

from chat.outages import OUTAGE_ERRORS


class PubSubChannelLayer(RedisPubSubChannelLayer):
    async def new_channel(self, prefix: str = "specific.") -> str:
        layer = self._get_layer()
        channel = f"{layer.prefix}{prefix}{uuid.uuid4().hex}"
        # Registers the channel in this process, then subscribes to it in Redis; if Redis is
        # unreachable, it stays registered here all the same, and group messages reach it.
        with contextlib.suppress(*OUTAGE_ERRORS):
            await layer._subscribe_to_channel(channel)
        return channel
