"""Ecwid GET /customers: every search parameter, sortBy, paging, responseFields, bad parameters."""

from __future__ import annotations

import calendar
import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from customer_gateway.emulator.open2b.seed import HOLMES_EMAIL
from helpers import by_name

Customer = dict[str, Any]
SEEDED = 50  # tests/conftest.py


async def search(ecwid: httpx.AsyncClient, **params: str | int) -> dict[str, Any]:
    response = await ecwid.get("customers", params=params)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    page: dict[str, Any] = response.json()
    return page


async def everyone(ecwid: httpx.AsyncClient) -> list[Customer]:
    """All seeded customers, in id order."""
    items: list[Customer] = (await search(ecwid, limit=100, sortBy="REGISTERED_DATE_ASC"))["items"]
    assert len(items) == SEEDED
    return sorted(items, key=lambda c: c["id"])


def seconds(stamp: str) -> int:
    return calendar.timegm(time.strptime(stamp, "%Y-%m-%d %H:%M:%S +0000"))


def person(c: Customer, key: str) -> str:
    value: str = c["billingPerson"].get(key, "")
    return value


def digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def nocase(text: str) -> str:
    """SQLite's NOCASE: only ASCII letters are folded."""
    return "".join(ch.lower() if ch.isascii() else ch for ch in text)


def nobody(c: Customer) -> bool:
    """A filter that must match no customer."""
    return False


REGISTERED_MID = 1_640_995_200  # 2022-01-01: seeded times span 2019..2025
Filter = Callable[[Customer], bool]
FILTERS: list[tuple[dict[str, str], Filter]] = [
    ({"keyword": "holmes"}, lambda c: "holmes" in (c.get("name", "") + c["email"]).lower()),
    (
        {"keyword": "sherlock INV-LONDON"},
        lambda c: c["email"] == HOLMES_EMAIL,
    ),
    ({"keyword": "example.it"}, lambda c: "example.it" in c["email"]),
    ({"keyword": "%"}, nobody),  # no wildcards: nobody has these characters
    ({"name": "Sherlock_Holmes"}, nobody),
    ({"name": "GARCIA"}, lambda c: "garcia" in c.get("name", "").lower()),  # not García
    ({"name": "Sherlock Holmes"}, lambda c: c["id"] == 1),
    ({"email": HOLMES_EMAIL.upper()}, lambda c: c["id"] == 1),
    ({"email": "holmes"}, nobody),  # exact, not a substring
    ({"customerGroupIds": "1,2"}, lambda c: c["customerGroupId"] in (1, 2)),
    ({"customerGroupIds": "0"}, lambda c: c["customerGroupId"] == 0),
    ({"customerGroupIds": "9"}, nobody),
    ({"countryCodes": "it, FR"}, lambda c: person(c, "countryCode") in ("IT", "FR")),
    ({"countryCodes": "GB"}, lambda c: person(c, "countryCode") == "GB"),
    ({"city": "LONDON"}, lambda c: person(c, "city") == "London"),
    ({"postalCode": "nw16xe"}, lambda c: person(c, "postalCode") == "NW1 6XE"),
    ({"phone": "(20) 7224-3688"}, lambda c: "2072243688" in digits(person(c, "phone"))),
    ({"phone": "+39 3"}, lambda c: "393" in digits(person(c, "phone"))),  # digits, anywhere
    (
        {"createdFrom": str(REGISTERED_MID)},
        lambda c: seconds(c["registered"]) >= REGISTERED_MID,
    ),
    ({"createdTo": str(REGISTERED_MID)}, lambda c: seconds(c["registered"]) <= REGISTERED_MID),
    (
        {"createdFrom": "1590079753", "createdTo": "1590079753"},  # Holmes, to the second
        lambda c: c["id"] == 1,
    ),
    ({"updatedFrom": str(REGISTERED_MID)}, lambda c: seconds(c["updated"]) >= REGISTERED_MID),
    ({"updatedTo": str(REGISTERED_MID)}, lambda c: seconds(c["updated"]) <= REGISTERED_MID),
    (
        {"countryCodes": "GB,IE", "customerGroupIds": "0", "keyword": "a"},
        lambda c: (
            person(c, "countryCode") in ("GB", "IE")
            and c["customerGroupId"] == 0
            and "a" in (c.get("name", "") + c["email"]).lower()
        ),
    ),
    ({"keyword": "", "city": ""}, lambda c: True),  # empty values count as not given
]


