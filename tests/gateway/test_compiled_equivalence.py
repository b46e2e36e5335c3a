"""Compiled plans answer exactly as strawberry's executor does: the contract of the fast path.

Every operation below, and operations generated from the schema (hypothesis-graphql), is sent
to two gateways on the same emulator, one with compiled operations and one without, with the
same upstream behaviour (failures injected through the emulator's knobs); the two responses
must be the same JSON (keys sorted).

One allowance: when a non-null field fails, `data` is null and graphql-core reports, before
that field's error, the errors of the siblings that happened to fail first (it cancels the
rest): a matter of timing. When two non-null fields fail alike at about the same time,
which of them nulls the response is timing too. There, `data` and the message and extensions
of the last error (the one that nulled the response) must be the same.
"""

from __future__ import annotations

import logging
from typing import Any

import httpx
import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis_graphql import queries

from customer_gateway.graphql.schema import build_schema
from gateway.harness import Emulator, Gateway, GatewayFactory, Script, without_cost
from helpers import log_in

CUSTOMER = "id code email fullName canLogin hasPassword locale group collection collections"
CUSTOMER_ALL = (
    f"{CUSTOMER} wishList cart invoiceRecipient creationTime loginTime updateTime "
    "billingAddress { __typename firstName lastName email city country street1 postalCode } "
    "shippingAddress { __typename name city country }"
)
ADDRESS = "fragment Postal on Address { street1 street2 city postalCode stateProv country }"

Case = tuple[str, dict[str, Any] | None]

# What the test suite asks, one case per shape a client uses.
OPERATIONS: list[Case] = [
    ('{ customer(id: "1") { id email } }', None),
    (f'{{ customer(id: "1") {{ {CUSTOMER_ALL} }} }}', None),
    (
        '{ a: customer(id: "1") { id } b: customer(id: "2") { email } c: customer(id: "1") '
        "{ fullName } }",
        None,
    ),
    ('{ customer(id: "999999") { id } customersCount }', None),
    ('{ customer(id: "01") { id } }', None),
    ('{ customer(id: "x") { id } other: customer(id: "3") { id } }', None),
    (
        f'{{ customer(id: "1") {{ ...C billingAddress {{ ...Postal }} }} }} {ADDRESS} '
        f"fragment C on Customer {{ id email __typename }}",
        None,
    ),
    (
        '{ customer(id: "2") { billingAddress { ... on Address { city } ... on BillingAddress '
        "{ email } } shippingAddress { ... on ShippingAddress { name } ...Postal } } } "
        f"{ADDRESS}",
        None,
    ),
    (
        "query($id: ID!, $more: Boolean!) { customer(id: $id) { id email @include(if: $more) "
        "fullName @skip(if: $more) } }",
        {"id": "4", "more": True},
    ),
    (
        "query($id: ID!, $more: Boolean!) { customer(id: $id) { id email @include(if: $more) "
        "fullName @skip(if: $more) } }",
        {"id": "4", "more": False},
    ),
    ("query Named($ids: ID!) { __typename customer(id: $ids) { __typename id } }", {"ids": "5"}),
    ("{ customers { totalCount nodes { id } pageInfo { hasNextPage endCursor } } }", None),
    (
        "{ customers(first: 3) { __typename edges { __typename cursor node { id email } } "
        "pageInfo { __typename hasNextPage hasPreviousPage startCursor endCursor } } }",
        None,
    ),
    (
        "query($f: CustomerFilter, $o: [CustomerOrder!], $n: Int!) { customers(filter: $f, "
        "orderBy: $o, first: $n) { nodes { id fullName } t: totalCount totalCount } }",
        {"f": {"country": "GB"}, "o": [{"field": "FULL_NAME", "direction": "DESC"}], "n": 5},
    ),
    (
        "{ customers(filter: {ids: []}) { totalCount nodes { id } } customersCount(filter: "
        "{ids: []}) }",
        None,
    ),
    ("{ customers(first: 0) { nodes { id } } }", None),
    ('{ customers(after: "nope") { nodes { id } } customer(id: "1") { id } }', None),
    ('{ customers(filter: {email: "holmes@inv-london.com"}) { nodes { id email } } }', None),
    ("{ customersCount(filter: {canLogin: true}) }", None),
    ("{ me { id email billingAddress { city } } }", None),
    # What the generated writers must get right: a field under several keys, `__typename` at
    # each level, an address twice, nodes and edges in one connection, every scalar rule.
    ('{ customer(id: "1") { a: email b: email id i: id email } }', None),
    (
        '{ customer(id: "2") { __typename billingAddress { __typename t: __typename city } '
        "shippingAddress { ... on ShippingAddress { __typename name } } } }",
        None,
    ),
    (
        '{ customer(id: "3") { b1: billingAddress { city } b2: billingAddress { country c: city '
        "} s: shippingAddress { city } } }",
        None,
    ),
    (
        "{ customers(first: 3) { nodes { __typename id billingAddress { __typename city } } "
        "n2: nodes { email } edges { cursor node { __typename id shippingAddress { city } } } "
        "pageInfo { startCursor } p: pageInfo { hasPreviousPage } } }",
        None,
    ),
    (
        "{ customers(first: 6) { nodes { id creationTime updateTime loginTime collections "
        "wishList group collection canLogin hasPassword locale cart invoiceRecipient } } }",
        None,
    ),
    (  # aliases spelled like the names inside a generated writer, or like Python's own
        "{ customers(first: 2) { records: nodes { source: id write: email v1: fullName "
        "g3: id Unwritable: email None: id True: id item: id __class__: id datetime: email "
        "self: billingAddress { source: city v2: city } } } }",
        None,
    ),
    (
        "{ customers(first: 2) { ...Page } } fragment Page on CustomerConnection { "
        "nodes { ...C } pageInfo { hasNextPage } } fragment C on Customer { id email }",
        None,
    ),
    ("{ __typename }", None),
    ("{ __schema { queryType { name } } }", None),  # introspection: strawberry's path on both
    ('mutation { deleteCustomers(ids: ["999999"]) { deletedIds } }', None),
]

