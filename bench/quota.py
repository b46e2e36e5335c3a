"""`python -m bench.quota`: upstream calls per 1,000 operations of an SPA mix, each feature on/off.

A seeded emulator process (5 ms a call) and the gateway in-process; 25 clients run 1,000
operations drawn from a fixed mix: customer pages (one `customer(id:)`, popular ids more
often), list pages (`customers` with `totalCount`), `me` for five logged-in shoppers, a
dashboard (`customersCount` + a customer), an occasional greedy export (20 counts in one
operation) and an occasional `updateCustomer`. Nothing is asserted; the figures are printed.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import time
from collections import Counter
from typing import Any

import httpx
from asgi_lifespan import LifespanManager
from pydantic import SecretStr

from bench import servers
from bench.__main__ import CountingTransport
from customer_gateway.app import create_app
from customer_gateway.emulator.open2b.seed import HOLMES_EMAIL, HOLMES_PASSWORD
from customer_gateway.settings import Settings

CUSTOMER = "id fullName email billingAddress { city country }"
LIST = "totalCount nodes { id fullName email } pageInfo { hasNextPage endCursor }"

# name -> CG_* overrides; "off" turns every feature off, the others turn one (or all) on.
OFF: dict[str, Any] = {
    "max_operation_calls": 1000,
    "coalescing": False,
    "cache_ttl": 0,
    "quota_calls": 0,
}
CONFIGURATIONS: dict[str, dict[str, Any]] = {
    "every feature off": OFF,
    "cost limit (10 calls)": {**OFF, "max_operation_calls": 10},
    "coalescing": {**OFF, "coalescing": True},
    "cache (30 s)": {**OFF, "cache_ttl": 30},
    "budget (1000 / 300 s)": {**OFF, "quota_calls": None},
    "all on (defaults + cache 30 s)": {"cache_ttl": 30},
}


def operation(rng: random.Random, shoppers: list[str]) -> tuple[str, dict[str, str]]:
    """One operation of the mix, and the headers it is sent with."""
    roll = rng.random()
    popular = min(200, int(rng.paretovariate(1.2)))  # a few customers are looked at most
    if roll < 0.40:
        return f'{{ customer(id: "{popular}") {{ {CUSTOMER} }} }}', {}
    if roll < 0.65:
        country = rng.choice(["", ', filter: {country: "IT"}', ', filter: {country: "GB"}'])
        return f"{{ customers(first: 20{country}) {{ {LIST} }} }}", {}
    if roll < 0.90:
        return "{ me { id fullName wishList } }", {"X-Customer-Key": rng.choice(shoppers)}
    if roll < 0.97:
        query = (
            f'{{ customersCount(filter: {{country: "IT"}}) customer(id: "{popular}") {{ id }} }}'
        )
        return query, {}
    if roll < 0.99:
        counts = " ".join(f'c{n}: customersCount(filter: {{keywords: "k{n}"}})' for n in range(20))
        return f"{{ {counts} }}", {}
    code = f"BENCH-{rng.randrange(10_000)}"
    update = (
        f'updateCustomer(id: "{popular}", input: {{code: "{code}"}}) {{ customer {{ id code }} }}'
    )
    return f"mutation {{ {update} }}", {}


def log_in(upstream: servers.Upstream, count: int) -> list[str]:
    """`count` storefront sessions (customer keys) of Holmes."""
    keys = []
    for _ in range(count):
        response = httpx.post(
            f"{upstream.url}/api/v10/storefront.login",
            json={"email": HOLMES_EMAIL, "password": HOLMES_PASSWORD},
        )
        keys.append(response.headers["X-Customer-Key"])
    return keys


async def run_mix(
    upstream: servers.Upstream, overrides: dict[str, Any], operations: int, shoppers: list[str]
) -> tuple[int, Counter[str], float]:
    transport = CountingTransport()
    settings = Settings(
        open2b_url=upstream.url, open2b_api_key=SecretStr(servers.API_KEY), **overrides
    )
    app = create_app(settings, upstream_transport=transport)
    rng = random.Random(12)
    mix = [operation(rng, shoppers) for _ in range(operations)]
    outcomes: Counter[str] = Counter()
    async with (
        LifespanManager(app) as manager,
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=manager.app), base_url="http://gateway"
        ) as client,
    ):
        queue = iter(mix)

        async def worker() -> None:
            for query, headers in queue:
                response = await client.post("/graphql", json={"query": query}, headers=headers)
                errors = response.json().get("errors") or [{"extensions": {"code": "ok"}}]
                outcomes[errors[0]["extensions"]["code"]] += 1

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(25)))
        elapsed = time.perf_counter() - started
    return transport.requests, outcomes, elapsed


async def compare(upstream: servers.Upstream, operations: int, shoppers: list[str]) -> None:
    print(f"\n## Upstream calls per 1,000 operations (SPA mix, {operations} operations)\n")
    print(
        "| features | upstream calls / 1,000 ops | refused: too expensive | rate limited | wall s |"
    )
    print("|---|---:|---:|---:|---:|")
    for name, overrides in CONFIGURATIONS.items():
        calls, outcomes, elapsed = await run_mix(upstream, overrides, operations, shoppers)
        per_thousand = calls * 1000 / operations
        refused = outcomes["COST_ESTIMATED_TOO_EXPENSIVE"]
        print(
            f"| {name} | {per_thousand:,.0f} | {refused} | {outcomes['RATE_LIMITED']} "
            f"| {elapsed:.1f} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.quota", description=__doc__)
    parser.add_argument("--operations", type=int, default=1000)
    parser.add_argument("--latency-ms", type=int, default=5, help="emulated upstream latency")
    args = parser.parse_args()
    with servers.emulator(seed=200) as upstream:
        upstream.configure(latencyMs=args.latency_ms)
        shoppers = log_in(upstream, 5)
        asyncio.run(compare(upstream, args.operations, shoppers))


if __name__ == "__main__":
    main()