@pytest.mark.parametrize(("params", "keep"), FILTERS, ids=[str(p) for p, _ in FILTERS])
async def test_filters(ecwid: httpx.AsyncClient, params: dict[str, str], keep: Filter) -> None:
    expected = [c["id"] for c in await everyone(ecwid) if keep(c)]
    page = await search(ecwid, **params, sortBy="REGISTERED_DATE_ASC")
    assert sorted(c["id"] for c in page["items"]) == expected
    assert page["total"] == page["count"] == len(expected)


async def test_filters_find_something(ecwid: httpx.AsyncClient) -> None:
    """The filter table above is not vacuous on the seeded data."""
    customers = await everyone(ecwid)
    for params, keep in FILTERS:
        if keep is not nobody:
            assert any(keep(c) for c in customers), params


SortKey = Callable[[Customer], Any]
SORTS: list[tuple[str, SortKey, bool]] = [
    ("NAME_ASC", lambda c: by_name(c.get("name", "")), False),
    ("NAME_DESC", lambda c: by_name(c.get("name", "")), True),
    ("EMAIL_ASC", lambda c: nocase(c["email"]), False),
    ("EMAIL_DESC", lambda c: nocase(c["email"]), True),
    ("ORDER_COUNT_ASC", lambda c: c["totalOrderCount"], False),
    ("ORDER_COUNT_DESC", lambda c: c["totalOrderCount"], True),
    ("REGISTERED_DATE_ASC", lambda c: c["registered"], False),
    ("REGISTERED_DATE_DESC", lambda c: c["registered"], True),
    ("UPDATED_DATE_ASC", lambda c: c["updated"], False),
    ("UPDATED_DATE_DESC", lambda c: c["updated"], True),
]


@pytest.mark.parametrize(("sort_by", "key", "descending"), SORTS, ids=[s for s, _, _ in SORTS])
async def test_sort_by(
    ecwid: httpx.AsyncClient, sort_by: str, key: SortKey, descending: bool
) -> None:
    customers = await everyone(ecwid)  # by id: ties stay in ascending id order
    expected = [c["id"] for c in sorted(customers, key=key, reverse=descending)]
    page = await search(ecwid, sortBy=sort_by)
    assert [c["id"] for c in page["items"]] == expected


async def test_default_sort_is_name_asc_and_limit_100(ecwid: httpx.AsyncClient) -> None:
    default, by_name = await search(ecwid), await search(ecwid, sortBy="NAME_ASC")
    assert default == by_name
    assert (default["total"], default["count"], default["offset"], default["limit"]) == (
        SEEDED,
        SEEDED,
        0,
        100,
    )


async def test_order_counts_have_ties(ecwid: httpx.AsyncClient) -> None:
    """So ORDER_COUNT_* above checks the tie-break by id."""
    counts = [c["totalOrderCount"] for c in await everyone(ecwid)]
    assert len(set(counts)) < len(counts)


async def test_offset_and_limit_page_through_everyone(ecwid: httpx.AsyncClient) -> None:
    whole = (await search(ecwid, sortBy="EMAIL_ASC"))["items"]
    pages = [await search(ecwid, sortBy="EMAIL_ASC", offset=o, limit=7) for o in range(0, 56, 7)]
    assert [p["items"] for p in pages] == [whole[o : o + 7] for o in range(0, 56, 7)]
    assert [(p["offset"], p["limit"], p["count"], p["total"]) for p in pages[-2:]] == [
        (42, 7, 7, SEEDED),
        (49, 7, 1, SEEDED),
    ]
    beyond = await search(ecwid, offset=500, limit=100)
    assert (beyond["total"], beyond["count"], beyond["items"]) == (SEEDED, 0, [])


async def test_limit_100_is_the_maximum(ecwid: httpx.AsyncClient) -> None:
    assert (await search(ecwid, limit=100))["count"] == SEEDED
    response = await ecwid.get("customers", params={"limit": 101})
    assert response.status_code == 400
    assert "limit" in response.json()["errorMessage"]


def items(keep: Callable[[Customer], Customer]) -> Callable[[dict[str, Any]], Any]:
    """The expected answer: `keep` applied to every item of the whole page."""
    return lambda page: {"items": [keep(c) for c in page["items"]]}


