"""GraphiQL's example tabs run as written against the demo's data."""

from __future__ import annotations

from typing import Any

from customer_gateway.emulator.open2b.seed import HOLMES_EMAIL, HOLMES_PASSWORD
from customer_gateway.http.graphiql import graphiql_html
from customer_gateway.http.graphiql_examples import (
    DEMO_EMAIL,
    DEMO_PASSWORD,
    LOOKUP,
    MUTATION,
    PAGE,
    STOREFRONT,
    default_tabs,
)
from gateway.harness import Gateway


async def _run(gateway: Gateway, body: dict[str, Any], **headers: str) -> dict[str, Any]:
    response = await gateway.client.post("/graphql", json=body, headers=headers)
    result: dict[str, Any] = response.json()
    assert "errors" not in result, result
    return result["data"]  # type: ignore[no-any-return]


async def test_every_tab_runs(gateway: Gateway) -> None:
    assert (DEMO_EMAIL, DEMO_PASSWORD) == (HOLMES_EMAIL, HOLMES_PASSWORD)
    assert (await _run(gateway, {"query": LOOKUP}))["holmes"]["id"] == "1"
    page = await _run(gateway, {"query": PAGE, "variables": {"after": None}})
    assert page["customers"]["totalCount"] >= len(page["customers"]["nodes"]) > 0
    assert (await _run(gateway, {"query": MUTATION}))["updateCustomer"]["customer"]["code"]
    logged_in = await _run(gateway, {"query": STOREFRONT, "operationName": "LogIn"})
    key = logged_in["logIn"]["customerKey"]
    me = await _run(
        gateway, {"query": STOREFRONT, "operationName": "Me"}, **{"X-Customer-Key": key}
    )
    assert me["me"]["id"] == "1"


def test_the_page_carries_the_tabs() -> None:
    page = graphiql_html()
    assert '"defaultTabs"' in page and "query Lookup" in page
    assert len(default_tabs()) == 4
