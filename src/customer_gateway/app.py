"""`create_app(settings)`: the gateway as a Starlette app."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import orjson
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from customer_gateway.backends import CustomerBackend, create_backend
from customer_gateway.endpoint import GraphQLEndpoint
from customer_gateway.errors import GatewayError
from customer_gateway.graphiql import graphiql_routes
from customer_gateway.schema import build_schema
from customer_gateway.settings import Settings


def create_app(
    settings: Settings, *, upstream_transport: httpx.AsyncBaseTransport | None = None
) -> Starlette:
    """The gateway; `upstream_transport` replaces the network (tests pass an ASGITransport)."""

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[dict[str, Any]]:
        # One client for the app's life: its keep-alive pool serves every request.
        async with httpx.AsyncClient(
            transport=upstream_transport,
            timeout=httpx.Timeout(settings.upstream_timeout),
            limits=httpx.Limits(
                max_connections=settings.upstream_max_connections,
                max_keepalive_connections=settings.upstream_max_keepalive,
            ),
        ) as client:
            yield {"backend": create_backend(settings, client)}

    routes = [
        Route("/graphql", GraphQLEndpoint(build_schema(settings), settings)),
        Route("/healthz", healthz, methods=["GET"]),
        Route("/readyz", readyz, methods=["GET"]),
        *graphiql_routes(),
    ]
    return Starlette(routes=routes, lifespan=lifespan)


def _json(content: object, status_code: int = 200) -> Response:
    return Response(orjson.dumps(content), status_code, media_type="application/json")


async def healthz(request: Request) -> Response:
    """The process is up."""
    return _json({"status": "ok"})


async def readyz(request: Request) -> Response:
    """The upstream answers and accepts our credentials."""
    backend: CustomerBackend = request.state.backend
    try:
        await backend.ping()
    except GatewayError as exc:
        return _json({"status": "unavailable", "code": exc.code.value}, 503)
    return _json({"status": "ok", "backend": backend.service})
