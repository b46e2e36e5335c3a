"""The production transport on the wire: keep-alive, pool limits and each way an answer can
be framed or broken, against a scripted upstream (scripted_upstream.py) on a loopback port.

Through the gateway where a user sees the outcome; straight through the transport where only
the connections show it (the pool timeout, idle expiry, a header that would split a request).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvloop
from http_harness import in_process
from scripted_upstream import (
    QUERY,
    Script,
    after,
    by_length,
    chunked,
    cut_short,
    found,
    gzipped,
    head_only,
    not_http,
    says_close,
    scripted,
    self_signed,
    settled,
    up_to_eof,
)

from customer_gateway.app import create_app
from customer_gateway.emulator.app import EmulatorConfig
from customer_gateway.upstream.transport import Http11Transport
from gateway.harness import FIND, settings_for
from processes import free_port

FIND_URL = "/api/v10/" + FIND


@asynccontextmanager
async def gateway(url: str, **settings: Any) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings_for(EmulatorConfig(db_path=""), open2b_url=url, **settings))
    async with in_process(app) as client:
        yield client


def direct(url: str, limits: httpx.Limits | None = None) -> httpx.AsyncClient:
    """A client on the transport alone, without the gateway."""
    return httpx.AsyncClient(transport=Http11Transport(limits or httpx.Limits()), base_url=url)


async def ask(client: httpx.AsyncClient, customer_id: str) -> dict[str, Any]:
    response = await client.post("/graphql", json={"query": QUERY % customer_id})
    result: dict[str, Any] = response.json()
    result.pop("extensions", None)
    return result


async def test_one_connection_serves_calls_in_turn() -> None:
    async with scripted(by_length) as upstream, gateway(upstream.url) as client:
        for n in ("1", "2", "3"):
            assert await ask(client, n) == found(n)
    assert (upstream.connections, len(upstream.requests)) == (1, 3)


async def test_the_request_is_what_httpx_would_send() -> None:
    async with scripted(by_length) as upstream, gateway(upstream.url) as client:
        await ask(client, "1")
    [head] = upstream.requests
    lines = head.decode().split("\r\n")
    assert lines[0] == f"POST {FIND_URL} HTTP/1.1"
    names = [line.partition(":")[0].lower() for line in lines[1:] if line]
    assert names[0] == "host"
    assert {"accept-encoding", "content-type", "content-length", "x-key"} <= set(names)
    assert len(names) == len(set(names))


# A connection is reused only when the server keeps it open (the `Connection: close` one
# stays open: only its header says not to reuse it).
FRAMINGS = {
    "length": (by_length, 1),
    "chunked": (chunked, 1),
    "gzip": (gzipped, 1),
    "connection-close": (says_close, 2),
    "http-1.0-up-to-eof": (up_to_eof, 2),
}


@pytest.mark.parametrize(("script", "connections"), FRAMINGS.values(), ids=FRAMINGS.keys())
async def test_each_framing_is_read_whole(script: Script, connections: int) -> None:
    async with scripted(script) as upstream, gateway(upstream.url) as client:
        assert await ask(client, "1") == found("1")
        assert await ask(client, "2") == found("2")
    assert (upstream.connections, len(upstream.requests)) == (connections, 2)


async def test_an_https_upstream(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tls, certificate = self_signed(tmp_path)
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate))  # as httpx's own client honours it
    async with scripted(by_length, tls=tls) as upstream, gateway(upstream.url) as client:
        assert await ask(client, "1") == found("1")
        assert await ask(client, "2") == found("2")
    assert (upstream.connections, len(upstream.requests)) == (1, 2)


async def test_an_upstream_certificate_nobody_vouches_for_is_unavailable(tmp_path: Path) -> None:
    tls, _ = self_signed(tmp_path)
    async with scripted(by_length, tls=tls) as upstream, gateway(upstream.url) as client:
        result = await ask(client, "1")
    assert [e["extensions"]["code"] for e in result["errors"]] == ["UPSTREAM_UNAVAILABLE"]
    assert upstream.requests == []


async def test_an_upstream_nobody_listens_on_is_unavailable_and_not_ready() -> None:
    async with gateway(f"http://127.0.0.1:{free_port()}") as client:
        result = await ask(client, "1")
        ready = await client.get("/readyz")
    assert [e["extensions"]["code"] for e in result["errors"]] == ["UPSTREAM_UNAVAILABLE"]
    assert (ready.status_code, ready.json()["code"]) == (503, "UPSTREAM_UNAVAILABLE")


@pytest.mark.parametrize("script", [cut_short, not_http], ids=["cut-short", "not-http"])
async def test_a_broken_answer_is_unavailable_after_retries(script: Script) -> None:
    async with scripted(script) as upstream, gateway(upstream.url) as client:
        result = await ask(client, "1")
    assert result["data"] == {"customer": None}
    assert [e["extensions"]["code"] for e in result["errors"]] == ["UPSTREAM_UNAVAILABLE"]
    assert (len(upstream.requests), upstream.connections) == (3, 3)  # read: retried twice


async def test_a_broken_answer_then_a_good_one_on_a_new_connection() -> None:
    async with scripted(cut_short, by_length) as upstream, gateway(upstream.url) as client:
        assert await ask(client, "1") == found("1")
    assert (len(upstream.requests), upstream.connections) == (2, 2)


async def test_a_slow_answer_times_out_and_its_connection_is_not_reused() -> None:
    late = asyncio.Event()
    scripts = (after(late, by_length), by_length)
    async with (
        scripted(*scripts) as upstream,
        gateway(upstream.url, upstream_timeout=0.2) as client,
    ):
        result = await ask(client, "1")
        assert [e["message"] for e in result["errors"]] == [
            "open2b did not answer commerce.customers.find within 0.2s"
        ]
        assert [e["extensions"]["code"] for e in result["errors"]] == ["UPSTREAM_TIMEOUT"]
        late.set()  # its answer now comes, on a connection the gateway has dropped
        assert await ask(client, "2") == found("2")
        assert await settled(lambda: upstream.closed_by_client == 1)
    assert (len(upstream.requests), upstream.connections) == (2, 2)


async def test_no_more_connections_than_the_limit() -> None:
    go = asyncio.Event()
    async with (
        scripted(after(go, by_length)) as upstream,
        gateway(upstream.url, upstream_max_connections=2) as client,
    ):
        asking = [asyncio.ensure_future(ask(client, str(n))) for n in range(1, 7)]
        assert await settled(lambda: len(upstream.requests) == 2)
        go.set()
        assert await asyncio.gather(*asking) == [found(str(n)) for n in range(1, 7)]
    assert (upstream.connections, upstream.peak, len(upstream.requests)) == (2, 2, 6)


async def test_idle_connections_beyond_max_keepalive_are_closed() -> None:
    go = asyncio.Event()
    settings = {"upstream_max_connections": 3, "upstream_max_keepalive": 1}
    async with (
        scripted(after(go, by_length)) as upstream,
        gateway(upstream.url, **settings) as client,
    ):
        asking = [asyncio.ensure_future(ask(client, str(n))) for n in range(1, 4)]
        assert await settled(lambda: upstream.open == 3)
        go.set()
        await asyncio.gather(*asking)
        assert await settled(lambda: upstream.closed_by_client == 2)
        assert await ask(client, "4") == found("4")  # on the one kept
    assert upstream.connections == 3


async def test_no_free_connection_in_time_is_a_pool_timeout() -> None:
    go = asyncio.Event()
    limits = httpx.Limits(max_connections=1)
    async with (
        scripted(after(go, by_length)) as upstream,
        direct(upstream.url, limits) as client,
    ):
        first = asyncio.ensure_future(client.post(FIND_URL, json={"conditions": {"ids": [1]}}))
        assert await settled(lambda: len(upstream.requests) == 1)
        with pytest.raises(httpx.PoolTimeout):
            await client.post(
                FIND_URL, json={"conditions": {"ids": [2]}}, timeout=httpx.Timeout(5, pool=0.05)
            )
        go.set()
        assert (await first).status_code == 200
        assert (await client.post(FIND_URL, json={"conditions": {"ids": [3]}})).status_code == 200
    assert upstream.connections == 1


async def test_an_idle_connection_is_closed_after_the_keepalive_expiry() -> None:
    limits = httpx.Limits(keepalive_expiry=0.05)
    async with (
        scripted(by_length) as upstream,
        direct(upstream.url, limits) as client,
    ):
        assert (await client.post(FIND_URL, json={"conditions": {"ids": [1]}})).status_code == 200
        assert await settled(lambda: upstream.closed_by_client == 1)
        assert (await client.post(FIND_URL, json={"conditions": {"ids": [2]}})).status_code == 200
    assert upstream.connections == 2


async def test_a_header_that_would_split_the_request_is_not_sent() -> None:
    async with scripted(by_length) as upstream, direct(upstream.url) as client:
        with pytest.raises(httpx.LocalProtocolError):
            await client.post(FIND_URL, json={}, headers={"X-Key": "k\r\nX-Admin: yes"})
    assert upstream.requests == []


async def test_a_head_request_ends_at_the_headers() -> None:
    async with (
        scripted(head_only) as upstream,
        direct(upstream.url) as client,
    ):
        for _ in range(2):
            response = await client.head(FIND_URL)
            assert (response.status_code, response.content) == (200, b"")
    # The parser cannot be told an answer has no body: the connection is not reused.
    assert (upstream.connections, len(upstream.requests)) == (2, 2)


async def test_closing_the_client_closes_its_connections() -> None:
    async with scripted(by_length) as upstream:
        async with direct(upstream.url) as client:
            assert (await client.post(FIND_URL, json={"conditions": {"ids": [1]}})).is_success
        assert await settled(lambda: upstream.closed_by_client == 1)


ON_UVLOOP: dict[str, Callable[[], Coroutine[Any, Any, None]]] = {
    "keep-alive": test_one_connection_serves_calls_in_turn,
    "connection-close": lambda: test_each_framing_is_read_whole(says_close, 2),
    "up-to-eof": lambda: test_each_framing_is_read_whole(up_to_eof, 2),
    "chunked": lambda: test_each_framing_is_read_whole(chunked, 1),
    "cut-short": lambda: test_a_broken_answer_is_unavailable_after_retries(cut_short),
    "slow": test_a_slow_answer_times_out_and_its_connection_is_not_reused,
    "limit": test_no_more_connections_than_the_limit,
    "aclose": test_closing_the_client_closes_its_connections,
}


@pytest.mark.parametrize("scenario", ON_UVLOOP.values(), ids=ON_UVLOOP.keys())
def test_on_uvloop(scenario: Callable[[], Coroutine[Any, Any, None]]) -> None:
    """The same on uvloop, which `customer-gateway serve` runs (its transports are not
    asyncio's classes, and it reads, writes and closes in its own order)."""
    uvloop.run(scenario())
