"""Small helpers for tests that talk to the Open2b emulator."""

from __future__ import annotations

import unicodedata
from typing import Any

import httpx


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
