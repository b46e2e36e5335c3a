"""Helpers for mutation tests: the operations, a valid new customer, the upstream's copy."""

from __future__ import annotations

from typing import Any

import httpx

from customer_gateway.emulator.open2b.seed import HOLMES_EMAIL, HOLMES_PASSWORD
from gateway.harness import Gateway
from helpers import ok, watson_billing

CUSTOMER = "id code email canLogin hasPassword locale group collection collections wishList cart"
CUSTOMER_FIELDS = (
    f"{CUSTOMER} invoiceRecipient creationTime loginTime fullName"
    " billingAddress { firstName lastName city country email }"
    " shippingAddress { name street1 city postalCode country }"
)

CREATE_CUSTOMER = f"""
mutation($input: CustomerCreateInput!) {{
  createCustomer(input: $input) {{ customer {{ {CUSTOMER_FIELDS} }} }}
}}"""
UPDATE_CUSTOMER = f"""
mutation($id: ID!, $input: CustomerUpdateInput!) {{
  updateCustomer(id: $id, input: $input) {{ customer {{ {CUSTOMER_FIELDS} }} }}
}}"""
UPDATE_ME = f"""
mutation($input: MyCustomerUpdateInput!) {{
  updateMe(input: $input) {{ customer {{ {CUSTOMER_FIELDS} }} }}
}}"""
DELETE_CUSTOMERS = "mutation($ids: [ID!]!) { deleteCustomers(ids: $ids) { deletedIds } }"
LOG_IN = """
mutation($email: String!, $password: String!) {
  logIn(email: $email, password: $password) { customerKey customer { id email loginTime } }
}"""
AUTHENTICATE_CUSTOMER = """
mutation($email: String!, $password: String!) {
  authenticateCustomer(email: $email, password: $password) { id email fullName }
}"""


def new_customer(**fields: Any) -> dict[str, Any]:
    """A valid `CustomerCreateInput` (John Watson) with `fields` added."""
    return {"billingAddress": watson_billing(), **fields}


async def upstream_customer(emulator: httpx.AsyncClient, customer_id: int) -> Any:
    """The customer as the upstream holds it (every field), straight from the emulator."""
    answer = await ok(emulator, "commerce.customers.get", {"id": customer_id})
    return answer["customer"]


async def customer_count(emulator: httpx.AsyncClient) -> int:
    count: int = (await ok(emulator, "commerce.customers.count", {}))["count"]
    return count


async def log_in(gateway: Gateway) -> str:
    """Log Holmes in through the gateway; the customer key from the logIn payload."""
    variables = {"email": HOLMES_EMAIL, "password": HOLMES_PASSWORD}
    result = await gateway.query(LOG_IN, variables)
    assert "errors" not in result, result
    key: str = result["data"]["logIn"]["customerKey"]
    return key


def only_error(result: dict[str, Any], path: str) -> dict[str, Any]:
    """The one error of a failed mutation; its field (non-null) nulls the whole `data`."""
    assert result["data"] is None, result
    [error] = result["errors"]
    assert error["path"] == [path]
    found: dict[str, Any] = error
    return found
