"""acceptsMarketing, taxExempt, taxIdValid, customerType, groupName, orderCount on both backends.

Ecwid keeps them all (`acceptMarketing`, `taxExempt`, `taxIdValid`, `b2b_b2c`,
`customerGroupName`, `totalOrderCount`); Open2b has none of them: null in answers, and
NOT_SUPPORTED with their input path when written, before any call.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from gateway.harness import ECWID_GET, ECWID_POST, ECWID_PUT, FIND, Emulator, Gateway, codes
from gateway.mutations import new_customer

NEW_FIELDS = "acceptsMarketing taxExempt taxIdValid customerType groupName orderCount"
READ = "query($id: ID!) { customer(id: $id) { id %s } }"
UPDATE = """
mutation($id: ID!, $input: CustomerUpdateInput!) {
  updateCustomer(id: $id, input: $input) { customer { id %s } }
}"""
CREATE = """
mutation($input: CustomerCreateInput!) {
  createCustomer(input: $input) { customer { id %s } }
}"""

# GraphQL field -> the Ecwid key it reads, and a value Holmes does not have (written and read).
WRITABLE = [
    ("acceptsMarketing", "acceptMarketing", True, True),
    ("taxExempt", "taxExempt", True, True),
    ("taxIdValid", "taxIdValid", False, False),
    ("customerType", "b2b_b2c", "B2C", "b2c"),
]
READ_ONLY = [("groupName", "customerGroupName", "VIP"), ("orderCount", "totalOrderCount", 7)]


async def upstream(ecwid: httpx.AsyncClient, customer_id: str) -> Any:
    response = await ecwid.get(f"customers/{customer_id}")
    assert response.status_code == 200, response.text
    return response.json()


async def read(gateway: Gateway, selection: str, customer_id: str = "1") -> Any:
    result = await gateway.query(READ % selection, {"id": customer_id})
    assert "errors" not in result, result
    return result["data"]["customer"]


# -- reads ------------------------------------------------------------------------------------


async def test_ecwid_answers_every_field_in_one_call(
    ecwid_gateway: Gateway, knobs: Emulator
) -> None:
    customer = await read(ecwid_gateway, NEW_FIELDS)
    assert customer == {
        "id": "1", "acceptsMarketing": False, "taxExempt": False, "taxIdValid": True,
        "customerType": "B2B", "groupName": "VIP", "orderCount": 7,
    }  # fmt: skip
    assert (await knobs.stats())["calls"] == {ECWID_GET: 1}
    assert (await knobs.last(ECWID_GET))["responseFields"] == (
        "id,acceptMarketing,b2b_b2c,customerGroupName,taxExempt,taxIdValid,totalOrderCount"
    )


@pytest.mark.parametrize(
    ("field", "key"),
    [(field, key) for field, key, *_ in WRITABLE] + [(field, key) for field, key, _ in READ_ONLY],
)
async def test_ecwid_asks_only_for_what_was_selected(
    ecwid_gateway: Gateway, knobs: Emulator, field: str, key: str
) -> None:
    await read(ecwid_gateway, f"email {field}")
    assert (await knobs.stats())["calls"] == {ECWID_GET: 1}
    assert (await knobs.last(ECWID_GET))["responseFields"] == ",".join(
        ["id", *sorted(["email", key])]
    )


async def test_open2b_answers_null_and_asks_nothing_for_them(
    gateway: Gateway, knobs: Emulator
) -> None:
    customer = await read(gateway, f"email {NEW_FIELDS}")
    assert customer == {
        "id": "1", "email": "holmes@inv-london.com", "acceptsMarketing": None, "taxExempt": None,
        "taxIdValid": None, "customerType": None, "groupName": None, "orderCount": None,
    }  # fmt: skip
    assert (await knobs.stats())["calls"] == {FIND: 1}
    assert (await knobs.last(FIND))["fields"] == ["id", "billingAddress"]


# -- writes on Ecwid: what is sent, what Ecwid then holds, what the gateway reads back ---------


@pytest.mark.parametrize(("field", "key", "value", "sent"), WRITABLE)
async def test_ecwid_updates_each_field(
    ecwid_gateway: Gateway,
    knobs: Emulator,
    ecwid: httpx.AsyncClient,
    field: str,
    key: str,
    value: Any,
    sent: Any,
) -> None:
    before = await upstream(ecwid, "1")
    assert before[key] != sent
    result = await ecwid_gateway.query(UPDATE % field, {"id": "1", "input": {field: value}})
    assert result == {"data": {"updateCustomer": {"customer": {"id": "1", field: value}}}}
    assert await knobs.last(ECWID_PUT) == {key: sent}
    after = await upstream(ecwid, "1")
    assert after[key] == sent
    # Nothing else changed.
    assert {k: v for k, v in after.items() if k not in (key, "updated")} == {
        k: v for k, v in before.items() if k not in (key, "updated")
    }


async def test_ecwid_creates_with_every_field(
    ecwid_gateway: Gateway, knobs: Emulator, ecwid: httpx.AsyncClient
) -> None:
    given = {field: value for field, _, value, _ in WRITABLE}
    result = await ecwid_gateway.query(CREATE % NEW_FIELDS, {"input": new_customer(**given)})
    assert "errors" not in result, result
    customer = result["data"]["createCustomer"]["customer"]
    assert customer == {**given, "id": customer["id"], "groupName": "General", "orderCount": 0}
    sent = await knobs.last(ECWID_POST)
    assert {key: sent[key] for _, key, _, _ in WRITABLE} == {
        key: value for _, key, _, value in WRITABLE
    }
    held = await upstream(ecwid, customer["id"])
    assert {key: held[key] for _, key, _, _ in WRITABLE} == {
        key: value for _, key, _, value in WRITABLE
    }


@pytest.mark.parametrize("field", [field for field, *_ in WRITABLE])
async def test_ecwid_cannot_clear_them(ecwid_gateway: Gateway, knobs: Emulator, field: str) -> None:
    # Ecwid takes a null as "not sent": sending it would drop what the client asked for.
    result = await ecwid_gateway.query(UPDATE % field, {"id": "1", "input": {field: None}})
    assert codes(result) == ["NOT_SUPPORTED"]
    assert result["errors"][0]["extensions"]["field"] == f"input.{field}"
    assert await knobs.calls() == 0


async def test_the_read_only_fields_are_not_inputs(ecwid_gateway: Gateway) -> None:
    for field, _, value in READ_ONLY:
        result = await ecwid_gateway.query(UPDATE % "id", {"id": "1", "input": {field: value}})
        assert codes(result) == ["BAD_USER_INPUT"]


# -- writes on Open2b: refused with their path, whatever the value ------------------------------


@pytest.mark.parametrize("null", [False, True])
@pytest.mark.parametrize(("field", "value"), [(field, value) for field, _, value, _ in WRITABLE])
async def test_open2b_refuses_them(
    gateway: Gateway, knobs: Emulator, field: str, value: Any, null: bool
) -> None:
    given = {field: None if null else value}
    operations: list[tuple[str, dict[str, Any]]] = [
        (UPDATE % "id", {"id": "1", "input": given}),
        (CREATE % "id", {"input": new_customer(**given)}),
    ]
    for document, variables in operations:
        result = await gateway.query(document, variables)
        assert codes(result) == ["NOT_SUPPORTED"], result
        assert result["errors"][0]["extensions"]["field"] == f"input.{field}"
    assert await knobs.calls() == 0
