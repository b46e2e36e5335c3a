"""The operation's deadline (CG_OPERATION_TIMEOUT) bounds every upstream call on both backends:
a read's attempt is cut at the deadline, a retry whose wait would pass it is not made, and no
call (a write included) starts after it. A write already sent is never cut short."""

from __future__ import annotations

import httpx

from customer_gateway.emulator.open2b.seed import HOLMES_EMAIL, HOLMES_PASSWORD
from gateway.backends import Backend
from gateway.harness import AUTHENTICATE, CREATE, Emulator, GatewayFactory, Script, codes
from gateway.mutations import new_customer

LOOKUP = '{ customer(id: "1") { id } me { id } kind: __typename }'


async def test_a_slow_read_times_out_at_the_deadline_alone(
    make_gateway: GatewayFactory, backend: Backend
) -> None:
    gateway = await make_gateway(backend=backend.name, operation_timeout=0.5)
    # Well within CG_UPSTREAM_TIMEOUT (10 s): before, the lookup waited the 2 s and succeeded.
    await backend.knobs.configure(latencyMs=2000)

    result = await gateway.query(LOOKUP)

    assert result["data"] == {"customer": None, "me": None, "kind": "Query"}
    assert codes(result) == ["UPSTREAM_TIMEOUT"]
    assert result["errors"][0]["path"] == ["customer"]
    assert "deadline" in result["errors"][0]["message"]
    assert await backend.knobs.calls(backend.calls.lookup) == 1


async def test_retries_stop_at_the_deadline(make_gateway: GatewayFactory, backend: Backend) -> None:
    gateway = await make_gateway(backend=backend.name, operation_timeout=0.5)
    # Every call fails after 300 ms: three attempts took about a second; now the second is
    # cut at the deadline (or not made, when its wait would pass it).
    await backend.knobs.configure(latencyMs=300, failureRate=1.0)

    result = await gateway.query(LOOKUP)

    assert result["data"] == {"customer": None, "me": None, "kind": "Query"}
    assert codes(result)[0] in ("UPSTREAM_TIMEOUT", "UPSTREAM_UNAVAILABLE")
    assert await backend.knobs.calls(backend.calls.lookup) < 3


async def test_a_retry_whose_wait_passes_the_deadline_is_not_made(
    make_gateway: GatewayFactory,
) -> None:
    # The upstream asks for 1 s; the operation has 0.5 s: waiting could only end in a timeout.
    script = Script(httpx.Response(503, headers={"Retry-After": "1"}))
    gateway = await make_gateway(operation_timeout=0.5, transport=script.transport)

    result = await gateway.query(LOOKUP)

    assert result["data"] == {"customer": None, "me": None, "kind": "Query"}
    assert codes(result) == ["UPSTREAM_UNAVAILABLE"]
    assert script.calls == 1


async def test_a_write_in_flight_finishes_and_none_starts_past_the_deadline(
    make_gateway: GatewayFactory, knobs: Emulator
) -> None:
    gateway = await make_gateway(operation_timeout=0.5)
    await knobs.configure(latencyMs=700)
    document = """
    mutation($input: CustomerCreateInput!, $email: String!, $password: String!) {
      created: createCustomer(input: $input) { customerId }
      checked: authenticateCustomer(email: $email, password: $password) { id }
    }"""
    variables = {"input": new_customer(), "email": HOLMES_EMAIL, "password": HOLMES_PASSWORD}

    result = await gateway.query(document, variables)

    # The create was sent before the deadline and answered after it: its success is kept.
    created = result["data"]["created"]
    assert created is not None and created["customerId"]
    assert await knobs.calls(CREATE) == 1
    # The next write (a login is one) would have started after the deadline: never sent.
    assert result["data"]["checked"] is None
    assert codes(result) == ["UPSTREAM_TIMEOUT"]
    assert result["errors"][0]["path"] == ["checked"]
    assert await knobs.calls(AUTHENTICATE) == 0
