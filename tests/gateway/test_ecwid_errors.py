"""Each documented Ecwid status, as a client of the gateway sees it (code, message, retries)."""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

import httpx
import orjson
import pytest

from customer_gateway.emulator.ecwid.api import FULL_TOKEN, READ_ONLY_TOKEN
from customer_gateway.emulator.open2b.seed import HOLMES_EMAIL
from gateway.harness import ECWID_DELETE as DELETE
from gateway.harness import ECWID_GET as GET
from gateway.harness import ECWID_POST as POST
from gateway.harness import ECWID_PUT as PUT
from gateway.harness import ECWID_SEARCH as SEARCH
from gateway.harness import Emulator, Gateway, GatewayFactory, Script, codes
from gateway.mutations import CREATE_CUSTOMER, DELETE_CUSTOMERS, UPDATE_CUSTOMER

HOLMES = '{ customer(id: "1") { id email } }'
NEW = {"billingAddress": {"firstName": "John", "email": "watson@inv-london.com"}}
# One of each write: (document, variables, the emulator's name for its call).
WRITES = [
    (CREATE_CUSTOMER, {"input": NEW}, POST),
    (UPDATE_CUSTOMER, {"id": "1", "input": {"locale": "it"}}, PUT),
    (DELETE_CUSTOMERS, {"ids": ["2"]}, DELETE),
]
SERVER_ERROR = "The request failed because of an error on the server"


def only_error(result: dict[str, Any]) -> dict[str, Any]:
    [error] = result["errors"]
    found: dict[str, Any] = error
    return found


def ecwid_error(status: int, message: str, code: str, **headers: str) -> httpx.Response:
    body = orjson.dumps({"errorMessage": message, "errorCode": code})
    return httpx.Response(status, content=body, headers=headers)


async def customer_count(ecwid: httpx.AsyncClient) -> int:
    response = await ecwid.get("customers", params={"limit": "1", "responseFields": "total"})
    total: int = response.json()["total"]
    return total


# -- 400 ---------------------------------------------------------------------------------------


async def test_400_on_a_write_is_malformed_in_ecwid_words(
    ecwid_gateway: Gateway, knobs: Emulator
) -> None:
    given = {"billingAddress": {**NEW["billingAddress"], "country": "XX"}}
    error = only_error(await ecwid_gateway.query(CREATE_CUSTOMER, {"input": given}))
    assert error["message"] == (
        "Field 'billingPerson.countryCode' must be a 2-letter ISO 3166 country code: 'XX'"
    )
    assert error["extensions"] == {
        "code": "MALFORMED",
        "upstream": {
            "service": "ecwid",
            "method": "POST /customers",
            "type": "INVALID_FIELD",
            "status": 400,
        },
    }
    assert await knobs.calls(POST) == 1


async def test_400_on_a_read_is_not_retried(ecwid_gateway: Gateway, knobs: Emulator) -> None:
    result = await ecwid_gateway.query("{ customersCount(filter: {group: -1}) }")
    error = only_error(result)
    assert error["extensions"]["code"] == "MALFORMED"
    assert error["extensions"]["upstream"]["method"] == "GET /customers"
    assert error["extensions"]["upstream"]["type"] == "INVALID_PARAMETER"
    assert "customerGroupIds" in error["message"]
    assert await knobs.calls(SEARCH) == 1


# -- 402, 403 ----------------------------------------------------------------------------------


