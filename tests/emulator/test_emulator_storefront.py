"""storefront.login -> X-Customer-Key -> storefront.customer / storefront.update-customer."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from customer_gateway.emulator.open2b.seed import CARTS, HOLMES_EMAIL, HOLMES_PASSWORD
from helpers import Row, error, invalid, log_in, malformed, ok, unknown

LOGIN = "/api/v10/storefront.login"


async def test_login_needs_no_admin_key_and_gives_a_customer_key(emulator_app: Starlette) -> None:
    transport = httpx.ASGITransport(app=emulator_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://open2b.test") as shop:
        key = await log_in(shop)
        assert len(key["X-Customer-Key"]) >= 32
        assert key != await log_in(shop)  # every login issues a fresh key
        me = await ok(shop, "storefront.customer", {"fields": ["id", "fullName"]}, headers=key)
    assert me == {"status": "ok", "customer": {"id": 1, "fullName": "Investigations Inc"}}


async def test_login_updates_login_time(emulator: httpx.AsyncClient) -> None:
    before = await ok(emulator, "commerce.customers.get", {"id": 1, "fields": ["loginTime"]})
    key = await log_in(emulator)
    after = await ok(emulator, "storefront.customer", {"fields": ["loginTime"]}, headers=key)
    assert before["customer"]["loginTime"] == "2020-12-13 12:05:44"
    assert after["customer"]["loginTime"] > "2024-01-01 00:00:00"


WRONG = ("email", "InvalidCombination", "Email or password is not correct")
LOGIN_ERRORS = [
    (HOLMES_EMAIL, "moriarty", WRONG),
    ("watson@inv-london.com", HOLMES_PASSWORD, WRONG),
    (
        "holmes@",
        HOLMES_PASSWORD,
        ("email", "InvalidValue", "'holmes@' is not a well formed email address"),
    ),
    ("ab", HOLMES_PASSWORD, ("email", "Malformed", "email is not syntactically correct")),
    (HOLMES_EMAIL, "abc", ("password", "Malformed", "password is not syntactically correct")),
    (HOLMES_EMAIL, "a" * 17, ("password", "Malformed", "password is not syntactically correct")),
]


@pytest.mark.parametrize(("email", "password", "expected"), LOGIN_ERRORS)
async def test_login_errors(
    emulator: httpx.AsyncClient, email: str, password: str, expected: tuple[str, str, str]
) -> None:
    response = await emulator.post(LOGIN, json={"email": email, "password": password})
    assert "X-Customer-Key" not in response.headers
    field, type_, description = expected
    assert response.json() == {
        "status": "error",
        "error": {"field": field, "type": type_, "description": description},
    }


async def test_customer_that_cannot_log_in_cannot_log_in(emulator: httpx.AsyncClient) -> None:
    await ok(emulator, "commerce.customers.update", {"id": 1, "customer": {"canLogin": False}})
    err = await error(
        emulator, "storefront.login", {"email": HOLMES_EMAIL, "password": HOLMES_PASSWORD}
    )
    assert err["type"] == "InvalidCombination"


@pytest.mark.parametrize(
    ("headers", "text"),
    [({}, "missing customer key"), ({"X-Customer-Key": "not-a-key"}, "malformed customer key")],
)
@pytest.mark.parametrize("method", ["storefront.customer", "storefront.update-customer"])
async def test_bad_customer_key_is_403_plain_text(
    emulator: httpx.AsyncClient, method: str, headers: dict[str, str], text: str
) -> None:
    response = await emulator.post(f"/api/v10/{method}", json={}, headers=headers)
    assert (response.status_code, response.text) == (403, text)
    assert response.headers["content-type"].startswith("text/plain")


async def test_key_stops_working_when_customer_can_no_longer_log_in(
    emulator: httpx.AsyncClient,
) -> None:
    key = await log_in(emulator)
    await ok(emulator, "commerce.customers.update", {"id": 1, "customer": {"canLogin": False}})
    response = await emulator.post("/api/v10/storefront.customer", json={}, headers=key)
    assert response.status_code == 403


async def test_update_my_customer_is_partial(
    emulator: httpx.AsyncClient, emulator_app: Starlette
) -> None:
    key = await log_in(emulator)
    update: dict[str, Any] = {
        "cart": CARTS[0],
        "invoiceRecipient": "AB7TR6K",
        "billingAddress": {"companyName": "", "city": "Westminster"},
        "shippingAddress": None,
        "wishList": [7, 8],
        "newsletterLists": [2, 3],
        "privacyConsents": [1, 3],
    }
    assert await ok(emulator, "storefront.update-customer", {"customer": update}, headers=key) == {
        "status": "ok"
    }
    fields = ["cart", "invoiceRecipient", "billingAddress", "shippingAddress", "wishList"]
    fields += ["fullName", "code", "updateTime"]
    me = (await ok(emulator, "storefront.customer", {"fields": fields}, headers=key))["customer"]
    assert me["cart"] == CARTS[0]
    assert me["invoiceRecipient"] == "AB7TR6K"
    assert me["billingAddress"]["city"] == "Westminster"
    assert me["billingAddress"]["street1"] == "221b Baker Street"  # left out: unchanged
    assert me["fullName"] == "Sherlock Holmes"  # no company name any more
    assert me["shippingAddress"] is None
    assert me["wishList"] == [7, 8]
    assert me["code"] == "TF78123"
    assert me["updateTime"] > "2024-01-01 00:00:00"
    # Newsletter lists and consents are stored, though no documented method reads them back.
    row = emulator_app.state.store.db.execute(
        "SELECT newsletter_lists, privacy_consents FROM customers WHERE id = 1"
    ).fetchone()
    assert tuple(row) == ("[2,3]", "[1,3]")


async def test_update_my_customer_creates_a_shipping_address_only_when_complete(
    emulator: httpx.AsyncClient,
) -> None:
    key = await log_in(emulator)
    await ok(
        emulator, "storefront.update-customer", {"customer": {"shippingAddress": None}}, headers=key
    )
    partial = {"customer": {"shippingAddress": {"name": "Dr Watson", "street1": "Baker Street"}}}
    err = await error(emulator, "storefront.update-customer", partial, headers=key)
    assert err == {
        "field": "shippingAddress.city",
        "type": "Missing",
        "description": "shippingAddress.city is required",
    }
    full = {
        "name": "Dr Watson",
        "street1": "1 Baker St",
        "city": "London",
        "postalCode": "NW1",
        "country": "GB",
    }
    await ok(
        emulator, "storefront.update-customer", {"customer": {"shippingAddress": full}}, headers=key
    )
    me = await ok(emulator, "storefront.customer", {"fields": ["shippingAddress"]}, headers=key)
    assert me["customer"]["shippingAddress"] == {**full, "street2": "", "stateProv": ""}


MY_BOUNDS: list[tuple[dict[str, Any], Row]] = [
    ({"billingAddress": {"city": "c" * 26}}, malformed("billingAddress.city")),  # 35 elsewhere
    ({"shippingAddress": {"city": "c" * 26}}, malformed("shippingAddress.city")),
    ({"billingAddress": {"email": "new@inv-london.com"}}, unknown("billingAddress.email")),
    ({"canLogin": False}, unknown("canLogin")),
    ({"billingAddress": {"firstName": ""}}, malformed("billingAddress.firstName")),
    ({"billingAddress": None}, malformed("billingAddress")),
    ({"privacyConsents": [1, 256]}, invalid("privacyConsents")),
    ({"privacyConsents": [1, 9]}, invalid("privacyConsents")),
    ({"newsletterLists": [0]}, invalid("newsletterLists")),
]


@pytest.mark.parametrize(("changes", "row"), MY_BOUNDS, ids=[str(r) for _, r in MY_BOUNDS])
async def test_update_my_customer_bounds(
    emulator: httpx.AsyncClient, changes: dict[str, Any], row: Row
) -> None:
    key = await log_in(emulator)
    err = await error(emulator, "storefront.update-customer", {"customer": changes}, headers=key)
    assert (err["field"], err["type"], err["description"]) == row
