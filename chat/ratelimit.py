"""Per-user token bucket: a burst of 5 messages, then one a second (per process)."""

import time

BURST = 5
RATE_PER_SECOND = 1.0


class TokenBuckets:
    def __init__(self, *, burst: int = BURST, rate: float = RATE_PER_SECOND):
        self.burst = burst
        self.rate = rate
        self._buckets: dict[int, tuple[float, float]] = {}

    def allow(self, key: int) -> bool:
        now = time.monotonic()
        tokens, last = self._buckets.get(key, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + (now - last) * self.rate)
        if tokens < 1.0:
            self._buckets[key] = (tokens, now)
            return False
        self._buckets[key] = (tokens - 1.0, now)
        return True


send_limits = TokenBuckets()
