"""A token bucket that bounds the requests sent to the LLM endpoint by all workers together (issue 14).

``rate`` tokens per second flow into a bucket of ``burst`` tokens; a request takes one token, or waits until
one is there.  With ``url`` (Redis) the bucket is one Redis hash updated by a Lua script, atomically and on
the Redis server's clock, so twenty workers on five machines share one rate; without it the bucket lives in
this process (threads share it).  ``limiter_for(settings)`` returns the one limiter of a configuration.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Protocol

from docreview.errors import LLMError
from docreview.settings import LLMSettings

# KEYS[1]: the bucket (a hash: tokens, ts).  ARGV: rate per second, burst, cost.  Returns the seconds to wait
# before the cost can be taken ("0": taken now) as a string (Lua numbers become integers in replies).
_TAKE_LUA = """
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(state[1])
local ts = tonumber(state[2])
if tokens == nil or ts == nil then
  tokens = burst
  ts = now
end
tokens = math.min(burst, tokens + math.max(0, now - ts) * rate)
local wait = 0
if tokens >= cost then
  tokens = tokens - cost
else
  wait = (cost - tokens) / rate
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(now))
redis.call('EXPIRE', KEYS[1], math.ceil(burst / rate) + 60)
return tostring(wait)
"""


class RateLimiter(Protocol):
    def acquire(self, timeout: float | None = None) -> float:
        """Take one token, waiting as long as needed (at most ``timeout`` seconds: then ``LLMError``, retryable);
        returns the seconds waited."""
        ...


class Unlimited:
    def acquire(self, timeout: float | None = None) -> float:
        return 0.0


class LocalBucket:
    """The bucket in this process: every thread of it shares the rate."""

    def __init__(self, rate: float, burst: int) -> None:
        self.rate = rate
        self.burst = float(burst)
        self._tokens = float(burst)
        self._ts = time.monotonic()
        self._lock = threading.Lock()

    def _take(self) -> float:
        with self._lock:
            now = time.monotonic()
            self._tokens = min(self.burst, self._tokens + (now - self._ts) * self.rate)
            self._ts = now
            if self._tokens >= 1.0:
                self._tokens -= 1.0
                return 0.0
            return (1.0 - self._tokens) / self.rate

    def acquire(self, timeout: float | None = None) -> float:
        return _acquire(self._take, self.rate, timeout)


class RedisBucket:
    """The bucket in Redis, shared by every process that uses the same ``url`` and ``key``."""

    def __init__(self, url: str, rate: float, burst: int, *, key: str = "docreview:llm:bucket") -> None:
        import redis

        self.rate = rate
        self.burst = burst
        self.key = key
        self._redis = redis.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=5)
        self._script = self._redis.register_script(_TAKE_LUA)
        # when Redis cannot be reached, this process still keeps to the rate on its own
        self._fallback = LocalBucket(rate, burst)

    def _take(self) -> float:
        import redis

        try:
            return float(self._script(keys=[self.key], args=[self.rate, self.burst, 1]))
        except redis.RedisError:
            return self._fallback._take()

    def acquire(self, timeout: float | None = None) -> float:
        return _acquire(self._take, self.rate, timeout)


def _acquire(take: Callable[[], float], rate: float, timeout: float | None) -> float:
    start = time.monotonic()
    while True:
        wait = take()
        waited = time.monotonic() - start
        if wait <= 0:
            return waited
        if timeout is not None and waited + wait > timeout:
            raise LLMError(f"LLM 调用排队超过 {timeout:g} 秒（限速每秒 {rate:g} 次）/ waited over {timeout:g} s "
                           "for the LLM rate limit", retryable=True)
        time.sleep(min(wait, 1.0))


_limiters: dict[tuple[str | None, float, int], RateLimiter] = {}
_limiters_lock = threading.Lock()


def limiter_for(settings: LLMSettings) -> RateLimiter:
    """The limiter of ``settings`` (``rate_per_s``, ``burst``, ``rate_limit_url``), one per process and
    configuration; ``Unlimited`` when ``rate_per_s`` is 0."""
    if settings.rate_per_s <= 0:
        return Unlimited()
    url = settings.rate_limit_url if settings.rate_limit_url and settings.rate_limit_url.startswith(
        ("redis://", "rediss://", "unix://")) else None
    key = (url, settings.rate_per_s, settings.burst)
    with _limiters_lock:
        limiter = _limiters.get(key)
        if limiter is None:
            limiter = (RedisBucket(url, settings.rate_per_s, settings.burst) if url
                       else LocalBucket(settings.rate_per_s, settings.burst))
            _limiters[key] = limiter
        return limiter
