"""gzip for the clients that accept it: starlette's `GZipMiddleware`, skipped for the others.

Starlette wraps every answer in a responder that parses the response headers again, even for
a client that never asked for gzip (most API clients: wrk, curl, many SDKs): about 2% of the
CPU of a small lookup at concurrency 8. Such a request goes straight to the app instead. Its
answer then carries no `Vary: Accept-Encoding`; a cache may hand that plain answer to any
client, which is always safe (a compressed answer, sent only to those asking, still has it).
"""

from __future__ import annotations

from starlette.middleware.gzip import GZipMiddleware
from starlette.types import Receive, Scope, Send


class GZip(GZipMiddleware):
    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not _accepts_gzip(scope["headers"]):
            await self.app(scope, receive, send)
            return
        await super().__call__(scope, receive, send)


def _accepts_gzip(headers: list[tuple[bytes, bytes]]) -> bool:
    # As starlette decides it (a substring of Accept-Encoding), on the raw headers.
    return any(name == b"accept-encoding" and b"gzip" in value for name, value in headers)
