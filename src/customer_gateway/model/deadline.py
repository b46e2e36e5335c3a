"""The deadline of the operation being served, seen by every layer below HTTP.

The HTTP layer gives each operation a `Deadline` and makes it current (a context variable, so
every task the operation starts sees it). The upstream layer starts no call after it (a
write included), waits for a shared slot or a retry only until then, and cuts a read's
attempt at it; a write already sent keeps its whole timeout, so that its outcome is not
hidden. It also queues the calls of different operations fairly: the `Deadline` object is
the operation's identity.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from customer_gateway.model.errors import UpstreamInfo, UpstreamTimeout


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


def not_started(upstream: UpstreamInfo) -> UpstreamTimeout:
    """The error of a call the deadline left no time to start (it was not sent)."""
    return UpstreamTimeout(
        "The operation's deadline passed before this upstream call could start",
        upstream=upstream,
    )


def time_left() -> float | None:
    """Seconds until the current operation's deadline (<= 0: passed); None without one."""
    deadline = _current.get()
    return None if deadline is None else deadline.remaining()


def check_can_start(upstream: UpstreamInfo) -> None:
    """Raise `not_started` when the current operation's deadline has passed."""
    left = time_left()
    if left is not None and left <= 0:
        raise not_started(upstream)


def attempt_timeout(timeout: float, *, read: bool) -> float:
    """How long one attempt may take: `timeout`, or for a read what is left of the operation.

    A write once sent keeps its whole `timeout`: cut at the deadline, a write that succeeded
    upstream would be reported as a timeout.
    """
    left = time_left() if read else None
    return timeout if left is None else max(0.0, min(timeout, left))


def retry_fits(delay: float) -> bool:
    """Whether a retry after `delay` seconds would start before the operation's deadline."""
    left = time_left()
    return left is None or delay < left
