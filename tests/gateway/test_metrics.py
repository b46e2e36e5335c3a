"""`/metrics`: each series moves as operations run, failures and retries included."""

from __future__ import annotations

from gateway.harness import FIND, Emulator, Gateway, GatewayFactory, codes
from gateway.telemetry import scrape

REQUESTS = "customer_gateway_requests_total"
DURATION = "customer_gateway_request_duration_seconds_count"
ERRORS = "customer_gateway_graphql_errors_total"
CALLS = "customer_gateway_upstream_calls_total"
CALL_DURATION = "customer_gateway_upstream_call_duration_seconds_count"
HOLMES = '{ customer(id: "1") { id } }'


async def test_a_query_moves_the_request_and_upstream_series(gateway: Gateway) -> None:
    before = await scrape(gateway)
    assert before.value(REQUESTS, operation_type="query", outcome="ok") == 0
    assert "errors" not in await gateway.query("query Holmes " + HOLMES)

    after = await scrape(gateway)
    assert after.value(REQUESTS, operation_type="query", outcome="ok") == 1
    assert after.value(DURATION, operation_type="query") == 1
    assert after.value(CALLS, service="open2b", method=FIND, outcome="ok") == 1
    assert after.value(CALL_DURATION, service="open2b", method=FIND) == 1
    assert after.total(ERRORS) == 0
    # The operation's name is not a label: clients choose names, their number has no bound.
    assert "Holmes" not in after.text


async def test_retries_and_failures_are_counted(gateway: Gateway, knobs: Emulator) -> None:
    await knobs.configure(failNext=1)
    assert "errors" not in await gateway.query(HOLMES)  # one 5xx, then the retry answers
    metrics = await scrape(gateway)
    assert metrics.value(CALLS, service="open2b", method=FIND, outcome="retried") == 1
    assert metrics.value(CALLS, service="open2b", method=FIND, outcome="ok") == 1

    await knobs.configure(failNext=3)  # the first try and both retries fail
    assert codes(await gateway.query(HOLMES)) == ["UPSTREAM_UNAVAILABLE"]
    metrics = await scrape(gateway)
    assert metrics.value(CALLS, service="open2b", method=FIND, outcome="retried") == 3
    assert metrics.value(CALLS, service="open2b", method=FIND, outcome="UPSTREAM_UNAVAILABLE") == 1
    assert metrics.value(CALL_DURATION, service="open2b", method=FIND) == 5
    assert metrics.value(REQUESTS, operation_type="query", outcome="error") == 1
    assert metrics.value(ERRORS, code="UPSTREAM_UNAVAILABLE") == 1


async def test_mutations_and_refused_documents(gateway: Gateway) -> None:
    deleted = await gateway.query('mutation Remove { deleteCustomers(ids: ["2"]) { deletedIds } }')
    assert deleted == {"data": {"deleteCustomers": {"deletedIds": ["2"]}}}
    assert codes(await gateway.query("{ customer(id: 1) { nope } }")) == ["BAD_USER_INPUT"]
    not_json = await gateway.client.post(
        "/graphql", content=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert not_json.status_code == 400

    metrics = await scrape(gateway)
    assert metrics.value(REQUESTS, operation_type="mutation", outcome="ok") == 1
    # A document that does not validate never gets an operation type.
    assert metrics.value(REQUESTS, operation_type="unknown", outcome="error") == 1
    assert metrics.value(REQUESTS, operation_type="unknown", outcome="rejected") == 1
    assert metrics.value(ERRORS, code="BAD_USER_INPUT") == 1
    assert metrics.total(DURATION) == 3


async def test_graphiql_page_is_not_an_operation(gateway: Gateway) -> None:
    page = await gateway.client.get("/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 200
    assert (await scrape(gateway)).total(REQUESTS) == 0


async def test_each_app_counts_its_own(make_gateway: GatewayFactory) -> None:
    first, second = await make_gateway(), await make_gateway()
    await first.query(HOLMES)
    assert (await scrape(first)).total(REQUESTS) == 1
    assert (await scrape(second)).total(REQUESTS) == 0


async def test_metrics_can_be_turned_off(make_gateway: GatewayFactory) -> None:
    gateway = await make_gateway(metrics=False)
    assert "errors" not in await gateway.query(HOLMES)
    assert (await gateway.client.get("/metrics")).status_code == 404
