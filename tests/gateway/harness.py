"""Test helpers for the gateway: its HTTP client, the emulator's knobs, settings."""

from __future__ import annotations

from collections.abc import Awaitable
from dataclasses import dataclass
from typing import Any, Protocol

import httpx
from opentelemetry.sdk.trace import TracerProvider
from pydantic import SecretStr

from customer_gateway.emulator.app import EmulatorConfig
from customer_gateway.emulator.ecwid.api import FULL_TOKEN
from customer_gateway.settings import Settings

EMULATOR_URL = "http://open2b.test"

# The emulator's names for the upstream calls it counts (`/__emulator/stats`).
FIND = "commerce.customers.find"
COUNT = "commerce.customers.count"
CREATE = "commerce.customers.create"
UPDATE = "commerce.customers.update"
DELETE = "commerce.customers.delete"
AUTHENTICATE = "commerce.customers.authenticate"
LOGIN = "storefront.login"
MY_CUSTOMER = "storefront.customer"
UPDATE_MY_CUSTOMER = "storefront.update-customer"
ECWID_GET = "ecwid GET /customers/{id}"
ECWID_SEARCH = "ecwid GET /customers"
ECWID_POST = "ecwid POST /customers"
ECWID_PUT = "ecwid PUT /customers/{id}"
ECWID_DELETE = "ecwid DELETE /customers/{id}"


@dataclass
class Gateway:
    """The gateway app under test, reached over HTTP (in-process)."""

    client: httpx.AsyncClient
    settings: Settings
    # `extensions.cost` of the last `query` (which leaves it out of the result it returns).
    last_cost: dict[str, Any] | None = None

    async def post(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        *,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        body: dict[str, Any] = {"query": query}
        if variables is not None:
            body["variables"] = variables
        return await self.client.post("/graphql", json=body, headers=headers)

    async def query(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        *,
        headers: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        """POST a GraphQL request as `application/json`; return the response's JSON, without
        `extensions.cost` (kept in `last_cost`: every response has one)."""
        response = await self.post(query, variables, headers=headers)
        assert response.status_code == 200, (response.status_code, response.text)
        result: dict[str, Any] = response.json()
        self.last_cost = without_cost(result)
        return result


def without_cost(result: dict[str, Any]) -> dict[str, Any]:
    """Take `extensions.cost` out of a GraphQL response (and `extensions` if nothing is left)."""
    extensions = result.get("extensions", {})
    cost: dict[str, Any] = extensions.pop("cost")
    if not extensions:
        del result["extensions"]
    return cost


class GatewayFactory(Protocol):
    def __call__(
        self,
        *,
        transport: httpx.AsyncBaseTransport | None = ...,
        traces: TracerProvider | None = ...,
        **settings: Any,
    ) -> Awaitable[Gateway]: ...


def upstream_url(settings: Settings) -> str:
    """The URL of the configured backend's upstream."""
    return settings.ecwid_url if settings.backend == "ecwid" else settings.open2b_url


def settings_for(emulator_config: EmulatorConfig, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "backend": "open2b",
        "open2b_url": EMULATOR_URL,
        "open2b_api_key": SecretStr(emulator_config.api_key),
        "open2b_key_header": emulator_config.key_header,
        "ecwid_url": f"{EMULATOR_URL}/api/v3",
        "ecwid_store_id": emulator_config.ecwid_store_id,
        "ecwid_token": SecretStr(FULL_TOKEN),
        "retry_backoff": 0.0,
        "upstream_timeout": 5.0,
        "api_tokens": (),
        **overrides,
    }
    return Settings(**values)


@dataclass
class Emulator:
    """The emulator's knobs and statistics."""

    client: httpx.AsyncClient

    async def stats(self) -> dict[str, Any]:
        response = await self.client.get("/__emulator/stats")
        response.raise_for_status()
        stats: dict[str, Any] = response.json()
        return stats

    async def calls(self, method: str | None = None) -> int:
        calls: dict[str, int] = (await self.stats())["calls"]
        return sum(calls.values()) if method is None else calls.get(method, 0)

    async def last(self, method: str) -> Any:
        return (await self.stats())["last"][method]

    async def configure(self, **knobs: Any) -> None:
        response = await self.client.post("/__emulator/config", json=knobs)
        assert response.status_code == 200, response.text

    async def reset(self) -> None:
        response = await self.client.post("/__emulator/reset")
        response.raise_for_status()


def aliases(ids: list[int], selection: str = "id") -> str:
    """An operation asking `customer(id:)` for each id, under the aliases c0, c1, ..."""
    fields = " ".join(f'c{n}: customer(id: "{i}") {{ {selection} }}' for n, i in enumerate(ids))
    return "{ " + fields + " }"


def codes(result: dict[str, Any]) -> list[str]:
    return [error["extensions"]["code"] for error in result.get("errors", [])]


class Script:
    """An upstream (httpx.MockTransport) answering from a list, counting calls; the last answer
    is repeated. `requests` keeps what was sent."""

    def __init__(self, *answers: httpx.Response | Exception) -> None:
        self.answers = list(answers)
        self.calls = 0
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        answer = self.answers[min(self.calls, len(self.answers) - 1)]
        self.calls += 1
        self.requests.append(request)
        if isinstance(answer, Exception):
            raise answer
        return answer

    @property
    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self)
