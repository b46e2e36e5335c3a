"""Hostile requests against `customer-gateway serve` on loopback (issue 10), bounded in time.

    python -m bench.hardening              # the gateway of this checkout
    python -m bench.hardening --src DIR    # another source tree (e.g. `git archive` of an old
                                           # commit's src/), to print before/after figures

Prints: the time to answer documents of fragments that each spread the previous one twice
(22 and 30 of them), /healthz latency while such documents keep arriving, /healthz latency
while new valid documents of about 4,000 tokens arrive (each costs graphql-core 100+ ms of CPU
to validate), and the server's RSS while 3 MB bodies are sent. Every phase runs on a fresh
server (an old one may stay stuck in a document for minutes); every request has a client
timeout, so a stuck server prints "> N s" instead of hanging the run. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

from bench.servers import HOST, free_port

TIMEOUT = 10.0
BODY_BYTES = 3_000_000


def doubling_fragments(count: int, prefix: str = "F") -> str:
    """`count` fragments each spreading the previous one twice (the issue's repro);
    `prefix` renames them, so no cache keyed by the document helps."""
    fragments = "".join(
        f" fragment {prefix}{i} on Customer "
        f"{{ {'id' if i == 0 else f'...{prefix}{i - 1} ...{prefix}{i - 1}'} }}"
        for i in range(count)
    )
    return f"{{ me {{ ...{prefix}{count - 1} }} }}{fragments}"


CUSTOMER = (
    "id code email canLogin hasPassword locale group collection collections wishList cart "
    "invoiceRecipient creationTime loginTime fullName billingAddress { firstName lastName "
    "street1 street2 city postalCode country email } shippingAddress { name street1 city "
    "postalCode country }"
)


def wide_fragments(count: int, prefix: str = "W") -> str:
    """A valid document of `count` fragments, each of every customer field, spread side by
    side under `me` (no upstream call without a customer key): 40 of them are about 4,000
    tokens, and graphql-core's rules compare the fields of every pair of fragments."""
    spreads = " ".join(f"...{prefix}{i}" for i in range(count))
    fragments = "".join(f" fragment {prefix}{i} on Customer {{ {CUSTOMER} }}" for i in range(count))
    return f"{{ me {{ {spreads} }} }}{fragments}"


@dataclass
class Server:
    url: str
    pid: int

    def rss_mb(self, field: str = "VmRSS") -> float:
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
        return float("nan")


@contextlib.contextmanager
def serve(src: str | None) -> Iterator[Server]:
    port = free_port()
    env = {**os.environ, "CG_OPEN2B_URL": "http://127.0.0.1:9", "CG_PORT": str(port)}
    if src is not None:
        env["PYTHONPATH"] = src
    command = [sys.executable, "-m", "customer_gateway.cli", "serve"]
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    url = f"http://{HOST}:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            with contextlib.suppress(httpx.TransportError):
                httpx.get(f"{url}/healthz", timeout=1)
                break
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the gateway did not start")
            time.sleep(0.05)
        # One operation first: the first one pays for lazy imports and strawberry's set-up.
        httpx.post(f"{url}/graphql", json={"query": "{ __typename }"}, timeout=TIMEOUT)
        yield Server(url, process.pid)
    finally:
        process.kill()  # a server stuck in a document ignores SIGTERM
        process.wait()


def _ms(seconds: float | None) -> str:
    return f"> {TIMEOUT:g} s (timed out)" if seconds is None else f"{seconds * 1000:.1f} ms"


async def _timed(client: httpx.AsyncClient, document: str) -> float | None:
    started = time.perf_counter()
    try:
        await client.post("/graphql", json={"query": document})
    except httpx.TimeoutException:
        return None
    return time.perf_counter() - started


async def fragments(src: str | None, count: int) -> str:
    with serve(src) as server:
        async with httpx.AsyncClient(base_url=server.url, timeout=TIMEOUT) as client:
            return _ms(await _timed(client, doubling_fragments(count)))


async def healthz_while_refusing(src: str | None, documents: int) -> str:
    """/healthz every 10 ms while `documents` renamed 30-fragment documents are sent."""
    return await healthz_while(src, [doubling_fragments(30, f"P{n}x") for n in range(documents)])


async def healthz_while(src: str | None, documents: list[str], senders: int = 1) -> str:
    """/healthz every 10 ms while `senders` clients send `documents` between them."""
    with serve(src) as server:
        async with httpx.AsyncClient(base_url=server.url, timeout=TIMEOUT) as client:
            latencies: list[float] = []
            done = asyncio.Event()

            async def probe() -> None:
                while not done.is_set():
                    started = time.perf_counter()
                    try:
                        await client.get("/healthz")
                    except httpx.TimeoutException:
                        latencies.append(TIMEOUT)
                        return
                    latencies.append(time.perf_counter() - started)
                    await asyncio.sleep(0.01)

            queue = list(reversed(documents))

            async def attack() -> None:
                while queue:
                    if await _timed(client, queue.pop()) is None:
                        break

            async def attacks() -> None:
                await asyncio.gather(*(attack() for _ in range(senders)))
                done.set()

            await asyncio.gather(probe(), attacks())
    latencies.sort()
    median, worst = statistics.median(latencies) * 1000, latencies[-1] * 1000
    p95 = latencies[int(0.95 * (len(latencies) - 1))] * 1000
    return f"median {median:.1f} ms, p95 {p95:.1f} ms, max {worst:.1f} ms ({len(latencies)} probes)"


async def rss_while_big_bodies(src: str | None, clients: int, each: int) -> str:
    body = b'{"query": "{ __typename }"' + b" " * BODY_BYTES + b"}"
    with serve(src) as server:
        before = server.rss_mb()
        statuses: set[int] = set()
        async with httpx.AsyncClient(base_url=server.url, timeout=TIMEOUT) as client:

            async def sender() -> None:
                for _ in range(each):
                    try:
                        response = await client.post(
                            "/graphql", content=body, headers={"Content-Type": "application/json"}
                        )
                        statuses.add(response.status_code)
                    except httpx.TransportError:
                        statuses.add(0)

            await asyncio.gather(*(sender() for _ in range(clients)))
        peak = server.rss_mb("VmHWM")
    return (
        f"{before:.0f} MB before, peak {peak:.0f} MB after {clients * each} bodies "
        f"of 3 MB ({clients} at a time), answered {sorted(statuses)}"
    )


async def main(src: str | None) -> None:
    print(f"gateway from {src or 'this checkout'}", flush=True)
    print(f"22 fragments answered in    {await fragments(src, 22)}", flush=True)
    print(f"30 fragments answered in    {await fragments(src, 30)}", flush=True)
    print(f"/healthz while refusing     {await healthz_while_refusing(src, 20)}", flush=True)
    valid = [wide_fragments(40, f"V{n}x") for n in range(20)]
    print(f"/healthz while 20 valid     {await healthz_while(src, valid, senders=2)}", flush=True)
    print(f"RSS while 3 MB bodies       {await rss_while_big_bodies(src, 5, 4)}", flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m bench.hardening", description=__doc__)
    parser.add_argument("--src", help="a source tree to put first on PYTHONPATH")
    asyncio.run(main(parser.parse_args().src))
