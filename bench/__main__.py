"""`python -m bench`: upstream calls per operation, then gateway overhead over a direct call.

`python -m bench --peers`: req/s, p50, p99 and RSS beside Apollo Server 5 (bench/peers.py).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
from asgi_lifespan import LifespanManager
from pydantic import SecretStr

from bench import peers, servers
from bench.naive import naive_schema
from customer_gateway.app import create_app
from customer_gateway.settings import Settings

SELECTION = "id fullName email"
UPSTREAM_FIELDS = ["id", "fullName", "billingAddress"]


class CountingTransport(httpx.AsyncBaseTransport):
    """Counts the requests that go through it and the response bytes that come back."""

    def __init__(self) -> None:
        self._inner = httpx.AsyncHTTPTransport()
        self.requests = 0
        self.bytes = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests += 1
        response = await self._inner.handle_async_request(request)
        body = await response.aread()
        self.bytes += len(body)
        return httpx.Response(response.status_code, headers=response.headers, content=body)

    async def aclose(self) -> None:
        await self._inner.aclose()


def aliases_query(ids: list[int]) -> str:
    fields = " ".join(f"c{n}: customer(id: {i}) {{ {SELECTION} }}" for n, i in enumerate(ids))
    return f"{{ {fields} }}"


async def gateway_calls(upstream: servers.Upstream, query: str) -> tuple[int, int, float]:
    transport = CountingTransport()
    settings = Settings(open2b_url=upstream.url, open2b_api_key=SecretStr(servers.API_KEY))
    app = create_app(settings, upstream_transport=transport)
    async with (
        LifespanManager(app) as manager,
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=manager.app), base_url="http://gateway"
        ) as client,
    ):
        await client.post("/graphql", json={"query": "{ __typename }"})  # warm up
        started = time.perf_counter()
        response = await client.post("/graphql", json={"query": query})
        elapsed = time.perf_counter() - started
        assert "errors" not in response.json(), response.text
    return transport.requests, transport.bytes, elapsed


async def naive_calls(upstream: servers.Upstream, query: str) -> tuple[int, int, float]:
    transport = CountingTransport()
    headers = {"X-Key": servers.API_KEY}
    async with httpx.AsyncClient(
        transport=transport, base_url=upstream.url, headers=headers
    ) as client:
        started = time.perf_counter()
        result = await naive_schema.execute(query, context_value={"client": client})
        elapsed = time.perf_counter() - started
        assert not result.errors, result.errors
    return transport.requests, transport.bytes, elapsed


async def calls_per_operation(upstream: servers.Upstream, latency_ms: int) -> None:
    upstream.configure(latencyMs=latency_ms)
    print(f"\n## Upstream calls per operation (emulator latency {latency_ms} ms per call)\n")
    print("| operation | design | upstream calls | upstream bytes | wall ms |")
    print("|---|---|---:|---:|---:|")
    cases = {
        "1 customer(id:)": [1],
        "30 aliases": list(range(1, 31)),
        "30 aliases, 10 distinct ids": [1 + n % 10 for n in range(30)],
        "250 aliases": list(range(1, 251)),
    }
    for name, ids in cases.items():
        query = aliases_query(ids)
        for design, run in (("gateway", gateway_calls), ("naive", naive_calls)):
            calls, size, elapsed = await run(upstream, query)
            print(f"| {name} | {design} | {calls} | {size:,} | {elapsed * 1000:.1f} |")
    upstream.configure(latencyMs=0)


def _summary(samples: list[float]) -> str:
    ordered = sorted(samples)
    p50 = statistics.median(ordered) * 1000
    p95 = ordered[int(len(ordered) * 0.95) - 1] * 1000
    return f"{p50:.2f} | {p95:.2f} | {statistics.fmean(ordered) * 1000:.2f}"


async def _timed(
    send: Callable[[int], Awaitable[httpx.Response]], requests: int, deadline: float
) -> list[float]:
    samples: list[float] = []
    for n in range(requests):
        if time.monotonic() > deadline:
            break
        started = time.perf_counter()
        response = await send(n)
        samples.append(time.perf_counter() - started)
        response.raise_for_status()
    return samples


async def overhead(upstream: servers.Upstream, requests: int, seconds: float) -> None:
    print(f"\n## Gateway overhead: one customer by id, {requests} sequential requests each\n")
    with servers.gateway(upstream) as gateway_url:
        async with httpx.AsyncClient() as client:

            async def direct(n: int) -> httpx.Response:
                body: dict[str, Any] = {
                    "conditions": {"ids": [1 + n % 100]},
                    "fields": UPSTREAM_FIELDS,
                }
                return await client.post(
                    f"{upstream.url}/api/v10/commerce.customers.find",
                    json=body,
                    headers={"X-Key": servers.API_KEY},
                )

            async def through_gateway(n: int) -> httpx.Response:
                query = f"{{ customer(id: {1 + n % 100}) {{ {SELECTION} }} }}"
                return await client.post(f"{gateway_url}/graphql", json={"query": query})

            for warm in (direct, through_gateway):
                await _timed(warm, 20, time.monotonic() + seconds)
            deadline = time.monotonic() + seconds
            direct_samples = await _timed(direct, requests, deadline)
            gateway_samples = await _timed(through_gateway, requests, deadline + seconds)
    print("| path | requests | p50 ms | p95 ms | mean ms |")
    print("|---|---:|---:|---:|---:|")
    print(f"| direct upstream call | {len(direct_samples)} | {_summary(direct_samples)} |")
    print(f"| through the gateway | {len(gateway_samples)} | {_summary(gateway_samples)} |")
    extra = statistics.median(gateway_samples) - statistics.median(direct_samples)
    print(f"\nGateway overhead at the median: {extra * 1000:.2f} ms per operation")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--seed", type=int, default=1000, help="customers in the emulator")
    parser.add_argument("--latency-ms", type=int, default=5, help="emulated upstream latency")
    parser.add_argument("--requests", type=int, default=300, help="requests per overhead run")
    parser.add_argument("--seconds", type=float, default=30.0, help="time cap per overhead run")
    parser.add_argument(
        "--peers",
        action="store_true",
        help="instead: req/s beside Apollo Server 5 (`python -m bench --peers --help`)",
    )
    argv = sys.argv[1:]
    if "--peers" in argv:  # before parsing: its options (and --help) are peers.py's
        sys.exit(peers.main([arg for arg in argv if arg != "--peers"]))
    args = parser.parse_args(argv)
    with servers.emulator(seed=args.seed) as upstream:
        asyncio.run(calls_per_operation(upstream, args.latency_ms))
        asyncio.run(overhead(upstream, args.requests, args.seconds))


if __name__ == "__main__":
    main()
