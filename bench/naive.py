"""The design the gateway is measured against: one upstream `get` per `customer(id:)`.

A straightforward resolver-per-field gateway: no DataLoader, no projection (it asks for every
field, as code that does not look at the selection must), no deduplication.
"""

from __future__ import annotations

from typing import Any

import httpx
import strawberry
from strawberry.types import Info

ALL_FIELDS = [
    "id", "code", "canLogin", "hasPassword", "locale", "creationTime", "loginTime", "updateTime",
    "group", "collection", "collections", "wishList", "cart", "invoiceRecipient", "fullName",
    "billingAddress", "shippingAddress",
]  # fmt: skip


@strawberry.type
class NaiveCustomer:
    id: strawberry.ID
    full_name: str | None
    email: str | None

    @classmethod
    def from_json(cls, customer: dict[str, Any]) -> NaiveCustomer:
        billing = customer.get("billingAddress") or {}
        return cls(
            id=strawberry.ID(str(customer["id"])),
            full_name=customer.get("fullName"),
            email=billing.get("email"),
        )


@strawberry.type
class NaiveQuery:
    @strawberry.field
    async def customer(
        self, info: Info[dict[str, Any], None], id: strawberry.ID
    ) -> NaiveCustomer | None:
        client: httpx.AsyncClient = info.context["client"]
        response = await client.post(
            "/api/v10/commerce.customers.get", json={"id": int(id), "fields": ALL_FIELDS}
        )
        customer = response.json().get("customer")
        return None if customer is None else NaiveCustomer.from_json(customer)


naive_schema = strawberry.Schema(query=NaiveQuery)
