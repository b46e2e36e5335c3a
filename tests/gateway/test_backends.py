"""The core of the schema on both backends: the same operations, the same answers' shape.

Each test runs once per backend (`backend` fixture); where the two upstreams differ in what an
operation costs or sends, the test says how each one does it.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from customer_gateway.emulator.open2b.seed import HOLMES_EMAIL
from gateway.backends import Backend
from gateway.harness import Gateway, aliases, codes
from gateway.mutations import DELETE_CUSTOMERS, UPDATE_CUSTOMER
from helpers import ok, watson_billing

HOLMES = '{ customer(id: "1") { id email billingAddress { firstName lastName city country } } }'
PAGE = """
query($first: Int!, $after: String, $orderBy: [CustomerOrder!], $filter: CustomerFilter) {
  customers(first: $first, after: $after, orderBy: $orderBy, filter: $filter) {
    nodes { id fullName email group billingAddress { country } }
    pageInfo { hasNextPage hasPreviousPage endCursor }
  }
}
"""
CREATE = """
mutation($input: CustomerCreateInput!) {
  createCustomer(input: $input) {
    customer { id email fullName locale group
      billingAddress { firstName lastName street1 street2 city postalCode country email }
      shippingAddress { name street1 city postalCode country } }
  }
}"""
CUSTOMER = """
query($id: ID!) {
  customer(id: $id) { id email locale group
    billingAddress { firstName lastName street1 city postalCode country email }
    shippingAddress { name city } }
}"""


async def walk(
    backend: Backend, *, first: int, order_by: Any = None, customer_filter: Any = None
) -> list[dict[str, Any]]:
    """Every node of a list, page by page."""
    nodes: list[dict[str, Any]] = []
    after = None
    while True:
        variables = {"first": first, "after": after, "orderBy": order_by, "filter": customer_filter}
        result = await backend.gateway.query(PAGE, variables)
        assert "errors" not in result, result
        connection = result["data"]["customers"]
        nodes += connection["nodes"]
        assert connection["pageInfo"]["hasPreviousPage"] is (after is not None)
        if not connection["pageInfo"]["hasNextPage"]:
            return nodes
        after = connection["pageInfo"]["endCursor"]


async def upstream_ids(
    backend: Backend, emulator: httpx.AsyncClient, ecwid: httpx.AsyncClient, descending: bool
) -> list[str]:
    """Every customer's id in full-name order, as the upstream itself sorts them."""
    if backend.is_ecwid:
        params = {"sortBy": "NAME_DESC" if descending else "NAME_ASC", "limit": "100"}
        response = await ecwid.get("customers", params={**params, "responseFields": "items(id)"})
        return [str(item["id"]) for item in response.json()["items"]]
    order = ["-fullName" if descending else "fullName", "id"]
    envelope = await ok(
        emulator, "commerce.customers.find", {"fields": ["id"], "order": order, "limit": 1000}
    )
    return [str(customer["id"]) for customer in envelope["customers"]]


# -- customer(id:) -----------------------------------------------------------------------------


async def test_a_customer_by_id(backend: Backend) -> None:
    result = await backend.gateway.query(HOLMES)
    assert result == {
        "data": {
            "customer": {
                "id": "1",
                "email": HOLMES_EMAIL,
                "billingAddress": {
                    "firstName": "Sherlock",
                    "lastName": "Holmes",
                    "city": "London",
                    "country": "GB",
                },
            }
        }
    }
    assert await backend.knobs.calls() == 1


@pytest.mark.parametrize("missing", ["999999", "0", "abc", "01"])
async def test_a_missing_customer_is_null(backend: Backend, missing: str) -> None:
    result = await backend.gateway.query(
        "query($id: ID!) { customer(id: $id) { id } }", {"id": missing}
    )
    assert result == {"data": {"customer": None}}


async def test_many_ids_are_deduplicated_and_batched(backend: Backend) -> None:
    result = await backend.gateway.query(aliases([3, 1, 2, 3, 1, 999999, 4], "id email"))
    assert "errors" not in result
    found = [None if c is None else c["id"] for c in result["data"].values()]
    assert found == ["3", "1", "2", "3", "1", None, "4"]
    calls = (await backend.knobs.stats())["calls"]
    # Open2b: one find with every id; Ecwid has no many-ids lookup: one GET per distinct id.
    assert calls == {backend.calls.lookup: 5 if backend.is_ecwid else 1}


