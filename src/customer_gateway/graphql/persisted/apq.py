"""Automatic persisted queries' store: documents by sha256, the least recently used dropped."""

from __future__ import annotations

from typing import Protocol

from customer_gateway.graphql.lru import Lru


class ApqStore(Protocol):
    async def get(self, sha256: str) -> str | None: ...

    async def put(self, sha256: str, query: str) -> None: ...


class LocalApqStore:
    """In this process, at most `max_entries` documents."""

    def __init__(self, max_entries: int) -> None:
        self._documents: Lru[str, str] = Lru(max_entries)

    async def get(self, sha256: str) -> str | None:
        return self._documents.get(sha256)

    async def put(self, sha256: str, query: str) -> None:
        self._documents.put(sha256, query)

    def __len__(self) -> int:
        return len(self._documents)
