"""`create_app(settings)`: the gateway as a Starlette app; the one module that knows every layer."""

from __future__ import annotations

import gc
import hashlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.trace import Tracer
from prometheus_client import CollectorRegistry
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import Route

from customer_gateway.backends.base import CustomerBackend
from customer_gateway.backends.ecwid import EcwidApi, EcwidBackend
from customer_gateway.backends.open2b import Open2bApi, Open2bBackend
from customer_gateway.graphql.access.gate import AccessGate
from customer_gateway.graphql.access.keys import JwksKeys, KeySource, PemKey
from customer_gateway.graphql.access.tokens import JwtVerifier
from customer_gateway.graphql.persisted.apq import LocalApqStore
from customer_gateway.graphql.persisted.registry import create_persisted
from customer_gateway.graphql.schema import build_schema
from customer_gateway.http.access_log import AccessLog
from customer_gateway.http.apq_redis import RedisApqStore
from customer_gateway.http.compression import GZip
from customer_gateway.http.cors import cors_middleware
from customer_gateway.http.endpoint import GraphQLEndpoint
from customer_gateway.http.graphiql import graphiql_routes
from customer_gateway.http.health import Readiness, health_routes
from customer_gateway.http.metrics import GatewayMetrics, metrics_route
from customer_gateway.http.operation_telemetry import OperationTelemetry
from customer_gateway.http.request_context import RequestContext
from customer_gateway.settings import Settings
from customer_gateway.telemetry import multiprocess_dir, tracer_provider
from customer_gateway.upstream.cache import ReadCache
from customer_gateway.upstream.client import Upstream
from customer_gateway.upstream.local_state import LocalState
from customer_gateway.upstream.metrics import UpstreamMetrics
from customer_gateway.upstream.quota import Quota
from customer_gateway.upstream.reads import SharedReads
from customer_gateway.upstream.redis_state import FailoverState, RedisState, connect
from customer_gateway.upstream.retry import RetryPolicy
from customer_gateway.upstream.shared_state import Budget, SharedState
from customer_gateway.upstream.transport import Http11Transport

logger = logging.getLogger("customer_gateway")


def create_app(
    settings: Settings,
    *,
    upstream_transport: httpx.AsyncBaseTransport | None = None,
    traces: TracerProvider | None = None,
    freeze_heap: bool = False,
) -> Starlette:
    """The gateway; `upstream_transport` replaces the network (tests pass an ASGITransport),
    `traces` the span pipeline `CG_OTEL_EXPORTER` would build (tests pass an in-memory one).

    Raises ValueError (a ManifestError, a PEM key it cannot read) for configuration it will
    not start with.
    """
    schema = build_schema(settings)
    apq_store = create_apq_store(settings)
    persisted = create_persisted(schema, settings, apq_store)
    gate = create_gate(settings)
    registry = CollectorRegistry() if settings.metrics else None
    own_traces = traces is None
    provider = tracer_provider(settings.otel_exporter) if traces is None else traces
    tracer = None if provider is None else provider.get_tracer("customer_gateway")
    upstream_metrics = None if registry is None else UpstreamMetrics(registry)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[dict[str, Any]]:
        # One client for the app's life: its keep-alive pool serves every request.
        limits = httpx.Limits(
            max_connections=settings.upstream_max_connections,
            max_keepalive_connections=settings.upstream_max_keepalive,
        )
        async with httpx.AsyncClient(
            transport=upstream_transport or Http11Transport(limits),
            timeout=httpx.Timeout(settings.upstream_timeout),
            limits=limits,
        ) as client:
            state = create_shared_state(settings)
            quota = Quota(
                state,
                service=settings.backend,
                backoff=settings.quota_backoff,
                metrics=upstream_metrics,
            )
            upstream = create_upstream(
                settings, client, upstream_metrics, tracer, quota=quota, state=state
            )
            backend = create_backend(settings, upstream)
            readiness = Readiness(
                backend.service,
                backend.ping,
                lambda: upstream.last_outcome,
                settings.ready_probe_interval,
            )
            if freeze_heap:
                gc.collect()
                gc.freeze()
            try:
                yield {
                    "backend": backend,
                    "readiness": readiness,
                    "throttle": quota.throttle_status,
                    "shared_state": state,
                }
            finally:
                await gate.aclose()
                if apq_store is not None:
                    await apq_store.aclose()
                await state.aclose()
        if own_traces and provider is not None:
            provider.shutdown()  # sends the spans still batched

    endpoint = GraphQLEndpoint(schema, settings, gate=gate, persisted=persisted)
    gateway_metrics = None if registry is None else GatewayMetrics(registry)
    routes = [
        Route("/graphql", OperationTelemetry(endpoint, gateway_metrics, tracer)),
        *health_routes(mode=settings.env),
        *(graphiql_routes() if settings.graphiql_enabled else []),
    ]
    if registry is not None:
        routes.append(metrics_route(registry, multiprocess_dir()))
    # CORS outermost, so every answer (refusals of the other layers too) carries its headers;
    # then RequestContext: the access log and everything below see the request's id.
    middleware = [cors_middleware(settings.cors_origins)] if settings.cors_origins else []
    middleware += [Middleware(RequestContext)]
    if settings.access_log:
        middleware.append(Middleware(AccessLog))
    if settings.gzip:
        # Under 1 KiB an answer fits a packet or two: compressing it would only cost CPU.
        # Level 5 keeps most of level 9's gain on JSON for a fraction of its time.
        middleware.append(Middleware(GZip, minimum_size=1024, compresslevel=5))
    return Starlette(routes=routes, middleware=middleware, lifespan=lifespan)