async def test_403_with_an_empty_body(
    make_gateway: GatewayFactory, knobs: Emulator, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    gateway = await make_gateway(backend="ecwid", ecwid_token="secret_stolen")
    response = await gateway.post(HOLMES)
    result = response.json()
    assert result["data"] == {"customer": None}
    error = only_error(result)
    assert error["message"] == "ecwid refused the gateway's access token"
    assert error["extensions"] == {
        "code": "FORBIDDEN",
        "upstream": {"service": "ecwid", "method": "GET /customers/{id}", "status": 403},
    }
    assert await knobs.calls(GET) == 1  # an answer, not a failure: not retried
    assert "secret_stolen" not in response.text and "secret_stolen" not in caplog.text


@pytest.mark.parametrize(
    ("settings", "document", "variables", "message"),
    [
        ({"ecwid_token": READ_ONLY_TOKEN}, CREATE_CUSTOMER, {"input": NEW},
         "The token does not have the 'create_customers' access scope"),
        ({"ecwid_token": READ_ONLY_TOKEN}, DELETE_CUSTOMERS, {"ids": ["2"]},
         "The token does not have the 'update_customers' access scope"),
        ({"ecwid_store_id": "42"}, HOLMES, None, "The token does not grant access to store 42"),
    ],
)  # fmt: skip
async def test_403_access_denied(
    make_gateway: GatewayFactory,
    knobs: Emulator,
    settings: dict[str, Any],
    document: str,
    variables: Any,
    message: str,
) -> None:
    gateway = await make_gateway(backend="ecwid", **settings)
    error = only_error(await gateway.query(document, variables))
    assert error["message"] == message
    assert error["extensions"]["code"] == "FORBIDDEN"
    assert error["extensions"]["upstream"]["type"] == "ACCESS_DENIED"
    assert error["extensions"]["upstream"]["status"] == 403
    assert await knobs.calls() == 1


async def test_402_the_plan_has_no_api_is_forbidden(make_gateway: GatewayFactory) -> None:
    script = Script(httpx.Response(402))
    gateway = await make_gateway(backend="ecwid", transport=script.transport)
    error = only_error(await gateway.query("{ customersCount }"))
    assert error["message"] == "The Ecwid store's plan does not include API access"
    assert error["extensions"]["code"] == "FORBIDDEN"
    assert script.calls == 1


# -- 404, 409 ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("input", "method"),
    [({"locale": "it"}, "PUT /customers/{id}"),
     # A partial street is read first: that GET answers the 404.
     ({"billingAddress": {"street2": "Upstairs"}}, "GET /customers/{id}")],
)  # fmt: skip
async def test_404_on_update_names_the_id(
    ecwid_gateway: Gateway, knobs: Emulator, input: dict[str, Any], method: str
) -> None:
    result = await ecwid_gateway.query(UPDATE_CUSTOMER, {"id": "999999", "input": input})
    error = only_error(result)
    assert error["message"] == "The customer with given ID is not found"
    assert error["extensions"] == {
        "code": "NOT_FOUND",
        "field": "id",
        "upstream": {
            "service": "ecwid",
            "method": method,
            "type": "CUSTOMER_NOT_FOUND",
            "status": 404,
        },
    }
    assert await knobs.calls(PUT) == (1 if method.startswith("PUT") else 0)


@pytest.mark.parametrize(
    ("document", "variables", "method"),
    [
        (CREATE_CUSTOMER, {"input": {"billingAddress": {"email": HOLMES_EMAIL}}},
         "POST /customers"),
        (UPDATE_CUSTOMER, {"id": "2", "input": {"billingAddress": {"email": HOLMES_EMAIL.upper()}}},
         "PUT /customers/{id}"),
    ],
)  # fmt: skip
async def test_409_an_email_in_use(
    ecwid_gateway: Gateway, ecwid: httpx.AsyncClient, document: str, variables: Any, method: str
) -> None:
    error = only_error(await ecwid_gateway.query(document, variables))
    assert error["message"] == "The customer with the given email already exists"
    assert error["extensions"] == {
        "code": "ALREADY_EXISTS",
        "field": "input.billingAddress.email",
        "upstream": {
            "service": "ecwid",
            "method": method,
            "type": "EMAIL_ALREADY_EXISTS",
            "status": 409,
        },
    }
    assert await customer_count(ecwid) == 50


# -- 415 ---------------------------------------------------------------------------------------


async def test_415_is_our_bug_not_the_clients(
    make_gateway: GatewayFactory, caplog: pytest.LogCaptureFixture
) -> None:
    message = "Unsupported content-type: expected application/json or text/json"
    script = Script(ecwid_error(415, message, "UNSUPPORTED_CONTENT_TYPE"))
    gateway = await make_gateway(backend="ecwid", transport=script.transport)
    error = only_error(await gateway.query(CREATE_CUSTOMER, {"input": NEW}))
    assert error["message"] == "Internal server error"
    assert error["extensions"]["code"] == "INTERNAL_SERVER_ERROR"
    assert error["extensions"]["upstream"]["status"] == 415
    assert "refused the content type of POST /customers" in caplog.text
    # What the gateway does send.
    assert script.requests[0].headers["Content-Type"] == "application/json"


# -- 429 ---------------------------------------------------------------------------------------


async def test_429_passes_on_a_long_retry_after(
    ecwid_gateway: Gateway, knobs: Emulator, ecwid: httpx.AsyncClient
) -> None:
    await knobs.configure(ecwidRateLimit={"calls": 1, "windowSeconds": 60})
    assert (await ecwid.get("customers/1")).status_code == 200
    await knobs.reset()
    result = await ecwid_gateway.query(HOLMES)
    error = only_error(result)
    assert error["message"] == "Too many requests"
    assert error["extensions"]["code"] == "RATE_LIMITED"
    assert 59 <= error["extensions"]["retryAfter"] <= 60
    assert error["extensions"]["upstream"] == {
        "service": "ecwid",
        "method": "GET /customers/{id}",
        "status": 429,
    }
    # Longer than CG_RETRY_MAX_DELAY: not waited for, handed to the client.
    assert await knobs.calls(GET) == 1


