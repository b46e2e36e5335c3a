"""`LeanSender`: `AsyncClient.request` for the gateway's upstream calls, minus the client's
per-call machinery they never use.

httpx's client wraps every call in an auth flow, a redirect loop, cookie extraction (it parses
every `Set-Cookie` into its jar: an upstream's cookies are not ours to replay), event hooks
and a base-URL merge: about a tenth of the CPU of one `customer(id:)` lookup (py-spy, at
concurrency 8), as much as the transport under it. The sender builds the same
`httpx.Request` (the client's default headers, then the call's; the client's timeouts for
the transport) and hands it to the client's transport, so the upstream sees the same request
and the transport (aiohttp's, or the one tests inject) the same call.
"""

from __future__ import annotations

from collections.abc import Mapping

import httpx

# Parsed URLs kept: Open2b's are a handful of methods, Ecwid's name a customer, so bounded.
_MAX_URLS = 512


class LeanSender:
    def __init__(self, client: httpx.AsyncClient) -> None:
        self._client = client
        self._timeout = client.timeout.as_dict()
        self._urls: dict[str, httpx.URL] = {}

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
        parsed = self._urls.get(url)
        if parsed is None:
            if len(self._urls) >= _MAX_URLS:
                self._urls.clear()
            parsed = self._urls[url] = httpx.URL(url)
        if params:
            parsed = parsed.copy_merge_params(params)
        merged = httpx.Headers(self._client.headers)
        if headers:
            merged.update(headers)
        request = httpx.Request(
            method, parsed, headers=merged, content=content, extensions={"timeout": self._timeout}
        )
        # The client's one transport: the gateway mounts none and uses no proxy.
        response = await self._client._transport.handle_async_request(request)
        response.request = request
        try:
            await response.aread()  # reads to the end, then closes the stream
        except BaseException:
            await response.aclose()
            raise
        return response
