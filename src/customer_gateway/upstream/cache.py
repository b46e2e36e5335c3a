"""The optional read cache (`CG_CACHE_TTL`): successful answers to reads, by request.

A key is a digest of the whole request: method, URL (backend, store), parameters, body (ids,
fields) and the credential headers (admin key, token or customer key), so one shopper never
gets another's answer and no secret is kept in the clear. Every write bumps the store's
generation (`SharedState.invalidate`), which retires every answer kept before it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable, Mapping

import httpx

from customer_gateway.upstream.shared_state import SharedState


def request_key(
    http_method: str,
    url: str,
    *,
    content: bytes | None,
    headers: Mapping[str, str] | None,
    params: Mapping[str, str] | None,
) -> str:
    """One digest per distinct request (our bodies are serialised in a fixed order)."""
    digest = hashlib.sha256(f"{http_method} {url}\n".encode())
    for name, value in sorted((params or {}).items()):
        digest.update(f"p {name}={value}\n".encode())
    for name, value in sorted((headers or {}).items()):
        digest.update(f"h {name.lower()}={value}\n".encode())
    digest.update(content or b"")
    return digest.hexdigest()


class ReadCache:
    def __init__(self, state: SharedState, *, ttl: float) -> None:
        self.state = state
        self.ttl = ttl

    async def fetch(
        self,
        key: str,
        send: Callable[[], Awaitable[httpx.Response]],
        hit: Callable[[], None] = lambda: None,
    ) -> httpx.Response:
        """The kept answer (`hit` is told), else `send()`'s, kept when it is a 200."""
        generation, kept = await self.state.cached(key)
        if kept is not None:
            hit()
            return httpx.Response(200, content=kept)
        response = await send()
        if response.status_code == 200:
            await self.state.keep(generation, key, response.content, self.ttl)
        return response

    async def invalidate(self) -> None:
        await self.state.invalidate()
