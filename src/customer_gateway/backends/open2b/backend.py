"""`CustomerBackend` over the Open2b API v10 (`commerce.customers.*`, `storefront.*`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import tzinfo
from typing import Any

from customer_gateway.backends.base import CallCosts
from customer_gateway.backends.open2b import codec, writes
from customer_gateway.backends.open2b.api import CUSTOMER_KEY_HEADER, SERVICE, Open2bApi
from customer_gateway.backends.open2b.checks import check_conditions, checked_id, customer_id
from customer_gateway.backends.open2b.methods import (
    AUTHENTICATE,
    AUTHENTICATE_BOUNDS,
    COUNT,
    CREATE,
    CREATE_BOUNDS,
    DELETE,
    DELETE_PATHS,
    FIND,
    LOGIN,
    LOGIN_BOUNDS,
    MY_CUSTOMER,
    MY_CUSTOMER_BOUNDS,
    UPDATE,
    UPDATE_BOUNDS,
    UPDATE_MY_CUSTOMER,
)
from customer_gateway.model.changes import CustomerChanges, MyCustomerChanges
from customer_gateway.model.errors import UpstreamInfo, UpstreamUnavailable
from customer_gateway.model.queries import ID_ORDER, CustomerConditions, Page, PageRequest
from customer_gateway.model.records import CustomerField, CustomerRecord
from customer_gateway.upstream.client import JSON

_ID_ONLY = frozenset({CustomerField.ID})

# The neutral path an upstream error field of a list or count stands for.
_LIST_PATHS = {
    **{f"conditions.{name}": f"conditions.{name}" for name in codec.CONDITION_NAMES.values()},
    "conditions.after": "afterId",
    "first": "offset",
    "limit": "limit",
    "order": "order",
}


class Open2bBackend:
    service = SERVICE
    supports_after_id = True
    ids_per_lookup: int | None = None
    call_costs = CallCosts()

    def __init__(self, api: Open2bApi, *, zone: tzinfo) -> None:
        self.api = api
        self.zone = zone

    async def find_by_ids(
        self, ids: Sequence[str], fields: frozenset[CustomerField]
    ) -> Sequence[CustomerRecord]:
        numbers = sorted({n for n in map(customer_id, ids) if n is not None})
        if not numbers:
            return ()
        # `limit` is always sent: the default page size of find is not documented.
        body = {
            "conditions": {"ids": numbers},
            "fields": codec.upstream_fields(fields),
            "limit": len(numbers),
        }
        payload = await self.api.admin(FIND, body, idempotent=True)
        return self._customers(FIND, payload)

    async def find_page(self, request: PageRequest) -> Page:
        check_conditions(request.conditions)
        conditions = codec.upstream_conditions(request.conditions)
        if request.after_id is not None:
            assert request.order == ID_ORDER, "keyset paging is by id only"
            conditions["after"] = int(request.after_id)
        body: JSON = {
            "conditions": conditions,
            "fields": codec.upstream_fields(request.fields),
            "order": codec.upstream_order(request.order),
        }
        # One more than asked tells whether another page follows.
        body["limit"] = request.limit + 1
        if request.offset:
            body["first"] = request.offset
        payload = await self.api.admin(FIND, body, idempotent=True, field_paths=_LIST_PATHS)
        records = self._customers(FIND, payload)
        return Page(records=tuple(records[: request.limit]), has_more=len(records) > request.limit)

    async def count(self, conditions: CustomerConditions) -> int:
        check_conditions(conditions)
        body = {"conditions": codec.upstream_conditions(conditions)}
        payload = await self.api.admin(COUNT, body, idempotent=True, field_paths=_LIST_PATHS)
        count = payload.get("count")
        if not isinstance(count, int) or isinstance(count, bool):
            raise _unexpected(COUNT)
        return count

    async def storefront_customer(
        self, customer_key: str, fields: frozenset[CustomerField]
    ) -> CustomerRecord | None:
        body = {"fields": codec.upstream_fields(fields)}
        answer = await self.api.storefront(
            MY_CUSTOMER, body, customer_key=customer_key, idempotent=True
        )
        customer = answer.payload.get("customer")
        return None if customer is None else self._customer(MY_CUSTOMER, customer)

    # Writes: checked against the documented bounds, then sent once (idempotent=False).

    async def create_customer(self, changes: CustomerChanges) -> str:
        writes.check(changes)
        customer = writes.customer_body(changes, self.zone)
        with writes.book_paths(changes):
            CREATE_BOUNDS.check(customer)
            payload = await self.api.admin(
                CREATE, {"customer": customer}, idempotent=False, field_paths=CREATE_BOUNDS.paths
            )
        new_id = payload.get("id")
        if not isinstance(new_id, int) or isinstance(new_id, bool) or new_id < 1:
            raise _unexpected(CREATE)
        return str(new_id)

    async def update_customer(self, customer_id: str, changes: CustomerChanges) -> None:
        number = checked_id(customer_id, "id")
        writes.check(changes)
        customer = writes.customer_body(changes, self.zone)
        with writes.book_paths(changes):
            UPDATE_BOUNDS.check(customer)
            body = {"id": number, "customer": customer}
            await self.api.admin(UPDATE, body, idempotent=False, field_paths=UPDATE_BOUNDS.paths)

    async def delete_customers(self, ids: Sequence[str]) -> Sequence[str]:
        # Open2b's delete says nothing of what it deleted, so one find asks what exists first.
        # A customer deleted by someone else in between is reported too: it is gone either way.
        numbers = list(dict.fromkeys(checked_id(value, "ids") for value in ids))
        if not numbers:
            return ()
        found = await self.find_by_ids([str(number) for number in numbers], _ID_ONLY)
        existing = {int(record.id) for record in found}
        deleted = [number for number in numbers if number in existing]
        if deleted:
            body = {"ids": deleted}
            await self.api.admin(DELETE, body, idempotent=False, field_paths=DELETE_PATHS)
        return [str(number) for number in deleted]

    async def authenticate(
        self, email: str, password: str, fields: frozenset[CustomerField]
    ) -> CustomerRecord | None:
        credentials = {"email": email, "password": password}
        AUTHENTICATE_BOUNDS.check(credentials)
        body = {**credentials, "fields": codec.upstream_fields(fields)}
        payload = await self.api.admin(
            AUTHENTICATE, body, idempotent=False, field_paths=AUTHENTICATE_BOUNDS.paths
        )
        customer = payload.get("customer")
        return None if customer is None else self._customer(AUTHENTICATE, customer)

    async def log_in(self, email: str, password: str) -> str:
        body = {"email": email, "password": password}
        LOGIN_BOUNDS.check(body)
        answer = await self.api.storefront(
            LOGIN, body, customer_key=None, idempotent=False, field_paths=LOGIN_BOUNDS.paths
        )
        key: str | None = answer.headers.get(CUSTOMER_KEY_HEADER)
        if not key:
            raise _unexpected(LOGIN)
        return key

    async def update_my_customer(self, customer_key: str, changes: MyCustomerChanges) -> None:
        customer = writes.customer_body(changes, self.zone)
        MY_CUSTOMER_BOUNDS.check(customer)
        await self.api.storefront(
            UPDATE_MY_CUSTOMER,
            {"customer": customer},
            customer_key=customer_key,
            idempotent=False,
            field_paths=MY_CUSTOMER_BOUNDS.paths,
        )

    async def ping(self) -> None:
        # Not retried (it says how the upstream is now), and no write: the cache stays.
        await self.api.admin(COUNT, {"conditions": {"ids": [1]}}, idempotent=False, write=False)

    def _customers(self, method: str, payload: JSON) -> list[CustomerRecord]:
        customers = payload.get("customers")
        if not isinstance(customers, list):
            raise _unexpected(method)
        decode, zone = codec.customer_from_json, self.zone
        try:  # one `try` for the page: a call of `_customer` per customer cost more than its work
            return [decode(customer, zone) for customer in customers]
        except (KeyError, TypeError, ValueError, AttributeError):
            raise _unexpected(method) from None

    def _customer(self, method: str, data: Any) -> CustomerRecord:
        try:
            return codec.customer_from_json(data, self.zone)
        except (KeyError, TypeError, ValueError, AttributeError):
            raise _unexpected(method) from None


def _unexpected(method: str) -> UpstreamUnavailable:
    return UpstreamUnavailable(
        f"{SERVICE} sent an answer to {method} that is not its documented JSON",
        upstream=UpstreamInfo(service=SERVICE, method=method, status=200),
    )
