"""`python -m bench --peers`: the gateway side by side with Apollo Server 5 on the same upstream.

On 127.0.0.1 only: the Node Open2b stub and Apollo from ../shared/perf (see perf_peers.py), and
`customer-gateway serve` with 1 and with 2 workers over the same stub, all on free ports;
wrk at a fixed concurrency alternating the targets (see wrk.py), for the documents of
../shared/perf/queries and bench/queries/. Then latency at concurrency 1 against a direct
upstream call, and the same gateway figures on the Ecwid backend against the emulator (no
peer there). Every process is stopped by its pid; nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import httpx

from bench import perf_peers, report, servers, wrk
from bench.report import Row
from customer_gateway.backends.ecwid.codec import response_fields
from customer_gateway.emulator.ecwid.api import FULL_TOKEN
from customer_gateway.model.records import CustomerField

OWN_QUERIES = Path(__file__).resolve().parent / "queries"
PERF_QUERIES = ("one", "aliases30", "list100")
# The latency pair: perf's `one` asks for customer 5's id, email and fullName.
LATENCY_QUERY = "one"
LATENCY_FIELDS = frozenset({CustomerField.ID, CustomerField.EMAIL, CustomerField.FULL_NAME})
LATENCY_ID = 5


# What the peer does, the gateway does: production mode (Apollo runs with NODE_ENV=production),
# one upstream call per request (Apollo does not share calls between requests: no coalescing),
# and no quota budget (the vendor's 1000 calls per 5 minutes would turn a run into 429s).
LIKE_FOR_LIKE = {"env": "production", "coalescing": "false", "quota_calls": "0"}


def load_queries(perf: Path | None, only: Sequence[str]) -> dict[str, str]:
    paths = [perf / "queries" / f"{name}.graphql" for name in PERF_QUERIES] if perf else []
    paths += sorted(OWN_QUERIES.glob("*.graphql"))
    found = {path.stem: path.read_text(encoding="utf-8") for path in paths}
    return {name: text for name, text in found.items() if not only or name in only}


class Bench:
    """The run's options, and the wrk scripts it writes into a scratch directory."""

    def __init__(self, args: argparse.Namespace, scratch: Path) -> None:
        self.args = args
        self.scratch = scratch

    def script(self, name: str, body: Any, method: str = "POST", **headers: str) -> Path:
        path = self.scratch / f"{name}.lua"
        text = None if body is None else json.dumps(body)
        path.write_text(wrk.lua_script(method, text, headers), encoding="utf-8")
        return path

    def compare(
        self,
        targets: list[wrk.Target],
        calls: Callable[[], int],
        upstream_pid: int | None,
        concurrency: int | None = None,
    ) -> dict[str, wrk.Result]:
        return wrk.compare(
            targets,
            concurrency=concurrency or self.args.concurrency,
            seconds=self.args.secs,
            rounds=self.args.rounds,
            warmup=self.args.warmup,
            calls=calls,
            upstream_pid=upstream_pid,
        )


def check(url: str, query: str, calls: Callable[[], int]) -> tuple[str, Any]:
    """One request first: HTTP status, upstream calls, GraphQL errors; and its data."""
    before = calls()
    response = httpx.post(url, json={"query": query}, timeout=30)
    wrk.settle(calls)
    note = f"HTTP {response.status_code}, {calls() - before} upstream call(s)"
    try:
        payload = response.json()
    except ValueError:
        return f"{note}, not JSON", None
    if payload.get("errors"):
        note += f", ERRORS: {json.dumps(payload['errors'])[:200]}"
    return note, payload.get("data")


def _sans_cursors(data: Any) -> Any:
    """`data` without cursors: opaque, each server encodes its own."""
    if isinstance(data, dict):
        return {k: _sans_cursors(v) for k, v in data.items() if not k.lower().endswith("cursor")}
    if isinstance(data, list):
        return [_sans_cursors(item) for item in data]
    return data


def open2b(bench: Bench, perf: Path, queries: dict[str, str], logs: Path) -> None:
    with ExitStack() as stack:
        copy = stack.enter_context(perf_peers.copied(perf))
        peers = stack.enter_context(perf_peers.started(copy, logs))
        settings = {"open2b_url": peers.stub_url, "open2b_api_key": perf_peers.STUB_KEY}
        settings.update(LIKE_FOR_LIKE)
        one = stack.enter_context(servers.serve(settings, log=logs / "gateway-1.log"))
        two = stack.enter_context(servers.serve(settings, workers=2, log=logs / "gateway-2.log"))
        graphql = {"gateway": f"{one.url}/graphql", "Apollo": f"{peers.apollo_url}/"}
        graphql["2 workers"] = f"{two.url}/graphql"
        pids = {"gateway": one.pid, "Apollo": peers.apollo_pid, "2 workers": two.pid}
        results: dict[str, dict[str, wrk.Result]] = {}
        for name, query in queries.items():
            data = {}
            for target, url in graphql.items():
                note, data[target] = check(url, query, peers.stub_calls)
                print(f"check {name} on {target}: {note}", flush=True)
            same = _sans_cursors(data["gateway"]) == _sans_cursors(data["Apollo"])
            print(f"  {name}: {'same' if same else 'DIFFERENT'} data as Apollo (cursors aside)")
            script = bench.script(name, {"query": query})
            targets = [wrk.Target(t, url, script, pids[t]) for t, url in graphql.items()]
            print(f"wrk {name}: {' / '.join(graphql)} alternating ...", flush=True)
            results[name] = bench.compare(targets, peers.stub_calls, peers.stub_pid)
        latency = {}
        if LATENCY_QUERY in queries:
            # The exact upstream request the gateway makes for `one`, replayed directly.
            check(graphql["gateway"], queries[LATENCY_QUERY], peers.stub_calls)
            find = f"{peers.stub_url}/api/v10/commerce.customers.find"
            direct = bench.script("direct", peers.last_stub_request(), **{"X-Key": "stub-key"})
            script = bench.script(LATENCY_QUERY, {"query": queries[LATENCY_QUERY]})
            targets = [wrk.Target("direct", find, direct)]
            targets += [wrk.Target(t, graphql[t], script) for t in ("gateway", "Apollo")]
            print("wrk latency at concurrency 1 ...", flush=True)
            latency = bench.compare(targets, peers.stub_calls, peers.stub_pid, 1)
    report.peers_tables(bench.args, results, latency)


