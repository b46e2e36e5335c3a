"""`schema.graphql` is the code's schema; the CLI's export-schema and demo do what they say."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from customer_gateway.cli import main
from customer_gateway.emulator.open2b.seed import HOLMES_EMAIL, HOLMES_PASSWORD
from customer_gateway.graphql.schema import build_schema
from gateway.harness import without_cost

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "schema.graphql"


def test_schema_file_matches_the_code() -> None:
    assert SCHEMA_FILE.read_text() == build_schema().as_str() + "\n", (
        "schema.graphql is stale: run `make schema`"
    )


def test_export_schema_prints_schema_graphql(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CG_MAX_DEPTH", "not a number")  # the gateway's settings play no part
    assert main(["export-schema"]) == 0
    assert capsys.readouterr().out == SCHEMA_FILE.read_text()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


@pytest.mark.parametrize("backend", ["open2b", "ecwid"])
def test_demo_serves_the_seeded_emulator_through_the_gateway(backend: str) -> None:
    port = free_port()
    command = [sys.executable, "-m", "customer_gateway.cli", "demo", "--port", str(port)]
    command += ["--emulator-port", "0", "--seed", "20", "--backend", backend]
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as demo:
        try:
            assert demo.stdout is not None
            banner = [demo.stdout.readline() for _ in range(5)]
            assert f"  GraphiQL:   http://127.0.0.1:{port}/graphql\n" in banner
            if backend == "ecwid":
                assert any("/api/v3/1003/customers (Ecwid v3" in line for line in banner)
            else:
                assert any(f"{HOLMES_EMAIL} / {HOLMES_PASSWORD}" in line for line in banner)
            with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
                assert client.get("/readyz").json() == {
                    "status": "ok",
                    "backend": backend,
                    "mode": "development",
                }
                answer = client.post(
                    "/graphql",
                    json={"query": '{ customersCount customer(id: "1") { email } }'},
                ).json()
            assert without_cost(answer)["actualQueryCost"] == 2
            assert answer == {"data": {"customersCount": 20, "customer": {"email": HOLMES_EMAIL}}}
        finally:
            demo.send_signal(signal.SIGINT)
            deadline = time.monotonic() + 10
            while demo.poll() is None and time.monotonic() < deadline:
                time.sleep(0.05)
            if demo.poll() is None:
                demo.kill()
        assert demo.returncode == 0, demo.stderr.read() if demo.stderr else ""
