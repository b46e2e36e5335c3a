"""A bounded dict that forgets the least recently used entry: the per-document caches' one LRU.

Not `functools.lru_cache`: the caches here are filled by work done elsewhere (a worker thread,
an executor), looked at without being computed, or computed under keys the callee does not take.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class Lru(Generic[K, V]):
    __slots__ = ("_entries", "maxsize")

    def __init__(self, maxsize: int) -> None:
        self.maxsize = maxsize
        self._entries: OrderedDict[K, V] = OrderedDict()

    def get(self, key: K) -> V | None:
        """The entry, now the most recently used; None when there is none."""
        value = self._entries.get(key)
        if value is not None:
            self._entries.move_to_end(key)
        return value

    def peek(self, key: K) -> V | None:
        """The entry, its place left as it is."""
        return self._entries.get(key)

    def put(self, key: K, value: V) -> None:
        """Keep `value` as the most recently used; the least recently used goes past `maxsize`."""
        self._entries[key] = value
        self._entries.move_to_end(key)
        while len(self._entries) > self.maxsize:
            self._entries.popitem(last=False)

    def __len__(self) -> int:
        return len(self._entries)
