"""What the HTTP-level tests share: the set-up they need and real servers on loopback ports.

The GraphiQL assets and the node audit suite are installed by `make test`. Run bare, pytest
skips a test whose set-up is missing, except under CI, where that must fail instead.
(A helper module, not a conftest.py: mypy would see two top-level `conftest` modules.)
"""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import httpx
import pytest
import uvicorn
from asgi_lifespan import LifespanManager
from starlette.types import ASGIApp

from customer_gateway.http.assets import VENDOR_DIR, missing
from processes import free_port

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


def require_node(package: str = "graphql-http") -> tuple[str, Path]:
    """The node executable and the prefix holding node_modules/<package>."""
    node = shutil.which("node")
    if node is None:
        _unavailable("node is not on PATH")
    if not (NODE_PREFIX / "node_modules" / package / "package.json").is_file():
        _unavailable(f"{package} is not installed under {NODE_PREFIX}")
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


@dataclass
class Served:
    url: str
    log_file: IO[str]

    def log(self) -> str:
        """What the process wrote on stderr so far (its log)."""
        self.log_file.seek(0)
        return self.log_file.read()


# The package's own command line, as `customer-gateway` runs it.
GATEWAY_COMMAND = (sys.executable, "-m", "customer_gateway.cli")


@contextmanager
def serve_process(
    *serve_args: str, command: Sequence[str] = GATEWAY_COMMAND, **env: str
) -> Iterator[Served]:
    """`customer-gateway serve SERVE_ARGS` in its own process on a free loopback port, configured
    by `env` (CG_* variables), its stderr (the log) in a temporary file; `command` is another
    `customer-gateway` to run (one installed from the wheel).

    Its own process, so a request that blocks the gateway's event loop cannot block the
    test's: the test's client times out instead.
    """
    port = free_port()
    environment = {**os.environ, "CG_PORT": str(port), **env}
    command = [*command, "serve", *serve_args]
    with (
        tempfile.TemporaryFile("w+") as log_file,
        subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=log_file, text=True, env=environment
        ) as server,
    ):
        try:
            url = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 30  # a loaded machine starts slowly
            while True:
                try:
                    httpx.get(f"{url}/healthz", timeout=1)
                    break
                except httpx.TransportError:
                    assert server.poll() is None, "the gateway stopped before it started"
                    assert time.monotonic() < deadline, "the gateway did not start"
                    time.sleep(0.05)
            yield Served(url, log_file)
        finally:
            server.send_signal(signal.SIGINT)
            try:
                server.wait(timeout=5)
            except subprocess.TimeoutExpired:
                server.kill()  # a process stuck in a request ignores SIGINT
                server.wait()