@pytest.mark.parametrize(
    ("selection", "open2b", "ecwid"),
    [
        ("id", ["id"], "id"),
        ("email", ["id", "billingAddress"], "id,email"),
        ("fullName", ["id", "fullName"], "id,billingPerson(name)"),
        ("fullName billingAddress { city }", ["id", "billingAddress", "fullName"],
         "id,billingPerson,email,fiscalCode,taxId"),
        ("locale group creationTime updateTime", ["id", "creationTime", "group", "locale",
         "updateTime"], "id,customerGroupId,lang,registered,updated"),
        ("shippingAddress { name } invoiceRecipient", ["id", "invoiceRecipient",
         "shippingAddress"], "id,electronicInvoicePecEmail,electronicInvoiceSdiCode,"
         "shippingAddresses"),
        # Fields Ecwid has no place for cost nothing there and are null.
        ("code canLogin cart", ["id", "canLogin", "cart", "code"], "id"),
    ],
)  # fmt: skip
async def test_only_the_selection_is_fetched(
    backend: Backend, selection: str, open2b: list[str], ecwid: str
) -> None:
    result = await backend.gateway.query(f'{{ customer(id: "2") {{ {selection} }} }}')
    assert "errors" not in result
    last = await backend.knobs.last(backend.calls.lookup)
    if backend.is_ecwid:
        assert last == {"responseFields": ecwid}
    else:
        assert last["fields"] == open2b


async def test_fields_ecwid_lacks_are_null(ecwid_gateway: Gateway) -> None:
    result = await ecwid_gateway.query(
        '{ customer(id: "1") { code canLogin hasPassword collection collections wishList cart'
        " loginTime billingAddress { companyCode2 mobileNumber faxNumber } } }"
    )
    assert result == {
        "data": {
            "customer": {
                "code": None, "canLogin": None, "hasPassword": None, "collection": None,
                "collections": None, "wishList": None, "cart": None, "loginTime": None,
                "billingAddress": {"companyCode2": None, "mobileNumber": None, "faxNumber": None},
            }
        }
    }  # fmt: skip


# -- customers, customersCount ----------------------------------------------------------------


