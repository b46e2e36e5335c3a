"""`/healthz` (the process is up) and `/readyz` (the upstream answers and accepts our key)."""

from __future__ import annotations

import orjson
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from customer_gateway.backends.base import CustomerBackend
from customer_gateway.model.errors import GatewayError


def _json(content: object, status_code: int = 200) -> Response:
    return Response(orjson.dumps(content), status_code, media_type="application/json")


async def healthz(request: Request) -> Response:
    return _json({"status": "ok"})


async def readyz(request: Request) -> Response:
    backend: CustomerBackend = request.state.backend
    try:
        await backend.ping()
    except GatewayError as exc:
        return _json({"status": "unavailable", "code": exc.code.value}, 503)
    return _json({"status": "ok", "backend": backend.service})


def health_routes() -> list[Route]:
    return [
        Route("/healthz", healthz, methods=["GET"]),
        Route("/readyz", readyz, methods=["GET"]),
    ]