# The same upstream misbehaviour for both gateways, set before each request.
FAILURES: list[dict[str, Any]] = [
    {},
    {"failNext": 1},
    {"failureRate": 1.0},
    {"failureRate": 1.0, "failureMode": "drop"},
]

CALM: dict[str, Any] = {"failureRate": 0.0, "failureMode": "500", "failNext": 0}


async def answers(
    pair: tuple[Gateway, Gateway],
    knobs: Emulator,
    case: Case,
    failure: dict[str, Any],
    headers: dict[str, str] | None = None,
) -> tuple[bytes, bytes]:
    results = []
    for gateway in pair:
        await knobs.configure(**{**CALM, **failure})
        response = await gateway.post(case[0], case[1], headers=headers)
        body = response.json()
        # What each path spent upstream may differ where a field fails (the other may have
        # started its call already): the answers are compared, not their cost.
        without_cost(body)
        if isinstance(body, dict) and body.get("data", {}) is None and body.get("errors"):
            last = body["errors"][-1]
            body["errors"] = [{"message": last["message"], "extensions": last.get("extensions")}]
        results.append(orjson.dumps(body, option=orjson.OPT_SORT_KEYS))
    await knobs.configure(**CALM)
    return results[0], results[1]


@pytest.fixture(params=["open2b", "ecwid"])
async def pair(request: pytest.FixtureRequest, make_gateway: GatewayFactory) -> list[Gateway]:
    """The compiled gateway and the strawberry one, on the same backend and emulator."""
    backend: str = request.param
    return [
        await make_gateway(backend=backend, compiled_operations=True, retry_backoff=0.0),
        await make_gateway(backend=backend, compiled_operations=False, retry_backoff=0.0),
    ]