@pytest.mark.parametrize("direction", ["ASC", "DESC"])
async def test_paging_by_full_name_returns_each_customer_once(
    backend: Backend, emulator: httpx.AsyncClient, ecwid: httpx.AsyncClient, direction: str
) -> None:
    expected = await upstream_ids(backend, emulator, ecwid, descending=direction == "DESC")
    await backend.knobs.reset()
    nodes = await walk(backend, first=7, order_by=[{"field": "FULL_NAME", "direction": direction}])
    ids = [node["id"] for node in nodes]
    assert ids == expected
    assert len(set(ids)) == len(ids) == 50  # the seeded emulator
    calls = await backend.knobs.stats()
    assert calls["calls"] == {backend.calls.search: -(-50 // 7)}
    if backend.is_ecwid:
        assert calls["last"][backend.calls.search]["sortBy"] == f"NAME_{direction}"


async def test_the_default_order_pages_through_everyone(backend: Backend) -> None:
    ids = [node["id"] for node in await walk(backend, first=20)]
    assert sorted(ids, key=int) == [str(n) for n in range(1, 51)]
    if backend.is_ecwid:
        # Ecwid cannot sort by id; registration order is the order ids were given out in.
        last = await backend.knobs.last(backend.calls.search)
        assert last["sortBy"] == "REGISTERED_DATE_ASC"
    else:
        assert ids == [str(n) for n in range(1, 51)]


@pytest.mark.parametrize(
    ("customer_filter", "check"),
    [
        ({"country": "IT"}, lambda node: node["billingAddress"]["country"] == "IT"),
        ({"group": 2}, lambda node: node["group"] == 2),
        ({"email": HOLMES_EMAIL}, lambda node: node["email"] == HOLMES_EMAIL),
        ({"keywords": "holmes"}, lambda node: node["id"] == "1"),
        ({"country": "GB", "group": 2}, lambda node: node["group"] == 2),
    ],
)
async def test_filters(backend: Backend, customer_filter: dict[str, Any], check: Any) -> None:
    nodes = await walk(backend, first=5, customer_filter=customer_filter)
    assert nodes and all(check(node) for node in nodes)
    count = await backend.gateway.query(
        "query($filter: CustomerFilter) { customersCount(filter: $filter) }",
        {"filter": customer_filter},
    )
    assert count == {"data": {"customersCount": len(nodes)}}


async def test_customers_count(backend: Backend) -> None:
    result = await backend.gateway.query("{ customersCount }")
    assert result == {"data": {"customersCount": 50}}
    assert (await backend.knobs.stats())["calls"] == {backend.calls.count: 1}
    if backend.is_ecwid:
        last = await backend.knobs.last(backend.calls.count)
        assert last == {"limit": "1", "responseFields": "total"}


async def test_total_count_costs_a_call_only_when_selected(backend: Backend) -> None:
    result = await backend.gateway.query(
        '{ customers(first: 2, filter: {country: "IT"}) { totalCount nodes { id } } }'
    )
    assert result["data"]["customers"]["totalCount"] == 6
    calls = (await backend.knobs.stats())["calls"]
    if backend.is_ecwid:
        assert calls == {backend.calls.search: 2}
        last = await backend.knobs.last(backend.calls.count)
        assert last == {"countryCodes": "IT", "limit": "1", "responseFields": "total"}
    else:
        assert calls == {backend.calls.search: 1, backend.calls.count: 1}


async def test_an_empty_ids_filter_matches_nothing_without_a_call(backend: Backend) -> None:
    result = await backend.gateway.query(
        "{ customersCount(filter: {ids: []})"
        "  customers(filter: {ids: []}) { totalCount nodes { id } } }"
    )
    assert result == {"data": {"customersCount": 0, "customers": {"totalCount": 0, "nodes": []}}}
    assert await backend.knobs.calls() == 0


# -- mutations --------------------------------------------------------------------------------

WATSON: dict[str, Any] = {
    "locale": "en",
    "group": 1,
    "billingAddress": watson_billing(),
    "shippingAddress": {
        "name": "Mary Watson",
        "street1": "1 Paddington Green",
        "city": "London",
        "postalCode": "W2 1LG",
        "country": "GB",
    },
}


async def test_create_then_read_back(backend: Backend) -> None:
    result = await backend.gateway.query(CREATE, {"input": WATSON})
    assert "errors" not in result, result
    customer = result["data"]["createCustomer"]["customer"]
    assert customer["id"] == "51"
    assert customer["email"] == "watson@inv-london.com"
    assert (customer["locale"], customer["group"]) == ("en", 1)
    billing = customer["billingAddress"]
    assert {key: billing[key] for key in WATSON["billingAddress"]} == WATSON["billingAddress"]
    assert customer["shippingAddress"] == WATSON["shippingAddress"]
    # One write, then one read of the new customer.
    calls = (await backend.knobs.stats())["calls"]
    assert calls == {backend.calls.create: 1, backend.calls.lookup: 1}
    again = await backend.gateway.query(CUSTOMER, {"id": "51"})
    assert again["data"]["customer"]["email"] == "watson@inv-london.com"


async def test_an_update_changes_only_what_was_given(backend: Backend) -> None:
    before = (await backend.gateway.query(CUSTOMER, {"id": "1"}))["data"]["customer"]
    await backend.knobs.reset()
    result = await backend.gateway.query(UPDATE_CUSTOMER, {"id": "1", "input": {"locale": "it"}})
    assert "errors" not in result, result
    after = (await backend.gateway.query(CUSTOMER, {"id": "1"}))["data"]["customer"]
    assert after == {**before, "locale": "it"}
    last = await backend.knobs.last(backend.calls.update)
    assert last == ({"lang": "it"} if backend.is_ecwid else {"id": 1, "customer": {"locale": "it"}})


async def test_null_clears_the_shipping_address(backend: Backend) -> None:
    before = (await backend.gateway.query(CUSTOMER, {"id": "1"}))["data"]["customer"]
    assert before["shippingAddress"] is not None
    result = await backend.gateway.query(
        UPDATE_CUSTOMER, {"id": "1", "input": {"shippingAddress": None}}
    )
    assert "errors" not in result, result
    after = (await backend.gateway.query(CUSTOMER, {"id": "1"}))["data"]["customer"]
    assert after == {**before, "shippingAddress": None}


async def test_delete_reports_only_existing_ids(backend: Backend) -> None:
    result = await backend.gateway.query(DELETE_CUSTOMERS, {"ids": ["3", "999999", "2", "3"]})
    assert result == {"data": {"deleteCustomers": {"deletedIds": ["3", "2"]}}}
    again = await backend.gateway.query(aliases([2, 3, 4]))
    assert again["data"] == {"c0": None, "c1": None, "c2": {"id": "4"}}
    calls = (await backend.knobs.stats())["calls"]
    # Open2b: one find of what exists, then one delete; Ecwid: one DELETE per distinct id.
    assert calls[backend.calls.delete] == (3 if backend.is_ecwid else 1)


async def test_an_update_of_a_missing_customer_is_not_found(backend: Backend) -> None:
    result = await backend.gateway.query(
        UPDATE_CUSTOMER, {"id": "999999", "input": {"locale": "it"}}
    )
    assert codes(result) == ["NOT_FOUND"]
    assert result["errors"][0]["extensions"]["field"] == "id"


async def test_an_email_in_use_already_exists(backend: Backend) -> None:
    taken = {**WATSON, "billingAddress": {**WATSON["billingAddress"], "email": HOLMES_EMAIL}}
    if not backend.is_ecwid:
        taken = {**taken, "canLogin": True, "password": {"value": "afghanistan"}}
    result = await backend.gateway.query(CREATE, {"input": taken})
    assert codes(result) == ["ALREADY_EXISTS"]
    assert result["errors"][0]["extensions"]["field"] == "input.billingAddress.email"
