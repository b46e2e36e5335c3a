"""Test knobs: call statistics, latency, injected failures and a rate limit.

    GET  /__emulator/stats   {"calls": {method: n}, "last": {method: last JSON body}}
    POST /__emulator/config  any of latencyMs, failureRate, failureMode, failNext, rateLimit,
                             ecwidRateLimit
    POST /__emulator/reset   clears the counters and the last bodies

Every Open2b call (`/api/v10/...` with a known method) passes `Knobs.gate` before it is
authenticated or handled, so failed and refused calls are counted too. Ecwid calls use the
same steps (`enter`, `token_wait`, `failing`) but answer in Ecwid's words: `rateLimit` is
Open2b's, one window for the whole emulator; `ecwidRateLimit` is a window per Ecwid token.
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


ECWID_RATE_LIMIT = RateLimit(600, 60.0)  # Ecwid's documented 600 requests per minute per token
_KEYS = {"latencyMs", "failureRate", "failureMode", "failNext", "rateLimit", "ecwidRateLimit"}


class Knobs:
    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self.latency_ms = 0
        self.failure_rate = 0.0
        self.failure_mode = "500"
        self.fail_next = 0
        self.rate_limit: RateLimit | None = None
        self.ecwid_rate_limit: RateLimit | None = ECWID_RATE_LIMIT
        self.calls: Counter[str] = Counter()
        self.last: dict[str, Any] = {}
        self._accepted: deque[float] = deque()
        self._accepted_by_token: dict[str, deque[float]] = {}

    def config(self) -> dict[str, Any]:
        return {
            "latencyMs": self.latency_ms,
            "failureRate": self.failure_rate,
            "failureMode": self.failure_mode,
            "failNext": self.fail_next,
            "rateLimit": _limit_json(self.rate_limit),
            "ecwidRateLimit": _limit_json(self.ecwid_rate_limit),
        }

    def configure(self, body: dict[str, Any]) -> None:
        """Apply a config body; raises ValueError naming the first bad key (nothing applied)."""
        unknown = set(body) - _KEYS
        if unknown:
            raise ValueError(f"unknown keys: {sorted(unknown)}")
        latency = body.get("latencyMs", self.latency_ms)
        rate = body.get("failureRate", self.failure_rate)
        mode = body.get("failureMode", self.failure_mode)
        fail_next = body.get("failNext", self.fail_next)
        limit = _rate_limit(body["rateLimit"], "rateLimit") if "rateLimit" in body else None
        ecwid_limit = (
            _rate_limit(body["ecwidRateLimit"], "ecwidRateLimit")
            if "ecwidRateLimit" in body
            else None
        )
        if not _is_int(latency) or latency < 0:
            raise ValueError("latencyMs must be an int >= 0")
        if not _is_number(rate) or not 0 <= rate <= 1:
            raise ValueError("failureRate must be a number in 0..1")
        if mode not in ("500", "drop"):
            raise ValueError('failureMode must be "500" or "drop"')
        if not _is_int(fail_next) or fail_next < 0:
            raise ValueError("failNext must be an int >= 0")
        if "rateLimit" in body:
            self.rate_limit = limit
            self._accepted.clear()
        if "ecwidRateLimit" in body:
            self.ecwid_rate_limit = ecwid_limit
            self._accepted_by_token.clear()
        self.latency_ms, self.failure_rate, self.failure_mode = latency, float(rate), mode
        self.fail_next = fail_next

    def reset(self) -> None:
        self.calls.clear()
        self.last.clear()

    async def gate(self, method: str, body: Any) -> Response | None:
        """Count an Open2b call; then the response that replaces it, if a knob says so."""
        await self.enter(method, body)
        if self.rate_limit is not None and _wait(self._accepted, self.rate_limit):
            return PlainTextResponse("rate limit exceeded", status_code=429)
        if self.failing():
            if self.failure_mode == "drop":
                return DroppedResponse()
            return PlainTextResponse("internal server error", status_code=500)
        return None

    async def enter(self, method: str, body: Any) -> None:
        """Count the call, keep its body, wait `latencyMs`."""
        self.calls[method] += 1
        self.last[method] = body
        if self.latency_ms:
            await asyncio.sleep(self.latency_ms / 1000)

    def token_wait(self, token: str) -> float:
        """0 when an Ecwid call with `token` is admitted (and counted), else seconds to wait."""
        if self.ecwid_rate_limit is None:
            return 0.0
        window = self._accepted_by_token.setdefault(token, deque())
        return _wait(window, self.ecwid_rate_limit)

    def failing(self) -> bool:
        """Whether failNext or failureRate fails this call; its form is `failure_mode`'s."""
        if self.fail_next:
            self.fail_next -= 1
            return True
        return bool(self.failure_rate) and self._rng.random() < self.failure_rate

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


def _wait(accepted: deque[float], limit: RateLimit) -> float:
    """0 and the call recorded when `limit` admits it, else the seconds until it would."""
    clock = time.monotonic()
    while accepted and accepted[0] <= clock - limit.window_seconds:
        accepted.popleft()
    if len(accepted) >= limit.calls:
        return max(accepted[0] + limit.window_seconds - clock, 1e-9)
    accepted.append(clock)
    return 0.0


def _limit_json(limit: RateLimit | None) -> dict[str, Any] | None:
    return None if limit is None else {"calls": limit.calls, "windowSeconds": limit.window_seconds}


def _rate_limit(value: object, key: str) -> RateLimit | None:
    if value is None:
        return None
    if not isinstance(value, dict) or set(value) != {"calls", "windowSeconds"}:
        raise ValueError(f"{key} must be null or {{calls, windowSeconds}}")
    calls, window = value["calls"], value["windowSeconds"]
    if not _is_int(calls) or calls < 1 or not _is_number(window) or window <= 0:
        raise ValueError(f"{key}.calls must be an int >= 1 and windowSeconds a number > 0")
    return RateLimit(calls, float(window))
