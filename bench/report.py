"""The peers benchmark's tables (Markdown, so a run can be pasted into the README as is)."""

from __future__ import annotations

import argparse
import os
from dataclasses import dataclass

from bench.wrk import Result


@dataclass(frozen=True)
class Row:
    query: str
    result: Result


def _header(title: str, args: argparse.Namespace, concurrency: int | None = None) -> None:
    load = ", ".join(f"{n:.1f}" for n in os.getloadavg())
    print(
        f"\n## {title}\n\nwrk -t1 -c{concurrency or args.concurrency}, {args.rounds} x "
        f"{args.secs}s per target alternating, medians; {os.cpu_count()} CPUs, "
        f"load average {load} at the end\n"
    )


def _table(head: list[str], rows: list[list[str]]) -> None:
    print("| " + " | ".join(head) + " |")
    print("|---|" + "---:|" * (len(head) - 1))
    for row in rows:
        print("| " + " | ".join(row) + " |")


def _f(value: float, digits: int = 1) -> str:
    return f"{value:,.{digits}f}"


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}x" if b > 0 else "-"


def _failures(results: dict[str, Result], where: str = "the runs") -> None:
    failed = {name: r.failures for name, r in results.items() if r.failures}
    if failed:
        named = ", ".join(f"{name} {count}" for name, count in failed.items())
        print(f"\nFailed answers (non-2xx, socket errors, GraphQL errors) in {where}: {named}")


def _latency(results: dict[str, Result], direct_label: str) -> None:
    direct = results["direct"].median("p50_ms")
    rows = []
    for name, result in results.items():
        added = "-" if name == "direct" else f"+{result.median('p50_ms') - direct:.2f}"
        label = direct_label if name == "direct" else f"through {name}"
        rows.append([label, _f(result.median("p50_ms"), 2), _f(result.median("p99_ms"), 2), added])
    _table(["path (customer 5: id email fullName)", "p50 ms", "p99 ms", "added p50 ms"], rows)
    _failures(results)


def peers_tables(
    args: argparse.Namespace,
    results: dict[str, dict[str, Result]],
    latency: dict[str, Result],
) -> None:
    _header("Open2b: the gateway (1 worker) and Apollo Server 5 on the same Node stub", args)
    rows = []
    for query, by in results.items():
        gw, ap = by["gateway"], by["Apollo"]
        rows.append(
            [
                query,
                _f(gw.median("rps")),
                _f(ap.median("rps")),
                _ratio(gw.median("rps"), ap.median("rps")),
                _f(gw.median("p50_ms"), 2),
                _f(gw.median("p99_ms"), 2),
                _f(ap.median("p50_ms"), 2),
                _f(ap.median("p99_ms"), 2),
                _f(gw.peak("rss_mb"), 0),
                _f(ap.peak("rss_mb"), 0),
            ]
        )
    head = ["query", "gateway req/s", "Apollo req/s", "ratio", "gateway p50 ms"]
    head += ["gateway p99 ms", "Apollo p50 ms", "Apollo p99 ms", "gateway RSS MB", "Apollo RSS MB"]
    _table(head, rows)
    for query, by in results.items():
        _failures(by, query)
    print("\n1 vs 2 workers (`serve --workers 2`; RSS: the largest process, and all of them)\n")
    rows = []
    for query, by in results.items():
        one, two, ap = by["gateway"], by["2 workers"], by["Apollo"]
        rows.append(
            [
                query,
                _f(one.median("rps")),
                _f(two.median("rps")),
                _ratio(two.median("rps"), ap.median("rps")),
                _f(two.median("p50_ms"), 2),
                _f(two.median("p99_ms"), 2),
                _f(two.peak("rss_mb"), 0),
                _f(two.peak("rss_total_mb"), 0),
            ]
        )
    head = ["query", "1 worker req/s", "2 workers req/s", "2 workers / Apollo", "p50 ms"]
    _table([*head, "p99 ms", "RSS MB per process", "RSS MB total"], rows)
    print("\nCPU % (100 = one core) of each target, and of the stub while it was measured\n")
    rows = []
    for query, by in results.items():
        stub = "/".join(_f(by[t].median("upstream_cpu_percent"), 0) for t in by)
        rows.append([query, *(_f(by[t].median("cpu_percent"), 0) for t in by), stub])
    first = next(iter(results.values()), {})
    _table(["query", *(f"{t} CPU %" for t in first), f"stub CPU % ({' / '.join(first)})"], rows)
    if latency:
        _header("Added latency over a direct upstream call", args, concurrency=1)
        _latency(latency, "direct POST commerce.customers.find to the stub")


def ecwid_tables(args: argparse.Namespace, rows: list[Row], latency: dict[str, Result]) -> None:
    _header("Ecwid: the gateway (1 worker) on the emulator (no peer)", args)
    table = [
        [
            row.query,
            _f(row.result.median("rps")),
            _f(row.result.median("p50_ms"), 2),
            _f(row.result.median("p99_ms"), 2),
            _f(row.result.peak("rss_mb"), 0),
            _f(row.result.median("cpu_percent"), 0),
            _f(row.result.median("upstream_cpu_percent"), 0),
        ]
        for row in rows
    ]
    head = ["query", "req/s", "p50 ms", "p99 ms", "RSS MB", "gateway CPU %", "emulator CPU %"]
    _table(head, table)
    _failures({row.query: row.result for row in rows})
    if latency:
        _header("Ecwid: added latency over a direct upstream call", args, concurrency=1)
        _latency(latency, "direct GET /customers/5 to the emulator")
