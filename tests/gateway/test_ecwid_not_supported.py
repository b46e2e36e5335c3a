"""What Ecwid cannot do is NOT_SUPPORTED, before any call: nothing a client sent is dropped."""

from __future__ import annotations

from typing import Any

import pytest

from gateway.harness import Emulator, Gateway, codes
from gateway.mutations import (
    AUTHENTICATE_CUSTOMER,
    CREATE_CUSTOMER,
    LOG_IN,
    UPDATE_CUSTOMER,
    UPDATE_ME,
)

COUNT = "query($filter: CustomerFilter) { customersCount(filter: $filter) }"
PAGE = """
query($filter: CustomerFilter, $orderBy: [CustomerOrder!]) {
  customers(filter: $filter, orderBy: $orderBy) { nodes { id } }
}"""
BILLING = {"firstName": "John", "lastName": "Watson", "email": "watson@inv-london.com"}


def refusal(result: dict[str, Any]) -> dict[str, Any]:
    [error] = result["errors"]
    assert error["extensions"]["code"] == "NOT_SUPPORTED", error
    assert "upstream" not in error["extensions"]
    found: dict[str, Any] = error
    return found


# -- the storefront ---------------------------------------------------------------------------

KEY = {"X-Customer-Key": "a-key"}
CREDENTIALS = {"email": "holmes@inv-london.com", "password": "sherlock221"}


@pytest.mark.parametrize(
    ("document", "variables", "name"),
    [
        ("{ me { id } }", None, "me"),
        (LOG_IN, CREDENTIALS, "logIn"),
        (UPDATE_ME, {"input": {"cart": None}}, "updateMe"),
        (AUTHENTICATE_CUSTOMER, CREDENTIALS, "authenticateCustomer"),
    ],
)
async def test_the_storefront_is_not_supported(
    ecwid_gateway: Gateway, knobs: Emulator, document: str, variables: Any, name: str
) -> None:
    result = await ecwid_gateway.query(document, variables, headers=KEY)
    error = refusal(result)
    assert error["path"] == [name]
    assert name in error["message"]
    assert await knobs.calls() == 0


async def test_me_without_a_key_is_still_null(ecwid_gateway: Gateway, knobs: Emulator) -> None:
    assert await ecwid_gateway.query("{ me { id } }") == {"data": {"me": None}}


# -- filters and orders -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("customer_filter", "field"),
    [
        ({"ids": ["1", "2"]}, "filter.ids"),
        ({"code": "TF78123"}, "filter.code"),
        ({"canLogin": True}, "filter.canLogin"),
        ({"canLogin": False}, "filter.canLogin"),
        ({"personalCode": "SH239IBA"}, "filter.personalCode"),
        ({"companyCode": "ACME80193"}, "filter.companyCode"),
        ({"stateProv": "LND"}, "filter.stateProv"),
        ({"labels": [1]}, "filter.labels"),
        ({"country": "GB", "labels": []}, "filter.labels"),
    ],
)
@pytest.mark.parametrize("document", [COUNT, PAGE], ids=["customersCount", "customers"])
async def test_filters_ecwid_lacks(
    ecwid_gateway: Gateway,
    knobs: Emulator,
    document: str,
    customer_filter: dict[str, Any],
    field: str,
) -> None:
    result = await ecwid_gateway.query(document, {"filter": customer_filter})
    assert refusal(result)["extensions"]["field"] == field
    assert await knobs.calls() == 0


@pytest.mark.parametrize(
    ("customer_filter", "field"),
    [
        # Ecwid takes an empty parameter as "not given": it would match everyone.
        ({"email": ""}, "filter.email"),
        ({"keywords": " "}, "filter.keywords"),
        ({"country": ""}, "filter.country"),
        # countryCodes is a comma list: this would match two countries.
        ({"country": "IT,FR"}, "filter.country"),
        ({"country": "ITA"}, "filter.country"),
    ],
)
async def test_filter_values_ecwid_would_misread(
    ecwid_gateway: Gateway, knobs: Emulator, customer_filter: dict[str, Any], field: str
) -> None:
    result = await ecwid_gateway.query(COUNT, {"filter": customer_filter})
    assert codes(result) == ["MALFORMED"]
    assert result["errors"][0]["extensions"]["field"] == field
    assert await knobs.calls() == 0


