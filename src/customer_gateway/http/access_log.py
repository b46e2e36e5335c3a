"""One access-log line per HTTP request, holding nothing a client could have put a secret in.

A line names the method, the path without its query string, the status, the duration, and the
GraphQL operation name and request id when known: never the query string (a GET can carry a
password in `query=`), headers, variables or bodies. Uvicorn's own access log writes the whole
URL, so `customer-gateway serve` turns it off and this middleware takes its place.

The operation's type and name and the number of upstream calls come from the request's
`Observation` (`model/observation.py`), the request id too (`http/request_context.py` keeps a
client's `X-Request-Id` only when it looks like an id). Without one, the endpoint's
`request.state.operation_name` and the header are used, each only when it looks like a name,
so a client cannot write arbitrary text into the log. The record carries every part as a field
(`method`, `path`, `status`, `duration_ms`, `operation_type`, `operation_name`,
`upstream_calls`, `request_id`) for the JSON log format.
"""

from __future__ import annotations

import logging
import re
import time
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from customer_gateway.model.observation import current_observation

logger = logging.getLogger("customer_gateway.access")

OPERATION_NAME = "operation_name"
REQUEST_ID = "request_id"
_REQUEST_ID_HEADER = b"x-request-id"
# A GraphQL name, or an id made of the characters request ids use (uuid, ulid, w3c trace id).
_OPERATION_NAME_SHAPE = re.compile(r"[_A-Za-z][_0-9A-Za-z]{0,99}")
_REQUEST_ID_SHAPE = re.compile(r"[-_.:0-9A-Za-z]{1,128}")
_UNKNOWN = "-"
_MAX_PATH = 200


def _shaped(value: object, shape: re.Pattern[str]) -> str:
    if isinstance(value, str) and shape.fullmatch(value):
        return value
    return _UNKNOWN


def _printable(path: str) -> str:
    # A percent-encoded newline is a newline in `scope["path"]`: escape it, and bound the length.
    return path[:_MAX_PATH].encode("unicode_escape").decode("ascii")


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return bytes(value).decode("latin-1")
    return None


class AccessLog:
    """ASGI middleware: log each HTTP request once it is answered (or failed)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        # The request state is where the endpoint leaves the operation name for us.
        state: dict[str, Any] = scope.setdefault("state", {})
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
            if observation is None:
                request_id = _shaped(
                    state.get(REQUEST_ID) or _header(scope, _REQUEST_ID_HEADER), _REQUEST_ID_SHAPE
                )
                operation_type, operation_name, calls = _UNKNOWN, None, 0
            else:
                request_id = observation.request_id
                operation_type = observation.operation_type or _UNKNOWN
                operation_name = observation.operation_name
                calls = observation.upstream_calls
            name = _shaped(operation_name or state.get(OPERATION_NAME), _OPERATION_NAME_SHAPE)
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
