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
from pathlib import Path

import httpx

from bench import procs

HOST = "127.0.0.1"
API_KEY = "bench-key"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def _wait_ready(
    url: str,
    process: subprocess.Popen[bytes],
    timeout: float = 30.0,
    headers: dict[str, str] | None = None,
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args!r} exited with {process.returncode}")
        with contextlib.suppress(httpx.TransportError):
            if httpx.get(url, timeout=1.0, headers=headers).status_code == 200:
                return
        time.sleep(0.05)
    raise RuntimeError(f"{url} not ready after {timeout}s")


@contextlib.contextmanager
def process(
    args: list[str],
    ready_url: str,
    env: dict[str, str],
    *,
    cwd: Path | None = None,
    log: Path | None = None,
    headers: dict[str, str] | None = None,
) -> Iterator[subprocess.Popen[bytes]]:
    """Run `args` until the block ends; ready once `ready_url` answers 200 to a GET.

    `log` takes its stderr (else it goes to ours); stopped by pid, workers included.
    """
    with contextlib.ExitStack() as stack:
        stderr = None if log is None else stack.enter_context(log.open("ab"))
        started = subprocess.Popen(args, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=stderr)
        try:
            try:
                _wait_ready(ready_url, started, headers=headers)
            except RuntimeError as exc:
                tail = "" if log is None else log.read_text(errors="replace")[-2000:]
                raise RuntimeError(f"{exc}\n{tail}") from None
            yield started
        finally:
            procs.stop(started)


@dataclass(frozen=True)
class Upstream:
    url: str
    pid: int | None = None

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
    with process(args, f"{url}/__emulator/stats", dict(os.environ)) as started:
        yield Upstream(url, started.pid)


@dataclass(frozen=True)
class Gateway:
    url: str
    pid: int  # with workers, their supervisor's


@contextlib.contextmanager
def serve(
    settings: dict[str, str], *, workers: int = 1, log: Path | None = None
) -> Iterator[Gateway]:
    """`customer-gateway serve` on a free port, configured by `CG_<NAME>` = value."""
    port = free_port()
    url = f"http://{HOST}:{port}"
    env = {**os.environ, **{f"CG_{name.upper()}": value for name, value in settings.items()}}
    args = _command("serve", "--port", str(port), "--workers", str(workers))
    with process(args, f"{url}/healthz", env, log=log) as started:
        yield Gateway(url, started.pid)


@contextlib.contextmanager
def gateway(upstream: Upstream, **settings: str) -> Iterator[str]:
    with serve({"open2b_url": upstream.url, "open2b_api_key": API_KEY, **settings}) as served:
        yield served.url