@pytest.mark.parametrize(
    "order_by",
    [
        [{"field": "CODE"}],
        [{"field": "CAN_LOGIN"}],
        [{"field": "HAS_PASSWORD", "direction": "DESC"}],
        [{"field": "COUNTRY"}],
        [{"field": "GROUP"}],
        [{"field": "FULL_NAME"}, {"field": "EMAIL"}],
        [{"field": "EMAIL"}, {"field": "ID", "direction": "DESC"}],
    ],
)
async def test_orders_ecwid_lacks(
    ecwid_gateway: Gateway, knobs: Emulator, order_by: list[dict[str, str]]
) -> None:
    result = await ecwid_gateway.query(PAGE, {"orderBy": order_by})
    error = refusal(result)
    assert error["extensions"]["field"] == "orderBy"
    assert "FULL_NAME, EMAIL, CREATION_TIME, UPDATE_TIME" in error["message"]
    assert await knobs.calls() == 0


@pytest.mark.parametrize(
    ("order_by", "sort_by"),
    [
        ([{"field": "FULL_NAME"}], "NAME_ASC"),
        ([{"field": "FULL_NAME", "direction": "DESC"}], "NAME_DESC"),
        ([{"field": "EMAIL"}], "EMAIL_ASC"),
        ([{"field": "EMAIL", "direction": "DESC"}, {"field": "ID"}], "EMAIL_DESC"),
        ([{"field": "CREATION_TIME"}], "REGISTERED_DATE_ASC"),
        ([{"field": "UPDATE_TIME", "direction": "DESC"}], "UPDATED_DATE_DESC"),
        (None, "REGISTERED_DATE_ASC"),
        ([{"field": "ID"}], "REGISTERED_DATE_ASC"),
        ([{"field": "ID", "direction": "DESC"}], "REGISTERED_DATE_DESC"),
        ([{"field": "ID"}, {"field": "EMAIL"}], "REGISTERED_DATE_ASC"),
    ],
)
async def test_orders_ecwid_has(
    ecwid_gateway: Gateway, knobs: Emulator, order_by: Any, sort_by: str
) -> None:
    result = await ecwid_gateway.query(PAGE, {"orderBy": order_by})
    assert "errors" not in result
    assert (await knobs.last("ecwid GET /customers"))["sortBy"] == sort_by


# -- mutation inputs --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "field"),
    [
        ({"code": "BAKER-221"}, "input.code"),
        ({"code": None}, "input.code"),
        ({"canLogin": False}, "input.canLogin"),
        ({"creationTime": "2020-01-01T00:00:00Z"}, "input.creationTime"),
        ({"loginTime": None}, "input.loginTime"),
        ({"collection": 1}, "input.collection"),
        ({"collections": []}, "input.collections"),
        ({"wishList": [1]}, "input.wishList"),
        ({"password": {"value": "x" * 45, "cryptedBy": "Open2b"}}, "input.password.cryptedBy"),
        (
            {"billingAddress": {**BILLING, "companyCode2": "7J"}},
            "input.billingAddress.companyCode2",
        ),
        ({"billingAddress": {**BILLING, "mobileNumber": "1"}}, "input.billingAddress.mobileNumber"),
        ({"billingAddress": {**BILLING, "faxNumber": None}}, "input.billingAddress.faxNumber"),
    ],
)
@pytest.mark.parametrize("mutation", ["createCustomer", "updateCustomer"])
async def test_inputs_ecwid_has_no_place_for(
    ecwid_gateway: Gateway, knobs: Emulator, mutation: str, given: dict[str, Any], field: str
) -> None:
    variables: dict[str, Any] = {"id": "1", "input": given}
    document = UPDATE_CUSTOMER
    if mutation == "createCustomer":
        document, variables = CREATE_CUSTOMER, {"input": {"billingAddress": BILLING, **given}}
    result = await ecwid_gateway.query(document, variables)
    error = refusal(result)
    assert error["extensions"]["field"] == field
    assert field in error["message"]
    assert await knobs.calls() == 0


@pytest.mark.parametrize(
    ("given", "field"),
    [
        ({"cart": "0" * 32}, "input.cart"),
        # Ecwid takes a null as "not sent": these would be dropped, not cleared.
        ({"locale": None}, "input.locale"),
        ({"group": None}, "input.group"),
        ({"password": None}, "input.password"),
        ({"billingAddress": None}, "input.billingAddress"),
        ({"billingAddress": {"email": None}}, "input.billingAddress.email"),
    ],
)
async def test_updates_ecwid_cannot_make(
    ecwid_gateway: Gateway, knobs: Emulator, given: dict[str, Any], field: str
) -> None:
    result = await ecwid_gateway.query(UPDATE_CUSTOMER, {"id": "1", "input": given})
    assert refusal(result)["extensions"]["field"] == field
    assert await knobs.calls() == 0
