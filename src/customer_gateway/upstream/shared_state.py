"""What every replica of the gateway must agree on, and where it is kept.

    SharedState            the protocol: budget admissions, the 429 block, the read cache
    ├── LocalState         in-process (local_state.py): one replica, or Redis unreachable
    ├── RedisState         in Redis (redis_state.py), atomic through Lua scripts
    └── FailoverState      Redis, falling back to a LocalState of this replica's share

The budget counts calls over a sliding window (the vendors' "N calls per T seconds"); a 429
closes it for everybody until its `Retry-After`. Cached answers are read under the store's
current *generation*, which every write bumps: one counter invalidates every replica's copies.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class Budget:
    """At most `calls` upstream calls in any `window` seconds; `calls == 0` means no budget."""

    calls: int
    window: float

    @property
    def restore_rate(self) -> float:
        """Calls a second the window gives back (Shopify's `restoreRate`)."""
        return self.calls / self.window if self.window else 0.0


@dataclass(frozen=True, slots=True)
class Admission:
    """`wait` 0: the call may go; else the seconds until one may. `available` when known."""

    wait: float
    available: int | None


# The generation of an answer looked up while the cache could not be reached: never stored.
NO_GENERATION = -1


class SharedState(Protocol):
    budget: Budget

    @property
    def mode(self) -> str:
        """ "in-process", "redis", or "degraded" (Redis configured but unreachable)."""
        ...

    def available(self) -> int | None:
        """Calls left in the window, as last known (no I/O)."""
        ...

    async def admit(self) -> Admission:
        """Take a slot of the budget for one call, unless the budget is spent or blocked."""
        ...

    async def block(self, seconds: float) -> None:
        """Let no call through for `seconds` (the upstream answered 429)."""
        ...

    async def cached(self, key: str) -> tuple[int, bytes | None]:
        """The current generation and the answer kept under `key` in it, if any."""
        ...

    async def keep(self, generation: int, key: str, value: bytes, ttl: float) -> None: ...

    async def invalidate(self) -> None:
        """A write went through: every cached answer of the store is out of date."""
        ...

    async def aclose(self) -> None: ...
