"""Every `customer(id:)` of an operation goes into as few `commerce.customers.find` as it can."""

from __future__ import annotations

import pytest

from gateway.harness import FIND, Emulator, Gateway, GatewayFactory, aliases


async def test_thirty_aliases_cost_one_call(gateway: Gateway, knobs: Emulator) -> None:
    result = await gateway.query(aliases(list(range(1, 31)), "id email"))
    assert "errors" not in result
    assert [result["data"][f"c{n}"]["id"] for n in range(30)] == [str(i) for i in range(1, 31)]
    assert await knobs.calls(FIND) == 1
    last = await knobs.last(FIND)
    assert sorted(last["conditions"]["ids"]) == list(range(1, 31))
    assert last["limit"] == 30


@pytest.mark.parametrize(("count", "calls"), [(100, 1), (101, 2), (250, 3)])
async def test_batches_are_chunked_at_max_batch(
    make_gateway: GatewayFactory, knobs: Emulator, count: int, calls: int
) -> None:
    gateway = await make_gateway(max_batch=100)
    await knobs.configure(latencyMs=0)
    await knobs.reset()
    # Ids beyond the seeded ones are simply null: they still go upstream once each.
    result = await gateway.query(aliases(list(range(1, count + 1))))
    assert "errors" not in result
    assert await knobs.calls(FIND) == calls
    assert result["data"]["c0"] == {"id": "1"}
    assert result["data"][f"c{count - 1}"] is None


async def test_duplicate_ids_go_upstream_once(gateway: Gateway, knobs: Emulator) -> None:
    result = await gateway.query(aliases([2, 3, 2, 2, 3], "id fullName"))
    assert [result["data"][f"c{n}"]["id"] for n in range(5)] == ["2", "3", "2", "2", "3"]
    assert await knobs.calls(FIND) == 1
    assert sorted((await knobs.last(FIND))["conditions"]["ids"]) == [2, 3]


async def test_missing_customer_is_null_not_an_error(gateway: Gateway) -> None:
    result = await gateway.query('{ a: customer(id: "1") { id } b: customer(id: "999999") { id } }')
    assert result == {"data": {"a": {"id": "1"}, "b": None}}


@pytest.mark.parametrize("bad_id", ["abc", "0", "-3", "1.5", "99999999999", ""])
async def test_ids_no_customer_can_have_are_null_without_a_call(
    gateway: Gateway, knobs: Emulator, bad_id: str
) -> None:
    result = await gateway.query("query($id: ID!) { customer(id: $id) { id } }", {"id": bad_id})
    assert result == {"data": {"customer": None}}
    assert await knobs.calls() == 0


@pytest.mark.parametrize(
    ("selection", "fields"),
    [
        ("id", ["id"]),
        ("__typename", ["id"]),
        ("email", ["id", "billingAddress"]),
        ("fullName code", ["id", "code", "fullName"]),
        ("email billingAddress { city }", ["id", "billingAddress"]),
        ("shippingAddress { name } creationTime", ["id", "creationTime", "shippingAddress"]),
        (
            "canLogin hasPassword locale group collection collections wishList cart "
            "invoiceRecipient loginTime updateTime",
            [
                "id", "canLogin", "cart", "collection", "collections", "group", "hasPassword",
                "invoiceRecipient", "locale", "loginTime", "updateTime", "wishList",
            ],
        ),
    ],
)  # fmt: skip
async def test_upstream_fields_are_the_selection(
    gateway: Gateway, knobs: Emulator, selection: str, fields: list[str]
) -> None:
    result = await gateway.query(f'{{ customer(id: "1") {{ {selection} }} }}')
    assert "errors" not in result
    assert (await knobs.last(FIND))["fields"] == fields


async def test_fragments_and_aliases_merge_into_one_call(gateway: Gateway, knobs: Emulator) -> None:
    query = """
    query {
      holmes: customer(id: "1") { ...Names billingAddress { ... on Address { city } } }
      other: customer(id: "2") { ... on Customer { locale } }
      again: customer(id: "1") { group }
    }
    fragment Names on Customer { fullName email }
    """
    result = await gateway.query(query)
    assert "errors" not in result
    assert result["data"]["holmes"]["billingAddress"] == {"city": "London"}
    assert result["data"]["holmes"]["email"] == "holmes@inv-london.com"
    assert result["data"]["again"]["group"] is not None
    assert await knobs.calls(FIND) == 1
    last = await knobs.last(FIND)
    assert last["fields"] == ["id", "billingAddress", "fullName", "group", "locale"]
    assert sorted(last["conditions"]["ids"]) == [1, 2]
