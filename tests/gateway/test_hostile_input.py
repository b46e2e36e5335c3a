"""Ids no upstream can have and lists too long are refused (or null) before any call,
without touching the other fields of the operation."""

from __future__ import annotations

import base64
from typing import Any

import pytest

from gateway.backends import BACKENDS, Backend
from gateway.harness import Emulator, Gateway, GatewayFactory, codes
from gateway.mutations import CREATE_CUSTOMER, UPDATE_CUSTOMER, UPDATE_ME, log_in, new_customer

HUGE_ID = "9" * 5000  # int() refuses more than 4,300 digits: it was an INTERNAL_SERVER_ERROR


async def test_a_huge_id_is_null_and_its_siblings_are_read(backend: Backend) -> None:
    result = await backend.gateway.query(
        f'{{ a: customer(id: "1") {{ id }} b: customer(id: "{HUGE_ID}") {{ id }} '
        'c: customer(id: "2") { id } }'
    )

    assert result == {"data": {"a": {"id": "1"}, "b": None, "c": {"id": "2"}}}


@pytest.mark.parametrize(
    ("operation", "variables", "field"),
    [
        (
            'mutation($id: ID!) { updateCustomer(id: $id, input: {locale: "en"}) '
            "{ customer { id } } }",
            {"id": HUGE_ID},
            "id",
        ),
        (
            "mutation($ids: [ID!]!) { deleteCustomers(ids: $ids) { deletedIds } }",
            {"ids": ["1", HUGE_ID]},
            "ids",
        ),
    ],
    ids=["updateCustomer", "deleteCustomers"],
)
async def test_a_huge_id_in_a_write_is_refused_before_any_call(
    backend: Backend, operation: str, variables: dict[str, Any], field: str
) -> None:
    result = await backend.gateway.query(operation, variables)

    assert codes(result) in (["MALFORMED"], ["INVALID_VALUE"])
    assert result["errors"][0]["extensions"]["field"] == field
    assert await backend.knobs.calls() == 0


async def test_a_huge_id_in_the_filter_is_refused_before_any_call(
    gateway: Gateway, knobs: Emulator
) -> None:
    result = await gateway.query(
        "query($ids: [ID!]) { customers(filter: {ids: $ids}) { nodes { id } } }",
        {"ids": ["1", HUGE_ID]},
    )

    assert codes(result) == ["INVALID_VALUE"]
    assert result["errors"][0]["extensions"]["field"] == "filter.ids"
    assert await knobs.calls() == 0


async def test_a_forged_cursor_with_a_huge_position_is_refused(gateway: Gateway) -> None:
    cursor = base64.urlsafe_b64encode(f"c1|k:id|{HUGE_ID}".encode()).decode()
    result = await gateway.query(
        "query($after: String) { customers(after: $after) { nodes { id } } }", {"after": cursor}
    )

    assert codes(result) == ["BAD_USER_INPUT"]
    assert result["errors"][0]["extensions"]["field"] == "after"


IDS_PAGE = "query($ids: [ID!]) { customers(filter: {ids: $ids}) { nodes { id } } }"


@pytest.mark.parametrize("inline", [False, True], ids=["variables", "inline"])
async def test_filter_ids_take_at_most_250(gateway: Gateway, knobs: Emulator, inline: bool) -> None:
    ids = [str(i) for i in range(1, 252)]
    if inline:
        listed = ", ".join(f'"{i}"' for i in ids)
        result = await gateway.query(
            f"{{ customers(filter: {{ids: [{listed}]}}) {{ nodes {{ id }} }} }}"
        )
    else:
        result = await gateway.query(IDS_PAGE, {"ids": ids})
    fits = await gateway.query(IDS_PAGE, {"ids": ids[:250]})

    assert codes(result) == ["BAD_USER_INPUT"]
    assert result["errors"][0]["extensions"]["field"] == "filter.ids"
    assert result["errors"][0]["message"] == "filter.ids takes at most 250 items, not 251"
    assert "errors" not in fits
    assert await knobs.calls() == 1  # only the list that fits went upstream


@pytest.mark.parametrize("name", BACKENDS)
async def test_delete_customers_takes_at_most_250_ids(
    make_gateway: GatewayFactory, knobs: Emulator, name: str
) -> None:
    # On Ecwid (a DELETE per id) the cost limit would refuse it first: out of the way here.
    gateway = await make_gateway(backend=name, max_operation_calls=1000)
    result = await gateway.query(
        "mutation($ids: [ID!]!) { deleteCustomers(ids: $ids) { deletedIds } }",
        {"ids": [str(i) for i in range(1, 252)]},
    )

    assert codes(result) == ["BAD_USER_INPUT"]
    assert result["errors"][0]["extensions"]["field"] == "ids"
    assert await knobs.calls() == 0


TOO_MANY = list(range(1, 1002))  # the upstreams document no maximum: ours is 1,000


@pytest.mark.parametrize(
    ("operation", "variables", "field"),
    [
        (CREATE_CUSTOMER, {"input": new_customer(wishList=TOO_MANY)}, "input.wishList"),
        (UPDATE_CUSTOMER, {"id": "1", "input": {"wishList": TOO_MANY}}, "input.wishList"),
        (
            UPDATE_CUSTOMER,
            {"id": "1", "input": {"addresses": [{"city": "London"}] * 1001}},
            "input.addresses",
        ),
    ],
    ids=["create wishList", "update wishList", "update addresses"],
)
async def test_write_lists_take_at_most_1000_entries(
    backend: Backend, operation: str, variables: dict[str, Any], field: str
) -> None:
    result = await backend.gateway.query(operation, variables)

    assert codes(result) == ["BAD_USER_INPUT"]
    assert result["errors"][0]["extensions"]["field"] == field
    assert result["errors"][0]["message"] == f"{field} takes at most 1000 items, not 1001"
    assert await backend.knobs.calls() == 0


async def test_an_inline_wish_list_takes_at_most_1000_entries(
    gateway: Gateway, knobs: Emulator
) -> None:
    def update(entries: list[int]) -> str:
        changes = f"{{wishList: {entries}}}"
        return f'mutation {{ updateCustomer(id: "1", input: {changes}) {{ customerId }} }}'

    refused = await gateway.query(update(TOO_MANY))
    assert await knobs.calls() == 0
    fits = await gateway.query(update(TOO_MANY[:1000]))

    assert codes(refused) == ["BAD_USER_INPUT"]
    assert refused["errors"][0]["extensions"]["field"] == "input.wishList"
    assert fits == {"data": {"updateCustomer": {"customerId": "1"}}}


@pytest.mark.parametrize("name", ["wishList", "newsletterLists", "privacyConsents"])
async def test_update_me_lists_take_at_most_1000_entries(
    gateway: Gateway, knobs: Emulator, name: str
) -> None:
    key = await log_in(gateway)
    await knobs.reset()

    result = await gateway.query(
        UPDATE_ME, {"input": {name: TOO_MANY}}, headers={"X-Customer-Key": key}
    )

    assert codes(result) == ["BAD_USER_INPUT"]
    assert result["errors"][0]["extensions"]["field"] == f"input.{name}"
    assert await knobs.calls() == 0
