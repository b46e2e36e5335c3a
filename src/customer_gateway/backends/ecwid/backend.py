"""`CustomerBackend` over the Ecwid REST API v3 customers endpoints.

Ecwid has no many-ids lookup: `find_by_ids` is one `GET /customers/{id}` per id (the loader
gives it one id at a time, `ids_per_lookup = 1`), and `deleteCustomers` one DELETE per id;
both run concurrently, at most `CG_ECWID_CONCURRENCY` at a time. Lists page by offset.
Ecwid has no storefront customers (no login, no customer key, no password check), so `me`
with a key, `logIn`, `updateMe` and `authenticateCustomer` are NOT_SUPPORTED.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any, TypeGuard

from customer_gateway.backends.base import CallCosts
from customer_gateway.backends.ecwid import codec, search, writes
from customer_gateway.backends.ecwid.api import (
    CREATE,
    DELETE,
    GET,
    SEARCH,
    SERVICE,
    UPDATE,
    EcwidApi,
    unexpected,
)
from customer_gateway.backends.refusals import malformed
from customer_gateway.model.changes import CustomerChanges, MyCustomerChanges
from customer_gateway.model.errors import (
    ErrorCode,
    GatewayError,
    NotSupported,
    UpstreamInfo,
    UpstreamRejected,
)
from customer_gateway.model.queries import CustomerConditions, Page, PageRequest
from customer_gateway.model.records import CustomerField, CustomerRecord
from customer_gateway.upstream.client import JSON
from customer_gateway.upstream.fair_slots import FairSlots

EMAIL_PATH = "billingAddress.email"
_GET_CALL = UpstreamInfo(SERVICE, GET)
_DELETE_CALL = UpstreamInfo(SERVICE, DELETE)
_NO_STOREFRONT = "Ecwid has no storefront customer login: {} is not supported by this backend"


class EcwidBackend:
    service = SERVICE
    supports_after_id = False
    ids_per_lookup: int | None = 1
    # A GET may come before an update's PUT; one DELETE per id; no storefront, no password check.
    call_costs = CallCosts(
        update=2, delete_lookup=False, delete_per_id=True, storefront=False, authenticate=False
    )

    def __init__(self, api: EcwidApi, *, concurrency: int) -> None:
        self.api = api
        # Bounds the single-customer calls of every request together (Ecwid limits per token),
        # shared fairly between operations and waited for only until an operation's deadline.
        self._slots = FairSlots(concurrency)

    async def find_by_ids(
        self, ids: Sequence[str], fields: frozenset[CustomerField]
    ) -> Sequence[CustomerRecord]:
        numbers = dict.fromkeys(n for n in map(codec.customer_id, ids) if n is not None)
        params = {"responseFields": codec.response_fields(fields)}
        found = await asyncio.gather(*(self._get(number, params) for number in numbers))
        return [record for record in found if record is not None]

    async def _get(self, number: int, params: dict[str, str]) -> CustomerRecord | None:
        async with self._slots.slot(_GET_CALL):
            try:
                payload = await self.api.call(GET, customer_id=number, params=params)
            except UpstreamRejected as exc:
                if exc.code is ErrorCode.NOT_FOUND:
                    return None
                raise
        return _customer(GET, payload)

    async def find_page(self, request: PageRequest) -> Page:
        params = search.filter_params(request.conditions)
        params["sortBy"] = search.sort_by(request.order)
        params["offset"] = str(request.offset)
        params["limit"] = str(request.limit)
        params["responseFields"] = codec.search_fields(request.fields)
        payload = await self.api.call(SEARCH, params=params)
        total, items = payload.get("total"), payload.get("items", [])
        if not _is_count(total) or not isinstance(items, list):
            raise unexpected(SEARCH)
        records = tuple(_customer(SEARCH, item) for item in items[: request.limit])
        return Page(records=records, has_more=request.offset + len(items) < total)

    async def count(self, conditions: CustomerConditions) -> int:
        params = search.filter_params(conditions)
        params.update(limit="1", responseFields="total")
        total = (await self.api.call(SEARCH, params=params)).get("total")
        if not _is_count(total):
            raise unexpected(SEARCH)
        return total

    async def storefront_customer(
        self, customer_key: str, fields: frozenset[CustomerField]
    ) -> CustomerRecord | None:
        raise NotSupported(_NO_STOREFRONT.format("me"))

    # Writes: sent once, never retried.

    async def create_customer(self, changes: CustomerChanges) -> str:
        writes.check(changes)
        body = writes.customer_body(changes, {})
        payload = await self.api.call(CREATE, body=body, fields={409: EMAIL_PATH})
        new_id = payload.get("id")
        if not _is_count(new_id) or new_id < 1:
            raise unexpected(CREATE)
        return str(new_id)

    async def update_customer(self, customer_id: str, changes: CustomerChanges) -> None:
        number = _checked_id(customer_id, "id")
        writes.check(changes)
        fields = {404: "id", 409: EMAIL_PATH}
        current: JSON = {}
        if writes.needs_current(changes):
            params = {"responseFields": writes.CURRENT_FIELDS}
            current = await self.api.call(GET, customer_id=number, params=params, fields=fields)
        body = writes.customer_body(changes, current)
        payload = await self.api.call(UPDATE, customer_id=number, body=body, fields=fields)
        if payload.get("updateCount") != 1:
            raise unexpected(UPDATE)

    async def delete_customers(self, ids: Sequence[str]) -> Sequence[str]:
        numbers = list(dict.fromkeys(_checked_id(value, "ids") for value in ids))
        outcomes = await asyncio.gather(
            *(self._delete(number) for number in numbers), return_exceptions=True
        )
        deleted = [
            str(number) for number, gone in zip(numbers, outcomes, strict=True) if gone is True
        ]
        for outcome in outcomes:
            if isinstance(outcome, BaseException):
                # Every DELETE has had its answer: say which customers are gone all the same.
                if isinstance(outcome, GatewayError):
                    outcome.details["deletedIds"] = deleted
                raise outcome
        return deleted

    async def _delete(self, number: int) -> bool:
        async with self._slots.slot(_DELETE_CALL):
            try:
                payload = await self.api.call(DELETE, customer_id=number)
            except UpstreamRejected as exc:
                if exc.code is ErrorCode.NOT_FOUND:
                    return False
                raise
        count = payload.get("deleteCount")
        if not _is_count(count):
            raise unexpected(DELETE)
        return count > 0

    async def authenticate(
        self, email: str, password: str, fields: frozenset[CustomerField]
    ) -> CustomerRecord | None:
        raise NotSupported(
            "Ecwid cannot check a customer's password: "
            "authenticateCustomer is not supported by this backend"
        )

    async def log_in(self, email: str, password: str) -> str:
        raise NotSupported(_NO_STOREFRONT.format("logIn"))

    async def update_my_customer(self, customer_key: str, changes: MyCustomerChanges) -> None:
        raise NotSupported(_NO_STOREFRONT.format("updateMe"))

    async def ping(self) -> None:
        # A probe is not retried: it should say how the upstream is now.
        params = {"limit": "1", "responseFields": "total"}
        await self.api.call(SEARCH, params=params, idempotent=False)


def _is_count(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _checked_id(value: str, path: str) -> int:
    number = codec.customer_id(value)
    if number is None:
        raise malformed(path)
    return number


def _customer(method: str, data: Any) -> CustomerRecord:
    try:
        return codec.customer_from_json(data)
    except (KeyError, TypeError, ValueError, AttributeError):
        raise unexpected(method) from None
