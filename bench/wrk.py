"""wrk against several targets in turn, the method of ../shared/perf/bench.sh, in Python.

Per target: one unrecorded warm-up run, then ROUNDS runs alternating the targets (A B C A B C),
each followed by a bounded wait until the upstream stops receiving calls (wrk leaves its
connections' requests in flight); medians of req/s, p50 and p99. The Lua script is the one
bench.sh's lib/wrk.sh writes (same RESULT line), written here so that the backends without a
peer need no copy of ../shared/perf. While wrk runs, the target's process tree is sampled for
resident memory, and its CPU time (and the upstream's) is taken before and after.
"""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bench import procs

_LUA_TAIL = r"""
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) non2xx = 0; gql_errors = 0 end
function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  elseif string.find(body, '"errors"', 1, true) then
    gql_errors = gql_errors + 1
  end
end
function done(summary, latency, requests)
  local n, g = 0, 0
  for _, t in ipairs(threads) do
    n = n + (t:get("non2xx") or 0); g = g + (t:get("gql_errors") or 0)
  end
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d duration_us=%d rps=%.2f p50_us=%d p90_us=%d p99_us=%d"
      .. " non2xx=%d socket_errors=%d gql_errors=%d\n",
    summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(90), latency:percentile(99),
    n, e.connect + e.read + e.write + e.timeout, g))
end
"""


def lua_script(method: str, body: str | None, headers: dict[str, str]) -> str:
    """A wrk script sending `body` (JSON) with `headers`, counting non-2xx and GraphQL errors."""
    lines = [f"wrk.method = {json.dumps(method)}"]
    all_headers = {"Content-Type": "application/json", **headers} if body is not None else headers
    lines += [f"wrk.headers[{json.dumps(k)}] = {json.dumps(v)}" for k, v in all_headers.items()]
    if body is not None:
        level = 1
        while f"]{'=' * level}]" in body:
            level += 1
        lines.append(f"wrk.body = [{'=' * level}[{body}]{'=' * level}]")
    return "\n".join(lines) + "\n" + _LUA_TAIL


@dataclass(frozen=True)
class Target:
    name: str
    url: str
    script: Path  # from lua_script()
    pid: int | None = None  # process tree sampled for RSS


@dataclass(frozen=True)
class Run:
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    failures: int  # non-2xx, socket errors and 2xx answers with GraphQL errors
    rss_mb: float  # the most any one process of the target held
    rss_total_mb: float  # the most the whole tree held at once
    cpu_percent: float  # of one core, the target's whole tree, while wrk ran
    upstream_cpu_percent: float


@dataclass
class Result:
    runs: list[Run] = field(default_factory=list)

    def median(self, name: str) -> float:
        return float(statistics.median(getattr(run, name) for run in self.runs))

    def peak(self, name: str) -> float:
        return float(max(getattr(run, name) for run in self.runs))

    @property
    def failures(self) -> int:
        return sum(run.failures for run in self.runs)


def available() -> bool:
    return shutil.which("wrk") is not None


def _parse(output: str) -> dict[str, float]:
    for line in output.splitlines():
        if line.startswith("RESULT "):
            return {k: float(v) for k, v in (pair.split("=") for pair in line.split()[1:])}
    raise RuntimeError(f"wrk printed no RESULT line:\n{output}")


def run(
    target: Target,
    *,
    concurrency: int,
    seconds: int,
    upstream_pid: int | None = None,
    timeout: str = "10s",
) -> Run:
    args = ["wrk", "-t1", f"-c{concurrency}", f"-d{seconds}s", "--latency"]
    args += ["--timeout", timeout, "-s", str(target.script), target.url]
    rss = total = 0.0
    pids = [] if target.pid is None else procs.tree(target.pid)
    upstream = [] if upstream_pid is None else procs.tree(upstream_pid)
    cpu = (procs.cpu_seconds(pids), procs.cpu_seconds(upstream), time.monotonic())
    with subprocess.Popen(
        args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    ) as process:
        try:
            while process.poll() is None:
                if target.pid is not None:
                    sizes = [procs.rss_mb(pid) for pid in procs.tree(target.pid)]
                    rss, total = max(rss, *sizes), max(total, sum(sizes))
                time.sleep(0.25)
            output = process.stdout.read() if process.stdout else ""
            wall = time.monotonic() - cpu[2]
            used = (procs.cpu_seconds(pids) - cpu[0], procs.cpu_seconds(upstream) - cpu[1])
        finally:
            if process.poll() is None:  # interrupted: wrk stops by its pid with us
                process.kill()
    values = _parse(output)
    return Run(
        rps=values["rps"],
        p50_ms=values["p50_us"] / 1000,
        p99_ms=values["p99_us"] / 1000,
        requests=int(values["requests"]),
        failures=int(values["non2xx"] + values["socket_errors"] + values["gql_errors"]),
        rss_mb=rss,
        rss_total_mb=total,
        cpu_percent=100 * used[0] / wall,
        upstream_cpu_percent=100 * used[1] / wall,
    )


def settle(calls: Callable[[], int], limit: float = 15.0) -> None:
    """Wait (at most `limit` s) until the upstream call count stops moving for 0.3 s."""
    deadline = time.monotonic() + limit
    before = calls()
    while time.monotonic() < deadline:
        time.sleep(0.3)
        now = calls()
        if now == before:
            return
        before = now


def compare(
    targets: list[Target],
    *,
    concurrency: int,
    seconds: int,
    rounds: int,
    warmup: int,
    calls: Callable[[], int],
    upstream_pid: int | None = None,
) -> dict[str, Result]:
    """Each target's runs, alternating the targets round after round."""
    if warmup > 0:
        for target in targets:
            run(target, concurrency=concurrency, seconds=warmup)
            settle(calls)
    results = {target.name: Result() for target in targets}
    for _ in range(rounds):
        for target in targets:
            measured = run(
                target, concurrency=concurrency, seconds=seconds, upstream_pid=upstream_pid
            )
            results[target.name].runs.append(measured)
            settle(calls)
    return results
