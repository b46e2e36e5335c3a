"""Backends: one `CustomerBackend` per upstream, chosen by `CG_BACKEND`."""

from __future__ import annotations

import httpx

from customer_gateway.backends.base import CustomerBackend
from customer_gateway.backends.ecwid import EcwidApi, EcwidBackend
from customer_gateway.backends.open2b import Open2bApi, Open2bBackend
from customer_gateway.settings import Settings
from customer_gateway.upstream import RetryPolicy, Upstream


def retry_policy(settings: Settings) -> RetryPolicy:
    return RetryPolicy(
        retries=settings.read_retries,
        backoff=settings.retry_backoff,
        max_delay=settings.retry_max_delay,
    )


def create_backend(settings: Settings, client: httpx.AsyncClient) -> CustomerBackend:
    """The configured backend, speaking through the app's shared client."""
    upstream = Upstream(
        client,
        service=settings.backend,
        timeout=settings.upstream_timeout,
        retry=retry_policy(settings),
    )
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


__all__ = ["CustomerBackend", "create_backend"]
