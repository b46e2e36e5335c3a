"""`serve --workers 2`: `/metrics` counts every worker's requests, whichever worker answers."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
from http_harness import Served, serve_process
from prometheus_client.parser import text_string_to_metric_families

NO_UPSTREAM = {"CG_OPEN2B_URL": "http://127.0.0.1:9"}
MOST_REQUESTS = 200  # bound on the loop that waits for both workers to have answered


def _requests_total(served: Served) -> float:
    families = text_string_to_metric_families(httpx.get(f"{served.url}/metrics").text)
    return sum(
        sample.value
        for family in families
        for sample in family.samples
        if sample.name == "customer_gateway_requests_total"
    )


def _answering_pids(directory: Path) -> set[str]:
    """The workers that counted a request: prometheus_client writes one file per process."""
    found = (re.fullmatch(r"counter_(\d+)\.db", path.name) for path in directory.iterdir())
    return {match.group(1) for match in found if match}


def _query_until_both_workers_answered(served: Served, directory: Path) -> int:
    sent = 0
    while sent < MOST_REQUESTS and (sent < 10 or len(_answering_pids(directory)) < 2):
        # A new connection each time, so the kernel hands each request to either worker.
        answer = httpx.post(f"{served.url}/graphql", json={"query": "{ __typename }"})
        assert answer.json()["data"] == {"__typename": "Query"}
        sent += 1
    assert len(_answering_pids(directory)) == 2, f"one worker answered all {sent} requests"
    return sent


def test_metrics_add_up_every_workers_requests_and_a_restart_starts_from_zero(
    tmp_path: Path,
) -> None:
    directory = tmp_path / "metrics"
    env = {"PROMETHEUS_MULTIPROC_DIR": str(directory), **NO_UPSTREAM}
    with serve_process("--workers", "2", **env) as served:
        sent = _query_until_both_workers_answered(served, directory)
        # Each scrape lands on either worker; every one sums both.
        scraped = {_requests_total(served) for _ in range(6)}
    assert scraped == {sent}
    assert _answering_pids(directory)  # the run's files, left behind

    # The same directory again: the previous run's counts are not this one's.
    with serve_process("--workers", "2", **env) as served:
        for _ in range(3):
            httpx.post(f"{served.url}/graphql", json={"query": "{ __typename }"})
        total = _requests_total(served)
    assert total == 3


def test_without_a_directory_serve_makes_one_and_removes_it(tmp_path: Path) -> None:
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    with serve_process("--workers", "2", TMPDIR=str(scratch), **NO_UPSTREAM) as served:
        (made,) = scratch.iterdir()
        sent = _query_until_both_workers_answered(served, made)
        total = _requests_total(served)

    assert total == sent
    assert list(scratch.iterdir()) == []
