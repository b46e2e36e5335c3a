"""One gateway per backend over the in-process emulator, for tests that run on both."""

from __future__ import annotations

from dataclasses import dataclass

from gateway.harness import Emulator, Gateway


@dataclass(frozen=True)
class Calls:
    """The emulator's stats names of what a backend calls for each kind of operation."""

    lookup: str  # customer(id:)
    search: str  # customers
    count: str  # customersCount, totalCount
    create: str
    update: str
    delete: str


CALLS = {
    "open2b": Calls(
        lookup="commerce.customers.find",
        search="commerce.customers.find",
        count="commerce.customers.count",
        create="commerce.customers.create",
        update="commerce.customers.update",
        delete="commerce.customers.delete",
    ),
    "ecwid": Calls(
        lookup="ecwid GET /customers/{id}",
        search="ecwid GET /customers",
        count="ecwid GET /customers",
        create="ecwid POST /customers",
        update="ecwid PUT /customers/{id}",
        delete="ecwid DELETE /customers/{id}",
    ),
}
BACKENDS = list(CALLS)


@dataclass(frozen=True)
class Backend:
    """The gateway on one backend, the emulator behind it, and that backend's call names."""

    name: str
    gateway: Gateway
    knobs: Emulator

    @property
    def calls(self) -> Calls:
        return CALLS[self.name]

    @property
    def is_ecwid(self) -> bool:
        return self.name == "ecwid"
