"""Where the gateway's spans go (`CG_OTEL_EXPORTER`) and where its metrics are kept.

- `none`: no tracer at all, so tracing costs nothing on the request path
- `console`: each span as one JSON line on stdout
- `otlp`: batched to an OpenTelemetry collector over HTTP/protobuf, configured by the standard
  `OTEL_EXPORTER_OTLP_*` variables (endpoint, headers, timeout); `OTEL_SERVICE_NAME` and
  `OTEL_RESOURCE_ATTRIBUTES` describe the service (named `customer-gateway` by default)

Every app gets its own provider and metrics registry, so apps built side by side (tests, or
one per worker) do not mix their spans or counts; the process-wide globals stay untouched.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Literal

from opentelemetry.sdk.resources import SERVICE_NAME, Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import (
    BatchSpanProcessor,
    ConsoleSpanExporter,
    SimpleSpanProcessor,
)

Exporter = Literal["none", "console", "otlp"]
MULTIPROC_VARIABLE = "PROMETHEUS_MULTIPROC_DIR"


def tracer_provider(exporter: Exporter) -> TracerProvider | None:
    if exporter == "none":
        return None
    # Attributes given here win over OTEL_RESOURCE_ATTRIBUTES, so the name is read explicitly.
    name = os.environ.get("OTEL_SERVICE_NAME") or "customer-gateway"
    resource = Resource.create({SERVICE_NAME: name})
    provider = TracerProvider(resource=resource)
    if exporter == "console":
        console = ConsoleSpanExporter(
            out=sys.stdout, formatter=lambda span: span.to_json(indent=None) + "\n"
        )
        provider.add_span_processor(SimpleSpanProcessor(console))
    else:
        # Imported here: the OTLP exporter pulls in protobuf, which `none` never needs.
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    return provider


def multiprocess_dir() -> str | None:
    """prometheus_client's multiprocess directory, when the process was started with one."""
    return os.environ.get(MULTIPROC_VARIABLE) or None


@contextmanager
def worker_metrics_dir(workers: int) -> Iterator[str | None]:
    """The multiprocess directory `serve` runs with, ready before any worker starts.

    Several workers need one, or each scrape would see only the worker that answered it: when
    `PROMETHEUS_MULTIPROC_DIR` is unset a temporary one is made (under TMPDIR, /tmp: the
    in-memory emptyDir of deploy/k8s) and removed at exit. A configured one is emptied first,
    as prometheus_client asks: the files of a previous run would add its counts to this one's.
    Set in the environment before the workers import prometheus_client, which reads it then.
    """
    configured = multiprocess_dir()
    if configured is not None:
        os.makedirs(configured, exist_ok=True)
        for stale in Path(configured).glob("*.db"):
            stale.unlink(missing_ok=True)
        yield configured
    elif workers == 1:
        yield None
    else:
        with tempfile.TemporaryDirectory(prefix="customer-gateway-metrics-") as made:
            os.environ[MULTIPROC_VARIABLE] = made
            try:
                yield made
            finally:
                del os.environ[MULTIPROC_VARIABLE]