@pytest.mark.parametrize("failure", FAILURES, ids=lambda failure: str(failure) or "ok")
async def test_every_operation_answers_the_same(
    pair: list[Gateway], knobs: Emulator, failure: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="customer_gateway.graphql.compiled")
    for case in OPERATIONS:
        compiled, strawberry = await answers((pair[0], pair[1]), knobs, case, failure)
        assert compiled == strawberry, case
    # Only introspection and the mutation ran on strawberry's executor in the compiled gateway.
    fallbacks = [r.getMessage() for r in caplog.records if "strawberry's executor" in r.message]
    assert [message.rpartition(": ")[2] for message in fallbacks] == ["Query.__schema", "mutation"]


async def test_me_and_admin_refusals_answer_the_same(
    make_gateway: GatewayFactory, knobs: Emulator, emulator: Any
) -> None:
    pair = (
        await make_gateway(api_tokens="admin-token", compiled_operations=True),
        await make_gateway(api_tokens="admin-token", compiled_operations=False),
    )
    key = await log_in(emulator)
    for headers in (None, key, {"Authorization": "Bearer wrong"}, {"X-Customer-Key": "bad"}):
        for case in OPERATIONS:
            compiled, strawberry = await answers(pair, knobs, case, {}, headers)
            assert compiled == strawberry, (case, headers)


SDL = build_schema().as_str()


@pytest.mark.parametrize("failure", FAILURES[:3], ids=["ok", "failNext", "failing"])
@settings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(document=queries(SDL))
async def test_generated_operations_answer_the_same(
    make_gateway: GatewayFactory,
    knobs: Emulator,
    failure: dict[str, Any],
    document: str,
) -> None:
    pair = await _open2b_pair(make_gateway)
    compiled, strawberry = await answers(pair, knobs, (document, None), failure)
    assert compiled == strawberry, document


_PAIRS: dict[int, tuple[Gateway, Gateway]] = {}


async def _open2b_pair(make_gateway: GatewayFactory) -> tuple[Gateway, Gateway]:
    # One pair per test (the factory's id): hypothesis runs many examples in one test.
    key = id(make_gateway)
    if key not in _PAIRS:
        _PAIRS.clear()
        _PAIRS[key] = (
            await make_gateway(compiled_operations=True),
            await make_gateway(compiled_operations=False),
        )
    return _PAIRS[key]


# Values an upstream should never send, each of a kind the compiled writers check: there the
# compiled plan gives way to graphql-core, which reports them (or, for "7", shows 7), so both
# answers are the same.
BAD_VALUES: list[dict[str, Any]] = [
    {"group": 2**31},
    {"collection": "7"},
    {"canLogin": "yes"},
    {"fullName": 12},
    {"collections": [1, "x"]},
    {"wishList": "ab"},
    {"billingAddress": {"city": 5}},
    {"shippingAddress": {"name": True}},
]
BAD_SELECTION = (
    "id group collection canLogin fullName collections wishList billingAddress { city } "
    "shippingAddress { name }"
)


@pytest.mark.parametrize("value", BAD_VALUES, ids=lambda value: next(iter(value)))
async def test_values_their_type_would_not_show_answer_the_same(
    make_gateway: GatewayFactory, value: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="customer_gateway.graphql.compiled")
    answer = orjson.dumps({"status": "ok", "customers": [{"id": 1, **value}, {"id": 2}]})
    pair = [
        await make_gateway(
            compiled_operations=compiled,
            transport=Script(httpx.Response(200, content=answer)).transport,
        )
        for compiled in (True, False)
    ]
    for document in (
        f'{{ customer(id: "1") {{ {BAD_SELECTION} }} }}',
        f"{{ customers {{ nodes {{ {BAD_SELECTION} }} }} }}",
    ):
        compiled, strawberry = [_comparable(await gateway.post(document)) for gateway in pair]
        assert compiled == strawberry, document
    gave_way = [record for record in caplog.records if "gave way" in record.getMessage()]
    assert len(gave_way) == 2


def _comparable(response: httpx.Response) -> bytes:
    """The answer without what differs by request: its cost, its id in internal errors."""
    body = response.json()
    without_cost(body)
    for error in body.get("errors", ()):
        error.get("extensions", {}).pop("requestId", None)
    return orjson.dumps(body, option=orjson.OPT_SORT_KEYS)
