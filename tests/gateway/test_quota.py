"""The quota economy, in one process: cost before calls, coalescing, the budget, 429, cache."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from customer_gateway.emulator.open2b.seed import HOLMES_EMAIL
from gateway.harness import (
    COUNT,
    FIND,
    MY_CUSTOMER,
    Emulator,
    Gateway,
    GatewayFactory,
    codes,
)
from helpers import log_in, ok

HOLMES = '{ customer(id: "1") { id email } }'


def many(field: str, count: int) -> str:
    return "{ " + " ".join(f"a{n}: {field.format(n=n)}" for n in range(count)) + " }"


async def test_the_600_call_operation_is_refused_before_any_call(
    gateway: Gateway, knobs: Emulator
) -> None:
    query = many('customers(filter: {{keywords: "k{n}"}}) {{ totalCount nodes {{ id }} }}', 300)
    result = await gateway.query(query)
    assert result["data"] is None
    assert codes(result) == ["COST_ESTIMATED_TOO_EXPENSIVE"]
    assert result["errors"][0]["extensions"] == {
        "code": "COST_ESTIMATED_TOO_EXPENSIVE",
        "cost": 600,
        "maxCost": 10,
    }
    assert gateway.last_cost is not None
    assert gateway.last_cost["requestedQueryCost"] == 600
    assert gateway.last_cost["actualQueryCost"] == 0
    assert await knobs.calls() == 0


async def test_300_update_me_with_a_customer_key_are_refused(
    gateway: Gateway, knobs: Emulator
) -> None:
    query = "mutation " + many("updateMe(input: {{cart: null}}) {{ customer {{ id }} }}", 300)
    result = await gateway.query(query, headers={"X-Customer-Key": "some-key"})
    assert codes(result) == ["COST_ESTIMATED_TOO_EXPENSIVE"]
    assert result["errors"][0]["extensions"]["cost"] == 600
    assert await knobs.calls() == 0


async def test_identical_counts_share_one_call(
    make_gateway: GatewayFactory, knobs: Emulator
) -> None:
    gateway = await make_gateway()
    result = await gateway.query(many("customersCount", 300))
    assert "errors" not in result
    assert gateway.last_cost is not None
    assert (gateway.last_cost["requestedQueryCost"], gateway.last_cost["actualQueryCost"]) == (1, 1)
    assert await knobs.calls(COUNT) == 1

    without = await make_gateway(coalescing=False)
    refused = await without.query(many("customersCount", 300))
    assert codes(refused) == ["COST_ESTIMATED_TOO_EXPENSIVE"]
    assert await knobs.calls(COUNT) == 1


ESTIMATES: list[tuple[str, str, int]] = [
    ("open2b", HOLMES, 1),
    ("open2b", '{ a: customer(id: "1") { id } b: customer(id: "2") { email } }', 1),
    ("open2b", "{ customers(first: 2) { nodes { id } } }", 1),
    ("open2b", "{ customers(first: 2) { totalCount nodes { id } } customersCount }", 3),
    ("open2b", "{ customers(filter: {ids: []}) { totalCount } }", 0),
    ("open2b", '{ customer(id: "1") { id } ... on Query { customersCount } }', 2),
    ("open2b", '{ customer(id: "1") @skip(if: true) { id } customersCount }', 1),
    ("open2b", "{ me { id } }", 0),
    ("open2b", "{ __typename }", 0),
    ("open2b", 'mutation { updateCustomer(id: "1", input: {code: "X"}) { customer { id } } }', 2),
    ("open2b", 'mutation { updateCustomer(id: "2", input: {code: "Y"}) { __typename } }', 1),
    ("open2b", 'mutation { deleteCustomers(ids: ["3", "4", "3"]) { deletedIds } }', 2),
    ("ecwid", '{ a: customer(id: "1") { id } b: customer(id: "2") { email } }', 2),
    ("ecwid", "{ customers(first: 2) { totalCount nodes { id } } }", 2),
    ("ecwid", 'mutation { deleteCustomers(ids: ["3", "4", "3"]) { deletedIds } }', 2),
]


@pytest.mark.parametrize(("backend", "query", "calls"), ESTIMATES)
async def test_the_estimate_is_what_the_operation_costs(
    make_gateway: GatewayFactory, knobs: Emulator, backend: str, query: str, calls: int
) -> None:
    gateway = await make_gateway(backend=backend)
    result = await gateway.query(query)
    assert "errors" not in result, result
    assert gateway.last_cost is not None
    assert gateway.last_cost["requestedQueryCost"] == calls
    assert gateway.last_cost["actualQueryCost"] == calls
    assert await knobs.calls() == calls


async def test_every_response_reports_the_budget(make_gateway: GatewayFactory) -> None:
    gateway = await make_gateway(quota_calls=3, quota_window=60)
    available = []
    for customer_id in range(1, 6):
        result = await gateway.query(f'{{ customer(id: "{customer_id}") {{ id }} }}')
        assert gateway.last_cost is not None
        status = gateway.last_cost["throttleStatus"]
        assert (status["maximumAvailable"], status["restoreRate"]) == (3, 0.05)
        available.append(status["currentlyAvailable"])
        if customer_id > 3:
            assert codes(result) == ["RATE_LIMITED"]
            assert 0 < result["errors"][0]["extensions"]["retryAfter"] <= 60
            assert gateway.last_cost["actualQueryCost"] == 0
    assert available == [2, 1, 0, 0, 0]

    off = await make_gateway(quota_calls=0)
    await off.query(HOLMES)
    assert off.last_cost is not None
    assert off.last_cost["throttleStatus"] is None


async def test_the_budget_counts_calls_not_operations(
    make_gateway: GatewayFactory, knobs: Emulator
) -> None:
    gateway = await make_gateway(quota_calls=2, quota_window=60)
    result = await gateway.query(HOLMES + " ")  # one lookup
    assert "errors" not in result
    # One call left: the page is fetched, its totalCount is refused, not sent.
    page = await gateway.query("{ customers(first: 1) { totalCount nodes { id } } }")
    assert codes(page) == ["RATE_LIMITED"]
    assert await knobs.calls() == 2


async def test_40_concurrent_identical_lookups_cost_at_most_2_calls(
    gateway: Gateway, knobs: Emulator
) -> None:
    await knobs.configure(latencyMs=50)
    results = await asyncio.gather(*(gateway.query(HOLMES) for _ in range(40)))
    expected = {"data": {"customer": {"id": "1", "email": HOLMES_EMAIL}}}
    assert results == [expected] * 40
    assert await knobs.calls(FIND) <= 2


async def test_a_429_without_retry_after_closes_the_budget_for_the_backoff(
    make_gateway: GatewayFactory, knobs: Emulator, emulator: httpx.AsyncClient
) -> None:
    # A backoff longer than CG_RETRY_MAX_DELAY: not waited for, so not retried.
    gateway = await make_gateway(quota_backoff=1, retry_max_delay=0.5)
    await knobs.configure(rateLimit={"calls": 1, "windowSeconds": 60})
    await ok(emulator, "commerce.customers.count", {})
    await knobs.reset()

    first = await gateway.query(HOLMES)
    assert codes(first) == ["RATE_LIMITED"]
    assert first["errors"][0]["extensions"]["retryAfter"] == 1
    assert await knobs.calls() == 1
    for query in (HOLMES, "{ customersCount }", '{ customer(id: "2") { id } }'):
        refused = await gateway.query(query)
        assert codes(refused) == ["RATE_LIMITED"]
        assert refused["errors"][0]["extensions"]["retryAfter"] == 1
    assert await knobs.calls() == 1

    await knobs.configure(rateLimit=None)
    await asyncio.sleep(1.05)
    assert (await gateway.query(HOLMES))["data"]["customer"]["email"] == HOLMES_EMAIL
    assert await knobs.calls() == 2


async def test_a_short_retry_after_is_waited_for(make_gateway: GatewayFactory) -> None:
    answers = iter([httpx.Response(429, headers={"Retry-After": "1"})])

    def upstream(request: httpx.Request) -> httpx.Response:
        return next(answers, httpx.Response(200, json={"status": "ok", "count": 7}))

    gateway = await make_gateway(transport=httpx.MockTransport(upstream), retry_max_delay=2)
    assert (await gateway.query("{ customersCount }"))["data"] == {"customersCount": 7}


async def test_the_cache_serves_reads_until_a_write(
    make_gateway: GatewayFactory, knobs: Emulator
) -> None:
    gateway = await make_gateway(cache_ttl=60)
    query = '{ customer(id: "2") { id code } }'
    first = await gateway.query(query)
    assert await gateway.query(query) == first
    assert await knobs.calls(FIND) == 1
    assert gateway.last_cost is not None
    assert gateway.last_cost["actualQueryCost"] == 0

    update = 'mutation { updateCustomer(id: "2", input: {code: "CACHED-2"}) { __typename } }'
    assert "errors" not in await gateway.query(update)
    after = await gateway.query(query)
    assert after["data"]["customer"]["code"] == "CACHED-2"
    assert await knobs.calls(FIND) == 2


async def test_shoppers_never_share_answers(
    make_gateway: GatewayFactory, knobs: Emulator, emulator: httpx.AsyncClient
) -> None:
    gateway = await make_gateway(cache_ttl=60)
    holmes = await log_in(emulator)
    await knobs.configure(latencyMs=30)
    me = "{ me { id email } }"
    results = await asyncio.gather(
        gateway.query(me, headers=holmes),
        gateway.query(me, headers={"X-Customer-Key": "not-a-key"}),
        gateway.query(me, headers=holmes),
    )
    assert results[0] == results[2] == {"data": {"me": {"id": "1", "email": HOLMES_EMAIL}}}
    assert codes(results[1]) == ["UNAUTHENTICATED"]
    assert await knobs.calls(MY_CUSTOMER) == 2
    assert "errors" not in await gateway.query(me, headers=holmes)
    assert await knobs.calls(MY_CUSTOMER) == 2  # cached
