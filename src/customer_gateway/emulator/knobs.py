"""Test knobs: call statistics, latency, injected failures and a rate limit.

    GET  /__emulator/stats   {"calls": {method: n}, "last": {method: last JSON body}}
    POST /__emulator/config  any of latencyMs, failureRate, failureMode, failNext, rateLimit
    POST /__emulator/reset   clears the counters and the last bodies

Every upstream call (`/api/v10/...` with a known method) passes `Knobs.gate` before it is
authenticated or handled, so failed and refused calls are counted too.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections import Counter, deque
from dataclasses import dataclass
from typing import Any

import httpx
import orjson
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send


class ConnectionDropped(httpx.RemoteProtocolError):
    """Raised by the emulator for failureMode "drop", after the response has started.

    Over TCP (uvicorn) the server then closes the connection mid-response, so an httpx client
    sees its own `RemoteProtocolError`. In-process (`httpx.ASGITransport`) this very exception
    reaches the client, which is the same class it would see over TCP.
    """


class DroppedResponse(Response):
    """Starts a response, sends part of its body, then fails: a connection dropped mid-answer."""

    def __init__(self) -> None:
        super().__init__(status_code=200)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = [(b"content-type", b"application/json"), (b"content-length", b"64")]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": b'{"status":', "more_body": True})
        raise ConnectionDropped("emulator dropped the connection (failureMode drop)")


def _not_a_drop(record: logging.LogRecord) -> bool:
    return not (record.exc_info and isinstance(record.exc_info[1], ConnectionDropped))


def quiet_dropped_connections() -> None:
    """Keep uvicorn from logging a traceback for every connection dropped on purpose."""
    logging.getLogger("uvicorn.error").addFilter(_not_a_drop)  # idempotent: same object


@dataclass(frozen=True, slots=True)
class RateLimit:
    calls: int
    window_seconds: float


class Knobs:
    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self.latency_ms = 0
        self.failure_rate = 0.0
        self.failure_mode = "500"
        self.fail_next = 0
        self.rate_limit: RateLimit | None = None
        self.calls: Counter[str] = Counter()
        self.last: dict[str, Any] = {}
        self._accepted: deque[float] = deque()

    def config(self) -> dict[str, Any]:
        limit = self.rate_limit
        return {
            "latencyMs": self.latency_ms,
            "failureRate": self.failure_rate,
            "failureMode": self.failure_mode,
            "failNext": self.fail_next,
            "rateLimit": None
            if limit is None
            else {"calls": limit.calls, "windowSeconds": limit.window_seconds},
        }

    def configure(self, body: dict[str, Any]) -> None:
        """Apply a config body; raises ValueError naming the first bad key (nothing applied)."""
        unknown = set(body) - {"latencyMs", "failureRate", "failureMode", "failNext", "rateLimit"}
        if unknown:
            raise ValueError(f"unknown keys: {sorted(unknown)}")
        latency = body.get("latencyMs", self.latency_ms)
        rate = body.get("failureRate", self.failure_rate)
        mode = body.get("failureMode", self.failure_mode)
        fail_next = body.get("failNext", self.fail_next)
        limit = self.rate_limit
        if not _is_int(latency) or latency < 0:
            raise ValueError("latencyMs must be an int >= 0")
        if not _is_number(rate) or not 0 <= rate <= 1:
            raise ValueError("failureRate must be a number in 0..1")
        if mode not in ("500", "drop"):
            raise ValueError('failureMode must be "500" or "drop"')
        if not _is_int(fail_next) or fail_next < 0:
            raise ValueError("failNext must be an int >= 0")
        if "rateLimit" in body:
            limit = _rate_limit(body["rateLimit"])
            self._accepted.clear()
        self.latency_ms, self.failure_rate, self.failure_mode = latency, float(rate), mode
        self.fail_next, self.rate_limit = fail_next, limit

    def reset(self) -> None:
        self.calls.clear()
        self.last.clear()

    async def gate(self, method: str, body: Any) -> Response | None:
        """Count the call; then the response that replaces it, if a knob says so."""
        self.calls[method] += 1
        self.last[method] = body
        if self.latency_ms:
            await asyncio.sleep(self.latency_ms / 1000)
        if self.rate_limit is not None and not self._admit(self.rate_limit):
            return PlainTextResponse("rate limit exceeded", status_code=429)
        if self.fail_next:
            self.fail_next -= 1
            return self._failure()
        if self.failure_rate and self._rng.random() < self.failure_rate:
            return self._failure()
        return None

    def _admit(self, limit: RateLimit) -> bool:
        clock = time.monotonic()
        while self._accepted and self._accepted[0] <= clock - limit.window_seconds:
            self._accepted.popleft()
        if len(self._accepted) >= limit.calls:
            return False
        self._accepted.append(clock)
        return True

    def _failure(self) -> Response:
        if self.failure_mode == "drop":
            return DroppedResponse()
        return PlainTextResponse("internal server error", status_code=500)

    def routes(self) -> list[Route]:
        return [
            Route("/__emulator/stats", self._stats, methods=["GET"]),
            Route("/__emulator/config", self._config, methods=["GET", "POST"]),
            Route("/__emulator/reset", self._reset, methods=["POST"]),
        ]

    async def _stats(self, request: Request) -> Response:
        return _json({"calls": dict(self.calls), "last": self.last})

    async def _config(self, request: Request) -> Response:
        if request.method == "POST":
            try:
                body = orjson.loads(await request.body() or b"{}")
                if not isinstance(body, dict):
                    raise ValueError("the body must be a JSON object")
                self.configure(body)
            except ValueError as exc:  # orjson.JSONDecodeError is a ValueError
                return _json({"error": str(exc)}, status_code=400)
        return _json(self.config())

    async def _reset(self, request: Request) -> Response:
        self.reset()
        return _json({"status": "ok"})


def _json(content: Any, status_code: int = 200) -> Response:
    return Response(orjson.dumps(content), status_code, media_type="application/json")


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _rate_limit(value: object) -> RateLimit | None:
    if value is None:
        return None
    if not isinstance(value, dict) or set(value) != {"calls", "windowSeconds"}:
        raise ValueError("rateLimit must be null or {calls, windowSeconds}")
    calls, window = value["calls"], value["windowSeconds"]
    if not _is_int(calls) or calls < 1 or not _is_number(window) or window <= 0:
        raise ValueError("rateLimit.calls must be an int >= 1 and windowSeconds a number > 0")
    return RateLimit(calls, float(window))