def app_from_env() -> Starlette:
    """The gateway `CG_*` variables describe, for `uvicorn --factory` and `serve --workers`.

    Once started, the heap is frozen (`gc.freeze()`): the long-lived objects (schema, plans,
    clients) leave the collector's generations, so the collections that requests cause
    only scan the requests' own objects.
    """
    return create_app(Settings(), freeze_heap=True)


def create_apq_store(settings: Settings) -> RedisApqStore | None:
    """APQ documents in Redis, shared by every replica, when `CG_REDIS_URL` is set."""
    url = settings.redis_url.get_secret_value()
    if not (url and settings.apq_enabled):
        return None
    local = LocalApqStore(settings.apq_max_entries)
    return RedisApqStore(connect(url), settings.apq_max_entries, fallback=local)


def create_gate(settings: Settings) -> AccessGate:
    """Static API tokens, and JWTs when a key source is configured."""
    tokens = [token.get_secret_value() for token in settings.api_tokens]
    keys: KeySource | None = None
    if settings.jwt_public_key is not None:
        keys = PemKey(settings.jwt_public_key)
    elif settings.jwt_jwks_url is not None:
        keys = JwksKeys(settings.jwt_jwks_url, min_refresh=settings.jwt_jwks_min_refresh)
    if keys is None:
        if settings.production and not tokens:
            logger.warning(
                "CG_ENV=production with neither CG_API_TOKENS nor a JWT key: "
                "anyone who reaches the gateway may list and change customers"
            )
        return AccessGate(tokens)
    # Settings refuse JWT without issuer and audience.
    assert settings.jwt_issuer is not None and settings.jwt_audience is not None
    verifier = JwtVerifier(keys, issuer=settings.jwt_issuer, audience=settings.jwt_audience)
    return AccessGate(tokens, verifier)


def create_shared_state(settings: Settings) -> SharedState:
    """The budget, 429 block and cache: in Redis when `CG_REDIS_URL` is set, else in-process."""
    calls, window = settings.quota_budget
    budget = Budget(calls, window)
    url = settings.redis_url.get_secret_value()
    if not url:
        return LocalState(budget)
    # Keys name the store and the credential by digest: no secret reaches Redis.
    store = _digest(settings.backend, settings.ecwid_url, settings.ecwid_store_id)
    secret = settings.ecwid_token
    if settings.backend == "open2b":
        store = _digest(settings.backend, settings.open2b_url)
        secret = settings.open2b_api_key
    credential = _digest(store, secret.get_secret_value())
    shared = RedisState(connect(url), budget, store=store, credential=credential)
    share = max(1, calls // settings.quota_replicas) if calls else 0
    return FailoverState(shared, LocalState(Budget(share, window)))


def _digest(*parts: str) -> str:
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:20]


def create_upstream(
    settings: Settings,
    client: httpx.AsyncClient,
    metrics: UpstreamMetrics | None = None,
    tracer: Tracer | None = None,
    *,
    quota: Quota | None = None,
    state: SharedState | None = None,
) -> Upstream:
    """The configured upstream, reached through the app's shared client."""
    cache = None
    if state is not None and settings.cache_ttl > 0:
        cache = ReadCache(state, ttl=settings.cache_ttl)
    reads = None  # neither shared nor cached: no request key to work out per call
    if settings.coalescing or cache is not None:
        reads = SharedReads(
            coalesce=settings.coalescing, cache=cache, metrics=metrics, service=settings.backend
        )
    return Upstream(
        client,
        service=settings.backend,
        timeout=settings.upstream_timeout,
        retry=RetryPolicy(
            retries=settings.read_retries,
            backoff=settings.retry_backoff,
            max_delay=settings.retry_max_delay,
        ),
        metrics=metrics,
        tracer=tracer,
        quota=quota,
        reads=reads,
    )


def create_backend(settings: Settings, upstream: Upstream) -> CustomerBackend:
    """The backend `CG_BACKEND` names."""
    if settings.backend == "ecwid":
        ecwid = EcwidApi(
            upstream,
            base_url=settings.ecwid_url,
            store_id=settings.ecwid_store_id,
            token=settings.ecwid_token.get_secret_value(),
        )
        return EcwidBackend(ecwid, concurrency=settings.ecwid_concurrency)
    api = Open2bApi(
        upstream,
        base_url=settings.open2b_url,
        key_header=settings.open2b_key_header,
        api_key=settings.open2b_api_key.get_secret_value(),
    )
    return Open2bBackend(api, zone=settings.store_zone)
