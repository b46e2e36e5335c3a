"""One access-log line per HTTP request, holding nothing a client could have put a secret in.

A line names the method, the path without its query string, the status, the duration, and the
GraphQL operation name and request id when known: never the query string (a GET can carry a
password in `query=`), headers, variables or bodies. Uvicorn's own access log writes the whole
URL, so `customer-gateway serve` turns it off and this middleware takes its place.

The request id, the operation's type and name and the number of upstream calls come from the
request's `Observation` (`model/observation.py`), made by `http/request_context.py`, which is
mounted outside this middleware and keeps a client's `X-Request-Id` only when it looks like an
id; the operation name is logged only when it looks like a GraphQL name, so a client cannot
write arbitrary text into the log. The record carries every part as a field
(`method`, `path`, `status`, `duration_ms`, `operation_type`, `operation_name`,
`upstream_calls`, `request_id`) for the JSON log format.
"""

from __future__ import annotations

import logging
import re
import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from customer_gateway.model.observation import current_observation

logger = logging.getLogger("customer_gateway.access")

_OPERATION_NAME_SHAPE = re.compile(r"[_A-Za-z][_0-9A-Za-z]{0,99}")
_UNKNOWN = "-"
_MAX_PATH = 200


def _operation_name(value: str | None) -> str:
    if value is not None and _OPERATION_NAME_SHAPE.fullmatch(value):
        return value
    return _UNKNOWN


def _printable(path: str) -> str:
    # A percent-encoded newline is a newline in `scope["path"]`: escape it, and bound the length.
    return path[:_MAX_PATH].encode("unicode_escape").decode("ascii")


class AccessLog:
    """ASGI middleware: log each HTTP request once it is answered (or failed)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500  # what the server answers when the app fails before starting a response

        async def send_and_note(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_and_note)
        finally:
            observation = current_observation()
            assert observation is not None, "RequestContext is mounted outside the access log"
            request_id = observation.request_id
            operation_type = observation.operation_type or _UNKNOWN
            name = _operation_name(observation.operation_name)
            calls = observation.upstream_calls
            duration_ms = round((time.perf_counter() - started) * 1000, 1)
            path = _printable(scope["path"])
            logger.info(
                "%s %s %d %.1fms op=%s %s upstream=%d rid=%s",
                scope["method"],
                path,
                status,
                duration_ms,
                operation_type,
                name,
                calls,
                request_id,
                extra={
                    "method": scope["method"],
                    "path": path,
                    "status": status,
                    "duration_ms": duration_ms,
                    "operation_type": None if operation_type == _UNKNOWN else operation_type,
                    "operation_name": None if name == _UNKNOWN else name,
                    "upstream_calls": calls,
                    "request_id": request_id,
                },
            )
