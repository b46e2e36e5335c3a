"""`SharedState` in this process: a sliding window of call times, a block, a small cache."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable

from customer_gateway.upstream.shared_state import Admission, Budget

# Most answers kept; the oldest go first (insertion order) when it is full.
MAX_CACHED = 10_000


class LocalState:
    mode = "in-process"

    def __init__(self, budget: Budget, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.budget = budget
        self._clock = clock
        self._sent: deque[float] = deque()
        self._blocked_until = 0.0
        self._generation = 0
        self._answers: dict[str, tuple[float, bytes]] = {}

    def available(self) -> int | None:
        if not self.budget.calls:
            return None
        self._forget_old(self._clock())
        return self.budget.calls - len(self._sent)

    async def admit(self) -> Admission:
        now = self._clock()
        if now < self._blocked_until:
            return Admission(self._blocked_until - now, self.available())
        if not self.budget.calls:
            return Admission(0.0, None)
        self._forget_old(now)
        if len(self._sent) >= self.budget.calls:
            return Admission(max(self._sent[0] + self.budget.window - now, 1e-3), 0)
        self._sent.append(now)
        return Admission(0.0, self.budget.calls - len(self._sent))

    async def block(self, seconds: float) -> None:
        self._blocked_until = max(self._blocked_until, self._clock() + seconds)

    async def cached(self, key: str) -> tuple[int, bytes | None]:
        kept = self._answers.get(key)
        if kept is None:
            return self._generation, None
        expires, value = kept
        if expires <= self._clock():
            del self._answers[key]
            return self._generation, None
        return self._generation, value

    async def keep(self, generation: int, key: str, value: bytes, ttl: float) -> None:
        # An answer read before the last write may be older than that write: not kept.
        if generation != self._generation:
            return
        if len(self._answers) >= MAX_CACHED:
            del self._answers[next(iter(self._answers))]
        self._answers[key] = (self._clock() + ttl, value)

    async def invalidate(self) -> None:
        self._generation += 1
        self._answers.clear()

    async def aclose(self) -> None:
        return None

    def _forget_old(self, now: float) -> None:
        horizon = now - self.budget.window
        while self._sent and self._sent[0] <= horizon:
            self._sent.popleft()
