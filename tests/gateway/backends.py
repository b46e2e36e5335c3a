"""One gateway per backend over the in-process emulator, for tests that run on both."""

from __future__ import annotations

from dataclasses import dataclass

from gateway.harness import (
    COUNT,
    CREATE,
    DELETE,
    ECWID_DELETE,
    ECWID_GET,
    ECWID_POST,
    ECWID_PUT,
    ECWID_SEARCH,
    FIND,
    UPDATE,
    Emulator,
    Gateway,
)


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
        lookup=FIND,
        search=FIND,
        count=COUNT,
        create=CREATE,
        update=UPDATE,
        delete=DELETE,
    ),
    "ecwid": Calls(
        lookup=ECWID_GET,
        search=ECWID_SEARCH,
        count=ECWID_SEARCH,
        create=ECWID_POST,
        update=ECWID_PUT,
        delete=ECWID_DELETE,
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
