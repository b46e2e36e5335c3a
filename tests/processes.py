"""Real processes on loopback for the tests: redis-server, the emulator, gateway replicas.

Each is started on a free port, waited for, and stopped by its own pid.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator

import httpx

HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def _wait(ready: Callable[[], bool], process: subprocess.Popen[bytes], what: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode}")
        with contextlib.suppress(OSError, httpx.TransportError):
            if ready():
                return
        time.sleep(0.05)
    raise RuntimeError(f"{what} not ready after 30s")


@contextlib.contextmanager
def running(
    args: list[str], ready: Callable[[], bool], env: dict[str, str] | None = None
) -> Iterator[subprocess.Popen[bytes]]:
    process = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait(ready, process, args[0])
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _answers_ping(port: int) -> bool:
    with socket.create_connection((HOST, port), timeout=1) as sock:
        sock.sendall(b"PING\r\n")
        return sock.recv(16).startswith(b"+PONG")


@contextlib.contextmanager
def redis_server(port: int | None = None) -> Iterator[str]:
    """A redis-server with no persistence on loopback; yields its URL."""
    executable = shutil.which("redis-server")
    if executable is None:
        raise RuntimeError("redis-server is needed (make test installs Debian's)")
    port = port or free_port()
    args = [executable, "--bind", HOST, "--port", str(port), "--save", "", "--appendonly", "no"]
    with running(args, lambda: _answers_ping(port)):
        yield f"redis://{HOST}:{port}/0"


def _ok(url: str) -> bool:
    return httpx.get(url, timeout=1).status_code == 200


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "customer_gateway.cli", *args]


@contextlib.contextmanager
def emulator(*, seed: int, api_key: str) -> Iterator[str]:
    port = free_port()
    url = f"http://{HOST}:{port}"
    args = _cli("emulator", "--port", str(port), "--seed", str(seed), "--api-key", api_key)
    with running(args, lambda: _ok(f"{url}/__emulator/stats")):
        yield url


@contextlib.contextmanager
def gateway(**settings: str) -> Iterator[str]:
    """`customer-gateway serve` with `CG_<NAME>` from `settings`; ready once /healthz answers
    (not /readyz: that one calls the upstream, and would spend the budget under test)."""
    port = free_port()
    url = f"http://{HOST}:{port}"
    env = {name: value for name, value in os.environ.items() if not name.startswith("CG_")}
    env.update({f"CG_{name.upper()}": value for name, value in settings.items()})
    with running(_cli("serve", "--port", str(port)), lambda: _ok(f"{url}/healthz"), env):
        yield url
