"""`customer-gateway demo`: the emulator and the gateway pointed at it, in one process.

The emulator serves both upstreams; `backend` says which one the gateway speaks to.

Two uvicorn servers on one event loop; Ctrl+C (or SIGTERM) stops both. With no `--db` the
emulator's SQLite database lives in a temporary directory removed on exit.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import tempfile
from collections.abc import Iterator
from pathlib import Path

import uvicorn
from pydantic import SecretStr

from customer_gateway.app import create_app
from customer_gateway.emulator.app import EmulatorConfig, create_emulator_app
from customer_gateway.emulator.ecwid.api import FULL_TOKEN
from customer_gateway.emulator.open2b.seed import HOLMES_EMAIL, HOLMES_PASSWORD
from customer_gateway.http.server import HttpProtocol
from customer_gateway.settings import Settings


class _Server(uvicorn.Server):
    """A uvicorn server that leaves signals to `run_demo`, which stops both servers."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


async def _start(server: _Server) -> asyncio.Task[None]:
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()  # a failed start (port in use) raises here
            raise SystemExit(1)
        await asyncio.sleep(0.02)
    return task


def _bound_port(server: _Server) -> int:
    port: int = server.servers[0].sockets[0].getsockname()[1]
    return port


def _settings(backend: str, config: EmulatorConfig, emulator_url: str) -> tuple[Settings, str]:
    """The gateway's settings for `backend` on the emulator, and the banner's upstream lines."""
    if backend == "ecwid":
        settings = Settings(
            backend="ecwid",
            ecwid_url=f"{emulator_url}/api/v3",
            ecwid_store_id=config.ecwid_store_id,
            ecwid_token=SecretStr(FULL_TOKEN),
        )
        lines = (
            f"  Emulator:   {emulator_url}/api/v3/{config.ecwid_store_id}/customers"
            f" (Ecwid v3, token {FULL_TOKEN!r})\n"
            "  Backend:    ecwid (me, logIn, updateMe, authenticateCustomer: NOT_SUPPORTED)\n"
        )
        return settings, lines
    settings = Settings(
        backend="open2b",
        open2b_url=emulator_url,
        open2b_api_key=SecretStr(config.api_key),
        open2b_key_header=config.key_header,
    )
    lines = (
        f"  Emulator:   {emulator_url}/api/v10/ (Open2b v10, key {config.api_key!r})\n"
        f"  Demo login: {HOLMES_EMAIL} / {HOLMES_PASSWORD}\n"
    )
    return settings, lines


async def run_demo(
    *,
    host: str,
    port: int,
    emulator_port: int,
    db: str | None,
    seed: int,
    backend: str = "open2b",
) -> None:
    with tempfile.TemporaryDirectory(prefix="customer-gateway-demo-") as tmp:
        config = EmulatorConfig(db_path=db or str(Path(tmp) / "open2b.sqlite3"), seed=seed)
        emulator = _Server(
            uvicorn.Config(
                create_emulator_app(config), host=host, port=emulator_port, log_level="warning"
            )
        )
        emulator_task = await _start(emulator)
        emulator_url = f"http://{host}:{_bound_port(emulator)}"
        settings, upstream_lines = _settings(backend, config, emulator_url)
        gateway = _Server(
            uvicorn.Config(
                create_app(settings),
                host=host,
                port=port,
                log_level="warning",
                access_log=False,  # whole URLs; http/access_log.py logs requests instead
                http=HttpProtocol,
            )
        )
        try:
            gateway_task = await _start(gateway)
        except BaseException:
            emulator.should_exit = True
            await emulator_task
            raise

        def stop() -> None:
            emulator.should_exit = gateway.should_exit = True

        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop)
        gateway_url = f"http://{host}:{_bound_port(gateway)}"
        print(
            "customer-gateway demo\n"
            f"  GraphiQL:   {gateway_url}/graphql\n"
            f"{upstream_lines}"
            "  Try:        GraphiQL's tabs, in order: Lookup (one customer), Page (a filtered\n"
            "              page with totalCount), Rename (a mutation), Storefront (LogIn, then\n"
            "              paste its customerKey in Headers and run Me)\n"
            f"  Metrics:    {gateway_url}/metrics\n"
            "Ctrl+C stops both.",
            flush=True,
        )
        await asyncio.gather(gateway_task, emulator_task)