async def test_429_a_read_waits_for_retry_after_then_retries(
    ecwid_gateway: Gateway, knobs: Emulator, ecwid: httpx.AsyncClient
) -> None:
    await knobs.configure(ecwidRateLimit={"calls": 1, "windowSeconds": 1})
    assert (await ecwid.get("customers/1")).status_code == 200
    await knobs.reset()
    started = time.monotonic()
    result = await ecwid_gateway.query(HOLMES)
    assert result == {"data": {"customer": {"id": "1", "email": HOLMES_EMAIL}}}
    assert time.monotonic() - started >= 0.9  # Retry-After: 1
    assert await knobs.calls(GET) == 2


@pytest.mark.parametrize(
    ("document", "variables", "method"),
    WRITES,
)
async def test_429_a_write_is_not_retried(
    ecwid_gateway: Gateway,
    knobs: Emulator,
    ecwid: httpx.AsyncClient,
    document: str,
    variables: Any,
    method: str,
) -> None:
    await knobs.configure(ecwidRateLimit={"calls": 1, "windowSeconds": 1})
    assert (await ecwid.get("customers/1")).status_code == 200
    await knobs.reset()
    error = only_error(await ecwid_gateway.query(document, variables))
    assert error["extensions"]["code"] == "RATE_LIMITED"
    assert error["extensions"]["retryAfter"] == 1
    assert (await knobs.stats())["calls"] == {method: 1}


# -- 5xx ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("fail_next", "code", "calls"), [(1, None, 2), (2, None, 3), (3, "x", 3)])
async def test_500_a_read_is_retried_then_unavailable(
    ecwid_gateway: Gateway, knobs: Emulator, fail_next: int, code: str | None, calls: int
) -> None:
    await knobs.configure(failNext=fail_next)
    result = await ecwid_gateway.query(HOLMES)
    if code is None:
        assert result == {"data": {"customer": {"id": "1", "email": HOLMES_EMAIL}}}
    else:
        error = only_error(result)
        assert error["message"] == SERVER_ERROR
        assert error["extensions"] == {
            "code": "UPSTREAM_UNAVAILABLE",
            "upstream": {"service": "ecwid", "method": "GET /customers/{id}", "status": 500},
        }
    assert await knobs.calls(GET) == calls


@pytest.mark.parametrize("mode", ["500", "drop"])
@pytest.mark.parametrize(
    ("document", "variables", "method"),
    WRITES,
)
async def test_500_a_write_is_sent_once(
    ecwid_gateway: Gateway,
    knobs: Emulator,
    ecwid: httpx.AsyncClient,
    document: str,
    variables: Any,
    method: str,
    mode: str,
) -> None:
    before = (await ecwid.get("customers/1")).json()
    await knobs.configure(failNext=1, failureMode=mode)
    await knobs.reset()
    error = only_error(await ecwid_gateway.query(document, variables))
    assert error["extensions"]["code"] == "UPSTREAM_UNAVAILABLE"
    assert (await knobs.stats())["calls"] == {method: 1}
    assert await customer_count(ecwid) == 50
    assert (await ecwid.get("customers/1")).json() == before


async def test_a_failing_id_fails_no_other(make_gateway: GatewayFactory, knobs: Emulator) -> None:
    gateway = await make_gateway(backend="ecwid", read_retries=0)
    await knobs.configure(failNext=1)
    result = await gateway.query(
        '{ a: customer(id: "1") { id } b: customer(id: "2") { id } c: customer(id: "3") { id } }'
    )
    [error] = result["errors"]
    assert error["extensions"]["code"] == "UPSTREAM_UNAVAILABLE"
    failed = error["path"][0]
    assert {alias: value is None for alias, value in result["data"].items()} == {
        alias: alias == failed for alias in "abc"
    }
    assert await knobs.calls(GET) == 3


async def test_a_delete_that_fails_fails_the_mutation(
    ecwid_gateway: Gateway, knobs: Emulator, ecwid: httpx.AsyncClient
) -> None:
    await knobs.configure(failNext=1)
    result = await ecwid_gateway.query(DELETE_CUSTOMERS, {"ids": ["2", "3"]})
    assert codes(result) == ["UPSTREAM_UNAVAILABLE"]
    # One DELETE failed, the other was answered: every id was sent once.
    assert await knobs.calls(DELETE) == 2
    assert await customer_count(ecwid) == 49


