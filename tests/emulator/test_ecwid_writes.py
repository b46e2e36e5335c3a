"""Ecwid POST/PUT/DELETE /customers: round trips, partial updates, lists, 400/404/409/415."""

from __future__ import annotations

import copy
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from customer_gateway.emulator.open2b.seed import HOLMES_EMAIL

Customer = dict[str, Any]

WATSON: Customer = {
    "email": "watson@inv-london.com",
    "password": "afghanistan",
    "customerGroupId": 1,
    "billingPerson": {
        "name": "John Watson",
        "companyName": "Watson Clinic",
        "street": "221b Baker Street\nSecond floor",
        "city": "London",
        "countryCode": "GB",
        "postalCode": "NW1 6XE",
        "stateOrProvinceCode": "LND",
        "phone": "+44 20 7946 0018",
    },
    "shippingAddresses": [
        {"name": "John Watson", "street": "221b Baker Street", "city": "London"},
        {"firstName": "Mary", "lastName": "Morstan", "city": "Camberwell", "countryCode": "GB"},
    ],
    "contacts": [{"contact": "watson@inv-london.com", "type": "EMAIL", "default": True}],
    "taxId": "GB123456789",
    "taxIdValid": True,
    "taxExempt": False,
    "b2b_b2c": "b2b",
    "fiscalCode": "WTSJHN52A01Z114X",
    "electronicInvoicePecEmail": "watson@pec.example.it",
    "electronicInvoiceSdiCode": "ABC1234",
    "acceptMarketing": True,
    "lang": "en",
}


async def create(ecwid: httpx.AsyncClient, body: Customer) -> int:
    response = await ecwid.post("customers", json=body)
    assert response.status_code == 200, response.text
    assert set(response.json()) == {"id"}
    customer_id: int = response.json()["id"]
    return customer_id


async def fetch(ecwid: httpx.AsyncClient, customer_id: int) -> Customer:
    response = await ecwid.get(f"customers/{customer_id}")
    assert response.status_code == 200, response.text
    customer: Customer = response.json()
    return customer


async def put(ecwid: httpx.AsyncClient, customer_id: int, body: Any) -> None:
    response = await ecwid.put(f"customers/{customer_id}", json=body)
    assert (response.status_code, response.json()) == (200, {"updateCount": 1}), response.text


def without_times(customer: Customer) -> Customer:
    out = {k: v for k, v in customer.items() if k not in ("registered", "updated")}
    out["contacts"] = [{k: v for k, v in c.items() if k != "timestamp"} for c in out["contacts"]]
    return out


async def test_create_then_get_round_trip(ecwid: httpx.AsyncClient) -> None:
    customer_id = await create(ecwid, WATSON)
    customer = await fetch(ecwid, customer_id)
    assert customer["registered"] == customer["updated"]
    assert customer["registered"].endswith(" +0000") and len(customer["registered"]) == 25
    first, second = customer["shippingAddresses"]
    assert without_times(customer) == {
        **{k: v for k, v in WATSON.items() if k != "password"},
        "id": customer_id,
        "name": "John Watson",
        "customerGroupName": "Wholesale",
        "billingPerson": {**WATSON["billingPerson"], "firstName": "John", "lastName": "Watson"},
        "shippingAddresses": [
            {**WATSON["shippingAddresses"][0], "id": first["id"], "firstName": "John",
             "lastName": "Watson"},
            {**WATSON["shippingAddresses"][1], "id": second["id"], "name": "Mary Morstan"},
        ],
        "contacts": [{**WATSON["contacts"][0], "id": customer["contacts"][0]["id"], "orderBy": 0}],
        "totalOrderCount": 0,
    }  # fmt: skip
    assert first["id"] != second["id"]
    found = (await ecwid.get("customers", params={"email": WATSON["email"]})).json()
    assert [c["id"] for c in found["items"]] == [customer_id]


async def test_create_defaults(ecwid: httpx.AsyncClient) -> None:
    customer_id = await create(ecwid, {"email": "mrs.hudson@example.com"})
    customer = await fetch(ecwid, customer_id)
    assert without_times(customer) == {
        "id": customer_id,
        "email": "mrs.hudson@example.com",
        "customerGroupId": 0,
        "customerGroupName": "General",
        "billingPerson": {},
        "shippingAddresses": [],
        "contacts": [],
        "b2b_b2c": "b2c",
        "taxIdValid": False,
        "taxExempt": False,
        "acceptMarketing": False,
        "totalOrderCount": 0,
    }


