"""Open2b API v10 customer methods: `POST /api/v10/<method>` with a JSON body.

Transport errors are plain text with a non-200 status (403 missing/malformed key, 404 unknown
method, 405 not POST, 400 a body that is not a JSON object, 429 rate limit); application errors
are the JSON envelope on HTTP 200, one error per response.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from customer_gateway.emulator import passwords
from customer_gateway.emulator.knobs import Knobs
from customer_gateway.emulator.open2b import rules, specs
from customer_gateway.emulator.open2b.tables import Record
from customer_gateway.emulator.open2b.validation import (
    Open2bError,
    Spec,
    check,
    invalid,
    is_email,
    unknown,
)
from customer_gateway.emulator.store import ORDER_NAMES, Store

CUSTOMER_KEY_HEADER = "X-Customer-Key"
JSON = dict[str, Any]


class TransportError(Exception):
    """Answered as a plain-text body with a non-200 status, as Open2b does."""

    def __init__(self, status_code: int, text: str) -> None:
        super().__init__(text)
        self.status_code = status_code
        self.text = text


@dataclass
class Call:
    body: JSON
    customer_key: str | None
    response_headers: dict[str, str] = field(default_factory=dict)


Handler = Callable[[Store, Call], JSON]


def _project(customer: Record, fields: list[str] | None) -> JSON:
    if fields is None:
        return {name: customer[name] for name in specs.CUSTOMER_FIELDS}
    return {name: customer[name] for name in fields}


def _fields(body: JSON) -> list[str] | None:
    fields: list[str] | None = body.get("fields")
    for name in fields or ():
        if name not in specs.CUSTOMER_FIELDS:
            raise unknown(name)
    return fields


def _checked(spec: Spec, body: JSON) -> JSON:
    check(spec, body)
    return body


def find(store: Store, call: Call) -> JSON:
    body = _checked(specs.FIND, call.body)
    fields = _fields(body)
    order = body.get("order", [])
    if any(name not in ORDER_NAMES for name in order):
        raise invalid("order")
    customers = store.find(
        body.get("conditions", {}), order, body.get("limit"), body.get("first", 0)
    )
    return {"status": "ok", "customers": [_project(c, fields) for c in customers]}


def get(store: Store, call: Call) -> JSON:
    body = _checked(specs.GET, call.body)
    fields = _fields(body)
    customer = store.get(body["id"])
    return {"status": "ok", "customer": None if customer is None else _project(customer, fields)}


def count(store: Store, call: Call) -> JSON:
    body = _checked(specs.COUNT, call.body)
    return {"status": "ok", "count": store.count(body.get("conditions", {}))}


def create(store: Store, call: Call) -> JSON:
    body = _checked(specs.CREATE, call.body)
    new = rules.prepare_create(store, body["customer"])
    return {"status": "ok", "id": store.insert(new)}


def update(store: Store, call: Call) -> JSON:
    body = _checked(specs.UPDATE, call.body)
    store.update(body["id"], rules.prepare_update(store, body["id"], body["customer"]))
    return {"status": "ok"}


def delete(store: Store, call: Call) -> JSON:
    body = _checked(specs.DELETE, call.body)
    store.delete(body["ids"])
    return {"status": "ok"}


def _verified(store: Store, email: str, password: str) -> Record | None:
    customer = store.login_customer(email)
    if customer is None or customer["encryptedPassword"] is None:
        return None
    return customer if passwords.verify(password, customer["encryptedPassword"]) else None


def authenticate(store: Store, call: Call) -> JSON:
    body = _checked(specs.AUTHENTICATE, call.body)
    fields = _fields(body)
    customer = _verified(store, body["email"], body["password"])
    return {"status": "ok", "customer": None if customer is None else _project(customer, fields)}


def login(store: Store, call: Call) -> JSON:
    body = _checked(specs.LOGIN, call.body)
    email = body["email"]
    if not is_email(email):
        raise Open2bError("email", "InvalidValue", f"'{email}' is not a well formed email address")
    customer = _verified(store, email, body["password"])
    if customer is None:
        raise Open2bError("email", "InvalidCombination", "Email or password is not correct")
    stamp = rules.now()
    store.update(customer["id"], {"loginTime": stamp})
    call.response_headers[CUSTOMER_KEY_HEADER] = store.issue_key(customer["id"], stamp)
    return {"status": "ok"}


def _logged_in(store: Store, call: Call) -> Record:
    if not call.customer_key:
        raise TransportError(403, "missing customer key")
    customer = store.customer_for_key(call.customer_key)
    if customer is None:
        raise TransportError(403, "malformed customer key")
    return customer


def my_customer(store: Store, call: Call) -> JSON:
    customer = _logged_in(store, call)
    body = _checked(specs.MY_CUSTOMER, call.body)
    return {"status": "ok", "customer": _project(customer, _fields(body))}


def update_my_customer(store: Store, call: Call) -> JSON:
    customer = _logged_in(store, call)
    body = _checked(specs.UPDATE_MY_CUSTOMER, call.body)
    store.update(customer["id"], rules.prepare_my_update(store, customer, body.get("customer", {})))
    return {"status": "ok"}


# method -> (handler, needs the admin key)
METHODS: dict[str, tuple[Handler, bool]] = {
    "commerce.customers.find": (find, True),
    "commerce.customers.get": (get, True),
    "commerce.customers.count": (count, True),
    "commerce.customers.create": (create, True),
    "commerce.customers.update": (update, True),
    "commerce.customers.delete": (delete, True),
    "commerce.customers.authenticate": (authenticate, True),
    "storefront.login": (login, False),
    "storefront.customer": (my_customer, False),
    "storefront.update-customer": (update_my_customer, False),
}


class Open2bApi:
    """The `/api/v10/{method}` endpoint over one store, behind the knobs."""

    def __init__(self, store: Store, knobs: Knobs, *, api_key: str, key_header: str) -> None:
        self.store = store
        self.knobs = knobs
        self.api_key = api_key
        self.key_header = key_header

    def routes(self) -> list[Route]:
        return [Route("/api/v10/{method}", self.endpoint, methods=["POST"])]

    async def endpoint(self, request: Request) -> Response:
        method = request.path_params["method"]
        if method not in METHODS:
            return PlainTextResponse("unknown method", status_code=404)
        handler, admin = METHODS[method]
        body = _parse(await request.body())
        replaced = await self.knobs.gate(method, body)
        if replaced is not None:
            return replaced
        call = Call(body or {}, request.headers.get(CUSTOMER_KEY_HEADER))
        try:
            if admin:
                self._authorize(request.headers.get(self.key_header))
            if body is None:
                raise TransportError(400, "the request body is not a JSON object")
            payload = handler(self.store, call)
        except TransportError as exc:
            return PlainTextResponse(exc.text, status_code=exc.status_code)
        except Open2bError as exc:
            payload = exc.envelope()
        return Response(
            orjson.dumps(payload), media_type="application/json", headers=call.response_headers
        )

    def _authorize(self, key: str | None) -> None:
        if key is None:
            raise TransportError(403, "missing key")
        if not hmac.compare_digest(key.encode(), self.api_key.encode()):
            raise TransportError(403, "malformed key")


def _parse(raw: bytes) -> JSON | None:
    try:
        body = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return None
    return body if isinstance(body, dict) else None
