"""The access log: one line per request, and nothing a client could put a secret in."""

from __future__ import annotations

import logging
import re
import time

import httpx
import pytest
from http_harness import in_process, serve_process

from customer_gateway.app import create_app
from customer_gateway.settings import Settings

PASSWORD = "sherlock-221-secret"
LOG_IN_BY_GET = {
    "query": f'mutation {{ logIn(email: "holmes@inv-london.com", password: "{PASSWORD}") '
    "{ customerKey } }"
}


def _access_lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "customer_gateway.access"]


async def test_a_line_names_method_path_status_operation_and_request_id(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="customer_gateway.access")
    app = create_app(Settings(open2b_url="http://127.0.0.1:9", api_tokens=(), access_log=True))
    async with in_process(app) as gateway:
        await gateway.post(
            "/graphql?secret=in-the-url",
            json={"query": "query Probe { __typename }", "operationName": "Probe"},
            headers={"X-Request-ID": "req-42"},
        )
        await gateway.get("/graphql", params=LOG_IN_BY_GET, headers={"X-Request-ID": "a b\nc"})

    first, second = _access_lines(caplog)
    assert first.startswith("POST /graphql 200 ")
    assert first.endswith("ms op=query Probe upstream=0 rid=req-42")
    assert second.startswith("GET /graphql 405 ")
    # A request id that is not an id is not written: the gateway makes one of its own.
    assert re.fullmatch(r"GET /graphql 405 [0-9.]+ms op=- - upstream=0 rid=[0-9a-f]{32}", second)
    assert "secret" not in caplog.text and PASSWORD not in caplog.text


def test_serve_never_logs_a_query_string() -> None:
    """A password sent in a GET's query string (refused with 405) is not in the server's log."""
    with serve_process(CG_OPEN2B_URL="http://127.0.0.1:9", CG_ACCESS_LOG="true") as served:
        response = httpx.get(f"{served.url}/graphql", params=LOG_IN_BY_GET, timeout=10)
        assert response.status_code == 405
        deadline = time.monotonic() + 5  # the line is written once the response is sent
        while "GET /graphql 405 " not in (log := served.log()) and time.monotonic() < deadline:
            time.sleep(0.02)

    assert "GET /graphql 405 " in log
    assert PASSWORD not in log and "query=" not in log
