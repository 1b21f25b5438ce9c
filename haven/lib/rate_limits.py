"""Rate limits kept in the shared cache, so every gunicorn worker and every machine counts together.

A limit of N events per window is N numbered slots: each event takes the first free slot with
`cache.add`, which is atomic on both of Haven's caches (an INSERT on the database cache's primary
key, SET NX on Redis), so two workers can never both take the last one. A slot frees itself a
window after it was taken, so the limit is a sliding window. The key is a keyed hash: typed
addresses and client addresses are never stored in the cache as written.
"""

import hashlib
import hmac

from django.conf import settings
from django.core.cache import cache


def _slot_keys(scope: str, subject: str, limit: int) -> list[str]:
    key = settings.HAVEN_BLIND_INDEX_KEY.encode()
    digest = hmac.new(key, f"{scope}:{subject}".encode(), hashlib.sha256).hexdigest()[:32]
    return [f"haven:limit:{scope}:{digest}:{slot}" for slot in range(limit)]


def take(scope: str, subject: str, *, limit: int, window_seconds: int) -> bool:
    """Count one event for `subject`; False when `limit` events already happened in the window."""
    keys = _slot_keys(scope, subject, limit)
    taken = cache.get_many(keys)
    # The first free slot this call manages to add; another worker may take one first.
    return any(key not in taken and cache.add(key, 1, timeout=window_seconds) for key in keys)


def exhausted(scope: str, subject: str, *, limit: int) -> bool:
    """Whether `limit` events already happened in the window (without counting another)."""
    keys = _slot_keys(scope, subject, limit)
    return len(cache.get_many(keys)) >= limit


def clear(scope: str, subject: str, *, limit: int) -> None:
    cache.delete_many(_slot_keys(scope, subject, limit))
