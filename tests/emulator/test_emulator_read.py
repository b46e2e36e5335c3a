"""commerce.customers.find / get / count / delete / authenticate over the seeded emulator."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from customer_gateway.emulator.open2b.seed import HOLMES_EMAIL, HOLMES_PASSWORD, seeded_password
from customer_gateway.emulator.open2b.specs import CUSTOMER_FIELDS
from helpers import by_name, error, ok, watson_billing

Customer = dict[str, Any]

HOLMES = {
    "id": 1,
    "code": "TF78123",
    "canLogin": True,
    "hasPassword": True,
    "locale": "en-GB",
    "fullName": "Investigations Inc",
    "group": 3,
    "billingAddress": {
        "firstName": "Sherlock",
        "lastName": "Holmes",
        "personalCode": "SH239IBA",
        "companyName": "Investigations Inc",
        "companyCode": "INV8403MC1",
        "companyCode2": "",
        "street1": "221b Baker Street",
        "street2": "",
        "city": "London",
        "postalCode": "NW1 6XE",
        "stateProv": "LND",
        "country": "GB",
        "phoneNumber": "+44 20 72243688",
        "mobileNumber": "",
        "faxNumber": "",
        "email": HOLMES_EMAIL,
    },
}


async def everyone(client: httpx.AsyncClient) -> list[Customer]:
    customers: list[Customer] = (await ok(client, "commerce.customers.find", {}))["customers"]
    return customers


async def test_holmes_is_customer_1(emulator: httpx.AsyncClient) -> None:
    fields = list(HOLMES)
    customer = (await ok(emulator, "commerce.customers.get", {"id": 1, "fields": fields}))[
        "customer"
    ]
    assert customer == HOLMES


async def test_seed_creates_50_realistic_customers(emulator: httpx.AsyncClient) -> None:
    customers = await everyone(emulator)
    assert [c["id"] for c in customers] == list(range(1, 51))
    assert all(set(c) == set(CUSTOMER_FIELDS) for c in customers)
    assert len({c["billingAddress"]["country"] for c in customers}) >= 5
    assert len({c["billingAddress"]["lastName"] for c in customers}) >= 20
    assert any(c["shippingAddress"] is None for c in customers)
    assert any(c["billingAddress"]["companyName"] for c in customers[1:])
    assert any(not c["canLogin"] for c in customers)
    assert any(not c["hasPassword"] for c in customers)
    assert all(len(c["encryptedPassword"]) == 45 for c in customers if c["hasPassword"])


def _has(key: str, value: Any) -> Callable[[Customer], bool]:
    return lambda c: c[key] == value


def _billing(key: str, value: Any) -> Callable[[Customer], bool]:
    return lambda c: c["billingAddress"][key] == value


def _keyword(word: str) -> Callable[[Customer], bool]:
    def match(c: Customer) -> bool:
        b = c["billingAddress"]
        texts = [c["code"], c["fullName"], b["firstName"], b["lastName"], b["companyName"]]
        texts += [b["personalCode"], b["companyCode"], b["email"]]
        return any(word.lower() in text.lower() for text in texts)

    return match


CONDITIONS: list[tuple[dict[str, Any], Callable[[Customer], bool]]] = [
    ({"ids": [3, 1, 7, 999]}, lambda c: c["id"] in (1, 3, 7)),
    ({"code": "TF78123"}, _has("code", "TF78123")),
    ({"code": ""}, _has("code", "")),
    ({"canLogin": False}, _has("canLogin", False)),
    ({"canLogin": True}, _has("canLogin", True)),
    ({"group": 1}, _has("group", 1)),
    ({"email": "HOLMES@inv-london.com"}, _billing("email", HOLMES_EMAIL)),
    ({"personalCode": "SH239IBA"}, _billing("personalCode", "SH239IBA")),
    ({"companyCode": "INV8403MC1"}, _billing("companyCode", "INV8403MC1")),
    ({"keywords": "investigations"}, _keyword("investigations")),
    ({"keywords": "example.it"}, _keyword("example.it")),
    ({"keywords": "C0000"}, _keyword("C0000")),
    ({"keywords": "SH239"}, _keyword("SH239")),
    ({"keywords": "inv8403"}, _keyword("inv8403")),
    ({"country": "IT"}, _billing("country", "IT")),
    ({"stateProv": "LND"}, _billing("stateProv", "LND")),
    ({"after": 45}, lambda c: c["id"] > 45),
    ({"country": "GB", "canLogin": True}, lambda c: _billing("country", "GB")(c) and c["canLogin"]),
]


@pytest.mark.parametrize(
    ("conditions", "predicate"), CONDITIONS, ids=[str(c) for c, _ in CONDITIONS]
)
async def test_find_and_count_conditions(
    emulator: httpx.AsyncClient,
    conditions: dict[str, Any],
    predicate: Callable[[Customer], bool],
) -> None:
    expected = [c["id"] for c in await everyone(emulator) if predicate(c)]
    assert expected, "a condition the seed data does not exercise proves nothing"
    found = await ok(
        emulator, "commerce.customers.find", {"conditions": conditions, "fields": ["id"]}
    )
    assert [c["id"] for c in found["customers"]] == expected
    counted = await ok(emulator, "commerce.customers.count", {"conditions": conditions})
    assert counted == {"status": "ok", "count": len(expected)}


async def test_keywords_must_all_match(emulator: httpx.AsyncClient) -> None:
    body = {"conditions": {"keywords": "sherlock investigations"}, "fields": ["id"]}
    assert (await ok(emulator, "commerce.customers.find", body))["customers"] == [{"id": 1}]
    body = {"conditions": {"keywords": "sherlock watson"}, "fields": ["id"]}
    assert (await ok(emulator, "commerce.customers.find", body))["customers"] == []


@pytest.mark.parametrize("keywords", ["%", "_", "\\", "Investigations_Inc"])
async def test_keywords_are_plain_text(emulator: httpx.AsyncClient, keywords: str) -> None:
    counted = await ok(emulator, "commerce.customers.count", {"conditions": {"keywords": keywords}})
    assert counted["count"] == 0  # no wildcards: nobody has these characters


async def test_labels_condition_matches_any_label(emulator: httpx.AsyncClient) -> None:
    async def ids(labels: list[int]) -> list[int]:
        body = {"conditions": {"labels": labels}, "fields": ["id"]}
        return [c["id"] for c in (await ok(emulator, "commerce.customers.find", body))["customers"]]

    assert 1 in await ids([3]) and 1 in await ids([2, 1]) and 1 not in await ids([2])
    everybody_labelled = await ids(list(range(1, 33)))
    assert 1 < len(everybody_labelled) < 50


def _sort_key(field: str) -> Callable[[Customer], Any]:
    def key(c: Customer) -> Any:
        if field == "email":
            return c["billingAddress"]["email"].lower()
        if field == "country":
            return c["billingAddress"]["country"]
        value = c[field]
        if field == "fullName":
            return by_name(value)
        return value.lower() if isinstance(value, str) else value

    return key


@pytest.mark.parametrize(
    "field",
    ["id", "code", "email", "canLogin", "hasPassword", "fullName", "country", "creationTime",
     "updateTime", "group"],
)  # fmt: skip
@pytest.mark.parametrize("descending", [False, True])
async def test_find_order(emulator: httpx.AsyncClient, field: str, descending: bool) -> None:
    customers = await everyone(emulator)
    # Ties are broken by ascending id.
    expected = sorted(customers, key=lambda c: c["id"])
    expected.sort(key=_sort_key(field), reverse=descending)
    if field == "id" and descending:
        expected = sorted(customers, key=lambda c: -c["id"])
    order = [f"-{field}" if descending else field]
    found = await ok(emulator, "commerce.customers.find", {"order": order, "fields": ["id"]})
    assert [c["id"] for c in found["customers"]] == [c["id"] for c in expected]


async def test_find_limit_first_and_after(emulator: httpx.AsyncClient) -> None:
    async def ids(body: dict[str, Any]) -> list[int]:
        found = await ok(emulator, "commerce.customers.find", {**body, "fields": ["id"]})
        return [c["id"] for c in found["customers"]]

    assert await ids({"limit": 5}) == [1, 2, 3, 4, 5]
    assert await ids({"limit": 3, "first": 10}) == [11, 12, 13]
    assert await ids({"first": 48}) == [49, 50]
    assert await ids({"limit": 3, "conditions": {"after": 20}}) == [21, 22, 23]
    assert await ids({"limit": 2, "order": ["-id"], "conditions": {"after": 47}}) == [50, 49]


async def test_fields_projection(emulator: httpx.AsyncClient) -> None:
    body = {"conditions": {"ids": [1]}, "fields": ["fullName", "id", "shippingAddress"]}
    customers = (await ok(emulator, "commerce.customers.find", body))["customers"]
    assert customers == [
        {
            "fullName": "Investigations Inc",
            "id": 1,
            "shippingAddress": {
                "name": "Sherlock Holmes",
                "street1": "221b Baker Street",
                "street2": "",
                "city": "London",
                "postalCode": "NW1 6XE",
                "stateProv": "LND",
                "country": "GB",
            },
        }
    ]


PROJECTIONS: list[tuple[str, dict[str, Any]]] = [
    ("commerce.customers.find", {"fields": ["id", "email"]}),
    ("commerce.customers.get", {"id": 1, "fields": ["email"]}),
    (
        "commerce.customers.authenticate",
        {"email": HOLMES_EMAIL, "password": HOLMES_PASSWORD, "fields": ["email"]},
    ),
]


@pytest.mark.parametrize(("method", "body"), PROJECTIONS)
async def test_unknown_projected_field_is_refused(
    emulator: httpx.AsyncClient, method: str, body: dict[str, Any]
) -> None:
    assert await error(emulator, method, body) == {
        "field": "unknown",
        "type": "UnknownField",
        "description": "Field 'email' is unknown",
    }


async def test_unknown_order_is_refused(emulator: httpx.AsyncClient) -> None:
    assert await error(emulator, "commerce.customers.find", {"order": ["-city"]}) == {
        "field": "order",
        "type": "InvalidValue",
        "description": "order is not a valid value",
    }


async def test_get_missing_customer_is_null(emulator: httpx.AsyncClient) -> None:
    got = await ok(emulator, "commerce.customers.get", {"id": 999, "fields": ["id"]})
    assert got == {"status": "ok", "customer": None}


async def test_delete_ignores_missing_ids(emulator: httpx.AsyncClient) -> None:
    assert await ok(emulator, "commerce.customers.delete", {"ids": [2, 3, 999]}) == {"status": "ok"}
    assert (await ok(emulator, "commerce.customers.count", {}))["count"] == 48
    got = await ok(emulator, "commerce.customers.get", {"id": 2, "fields": ["id"]})
    assert got["customer"] is None


async def test_deleted_ids_are_not_reused(emulator: httpx.AsyncClient) -> None:
    await ok(emulator, "commerce.customers.delete", {"ids": [50]})
    body = {"customer": {"billingAddress": watson_billing()}}
    assert (await ok(emulator, "commerce.customers.create", body))["id"] == 51


async def test_authenticate(emulator: httpx.AsyncClient) -> None:
    body = {"email": HOLMES_EMAIL, "password": HOLMES_PASSWORD, "fields": ["id", "fullName"]}
    got = await ok(emulator, "commerce.customers.authenticate", body)
    assert got == {"status": "ok", "customer": {"id": 1, "fullName": "Investigations Inc"}}
    wrong = await ok(emulator, "commerce.customers.authenticate", {**body, "password": "moriarty"})
    assert wrong == {"status": "ok", "customer": None}
    unknown = {**body, "email": "nobody@inv-london.com"}
    assert (await ok(emulator, "commerce.customers.authenticate", unknown))["customer"] is None


async def test_authenticate_seeded_customers(emulator: httpx.AsyncClient) -> None:
    customers = await everyone(emulator)
    for c in customers[1:]:
        if not c["hasPassword"]:
            continue
        body = {
            "email": c["billingAddress"]["email"],
            "password": seeded_password(c["id"]),
            "fields": ["id"],
        }
        got = (await ok(emulator, "commerce.customers.authenticate", body))["customer"]
        # Customers that cannot log in cannot authenticate, even with the right password.
        assert got == ({"id": c["id"]} if c["canLogin"] else None)