async def test_password_is_kept_encrypted_and_never_returned(
    ecwid: httpx.AsyncClient, emulator_app: Starlette
) -> None:
    customer_id = await create(ecwid, WATSON)
    await put(ecwid, customer_id, {"password": "new-secret"})
    assert "password" not in await fetch(ecwid, customer_id)
    page = (await ecwid.get("customers", params={"responseFields": "items(password)"})).json()
    assert page == {"items": [{} for _ in page["items"]]}
    row = emulator_app.state.store.db.execute(
        "SELECT password FROM ecwid_customers WHERE id = ?", (customer_id,)
    ).fetchone()
    assert row[0].startswith("$") and "new-secret" not in row[0]


async def test_update_is_partial(ecwid: httpx.AsyncClient) -> None:
    customer_id = await create(ecwid, WATSON)
    before = await fetch(ecwid, customer_id)
    await put(ecwid, customer_id, {"taxId": "GB000000000", "acceptMarketing": False})
    after = await fetch(ecwid, customer_id)
    assert without_times(after) == {**without_times(before), "taxId": "GB000000000",
                                     "acceptMarketing": False}  # fmt: skip
    assert after["registered"] == before["registered"]
    assert after["updated"] >= before["updated"]


async def test_null_means_unchanged(ecwid: httpx.AsyncClient) -> None:
    customer_id = await create(ecwid, WATSON)
    before = await fetch(ecwid, customer_id)
    await put(ecwid, customer_id, {"taxId": None, "billingPerson": {"city": None}, "lang": None})
    assert without_times(await fetch(ecwid, customer_id)) == without_times(before)


async def test_billing_person_is_updated_key_by_key(ecwid: httpx.AsyncClient) -> None:
    customer_id = await create(ecwid, WATSON)
    await put(ecwid, customer_id, {"billingPerson": {"city": "Edinburgh", "postalCode": "EH1"}})
    person = (await fetch(ecwid, customer_id))["billingPerson"]
    assert person == {**WATSON["billingPerson"], "firstName": "John", "lastName": "Watson",
                      "city": "Edinburgh", "postalCode": "EH1"}  # fmt: skip


NAMES: list[tuple[dict[str, str], dict[str, str]]] = [
    ({"name": "Sherlock Holmes"}, {"firstName": "Sherlock", "lastName": "Holmes"}),
    ({"name": " Mycroft  Holmes Jr "}, {"firstName": "Mycroft", "lastName": "Holmes Jr"}),
    ({"name": "Moriarty"}, {"firstName": "Moriarty", "lastName": ""}),
    ({"lastName": "Moriarty"}, {"name": "Sherlock Moriarty", "firstName": "Sherlock"}),
    ({"firstName": "Irene", "lastName": "Adler"}, {"name": "Irene Adler"}),
    (
        {"name": "Dr Watson", "firstName": "John", "lastName": "Watson"},
        {"name": "Dr Watson", "firstName": "John", "lastName": "Watson"},
    ),
]


@pytest.mark.parametrize(("sent", "implied"), NAMES)
async def test_name_and_its_parts_follow_each_other(
    ecwid: httpx.AsyncClient, sent: dict[str, str], implied: dict[str, str]
) -> None:
    await put(ecwid, 1, {"billingPerson": sent})
    customer = await fetch(ecwid, 1)
    expected = {"name": "Sherlock Holmes", "firstName": "Sherlock", "lastName": "Holmes"}
    expected |= sent | implied
    assert {k: customer["billingPerson"][k] for k in expected} == expected
    assert customer["name"] == expected["name"]


async def test_lists_are_replaced_whole_keeping_their_own_ids(ecwid: httpx.AsyncClient) -> None:
    customer_id = await create(ecwid, WATSON)
    before = await fetch(ecwid, customer_id)
    kept = before["shippingAddresses"][1]
    holmes_address = (await fetch(ecwid, 1))["shippingAddresses"][0]["id"]
    contact = before["contacts"][0]
    await put(
        ecwid,
        customer_id,
        {
            "shippingAddresses": [
                {"id": holmes_address, "name": "Not Holmes's", "city": "Paris"},
                {**kept, "city": "Lambeth"},
            ],
            "contacts": [
                {"contact": "@watson", "type": "TWITTER", "handle": "watson"},
                {**contact, "note": "work"},
            ],
        },
    )
    after = await fetch(ecwid, customer_id)
    new_address, changed = after["shippingAddresses"]
    assert new_address["id"] not in (holmes_address, kept["id"])
    assert new_address == {"id": new_address["id"], "name": "Not Holmes's", "firstName": "Not",
                           "lastName": "Holmes's", "city": "Paris"}  # fmt: skip
    assert changed == {**kept, "city": "Lambeth"}
    twitter, email = after["contacts"]
    assert email == {**contact, "note": "work"}  # its orderBy was sent: 0
    assert {k: v for k, v in twitter.items() if k not in ("id", "timestamp")} == {
        "contact": "@watson", "type": "TWITTER", "handle": "watson", "default": False,
        "orderBy": 0,
    }  # fmt: skip
    assert (await fetch(ecwid, 1))["shippingAddresses"][0]["id"] == holmes_address
    await put(ecwid, customer_id, {"shippingAddresses": [], "contacts": []})
    emptied = await fetch(ecwid, customer_id)
    assert (emptied["shippingAddresses"], emptied["contacts"]) == ([], [])


