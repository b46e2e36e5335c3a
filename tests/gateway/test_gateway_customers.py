"""`customers`, `customersCount`: pages, cursors, orders, filters, totalCount."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from gateway.harness import COUNT, FIND, Emulator, Gateway, codes
from helpers import ok

PAGE = """
query($first: Int!, $after: String, $orderBy: [CustomerOrder!]) {
  customers(first: $first, after: $after, orderBy: $orderBy) {
    edges { cursor node { id fullName } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}
"""


async def walk(gateway: Gateway, order_by: list[dict[str, str]] | None, first: int) -> list[str]:
    ids: list[str] = []
    after: str | None = None
    while True:
        variables = {"first": first, "after": after, "orderBy": order_by}
        result = await gateway.query(PAGE, variables)
        assert "errors" not in result, result
        connection = result["data"]["customers"]
        edges, info = connection["edges"], connection["pageInfo"]
        ids += [edge["node"]["id"] for edge in edges]
        assert info["hasPreviousPage"] is (after is not None)
        assert info["startCursor"] == (edges[0]["cursor"] if edges else None)
        assert info["endCursor"] == (edges[-1]["cursor"] if edges else None)
        if not info["hasNextPage"]:
            return ids
        after = info["endCursor"]


async def upstream_order(emulator: httpx.AsyncClient, order: list[str]) -> list[str]:
    envelope = await ok(emulator, FIND, {"fields": ["id"], "order": order, "limit": 10_000})
    return [str(customer["id"]) for customer in envelope["customers"]]


@pytest.mark.parametrize(
    ("order_by", "upstream"),
    [
        (None, ["id"]),
        ([{"field": "ID", "direction": "ASC"}], ["id"]),
        ([{"field": "ID", "direction": "DESC"}], ["-id"]),
        ([{"field": "FULL_NAME", "direction": "ASC"}], ["fullName", "id"]),
        ([{"field": "FULL_NAME", "direction": "DESC"}], ["-fullName", "id"]),
        ([{"field": "COUNTRY"}, {"field": "CREATION_TIME", "direction": "DESC"}],
         ["country", "-creationTime", "id"]),
    ],
)  # fmt: skip
async def test_paging_returns_every_customer_once_in_order(
    gateway: Gateway,
    emulator: httpx.AsyncClient,
    knobs: Emulator,
    order_by: list[dict[str, str]] | None,
    upstream: list[str],
) -> None:
    expected = await upstream_order(emulator, upstream)
    await knobs.reset()
    ids = await walk(gateway, order_by, first=7)
    assert ids == expected
    assert len(set(ids)) == len(ids) == 50  # the seeded emulator
    assert await knobs.calls(FIND) == -(-len(ids) // 7)
    assert (await knobs.last(FIND))["order"] == upstream


async def test_id_order_pages_by_keyset(gateway: Gateway, knobs: Emulator) -> None:
    first = await gateway.query(PAGE, {"first": 5})
    cursor = first["data"]["customers"]["pageInfo"]["endCursor"]
    await gateway.query(PAGE, {"first": 5, "after": cursor})
    last = await knobs.last(FIND)
    assert last["conditions"] == {"after": 5}
    assert "first" not in last
    assert last["limit"] == 6


async def test_other_orders_page_by_offset(gateway: Gateway, knobs: Emulator) -> None:
    order = [{"field": "EMAIL", "direction": "DESC"}]
    first = await gateway.query(PAGE, {"first": 5, "orderBy": order})
    cursor = first["data"]["customers"]["pageInfo"]["endCursor"]
    await gateway.query(PAGE, {"first": 5, "after": cursor, "orderBy": order})
    last = await knobs.last(FIND)
    assert last["first"] == 5
    assert last["order"] == ["-email", "id"]
    assert last["conditions"] == {}


async def test_a_cursor_is_refused_under_another_order(gateway: Gateway, knobs: Emulator) -> None:
    first = await gateway.query(PAGE, {"first": 2})
    cursor = first["data"]["customers"]["pageInfo"]["endCursor"]
    calls = await knobs.calls()
    order = [{"field": "FULL_NAME"}]
    result = await gateway.query(PAGE, {"first": 2, "after": cursor, "orderBy": order})
    assert codes(result) == ["BAD_USER_INPUT"]
    assert result["errors"][0]["extensions"]["field"] == "after"
    assert await knobs.calls() == calls


@pytest.mark.parametrize("cursor", ["garbage", "", "YzF8bzppZHx4", "a" * 300])
async def test_a_bad_cursor_is_bad_user_input(gateway: Gateway, cursor: str) -> None:
    result = await gateway.query(PAGE, {"first": 2, "after": cursor})
    if cursor == "":
        # An empty `after` means no cursor, as an omitted one does.
        assert "errors" not in result
        return
    assert codes(result) == ["BAD_USER_INPUT"]
    assert result["data"] is None


@pytest.mark.parametrize("first", [-1, 101, 1000])
async def test_first_out_of_bounds(gateway: Gateway, knobs: Emulator, first: int) -> None:
    result = await gateway.query(PAGE, {"first": first})
    assert codes(result) == ["BAD_USER_INPUT"]
    assert result["errors"][0]["extensions"]["field"] == "first"
    assert await knobs.calls() == 0


async def test_first_zero_is_an_empty_page_without_a_call(
    gateway: Gateway, knobs: Emulator
) -> None:
    result = await gateway.query(
        "{ customers(first: 0) { nodes { id } pageInfo { hasNextPage endCursor } } }"
    )
    assert result == {
        "data": {"customers": {"nodes": [], "pageInfo": {"hasNextPage": False, "endCursor": None}}}
    }
    assert await knobs.calls() == 0


async def test_first_bounds_are_inclusive(gateway: Gateway) -> None:
    for first in (1, 100):
        result = await gateway.query(PAGE, {"first": first})
        assert len(result["data"]["customers"]["edges"]) == min(first, 50)


async def test_orderby_naming_a_field_twice(gateway: Gateway) -> None:
    order = [{"field": "CODE"}, {"field": "CODE", "direction": "DESC"}]
    result = await gateway.query(PAGE, {"first": 2, "orderBy": order})
    assert codes(result) == ["BAD_USER_INPUT"]


async def test_total_count_calls_count_only_when_selected(
    gateway: Gateway, knobs: Emulator
) -> None:
    await gateway.query("{ customers(first: 3) { nodes { id } } }")
    assert await knobs.calls(COUNT) == 0
    result = await gateway.query("{ customers(first: 3) { totalCount nodes { id } } }")
    assert await knobs.calls(COUNT) == 1
    everyone = await gateway.query("{ customersCount }")
    assert result["data"]["customers"]["totalCount"] == everyone["data"]["customersCount"] == 50


async def test_nodes_and_edges_share_one_find(gateway: Gateway, knobs: Emulator) -> None:
    result = await gateway.query(
        "{ customers(first: 2) { nodes { email } edges { node { fullName } } } }"
    )
    connection = result["data"]["customers"]
    assert connection["nodes"][0]["email"] == "holmes@inv-london.com"
    assert connection["edges"][0]["node"]["fullName"] == "Investigations Inc"
    assert await knobs.calls(FIND) == 1
    assert (await knobs.last(FIND))["fields"] == ["id", "billingAddress", "fullName"]


FILTER = {
    "ids": ["1", "2", "3"],
    "code": "X1",
    "canLogin": True,
    "group": 3,
    "email": "holmes@inv-london.com",
    "personalCode": "SH239IBA",
    "companyCode": "INV8403MC1",
    "keywords": "acme",
    "country": "GB",
    "stateProv": "LND",
    "labels": [1, 3],
}
CONDITIONS = {**FILTER, "ids": [1, 2, 3]}


@pytest.mark.parametrize("name", sorted(FILTER))
async def test_each_filter_maps_to_its_condition(
    gateway: Gateway, knobs: Emulator, name: str
) -> None:
    query = """query($filter: CustomerFilter) {
      customers(filter: $filter) { totalCount nodes { id } }
      customersCount(filter: $filter)
    }"""
    result = await gateway.query(query, {"filter": {name: FILTER[name]}})
    assert "errors" not in result, result
    assert (await knobs.last(FIND))["conditions"] == {name: CONDITIONS[name]}
    assert (await knobs.last(COUNT))["conditions"] == {name: CONDITIONS[name]}


async def test_all_filters_together(gateway: Gateway, knobs: Emulator) -> None:
    query = "query($filter: CustomerFilter) { customersCount(filter: $filter) }"
    result = await gateway.query(query, {"filter": FILTER})
    assert result == {"data": {"customersCount": 0}}
    assert (await knobs.last(COUNT))["conditions"] == CONDITIONS


async def test_filters_select_customers(gateway: Gateway) -> None:
    query = """{
      byEmail: customers(filter: {email: "HOLMES@inv-london.com"}) { nodes { id } }
      byIds: customers(filter: {ids: ["3", "1", "2"]}, first: 2) { nodes { id } }
      none: customers(filter: {ids: []}) { totalCount nodes { id } }
      noneCount: customersCount(filter: {ids: []})
    }"""
    result = await gateway.query(query)
    assert result["data"] == {
        "byEmail": {"nodes": [{"id": "1"}]},
        "byIds": {"nodes": [{"id": "1"}, {"id": "2"}]},
        "none": {"totalCount": 0, "nodes": []},
        "noneCount": 0,
    }


@pytest.mark.parametrize(
    ("value", "code", "field"),
    [
        ({"ids": ["x"]}, "MALFORMED", "filter.ids"),
        ({"ids": ["0"]}, "INVALID_VALUE", "filter.ids"),
        ({"ids": ["01"]}, "MALFORMED", "filter.ids"),
        ({"code": "c" * 33}, "MALFORMED", "filter.code"),
        ({"group": 0}, "INVALID_VALUE", "filter.group"),
        ({"group": 256}, "INVALID_VALUE", "filter.group"),
        ({"email": "ab"}, "MALFORMED", "filter.email"),
        ({"personalCode": ""}, "MALFORMED", "filter.personalCode"),
        ({"companyCode": "c" * 21}, "MALFORMED", "filter.companyCode"),
        ({"keywords": ""}, "MALFORMED", "filter.keywords"),
        ({"country": "GBR"}, "MALFORMED", "filter.country"),
        ({"stateProv": "LOND"}, "MALFORMED", "filter.stateProv"),
        ({"labels": [33]}, "INVALID_VALUE", "filter.labels"),
    ],
)
async def test_filter_bounds_are_refused_before_any_call(
    gateway: Gateway, knobs: Emulator, value: dict[str, Any], code: str, field: str
) -> None:
    for query in (
        "query($f: CustomerFilter) { customers(filter: $f) { nodes { id } } }",
        "query($f: CustomerFilter) { customersCount(filter: $f) }",
    ):
        result = await gateway.query(query, {"f": value})
        assert codes(result) == [code]
        assert result["errors"][0]["extensions"]["field"] == field
        assert result["errors"][0]["message"] == (
            f"{field} is not syntactically correct"
            if code == "MALFORMED"
            else f"{field} is not a valid value"
        )
    assert await knobs.calls() == 0
