"""`/healthz` (the process is up) and `/readyz` (the upstream answers and accepts our key).

`/readyz` costs no quota while the gateway is busy: it answers from the latest upstream
outcome when one is younger than the probe interval (`CG_READY_PROBE_INTERVAL`), and pings
the upstream itself (one `count` call, or Ecwid's one-item search) only when nothing was heard
from it for that long. Probes that arrive while a ping is running wait for its answer.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

import orjson
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from customer_gateway.model.errors import ErrorCode, GatewayError

# (time.monotonic(), None when the upstream answered, else the failure's code)
Outcome = tuple[float, str | None]


class Readiness:
    def __init__(
        self,
        service: str,
        ping: Callable[[], Awaitable[None]],
        last_outcome: Callable[[], Outcome | None],
        interval: float,
    ) -> None:
        self.service = service
        self._ping = ping
        self._last_outcome = last_outcome
        self.interval = interval
        self._probed: Outcome | None = None
        self._lock = asyncio.Lock()

    def _recent(self) -> Outcome | None:
        known = [o for o in (self._last_outcome(), self._probed) if o is not None]
        latest = max(known, default=None)
        if latest is not None and time.monotonic() - latest[0] < self.interval:
            return latest
        return None

    async def check(self) -> str | None:
        """None when ready, else the error code that says why not."""
        recent = self._recent()
        if recent is not None:
            return recent[1]
        async with self._lock:
            recent = self._recent()  # a ping that ran while we waited may have answered
            if recent is not None:
                return recent[1]
            try:
                await self._ping()
                code = None
            except GatewayError as exc:
                code = exc.code.value
            self._probed = (time.monotonic(), code)
            return code


def _json(content: object, status_code: int = 200) -> Response:
    return Response(orjson.dumps(content), status_code, media_type="application/json")


async def healthz(request: Request) -> Response:
    return _json({"status": "ok"})


def _shared(request: Request) -> dict[str, str]:
    """Where the quota budget is kept, when Redis is configured: "redis", or "degraded" (Redis
    unreachable: this replica serves on its share of the budget, so it stays ready)."""
    mode: str = request.state.shared_state.mode
    return {} if mode == "in-process" else {"sharedState": mode}


def health_routes(*, mode: str = "development") -> list[Route]:
    """`mode` (CG_ENV) is reported by `/readyz`, so an operator sees what a replica runs as.

    A spent quota budget (ours or the upstream's 429) leaves a replica ready: it still answers,
    with RATE_LIMITED and `retryAfter`, and a budget shared through Redis is spent for every
    replica at once, so a 503 would take the whole service out instead of throttling it.
    """

    async def readyz(request: Request) -> Response:
        readiness: Readiness = request.state.readiness
        code = await readiness.check()
        ready = {"backend": readiness.service, "mode": mode, **_shared(request)}
        if code == ErrorCode.RATE_LIMITED:
            return _json({"status": "ok", **ready, "quota": "spent"})
        if code is not None:
            body = {"status": "unavailable", "code": code, "mode": mode, **_shared(request)}
            return _json(body, 503)
        return _json({"status": "ok", **ready})

    return [
        Route("/healthz", healthz, methods=["GET"]),
        Route("/readyz", readyz, methods=["GET"]),
    ]