async def test_what_was_fetched_can_be_put_back(ecwid: httpx.AsyncClient) -> None:
    holmes = await fetch(ecwid, 1)
    await put(ecwid, 1, copy.deepcopy(holmes))
    again = await fetch(ecwid, 1)
    assert without_times(again) == without_times(holmes)
    assert again["contacts"] == holmes["contacts"]  # kept ids keep their timestamps


async def test_delete(ecwid: httpx.AsyncClient) -> None:
    customer_id = await create(ecwid, WATSON)
    response = await ecwid.delete(f"customers/{customer_id}")
    assert (response.status_code, response.json()) == (200, {"deleteCount": 1})
    assert (await ecwid.get(f"customers/{customer_id}")).status_code == 404
    assert (await ecwid.delete(f"customers/{customer_id}")).status_code == 404
    found = (await ecwid.get("customers", params={"email": WATSON["email"]})).json()
    assert found["total"] == 0
    assert await create(ecwid, WATSON) > customer_id  # ids are not reused


@pytest.mark.parametrize(
    ("method", "body"), [("GET", None), ("PUT", {"taxId": "x"}), ("DELETE", None)]
)
@pytest.mark.parametrize("customer_id", ["0", "424242"])
async def test_missing_customer_is_404(
    ecwid: httpx.AsyncClient, method: str, body: Any, customer_id: str
) -> None:
    response = await ecwid.request(method, f"customers/{customer_id}", json=body)
    assert response.status_code == 404
    assert response.json() == {
        "errorMessage": "The customer with given ID is not found",
        "errorCode": "CUSTOMER_NOT_FOUND",
    }


EMAIL_EXISTS = {
    "errorMessage": "The customer with the given email already exists",
    "errorCode": "EMAIL_ALREADY_EXISTS",
}


@pytest.mark.parametrize("email", [HOLMES_EMAIL, HOLMES_EMAIL.upper()])
async def test_create_with_a_taken_email_is_409(ecwid: httpx.AsyncClient, email: str) -> None:
    response = await ecwid.post("customers", json={"email": email})
    assert (response.status_code, response.json()) == (409, EMAIL_EXISTS)


async def test_update_to_another_customers_email_is_409(ecwid: httpx.AsyncClient) -> None:
    customer_id = await create(ecwid, WATSON)
    response = await ecwid.put(f"customers/{customer_id}", json={"email": HOLMES_EMAIL.title()})
    assert (response.status_code, response.json()) == (409, EMAIL_EXISTS)
    await put(ecwid, 1, {"email": HOLMES_EMAIL.upper()})  # her own, in other letters
    assert (await fetch(ecwid, 1))["email"] == HOLMES_EMAIL.upper()


@pytest.mark.parametrize("method", ["POST", "PUT"])
@pytest.mark.parametrize(
    ("content_type", "status"),
    [
        (None, 415),
        ("text/plain", 415),
        ("application/xml", 415),
        ("application/x-www-form-urlencoded", 415),
        ("application/json", 200),
        ("application/json; charset=utf-8", 200),
        ("Application/JSON", 200),
        ("text/json", 200),
    ],
)
async def test_writes_need_a_json_content_type(
    ecwid: httpx.AsyncClient, method: str, content_type: str | None, status: int
) -> None:
    path = "customers" if method == "POST" else "customers/1"
    headers = {} if content_type is None else {"Content-Type": content_type}
    content = b'{"email": "lestrade@yard.example.com"}'
    response = await ecwid.request(method, path, content=content, headers=headers)
    assert response.status_code == status, response.text
    if status == 415:
        assert response.json() == {
            "errorMessage": "Unsupported content-type: expected application/json or text/json",
            "errorCode": "UNSUPPORTED_CONTENT_TYPE",
        }


