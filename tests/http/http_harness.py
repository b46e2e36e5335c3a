"""What the HTTP-level tests share: the set-up they need and real servers on loopback ports.

The GraphiQL assets and the node audit suite are installed by `make test`. Run bare, pytest
skips a test whose set-up is missing, except under CI, where that must fail instead.
(A helper module, not a conftest.py: mypy would see two top-level `conftest` modules.)
"""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import pytest
import uvicorn
from asgi_lifespan import LifespanManager
from starlette.types import ASGIApp

from customer_gateway.http.assets import VENDOR_DIR, missing

REPO = Path(__file__).resolve().parents[2]
NODE_PREFIX = REPO / "build" / "node"
AUDIT_SCRIPT = Path(__file__).resolve().parent / "audit.mjs"


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI runs `make test`, which installs it)")
    pytest.skip(f"{reason}; `make test` installs it")


def require_vendor_dir() -> Path:
    if missing(VENDOR_DIR):
        _unavailable("GraphiQL assets are not fetched (python -m customer_gateway.http.assets)")
    return VENDOR_DIR


def require_node() -> tuple[str, Path]:
    """The node executable and the prefix holding node_modules/graphql-http."""
    node = shutil.which("node")
    if node is None:
        _unavailable("node is not on PATH")
    if not (NODE_PREFIX / "node_modules" / "graphql-http" / "package.json").is_file():
        _unavailable(f"graphql-http is not installed under {NODE_PREFIX}")
    assert node is not None
    return node, NODE_PREFIX


@asynccontextmanager
async def in_process(app: ASGIApp) -> AsyncIterator[httpx.AsyncClient]:
    """A client on `app` over `httpx.ASGITransport`, with the app's lifespan run around it."""
    async with (
        LifespanManager(app) as manager,
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=manager.app), base_url="http://gateway.test"
        ) as client,
    ):
        yield client


@asynccontextmanager
async def serve(app: ASGIApp) -> AsyncIterator[str]:
    """Run `app` with uvicorn on a free 127.0.0.1 port, lifespan included; yield its base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, lifespan="on", log_level="warning", ws="none")
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve(sockets=[sock]))
    try:
        async with asyncio.timeout(10):
            while not server.started:
                if task.done():
                    task.result()  # raises what stopped the server
                    raise RuntimeError("uvicorn stopped before it started")
                await asyncio.sleep(0.01)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await asyncio.wait_for(task, timeout=10)
        sock.close()
