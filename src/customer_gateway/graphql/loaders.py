"""Per-request DataLoaders: everything one operation asks for by key, fetched in few calls."""

from __future__ import annotations

import asyncio
from asyncio import Future
from collections.abc import Mapping, Sequence

from aiodataloader import DataLoader

from customer_gateway.backends.base import CustomerBackend
from customer_gateway.model.records import CustomerField, CustomerRecord

CustomerKey = tuple[str, frozenset[CustomerField]]


class CustomerByIdLoader(DataLoader[CustomerKey, CustomerRecord | None]):
    """Customers by id: one `backend.find_by_ids` per `max_batch` distinct ids of a batch
    (or per `backend.ids_per_lookup`, when that is smaller).

    A key is an id and the fields wanted for it. A batch asks for the union of its keys' fields,
    so every `customer(id:)` of an operation, whatever it selects, shares the same calls.
    A missing customer is `None`; a failed chunk fails only the keys in that chunk.
    """

    def __init__(self, backend: CustomerBackend, *, max_batch: int) -> None:
        super().__init__()
        self.backend = backend
        self.max_batch = min(max_batch, backend.ids_per_lookup or max_batch)
        self._keys: dict[str, set[CustomerKey]] = {}

    def load_customer(
        self, customer_id: str, fields: frozenset[CustomerField]
    ) -> Future[CustomerRecord | None]:
        key = (customer_id, fields)
        self._keys.setdefault(customer_id, set()).add(key)
        return self.load(key)

    async def load_customers(
        self, keys: Sequence[CustomerKey]
    ) -> dict[CustomerKey, CustomerRecord | Exception | None]:
        """What `load_customer` would give each of `keys`, loaded together as the loader batches
        loads made in one go, with no future per key (a compiled operation's lookups: 30
        aliases cost 30 futures, their callbacks and the loader's bookkeeping otherwise).

        For an operation's first loads: nothing is taken from, or put in, the loader's cache
        (`remember` does that, when a later load may want them).
        """
        unique = list(dict.fromkeys(keys))
        try:
            answers = await self.batch_load_fn(unique)
        except Exception as exc:  # as the loader fails every load of a failed batch
            answers = [exc] * len(unique)
        return dict(zip(unique, answers, strict=True))

    def remember(self, found: Mapping[CustomerKey, CustomerRecord | Exception | None]) -> None:
        """Keep what `load_customers` found, so loading those keys again makes no call."""
        for key, answer in found.items():
            if not isinstance(answer, Exception):  # a failure is fetched again, as by `load`
                self._keys.setdefault(key[0], set()).add(key)
                self.prime(key, answer)

    def forget(self, customer_id: str) -> None:
        """Drop every cached copy of a customer (a write changed it): the next load fetches it."""
        for key in self._keys.pop(customer_id, ()):
            self.clear(key)

    def forget_all(self) -> None:
        """Drop every cached customer (a write changed one whose id is not known)."""
        self._keys.clear()
        self.clear_all()

    async def batch_load_fn(  # type: ignore[override]
        self, keys: list[CustomerKey]
    ) -> list[CustomerRecord | Exception | None]:
        ids = list(dict.fromkeys(customer_id for customer_id, _ in keys))
        fields = frozenset[CustomerField]().union(*(wanted for _, wanted in keys))
        chunks = [ids[i : i + self.max_batch] for i in range(0, len(ids), self.max_batch)]
        answers: list[Sequence[CustomerRecord] | BaseException]
        if len(chunks) == 1:  # nearly every operation: no task for its one call
            try:
                answers = [await self.backend.find_by_ids(chunks[0], fields)]
            except Exception as exc:
                answers = [exc]
        else:
            answers = await asyncio.gather(
                *(self.backend.find_by_ids(chunk, fields) for chunk in chunks),
                return_exceptions=True,
            )
        by_id: dict[str, CustomerRecord | Exception | None] = {}
        for chunk, answer in zip(chunks, answers, strict=True):
            if isinstance(answer, BaseException):
                if not isinstance(answer, Exception):
                    raise answer
                by_id.update(dict.fromkeys(chunk, answer))
            else:
                found = {record.id: record for record in answer}
                by_id.update((customer_id, found.get(customer_id)) for customer_id in chunk)
        return [by_id[customer_id] for customer_id, _ in keys]
