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
from typing import Literal

from opentelemetry.sdk.resources import SERVICE_NAME, Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import (
    BatchSpanProcessor,
    ConsoleSpanExporter,
    SimpleSpanProcessor,
)

Exporter = Literal["none", "console", "otlp"]


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
    return os.environ.get("PROMETHEUS_MULTIPROC_DIR") or None