PROJECTIONS: list[tuple[str, Callable[[dict[str, Any]], Any]]] = [
    ("total", lambda page: {"total": page["total"]}),
    ("total,count,offset,limit", lambda page: {k: v for k, v in page.items() if k != "items"}),
    ("items(id,email)", items(lambda c: {"id": c["id"], "email": c["email"]})),
    (
        "total,items(id,email,billingPerson(name))",
        lambda page: (
            {"total": page["total"]}
            | items(
                lambda c: {"id": c["id"], "email": c["email"], "billingPerson": {"name": c["name"]}}
            )(page)
        ),
    ),
    (
        " items ( id , shippingAddresses ( city ) ) ",
        items(
            lambda c: {
                "id": c["id"],
                "shippingAddresses": [{"city": a["city"]} for a in c["shippingAddresses"]],
            }
        ),
    ),
    # repeated names merge; the whole value wins over a part of it
    ("items(id),items(email)", items(lambda c: {"id": c["id"], "email": c["email"]})),
    (
        "items(id,billingPerson),items(billingPerson(name))",
        items(lambda c: {"id": c["id"], "billingPerson": c["billingPerson"]}),
    ),
    ("items(id,nickname),nothing", items(lambda c: {"id": c["id"]})),
    ("items(email(x))", items(lambda c: {"email": c["email"]})),
]


@pytest.mark.parametrize(("fields", "expected"), PROJECTIONS, ids=[f for f, _ in PROJECTIONS])
async def test_response_fields(
    ecwid: httpx.AsyncClient, fields: str, expected: Callable[[dict[str, Any]], Any]
) -> None:
    whole = await search(ecwid, limit=5, countryCodes="GB")
    assert any(c["shippingAddresses"] for c in whole["items"])
    assert await search(ecwid, limit=5, countryCodes="GB", responseFields=fields) == expected(whole)


async def test_response_fields_on_a_customer(ecwid: httpx.AsyncClient) -> None:
    fields = "id,email,billingPerson(city,countryCode),shippingAddresses(id,postalCode)"
    response = await ecwid.get("customers/1", params={"responseFields": fields})
    assert response.json() == {
        "id": 1,
        "email": HOLMES_EMAIL,
        "billingPerson": {"city": "London", "countryCode": "GB"},
        "shippingAddresses": [{"id": 1, "postalCode": "NW1 6XE"}],
    }


BAD_PARAMS: list[tuple[str, str, str]] = [  # path, query string, the name in the message
    ("customers", "limit=101", "limit"),
    ("customers", "limit=0", "limit"),
    ("customers", "limit=ten", "limit"),
    ("customers", "limit=-1", "limit"),
    ("customers", "offset=-5", "offset"),
    ("customers", "offset=1.5", "offset"),
    ("customers", "sortBy=NAME", "sortBy"),
    ("customers", "sortBy=name_asc", "sortBy"),
    ("customers", "createdFrom=2021-01-01", "createdFrom"),
    ("customers", "createdTo=1.5", "createdTo"),
    ("customers", "updatedFrom=yesterday", "updatedFrom"),
    ("customers", "updatedTo=-1", "updatedTo"),
    ("customers", "customerGroupIds=1,x", "customerGroupIds"),
    ("customers", "customerGroupIds=1,,2", "customerGroupIds"),
    ("customers", "countryCodes=ITA", "countryCodes"),
    ("customers", "countryCodes=IT,1", "countryCodes"),
    ("customers", "responseFields=items(id", "responseFields"),
    ("customers", "responseFields=items((id)", "responseFields"),
    ("customers", "responseFields=items()", "responseFields"),
    ("customers", "responseFields=total,", "responseFields"),
    ("customers", "responseFields=total items", "responseFields"),
    ("customers", "responseFields=total)", "responseFields"),
    ("customers", "responseFields=items.id", "responseFields"),
    ("customers", "customerGroupId=1", "customerGroupId"),
    ("customers", "token=secret_emulator", "token"),
    ("customers", "limit=5&limit=6", "limit"),
    ("customers", "keyword=&keyword=x", "keyword"),
    ("customers/1", "keyword=holmes", "keyword"),
    ("customers/1", "responseFields=(", "responseFields"),
    ("customers/abc", "", "abc"),
    ("customers/-1", "", "-1"),
    ("customers/99999999999999999999", "", "99999999999999999999"),
]


@pytest.mark.parametrize(("path", "query", "named"), BAD_PARAMS)
async def test_bad_parameters_are_400(
    ecwid: httpx.AsyncClient, path: str, query: str, named: str
) -> None:
    response = await ecwid.get(f"{path}?{query}")
    assert response.status_code == 400
    body = response.json()
    assert body["errorCode"] == "INVALID_PARAMETER"
    assert named in body["errorMessage"]
