"""The deadline of the operation being served, seen by every layer below HTTP.

The HTTP layer gives each operation a `Deadline` and makes it current (a context variable, so
every task the operation starts sees it). The upstream layer waits for a shared slot only
until then, and queues the calls of different operations fairly: the `Deadline` object is
also the operation's identity.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True, eq=False, slots=True)
class Deadline:
    at: float  # time.monotonic()

    def remaining(self) -> float:
        return self.at - time.monotonic()


_current: ContextVar[Deadline | None] = ContextVar("customer_gateway_deadline", default=None)


def current_deadline() -> Deadline | None:
    """The deadline of the operation being served, if any."""
    return _current.get()


@contextmanager
def deadline_in(seconds: float) -> Iterator[Deadline]:
    """Make a deadline `seconds` from now current for this task and those it starts."""
    deadline = Deadline(time.monotonic() + seconds)
    token = _current.set(deadline)
    try:
        yield deadline
    finally:
        _current.reset(token)
