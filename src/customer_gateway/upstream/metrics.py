"""The upstream calls' Prometheus series, one set per app (each app has its own registry).

    customer_gateway_upstream_calls_total{service, method, outcome}
    customer_gateway_upstream_call_duration_seconds{service, method}
    customer_gateway_quota_remaining{service}

`outcome` of a call that went out: `ok` (any answer under 400), `http_4xx` (a 4xx answer but
429: what it means is the backend's business), `retried` (a failure that is tried again), or the
final failure's error code (`UPSTREAM_UNAVAILABLE`, `UPSTREAM_TIMEOUT`, `RATE_LIMITED`). Helpers
that answer without a call (coalesced, cached, refused by the quota budget) call `count` with
their own outcome and no duration: the duration histogram only holds calls that went out.
The quota gauge is the calls the budget had left at the latest admission (0 while it is
spent or a 429 closed it); with several workers, the most recent of theirs.
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

# Upstream answers take from a few milliseconds (the emulator) to the 10 s default timeout.
DURATION_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)

OK = "ok"
RETRIED = "retried"
COALESCED = "coalesced"
CACHED = "cached"
REFUSED = "refused"


class UpstreamMetrics:
    def __init__(self, registry: CollectorRegistry | None) -> None:
        self.calls = Counter(
            "customer_gateway_upstream_calls",
            "Upstream calls by service, method and outcome",
            ["service", "method", "outcome"],
            registry=registry,
        )
        self.duration = Histogram(
            "customer_gateway_upstream_call_duration_seconds",
            "Time one upstream call (one attempt) took",
            ["service", "method"],
            registry=registry,
            buckets=DURATION_BUCKETS,
        )
        # "mostrecent": every worker reads the same budget (in Redis), the latest read is news.
        self.quota_remaining = Gauge(
            "customer_gateway_quota_remaining",
            "Upstream calls the quota budget had left at its latest admission",
            ["service"],
            registry=registry,
            multiprocess_mode="mostrecent",
        )
        self._counters: dict[tuple[str, str, str], Counter] = {}
        self._histograms: dict[tuple[str, str], Histogram] = {}

    def count(self, service: str, method: str, outcome: str) -> None:
        """One call (or one answer given instead of a call) with that outcome."""
        self._counter(service, method, outcome).inc()

    def observe(self, service: str, method: str, outcome: str, seconds: float) -> None:
        """One call that went out and took `seconds`."""
        self._counter(service, method, outcome).inc()
        histogram = self._histograms.get((service, method))
        if histogram is None:
            histogram = self._histograms[service, method] = self.duration.labels(service, method)
        histogram.observe(seconds)

    # `labels()` takes a lock and builds its key at every call; the label sets are few
    # (services x methods x outcomes), so each series' child is kept.
    def _counter(self, service: str, method: str, outcome: str) -> Counter:
        counter = self._counters.get((service, method, outcome))
        if counter is None:
            counter = self._counters[service, method, outcome] = self.calls.labels(
                service, method, outcome
            )
        return counter

    def remaining(self, service: str, calls: int) -> None:
        self.quota_remaining.labels(service).set(calls)


def status_outcome(status: int) -> str:
    """The outcome of an answered call that `client.py` hands back to the backend."""
    return OK if status < 400 else "http_4xx"
