"""The GraphQL requests' Prometheus series and `GET /metrics`.

    customer_gateway_requests_total{operation_type, outcome}
    customer_gateway_request_duration_seconds{operation_type}
    customer_gateway_graphql_errors_total{code}

Operation names are not labels: clients choose them, so their number has no bound.
With several worker processes (`PROMETHEUS_MULTIPROC_DIR` set before start; `serve --workers`
sees to it, telemetry.worker_metrics_dir), each process writes its values to that directory
and `/metrics` adds them up, whichever worker answers.
"""

from __future__ import annotations

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.multiprocess import MultiProcessCollector
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from customer_gateway.model.observation import Observation

# From a cached lookup (milliseconds) to a page that waits on a slow upstream.
DURATION_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


class GatewayMetrics:
    def __init__(self, registry: CollectorRegistry | None) -> None:
        self.requests = Counter(
            "customer_gateway_requests",
            "GraphQL requests by operation type and outcome",
            ["operation_type", "outcome"],
            registry=registry,
        )
        self.duration = Histogram(
            "customer_gateway_request_duration_seconds",
            "Time from a GraphQL request's arrival to its answer",
            ["operation_type"],
            registry=registry,
            buckets=DURATION_BUCKETS,
        )
        self.errors = Counter(
            "customer_gateway_graphql_errors",
            "Entries of GraphQL `errors` answered, by extensions.code",
            ["code"],
            registry=registry,
        )

        # Each series' child, found once: `labels()` validates and hashes its values at every
        # call. The label values come from short fixed lists (operation types, outcomes, codes).
        self._requests: dict[tuple[str, str], Counter] = {}
        self._durations: dict[str, Histogram] = {}
        self._errors: dict[str, Counter] = {}

    def record(self, observation: Observation, status: int, seconds: float) -> None:
        operation_type = observation.operation_type or "unknown"
        key = (operation_type, outcome(observation, status))
        requests = self._requests.get(key)
        if requests is None:
            requests = self._requests[key] = self.requests.labels(*key)
        requests.inc()
        duration = self._durations.get(operation_type)
        if duration is None:
            duration = self._durations[operation_type] = self.duration.labels(operation_type)
        duration.observe(seconds)
        for code in observation.error_codes:
            errors = self._errors.get(code)
            if errors is None:
                errors = self._errors[code] = self.errors.labels(code)
            errors.inc()


def outcome(observation: Observation, status: int) -> str:
    """`ok`; `error` (the answer has GraphQL errors); `rejected` (a 4xx that is not GraphQL:
    bad JSON, a GET mutation, a body too large); `failed` (a 5xx)."""
    if status >= 500:
        return "failed"
    if observation.error_codes:
        return "error"
    return "rejected" if status >= 400 else "ok"


def metrics_route(registry: CollectorRegistry, multiprocess_dir: str | None) -> Route:
    async def metrics(request: Request) -> Response:
        if multiprocess_dir is None:
            exposed = registry
        else:
            # Every worker's files, read fresh at each scrape (prometheus_client's recipe).
            exposed = CollectorRegistry()
            MultiProcessCollector(exposed, path=multiprocess_dir)  # type: ignore[no-untyped-call]
        return Response(generate_latest(exposed), media_type=CONTENT_TYPE_LATEST)

    return Route("/metrics", metrics, methods=["GET"])