async def test_a_delete_that_fails_half_way_says_which_customers_are_gone(
    ecwid_gateway: Gateway, knobs: Emulator, ecwid: httpx.AsyncClient
) -> None:
    await knobs.configure(failNext=1)
    result = await ecwid_gateway.query(DELETE_CUSTOMERS, {"ids": ["2", "3", "4", "999999"]})
    (error,) = result["errors"]
    assert error["extensions"]["code"] == "UPSTREAM_UNAVAILABLE"
    gone = [i for i in ("2", "3", "4") if (await ecwid.get(f"customers/{i}")).status_code == 404]
    assert len(gone) == 2  # the failed DELETE's customer is still there
    assert sorted(error["extensions"]["deletedIds"]) == gone


# -- answers that are not the documented ones --------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        (httpx.Response(401, text="who?"), "ecwid answered HTTP 401 to GET /customers/{id}"),
        (httpx.Response(200, text="<html>maintenance</html>"),
         "ecwid sent an answer to GET /customers/{id} that is not its documented JSON"),
        (httpx.Response(200, content=b'{"email": "no id"}'),
         "ecwid sent an answer to GET /customers/{id} that is not its documented JSON"),
        (httpx.Response(503, text="busy"), "ecwid is unavailable (HTTP 503)"),
    ],
)  # fmt: skip
async def test_undocumented_answers_are_unavailable(
    make_gateway: GatewayFactory, answer: httpx.Response, message: str
) -> None:
    gateway = await make_gateway(backend="ecwid", transport=Script(answer).transport)
    error = only_error(await gateway.query(HOLMES))
    assert error["extensions"]["code"] == "UPSTREAM_UNAVAILABLE"
    assert error["message"] == message


async def test_an_update_count_of_zero_is_not_a_success(make_gateway: GatewayFactory) -> None:
    script = Script(httpx.Response(200, content=b'{"updateCount": 0}'))
    gateway = await make_gateway(backend="ecwid", transport=script.transport)
    result = await gateway.query(UPDATE_CUSTOMER, {"id": "1", "input": {"locale": "it"}})
    assert codes(result) == ["UPSTREAM_UNAVAILABLE"]
    assert script.calls == 1


async def test_requests_carry_the_token_and_the_store(make_gateway: GatewayFactory) -> None:
    script = Script(httpx.Response(200, content=b'{"id": 7, "email": "a@b.c"}'))
    gateway = await make_gateway(
        backend="ecwid", ecwid_url="https://app.ecwid.com/api/v3/", transport=script.transport
    )
    assert (await gateway.query('{ customer(id: "7") { email } }'))["data"] == {
        "customer": {"email": "a@b.c"}
    }
    [request] = script.requests
    assert request.url.copy_with(query=None) == "https://app.ecwid.com/api/v3/1003/customers/7"
    assert request.url.params["responseFields"] == "id,email"
    assert request.headers["Authorization"] == f"Bearer {FULL_TOKEN}"


# -- concurrency, readiness --------------------------------------------------------------------


async def test_single_gets_are_bounded(make_gateway: GatewayFactory) -> None:
    in_flight = highest = 0

    async def upstream(request: httpx.Request) -> httpx.Response:
        nonlocal in_flight, highest
        in_flight += 1
        highest = max(highest, in_flight)
        await asyncio.sleep(0.01)
        in_flight -= 1
        customer_id = int(request.url.path.rsplit("/", 1)[1])
        return httpx.Response(200, content=orjson.dumps({"id": customer_id}))

    transport = httpx.MockTransport(upstream)
    gateway = await make_gateway(
        backend="ecwid", ecwid_concurrency=3, transport=transport, max_operation_calls=20
    )
    ids = range(1, 21)
    result = await gateway.query(
        "{ " + " ".join(f'c{n}: customer(id: "{n}") {{ id }}' for n in ids) + " }"
    )
    assert result == {"data": {f"c{n}": {"id": str(n)} for n in ids}}
    assert highest == 3


async def test_readyz(make_gateway: GatewayFactory, knobs: Emulator) -> None:
    # Interval 0: every probe pings (test_readiness.py has the probes that answer from traffic).
    gateway = await make_gateway(backend="ecwid", ready_probe_interval=0)
    response = await gateway.client.get("/readyz")
    assert (response.status_code, response.json()) == (
        200,
        {"status": "ok", "backend": "ecwid", "mode": "development"},
    )
    assert await knobs.last(SEARCH) == {"limit": "1", "responseFields": "total"}
    await knobs.configure(failNext=1)
    response = await gateway.client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "code": "UPSTREAM_UNAVAILABLE",
        "mode": "development",
    }
    refused = await make_gateway(
        backend="ecwid", ecwid_token="secret_wrong", ready_probe_interval=0
    )
    response = await refused.client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "code": "FORBIDDEN", "mode": "development"}
    assert await knobs.calls(SEARCH) == 3  # a probe is not retried
