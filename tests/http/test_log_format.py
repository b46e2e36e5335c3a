"""Log lines as an operator reads them: `CG_LOG_FORMAT` text or json, each with the request id."""

from __future__ import annotations

import re
import time

import httpx
import orjson
from http_harness import Served, serve_process

FAILING_UPSTREAM = {
    "CG_OPEN2B_URL": "http://127.0.0.1:9",
    "CG_RETRY_BACKOFF": "0",
    "CG_ACCESS_LOG": "true",
}
QUERY = {"query": 'query Holmes { customer(id: "1") { id } }'}
STAMP = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"


def _log_once_answered(served: Served, line_part: str) -> list[str]:
    """The log's lines once `line_part` is in it (the access line follows the answer)."""
    deadline = time.monotonic() + 5
    while line_part not in (log := served.log()) and time.monotonic() < deadline:
        time.sleep(0.02)
    return log.splitlines()


def test_json_lines_carry_the_clients_request_id() -> None:
    with serve_process(**FAILING_UPSTREAM, CG_LOG_FORMAT="json") as served:
        answer = httpx.post(
            f"{served.url}/graphql", json=QUERY, headers={"X-Request-Id": "client-7"}, timeout=10
        )
        assert answer.headers["x-request-id"] == "client-7"
        assert answer.json()["errors"][0]["extensions"]["code"] == "UPSTREAM_UNAVAILABLE"
        log = _log_once_answered(served, '"path":"/graphql"')

    lines = [orjson.loads(line) for line in log]  # every line is one JSON object
    assert all({"time", "level", "logger", "message", "request_id"} <= set(line) for line in lines)
    mine = [line for line in lines if line["request_id"] == "client-7"]
    retries = [line for line in mine if line["message"].startswith("retrying")]
    assert len(retries) == 2 and {line["level"] for line in retries} == {"WARNING"}
    [access] = [line for line in mine if line["logger"] == "customer_gateway.access"]
    assert access["method"] == "POST" and access["path"] == "/graphql"
    assert access["status"] == 200 and access["duration_ms"] >= 0
    assert (access["operation_type"], access["operation_name"]) == ("query", "Holmes")
    assert access["upstream_calls"] == 3
    assert re.fullmatch(STAMP, access["time"])
    # uvicorn's own lines come through the same handler
    assert any(line["logger"].startswith("uvicorn") for line in lines)


def test_text_lines_have_time_level_and_request_id() -> None:
    with serve_process(**FAILING_UPSTREAM) as served:
        answer = httpx.post(
            f"{served.url}/graphql", json=QUERY, headers={"X-Request-Id": "a b"}, timeout=10
        )
        generated = answer.headers["x-request-id"]
        assert re.fullmatch(r"[0-9a-f]{32}", generated)  # "a b" is not an id: a new one
        log = _log_once_answered(served, "POST /graphql")

    [access] = [line for line in log if "POST /graphql" in line]
    access_start = rf"{STAMP} INFO customer_gateway.access \[{generated}\] POST /graphql 200 "
    assert re.match(access_start, access)
    retry = f"WARNING customer_gateway.upstream.client [{generated}] retrying"
    assert any(retry in line for line in log)
