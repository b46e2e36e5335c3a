"""Start the emulator and the gateway as real processes on free loopback ports."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass

import httpx

HOST = "127.0.0.1"
API_KEY = "bench-key"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def _wait_ready(url: str, process: subprocess.Popen[bytes], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args!r} exited with {process.returncode}")
        with contextlib.suppress(httpx.TransportError):
            if httpx.get(url, timeout=1.0).status_code == 200:
                return
        time.sleep(0.05)
    raise RuntimeError(f"{url} not ready after {timeout}s")


@contextlib.contextmanager
def _process(args: list[str], ready_url: str, env: dict[str, str]) -> Iterator[None]:
    process = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL)
    try:
        _wait_ready(ready_url, process)
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@dataclass(frozen=True)
class Upstream:
    url: str

    def configure(self, **knobs: object) -> None:
        httpx.post(f"{self.url}/__emulator/config", json=knobs).raise_for_status()

    def reset(self) -> None:
        httpx.post(f"{self.url}/__emulator/reset").raise_for_status()

    def calls(self) -> int:
        stats = httpx.get(f"{self.url}/__emulator/stats").json()
        return sum(stats["calls"].values())


def _command(*args: str) -> list[str]:
    return [sys.executable, "-m", "customer_gateway.cli", *args]


@contextlib.contextmanager
def emulator(seed: int) -> Iterator[Upstream]:
    port = free_port()
    url = f"http://{HOST}:{port}"
    args = _command("emulator", "--port", str(port), "--seed", str(seed), "--api-key", API_KEY)
    with _process(args, f"{url}/__emulator/stats", dict(os.environ)):
        yield Upstream(url)


@contextlib.contextmanager
def gateway(upstream: Upstream, **settings: str) -> Iterator[str]:
    port = free_port()
    url = f"http://{HOST}:{port}"
    env = {
        **os.environ,
        "CG_OPEN2B_URL": upstream.url,
        "CG_OPEN2B_API_KEY": API_KEY,
        **{f"CG_{name.upper()}": value for name, value in settings.items()},
    }
    with _process(_command("serve", "--port", str(port)), f"{url}/readyz", env):
        yield url
