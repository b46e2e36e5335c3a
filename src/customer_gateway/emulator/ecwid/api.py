"""Ecwid REST API v3 customers: `/api/v3/{storeId}/customers[/{customerId}]`.

    GET    /customers       read_customers    {"total", "count", "offset", "limit", "items"}
    POST   /customers       create_customers  {"id": N}
    GET    /customers/{id}  read_customers    the customer
    PUT    /customers/{id}  update_customers  {"updateCount": 1}
    DELETE /customers/{id}  update_customers  {"deleteCount": 1}

A call is counted first (`ecwid GET /customers`, ... in the knobs' stats), then meets, in this
order: the per-token rate limit (429), injected failures (500), the token, store and scope
(403), the query parameters and the customer id (400), a write's content type (415) and JSON
(400), the customer (404), a write's fields (400) and email uniqueness (409).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from customer_gateway.emulator.ecwid import body as ecwid_body
from customer_gateway.emulator.ecwid import fields as ecwid_fields
from customer_gateway.emulator.ecwid import params as ecwid_params
from customer_gateway.emulator.ecwid.errors import (
    EcwidError,
    bad_parameter,
    email_exists,
    not_found,
    rate_limited,
    server_error,
    unsupported_content_type,
)
from customer_gateway.emulator.ecwid.store import EcwidStore
from customer_gateway.emulator.ecwid.tables import Customer
from customer_gateway.emulator.knobs import DroppedResponse, Knobs

READ, UPDATE, CREATE = "read_customers", "update_customers", "create_customers"
SCOPES = frozenset({READ, UPDATE, CREATE})
FULL_TOKEN = "secret_emulator"
READ_ONLY_TOKEN = "secret_emulator_readonly"
NO_SCOPE_TOKEN = "secret_emulator_noscope"
JSON_TYPES = frozenset({"application/json", "text/json"})

JSON = dict[str, Any]
_BEARER = re.compile(r"Bearer +(\S+)", re.IGNORECASE)
_ID = re.compile(r"[0-9]{1,19}")


def default_tokens() -> dict[str, frozenset[str]]:
    return {FULL_TOKEN: SCOPES, READ_ONLY_TOKEN: frozenset({READ}), NO_SCOPE_TOKEN: frozenset()}


@dataclass(frozen=True, slots=True)
class Call:
    params: dict[str, str]
    customer_id: int
    body: Any  # the parsed JSON body of a write
    body_is_json: bool
    content_type_ok: bool


Handler = Callable[[EcwidStore, Call], JSON]


def _now() -> int:
    return int(time.time())


def _json_body(call: Call) -> Any:
    if not call.content_type_ok:
        raise unsupported_content_type()
    if not call.body_is_json:
        raise EcwidError(400, "The request body is not valid JSON", "INVALID_JSON")
    return call.body


def _existing(store: EcwidStore, customer_id: int) -> Customer:
    customer = store.get(customer_id)
    if customer is None:
        raise not_found()
    return customer


def search(store: EcwidStore, call: Call) -> JSON:
    query = ecwid_params.search(call.params)
    total, items = store.search(query)
    return {
        "total": total,
        "count": len(items),
        "offset": query.offset,
        "limit": query.limit,
        "items": items,
    }


def get(store: EcwidStore, call: Call) -> JSON:
    return _existing(store, call.customer_id)


def create(store: EcwidStore, call: Call) -> JSON:
    customer = ecwid_body.create(_json_body(call), _now())
    if store.email_taken(customer["email"]):
        raise email_exists()
    return {"id": store.insert(customer)}


def update(store: EcwidStore, call: Call) -> JSON:
    body = _json_body(call)
    current = _existing(store, call.customer_id)
    changes = ecwid_body.update(body, current, _now())
    if "email" in changes and store.email_taken(changes["email"], besides=call.customer_id):
        raise email_exists()
    store.update(call.customer_id, changes)
    return {"updateCount": 1}


def delete(store: EcwidStore, call: Call) -> JSON:
    if not store.delete(call.customer_id):
        raise not_found()
    return {"deleteCount": 1}


@dataclass(frozen=True, slots=True)
class Operation:
    stat: str  # its name in the knobs' stats
    scope: str
    handler: Handler
    params: frozenset[str]


_ONLY_FIELDS = frozenset({ecwid_params.RESPONSE_FIELDS})
OPERATIONS = {
    ("GET", False): Operation(
        "ecwid GET /customers", READ, search, _ONLY_FIELDS | set(ecwid_params.SEARCH_PARAMS)
    ),
    ("POST", False): Operation("ecwid POST /customers", CREATE, create, _ONLY_FIELDS),
    ("GET", True): Operation("ecwid GET /customers/{id}", READ, get, _ONLY_FIELDS),
    ("PUT", True): Operation("ecwid PUT /customers/{id}", UPDATE, update, _ONLY_FIELDS),
    ("DELETE", True): Operation("ecwid DELETE /customers/{id}", UPDATE, delete, _ONLY_FIELDS),
}


class EcwidApi:
    """The customers endpoints of one Ecwid store, behind the knobs."""

    def __init__(
        self,
        store: EcwidStore,
        knobs: Knobs,
        *,
        store_id: str,
        tokens: Mapping[str, frozenset[str]],
    ) -> None:
        self.store = store
        self.knobs = knobs
        self.store_id = store_id
        self.tokens = dict(tokens)

    def routes(self) -> list[Route]:
        return [
            Route("/api/v3/{storeId}/customers", self.endpoint, methods=["GET", "POST"]),
            Route(
                "/api/v3/{storeId}/customers/{customerId}",
                self.endpoint,
                methods=["GET", "PUT", "DELETE"],
            ),
        ]

    async def endpoint(self, request: Request) -> Response:
        method = "GET" if request.method == "HEAD" else request.method
        operation = OPERATIONS[(method, "customerId" in request.path_params)]
        writes = method in ("POST", "PUT")
        body, body_is_json = _parse(await request.body()) if writes else (None, False)
        await self.knobs.enter(operation.stat, body if writes else dict(request.query_params))
        token = _bearer(request.headers.get("Authorization"))
        wait = self.knobs.token_wait(token or "")
        if wait:
            return rate_limited(wait)
        if self.knobs.failing():
            return DroppedResponse() if self.knobs.failure_mode == "drop" else server_error(method)
        try:
            self._authorize(token, request.path_params["storeId"], operation.scope)
            params = ecwid_params.known_params(request.query_params, operation.params)
            projection = ecwid_params.projection(params)
            call = Call(
                params=params,
                customer_id=_customer_id(request.path_params.get("customerId")),
                body=body,
                body_is_json=body_is_json,
                content_type_ok=_media_type(request.headers.get("Content-Type")) in JSON_TYPES,
            )
            payload = operation.handler(self.store, call)
        except EcwidError as exc:
            return exc.response()
        content = orjson.dumps(ecwid_fields.project(payload, projection))
        return Response(content, media_type="application/json")

    def _authorize(self, token: str | None, store_id: str, scope: str) -> None:
        """403: empty body for a missing or unknown token, an ACCESS_DENIED body otherwise."""
        if token is None or token not in self.tokens:
            raise EcwidError(403)
        if store_id != self.store_id:
            message = f"The token does not grant access to store {store_id}"
            raise EcwidError(403, message, "ACCESS_DENIED")
        if scope not in self.tokens[token]:
            message = f"The token does not have the '{scope}' access scope"
            raise EcwidError(403, message, "ACCESS_DENIED")


def _bearer(header: str | None) -> str | None:
    match = _BEARER.fullmatch(header.strip()) if header else None
    return match.group(1) if match else None


def _media_type(header: str | None) -> str:
    return (header or "").split(";")[0].strip().lower()


def _customer_id(text: str | None) -> int:
    if text is None:
        return 0
    if not _ID.fullmatch(text) or int(text) >= 2**63:
        raise bad_parameter(f"The customer id must be a positive integer: '{text}'")
    return int(text)


def _parse(raw: bytes) -> tuple[Any, bool]:
    try:
        return orjson.loads(raw), True
    except orjson.JSONDecodeError:
        return None, False
