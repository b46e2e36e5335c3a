"""Automatic persisted queries' store: documents by sha256, the least recently used dropped."""

from __future__ import annotations

from collections import OrderedDict
from typing import Protocol


class ApqStore(Protocol):
    async def get(self, sha256: str) -> str | None: ...

    async def put(self, sha256: str, query: str) -> None: ...


class LocalApqStore:
    """In this process, at most `max_entries` documents (OrderedDict as an LRU: ten lines)."""

    def __init__(self, max_entries: int) -> None:
        self._max_entries = max_entries
        self._documents: OrderedDict[str, str] = OrderedDict()

    async def get(self, sha256: str) -> str | None:
        query = self._documents.get(sha256)
        if query is not None:
            self._documents.move_to_end(sha256)
        return query

    async def put(self, sha256: str, query: str) -> None:
        self._documents[sha256] = query
        self._documents.move_to_end(sha256)
        while len(self._documents) > self._max_entries:
            self._documents.popitem(last=False)

    def __len__(self) -> int:
        return len(self._documents)
