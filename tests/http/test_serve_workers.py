"""`customer-gateway serve --workers N`: N processes answering on one port."""

from __future__ import annotations

import time

import httpx
from http_harness import serve_process


def test_two_workers_answer_on_one_port() -> None:
    with serve_process("--workers", "2", CG_OPEN2B_URL="http://127.0.0.1:9") as served:
        for _ in range(10):
            answer = httpx.post(f"{served.url}/graphql", json={"query": "{ __typename }"})
            assert answer.json()["data"] == {"__typename": "Query"}
        # uvicorn's supervisor of worker processes (a single worker has none)
        assert "Started parent process" in served.log()


def test_the_access_log_is_off_by_default() -> None:
    with serve_process(CG_OPEN2B_URL="http://127.0.0.1:9") as served:
        answer = httpx.post(f"{served.url}/graphql", json={"query": "{ __typename }"})
        assert answer.status_code == 200
        time.sleep(0.2)
        assert "POST /graphql" not in served.log()
