"""How much of a request `/graphql` reads: bodies and query strings over a byte bound are refused.

A body is refused with 413 as soon as it is known to be too big: at once when its
`Content-Length` says so, else when the chunks received so far pass the bound (a chunked or
lying client), so the server never holds more than the bound of any one request. A GET's
query string over the same bound is 414.
"""

from __future__ import annotations

from cross_web import HTTPException
from starlette.types import Message, Receive, Scope

PAYLOAD_TOO_LARGE = 413
URI_TOO_LONG = 414


class PayloadTooLarge(HTTPException):
    """A body or query string over the bound (413, or 414 for a query string)."""

    def __init__(self, reason: str, status_code: int = PAYLOAD_TOO_LARGE) -> None:
        super().__init__(status_code, reason)


def _declared_length(scope: Scope) -> int | None:
    for key, value in scope.get("headers", ()):
        if key.lower() == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def check_request_size(scope: Scope, max_bytes: int) -> None:
    """Raise `PayloadTooLarge` for what the request line and headers already show too big."""
    if len(scope.get("query_string", b"")) > max_bytes:
        raise PayloadTooLarge(
            f"The query string is longer than {max_bytes} bytes; send the request by POST",
            URI_TOO_LONG,
        )
    declared = _declared_length(scope)
    if declared is not None and declared > max_bytes:
        raise PayloadTooLarge(f"The request body is larger than {max_bytes} bytes")


def bounded_receive(receive: Receive, max_bytes: int) -> Receive:
    """`receive`, raising `PayloadTooLarge` once the body passes `max_bytes`."""
    received = 0

    async def receive_bounded() -> Message:
        nonlocal received
        message = await receive()
        if message["type"] == "http.request":
            received += len(message.get("body", b""))
            if received > max_bytes:
                raise PayloadTooLarge(f"The request body is larger than {max_bytes} bytes")
        return message

    return receive_bounded
