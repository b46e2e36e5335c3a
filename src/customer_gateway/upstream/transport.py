"""The shared client's transport: httpx's API over aiohttp's connection pool.

httpx's own transport costs about 1.5 ms of CPU per upstream call here, aiohttp's 0.4 ms
(measured in ../shared/perf's README), and the upstream call is most of a request's CPU.

httpx-aiohttp maps every aiohttp connection error to `ConnectTimeout`; the failures that
`client.py` tells apart are mapped again here, so a refused or dropped connection stays
"unreachable" (retried for reads) and only a real timeout is a timeout:

- could not connect (refused, DNS)         -> ConnectError
- connect did not finish in time           -> ConnectTimeout
- no answer in time                        -> ReadTimeout
- the connection dropped, a truncated body -> ReadError
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import httpx
from httpx_aiohttp import AiohttpTransport

# First match wins: the more specific aiohttp classes come first.
_MAPPED: tuple[tuple[type[BaseException], type[httpx.TransportError]], ...] = (
    (aiohttp.ConnectionTimeoutError, httpx.ConnectTimeout),
    (aiohttp.SocketTimeoutError, httpx.ReadTimeout),
    (aiohttp.ServerTimeoutError, httpx.ReadTimeout),
    (aiohttp.ClientConnectorError, httpx.ConnectError),
    (aiohttp.ClientPayloadError, httpx.ReadError),
    (aiohttp.ClientConnectionError, httpx.ReadError),
)


class FastTransport(AiohttpTransport):
    """`AiohttpTransport` with a pool sized by `limits`, no cookie jar, and exact errors."""

    def __init__(self, limits: httpx.Limits) -> None:
        super().__init__(limits=limits, client=self._session)

    def _session(self) -> aiohttp.ClientSession:
        connector = aiohttp.TCPConnector(
            limit=self.limits.max_connections or 0,
            keepalive_timeout=self.limits.keepalive_expiry or 15.0,
        )
        # httpx's client keeps no cookies for us either: upstream cookies are not ours to replay.
        return aiohttp.ClientSession(connector=connector, cookie_jar=aiohttp.DummyCookieJar())

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        try:
            response = await super().handle_async_request(request)
        except httpx.TransportError as exc:
            raise remapped(exc) from exc.__cause__
        # The body is read later, through the stream: a connection dropped mid-body fails there.
        assert isinstance(response.stream, httpx.AsyncByteStream)
        response.stream = _RemappedStream(response.stream)
        return response


class _RemappedStream(httpx.AsyncByteStream):
    def __init__(self, inner: httpx.AsyncByteStream) -> None:
        self._inner = inner

    async def __aiter__(self) -> AsyncIterator[bytes]:
        try:
            async for chunk in self._inner:
                yield chunk
        except httpx.TransportError as exc:
            raise remapped(exc) from exc.__cause__

    async def aclose(self) -> None:
        try:
            await self._inner.aclose()
        except httpx.TransportError as exc:
            raise remapped(exc) from exc.__cause__


def remapped(exc: httpx.TransportError) -> httpx.TransportError:
    cause = exc.__cause__
    for aiohttp_type, httpx_type in _MAPPED:
        if isinstance(cause, aiohttp_type):
            return httpx_type(str(exc))
    return exc
