"""What one request did, as the layers below HTTP tell it: operation, errors, upstream calls.

The HTTP layer opens an `Observation` per request and makes it current (a context variable, so
every task the request starts sees it); the GraphQL layer names the operation, the upstream
layer counts its calls and forwards the client's `traceparent`. Metrics, access logs and spans
read it at the end. Nothing in it is a secret: no variables, no keys, no query text.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field


@dataclass(slots=True)
class Observation:
    request_id: str
    # The W3C `traceparent` the client sent, forwarded upstream when tracing is off.
    traceparent: str | None = None
    operation_type: str | None = None  # "query", "mutation", "subscription"
    operation_name: str | None = None
    error_codes: list[str] = field(default_factory=list)
    upstream_calls: int = 0


_current: ContextVar[Observation | None] = ContextVar("customer_gateway_observation", default=None)


def current_observation() -> Observation | None:
    """The observation of the request being served, if any."""
    return _current.get()


@contextmanager
def observing(observation: Observation) -> Iterator[Observation]:
    """Make `observation` current for this task and the tasks it starts, until the block ends."""
    token = _current.set(observation)
    try:
        yield observation
    finally:
        _current.reset(token)