def ecwid(bench: Bench, queries: dict[str, str], logs: Path) -> None:
    with ExitStack() as stack:
        emulator = stack.enter_context(servers.emulator(seed=bench.args.seed))
        # Ecwid's rate limit (600 calls a minute per token), which the emulator imitates, would
        # turn the runs into a measure of 429s.
        emulator.configure(ecwidRateLimit=None)
        settings = {
            "backend": "ecwid",
            "ecwid_url": f"{emulator.url}/api/v3",
            "ecwid_token": FULL_TOKEN,
            **LIKE_FOR_LIKE,
            # Ecwid reads one customer per call: aliases30 is 30 calls, over the default
            # limit of 10 per operation (it would measure COST_ESTIMATED_TOO_EXPENSIVE).
            "max_operation_calls": "30",
        }
        gateway = stack.enter_context(servers.serve(settings, log=logs / "gateway-ecwid.log"))
        url = f"{gateway.url}/graphql"
        rows: list[Row] = []
        for name, query in queries.items():
            note, _ = check(url, query, emulator.calls)
            print(f"check {name} on Ecwid: {note}", flush=True)
            target = wrk.Target("gateway", url, bench.script(name, {"query": query}), gateway.pid)
            print(f"wrk {name} on Ecwid ...", flush=True)
            result = bench.compare([target], emulator.calls, emulator.pid)
            rows.append(Row(name, result["gateway"]))
        latency = {}
        if LATENCY_QUERY in queries:
            params = f"responseFields={response_fields(LATENCY_FIELDS)}"
            direct = f"{emulator.url}/api/v3/1003/customers/{LATENCY_ID}?{params}"
            auth = {"Authorization": f"Bearer {FULL_TOKEN}"}
            script = bench.script(LATENCY_QUERY, {"query": queries[LATENCY_QUERY]})
            targets = [
                wrk.Target("direct", direct, bench.script("ecwid-direct", None, "GET", **auth)),
                wrk.Target("gateway", url, script),
            ]
            print("wrk Ecwid latency at concurrency 1 ...", flush=True)
            latency = bench.compare(targets, emulator.calls, emulator.pid, 1)
    report.ecwid_tables(bench.args, rows, latency)


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def _estimate(args: argparse.Namespace, queries: int, peers: bool) -> float:
    """Seconds of wrk the run will take (settling and start-up come on top)."""
    per_target = args.warmup + args.rounds * args.secs
    runs = (3 * queries + 3) if peers else 0  # 1 worker, Apollo, 2 workers; latency trio
    runs += 0 if args.no_ecwid else queries + 2
    return float(runs * per_target)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m bench --peers", description=__doc__)
    p.add_argument(
        "--perf", help=f"the peers folder (default ${perf_peers.PERF_ENV} or ../shared/perf)"
    )
    p.add_argument("--secs", type=_positive, default=5, help="seconds per wrk run (default 5)")
    p.add_argument("--rounds", type=_positive, default=3, help="runs per target (default 3)")
    p.add_argument("--warmup", type=int, default=1, help="unrecorded seconds first (default 1)")
    p.add_argument("--concurrency", type=_positive, default=8, help="wrk connections (default 8)")
    p.add_argument("--seed", type=int, default=1000, help="customers in the Ecwid emulator")
    p.add_argument("--queries", nargs="*", default=[], help="only these documents (by name)")
    p.add_argument("--no-ecwid", action="store_true", help="skip the Ecwid backend")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if not wrk.available():
        print("wrk not found: `make bench` installs it (Debian: apt-get install wrk)")
        return 1
    try:
        perf: Path | None = perf_peers.locate(args.perf)
    except perf_peers.Unavailable as exc:
        print(f"Apollo peer skipped: {exc}", flush=True)
        perf = None
    queries = load_queries(perf, args.queries)
    minutes = _estimate(args, len(queries), perf is not None) / 60
    print(f"{', '.join(queries)}: about {minutes:.0f} minutes of wrk", flush=True)
    with tempfile.TemporaryDirectory(prefix="cg-bench-run-") as tmp:
        bench, logs = Bench(args, Path(tmp)), Path(tmp)
        if perf is not None:
            open2b(bench, perf, queries, logs)
        if not args.no_ecwid:
            ecwid(bench, queries, logs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
