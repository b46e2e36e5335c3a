"""`LeanSender`: `AsyncClient.request` for the gateway's upstream calls, minus the client's
per-call machinery they never use.

httpx's client wraps every call in an auth flow, a redirect loop, cookie extraction (it parses
every `Set-Cookie` into its jar: an upstream's cookies are not ours to replay), event hooks
and a base-URL merge. The sender sends what the client would (its default headers, then the
call's, `Host` and `Content-Length`; the client's timeouts) straight to the client's
transport. Over `Http11Transport` it skips `httpx.Request` too (~30 us, a third of what a call
now costs): the request goes to the wire as bytes, and the answer has no `request` (nothing
here reads it). Any other transport (tests inject ASGI, mock and fault transports) gets an
`httpx.Request` as from the client.
"""

from __future__ import annotations

from collections.abc import Mapping

import httpx

from customer_gateway.upstream.pool import Pool
from customer_gateway.upstream.transport import Http11Transport, encode_request

# Parsed URLs kept: Open2b's are a handful of methods, Ecwid's name a customer, so bounded.
_MAX_URLS = 512

_WITH_BODY = frozenset({"POST", "PUT", "PATCH"})


class LeanSender:
    def __init__(self, client: httpx.AsyncClient) -> None:
        # The client's one transport: the gateway mounts none and uses no proxy.
        self._transport = client._transport
        self._direct = self._transport if isinstance(self._transport, Http11Transport) else None
        self._timeout = client.timeout.as_dict()
        self._headers = httpx.Headers(client.headers)
        self._raw_headers = self._headers.raw
        self._header_names = {name.decode("ascii").lower() for name, _ in self._raw_headers}
        self._urls: dict[str, tuple[httpx.URL, Pool | None]] = {}

    async def request(
        self,
        method: str,
        url: str,
        *,
        content: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        params: Mapping[str, str] | None = None,
    ) -> httpx.Response:
        """The answer, read to its end (as `AsyncClient.request` returns it)."""
        target = self._urls.get(url)
        if target is None:
            if len(self._urls) >= _MAX_URLS:
                self._urls.clear()
            parsed = httpx.URL(url)
            pool = None if self._direct is None else self._direct.pool(parsed)
            target = self._urls[url] = (parsed, pool)
        parsed, pool = target
        if params:
            parsed = parsed.copy_merge_params(params)
        if self._direct is None or pool is None:
            return await self._via_request(method, parsed, content, headers)
        fields = [(b"Host", parsed.netloc), *self._merged(headers)]
        if content or method in _WITH_BODY:
            fields.append((b"Content-Length", str(len(content or b"")).encode("ascii")))
        data = encode_request(method.encode("ascii"), parsed.raw_path, fields, content or b"")
        return await self._direct.send(pool, data, self._timeout, head=method == "HEAD")

    def _merged(self, headers: Mapping[str, str] | None) -> list[tuple[bytes, bytes]]:
        """The client's default headers, those the call gives replacing theirs, as httpx's
        `Headers.update` does (names ASCII, as httpx requires)."""
        if not headers:
            return self._raw_headers
        given = [(name.encode("ascii"), value.encode("ascii")) for name, value in headers.items()]
        replaced = {name.lower() for name in headers} & self._header_names
        if not replaced:
            return self._raw_headers + given
        kept = [(k, v) for k, v in self._raw_headers if k.decode("ascii").lower() not in replaced]
        return kept + given

    async def _via_request(
        self,
        method: str,
        url: httpx.URL,
        content: bytes | None,
        headers: Mapping[str, str] | None,
    ) -> httpx.Response:
        merged = self._headers
        if headers:
            merged = merged.copy()
            merged.update(headers)
        request = httpx.Request(
            method, url, headers=merged, content=content, extensions={"timeout": self._timeout}
        )
        response = await self._transport.handle_async_request(request)
        response.request = request
        try:
            await response.aread()  # reads to the end, then closes the stream
        except BaseException:
            await response.aclose()
            raise
        return response
