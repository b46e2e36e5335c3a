"""The `CustomerBackend` protocol every upstream implements.

Backends take and return `model` types only: no strawberry types come in, no upstream JSON goes
out. They raise `model.errors` exceptions; an error's `field` is a neutral field path.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from customer_gateway.model.changes import CustomerChanges, MyCustomerChanges
from customer_gateway.model.queries import CustomerConditions, Page, PageRequest
from customer_gateway.model.records import CustomerField, CustomerRecord


@dataclass(frozen=True, slots=True)
class CallCosts:
    """Upstream calls a backend's operations make at most, for the cost estimate
    (`graphql/cost.py`); reads by id follow `ids_per_lookup`."""

    update: int = 1  # one updateCustomer, before its read-back (Ecwid may read first)
    delete_lookup: bool = True  # deleteCustomers asks which ids exist first, in one call
    delete_per_id: bool = False  # one delete per id, else one for all of them
    storefront: bool = True  # me, logIn and updateMe call the upstream
    authenticate: bool = True  # authenticateCustomer calls the upstream


class CustomerBackend(Protocol):
    """An upstream's customers, read and written in backend-neutral terms.

    Writes are sent once, never retried. A backend that cannot do an operation raises
    `NotSupported`. Errors name the offending value by its neutral path: a change's
    (`billingAddress.city`), a condition's (`conditions.email`), a page's (`order`, `limit`,
    `offset`, `afterId`), or an argument's (`id`, `ids`, `email`, `password`).
    """

    service: str
    supports_after_id: bool
    # The most ids one `find_by_ids` call is given (None: `CG_MAX_BATCH`). An upstream with no
    # many-ids lookup says 1: the loader then asks for each id apart, concurrently, and a
    # failing id fails no other.
    ids_per_lookup: int | None
    call_costs: CallCosts

    async def find_by_ids(
        self, ids: Sequence[str], fields: frozenset[CustomerField]
    ) -> Sequence[CustomerRecord]:
        """The customers with these ids that exist, in one upstream call where it can.

        Ids that cannot exist for this upstream (not numeric, ...) are simply not found.
        """
        ...

    async def find_page(self, request: PageRequest) -> Page: ...

    async def count(self, conditions: CustomerConditions) -> int: ...

    async def storefront_customer(
        self, customer_key: str, fields: frozenset[CustomerField]
    ) -> CustomerRecord | None:
        """The logged-in customer of a storefront customer key (raises if the key is bad)."""
        ...

    async def create_customer(self, changes: CustomerChanges) -> str:
        """Create a customer from `changes` (a billing address is required); return its id."""
        ...

    async def update_customer(self, customer_id: str, changes: CustomerChanges) -> None:
        """Change the given fields of a customer; omitted fields stay as they are."""
        ...

    async def delete_customers(self, ids: Sequence[str]) -> Sequence[str]:
        """Delete those of `ids` that exist; return them, once each, in the order given."""
        ...

    async def authenticate(
        self, email: str, password: str, fields: frozenset[CustomerField]
    ) -> CustomerRecord | None:
        """The customer with these credentials, or None when they are wrong."""
        ...

    async def log_in(self, email: str, password: str) -> str:
        """Log a customer in on the storefront; return the customer key."""
        ...

    async def update_my_customer(self, customer_key: str, changes: MyCustomerChanges) -> None:
        """Change the given fields of the storefront customer of `customer_key`."""
        ...

    async def ping(self) -> None:
        """Raise an `UpstreamError` unless the upstream answers and accepts our credentials."""
        ...
