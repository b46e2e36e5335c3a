"""Small helpers for tests that talk to the Open2b emulator."""

from __future__ import annotations

import unicodedata
from typing import Any

import httpx

from customer_gateway.emulator.open2b.seed import HOLMES_EMAIL, HOLMES_PASSWORD

Row = tuple[str, str, str]  # an Open2b error's field, type and description


def by_name(text: str) -> tuple[str, str]:
    """How a person expects names sorted: "Álvaro" next to "Alvaro", case set aside."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return plain.casefold(), text


WATSON_BILLING: dict[str, Any] = {
    "firstName": "John",
    "lastName": "Watson",
    "street1": "221b Baker Street",
    "city": "London",
    "postalCode": "NW1 6XE",
    "country": "GB",
    "email": "watson@inv-london.com",
}


def watson_billing(**fields: Any) -> dict[str, Any]:
    """A valid Open2b billing address with `fields` changed; a field set to `...` is left out."""
    return {key: value for key, value in (WATSON_BILLING | fields).items() if value is not ...}


def new_customer(**fields: Any) -> dict[str, Any]:
    """A valid customers.create `customer` (Watson's billing address) with `fields` added."""
    return {"billingAddress": watson_billing(), **fields}


# Open2b's common error templates, for bounds that have no documented row.
def malformed(field: str) -> Row:
    return (field, "Malformed", f"{field} is not syntactically correct")


def invalid(field: str) -> Row:
    return (field, "InvalidValue", f"{field} is not a valid value")


def missing(field: str) -> Row:
    return (field, "Missing", f"{field} is required")


def unknown(field: str) -> Row:
    return ("unknown", "UnknownField", f"Field '{field}' is unknown")


async def call(
    client: httpx.AsyncClient,
    method: str,
    body: dict[str, Any],
    *,
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    """POST an Open2b method and return its JSON envelope (it must answer HTTP 200)."""
    response = await client.post(f"/api/v10/{method}", json=body, headers=headers)
    assert response.status_code == 200, (response.status_code, response.text)
    envelope: dict[str, Any] = response.json()
    return envelope


async def ok(
    client: httpx.AsyncClient,
    method: str,
    body: dict[str, Any],
    *,
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Like `call`, but the answer must be `{"status": "ok", ...}`."""
    envelope = await call(client, method, body, headers=headers)
    assert envelope["status"] == "ok", envelope
    return envelope


async def error(
    client: httpx.AsyncClient,
    method: str,
    body: dict[str, Any],
    *,
    headers: dict[str, str] | None = None,
) -> dict[str, str]:
    """Like `call`, but the answer must be an error envelope; returns its `error` object."""
    envelope = await call(client, method, body, headers=headers)
    assert envelope["status"] == "error", envelope
    assert set(envelope) == {"status", "error"}
    err: dict[str, str] = envelope["error"]
    return err


async def log_in(client: httpx.AsyncClient, email: str = HOLMES_EMAIL) -> dict[str, str]:
    """storefront.login with Holmes's password; the header that carries the customer key."""
    response = await client.post(
        "/api/v10/storefront.login", json={"email": email, "password": HOLMES_PASSWORD}
    )
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    return {"X-Customer-Key": response.headers["X-Customer-Key"]}