BAD_BODIES: list[tuple[Any, str]] = [
    ([WATSON], "JSON object"),
    ("watson", "JSON object"),
    (0, "JSON object"),
    ({"email": 42}, "'email' must be a string"),
    ({"email": "watson"}, "'email' is not a valid email"),
    ({"email": "watson@"}, "'email' is not a valid email"),
    ({"customerGroupId": 7}, "'customerGroupId' must be the id of a customer group"),
    ({"customerGroupId": "1"}, "'customerGroupId' must be a non-negative integer"),
    ({"customerGroupId": True}, "'customerGroupId' must be a non-negative integer"),
    ({"password": ""}, "'password' must not be empty"),
    ({"password": 1234}, "'password' must be a string"),
    ({"taxExempt": "yes"}, "'taxExempt' must be true or false"),
    ({"taxIdValid": 1}, "'taxIdValid' must be true or false"),
    ({"acceptMarketing": "true"}, "'acceptMarketing' must be true or false"),
    ({"b2b_b2c": "b2x"}, "'b2b_b2c' must be one of b2b, b2c"),
    ({"lang": "English"}, "'lang' must be a language code"),
    ({"electronicInvoicePecEmail": "pec"}, "'electronicInvoicePecEmail' is not a valid email"),
    ({"fiscalCode": 12}, "'fiscalCode' must be a string"),
    ({"billingPerson": ["John"]}, "'billingPerson' must be an object"),
    ({"billingPerson": {"name": 1}}, "'billingPerson.name' must be a string"),
    ({"billingPerson": {"countryCode": "XX"}}, "'billingPerson.countryCode' must be a 2-letter"),
    ({"billingPerson": {"nick": "Johnny"}}, "Unknown field 'billingPerson.nick'"),
    ({"shippingAddresses": {"city": "London"}}, "'shippingAddresses' must be a list"),
    ({"shippingAddresses": ["London"]}, "'shippingAddresses[0]' must be an object"),
    ({"shippingAddresses": [{"city": 1}]}, "'shippingAddresses[0].city' must be a string"),
    ({"shippingAddresses": [{"id": "a"}]}, "'shippingAddresses[0].id' must be a non-negative"),
    ({"shippingAddresses": [{}, {"countryCode": "gb"}]}, "'shippingAddresses[1].countryCode'"),
    ({"contacts": [{"type": "EMAIL"}]}, "'contacts[0].contact' is required"),
    ({"contacts": [{"contact": "x"}]}, "'contacts[0].type' is required"),
    ({"contacts": [{"contact": "x", "type": "FAX"}]}, "'contacts[0].type' must be one of"),
    ({"contacts": [{"contact": "x", "type": "URL", "default": 1}]}, "'contacts[0].default'"),
    ({"nickname": "Johnny"}, "Unknown field 'nickname'"),
]


@pytest.mark.parametrize(("method", "path"), [("POST", "customers"), ("PUT", "customers/1")])
@pytest.mark.parametrize(("body", "message"), BAD_BODIES)
async def test_bad_bodies_are_400(
    ecwid: httpx.AsyncClient, method: str, path: str, body: Any, message: str
) -> None:
    if method == "POST" and isinstance(body, dict) and "email" not in body:
        body = {"email": "new@example.com", **body}
    response = await ecwid.request(method, path, json=body)
    assert response.status_code == 400, response.text
    assert response.json()["errorCode"] == "INVALID_FIELD"
    assert message in response.json()["errorMessage"]
    assert (await ecwid.get("customers", params={"email": "new@example.com"})).json()["total"] == 0


@pytest.mark.parametrize(("method", "path"), [("POST", "customers"), ("PUT", "customers/1")])
@pytest.mark.parametrize("content", [b"{not json", b"", b'{"email": "a@b.c",}'])
async def test_a_body_that_is_not_json_is_400(
    ecwid: httpx.AsyncClient, method: str, path: str, content: bytes
) -> None:
    headers = {"Content-Type": "application/json"}
    response = await ecwid.request(method, path, content=content, headers=headers)
    assert (response.status_code, response.json()) == (
        400,
        {"errorMessage": "The request body is not valid JSON", "errorCode": "INVALID_JSON"},
    )


async def test_create_needs_an_email(ecwid: httpx.AsyncClient) -> None:
    response = await ecwid.post("customers", json={"billingPerson": {"name": "Mrs Hudson"}})
    assert response.status_code == 400
    assert response.json()["errorMessage"] == "Field 'email' is required"


async def test_read_only_fields_are_ignored(ecwid: httpx.AsyncClient) -> None:
    body = {"email": "gregson@yard.example.com", "id": 1, "name": "Tobias Gregson",
            "registered": "2000-01-01 00:00:00 +0000", "totalOrderCount": 99,
            "customerGroupName": "VIP"}  # fmt: skip
    customer = await fetch(ecwid, await create(ecwid, body))
    assert customer["id"] != 1
    assert "name" not in customer and customer["totalOrderCount"] == 0
    assert customer["customerGroupName"] == "General"
    assert customer["registered"] > "2020"


async def test_shipping_address_countries_are_checked(ecwid: httpx.AsyncClient) -> None:
    await put(ecwid, 1, {"shippingAddresses": [{"countryCode": ""}]})  # empty is allowed
    assert (await fetch(ecwid, 1))["shippingAddresses"][0]["countryCode"] == ""
