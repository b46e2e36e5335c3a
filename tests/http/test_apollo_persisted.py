"""Apollo Client's persisted-queries link against the gateway in production mode (uvicorn).

The manifest is written by `customer-gateway manifest`; the client hashes the document itself
(sha256 of graphql-js's print) and sends the hash alone by GET. The test shows both sides agree
on the id, and that a document outside the manifest is refused even when the client, as its
link does, resends it with the query.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import httpx
from http_harness import require_node, serve
from pydantic import SecretStr
from starlette.applications import Starlette

from customer_gateway.app import create_app
from customer_gateway.cli import main
from customer_gateway.emulator.app import EmulatorConfig
from customer_gateway.settings import Settings

SCRIPT = Path(__file__).resolve().parent / "persisted.mjs"
KNOWN = "query Holmes($id: ID!) {\n  customer(id: $id) {\n    id\n    fullName\n  }\n}"
UNKNOWN = "query Count {\n  customersCount\n}"


async def _run(node: str, *args: str) -> dict[str, Any]:
    process = await asyncio.create_subprocess_exec(
        node, str(SCRIPT), *args, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )
    try:
        stdout, stderr = await asyncio.wait_for(process.communicate(), 60)
    except TimeoutError:
        process.kill()
        await process.wait()
        raise
    assert process.returncode == 0, stderr.decode()
    result: dict[str, Any] = json.loads(stdout)
    return result


async def test_apollo_client_runs_a_persisted_query_by_hash(
    tmp_path: Path, emulator_app: Starlette, emulator_config: EmulatorConfig
) -> None:
    node, prefix = require_node("@apollo/client")
    source = tmp_path / "operations.graphql"
    source.write_text(KNOWN)
    manifest = tmp_path / "manifest.json"
    assert main(["manifest", str(source), "-o", str(manifest)]) == 0
    known_id = json.loads(manifest.read_text())["operations"][0]["id"]
    operations = tmp_path / "client-operations.txt"
    operations.write_text(f"{KNOWN}\n---\n{UNKNOWN}")

    settings = Settings(
        env="production",
        persisted_operations=manifest,
        open2b_url="http://open2b.test",
        open2b_api_key=SecretStr(emulator_config.api_key),
    )
    app = create_app(settings, upstream_transport=httpx.ASGITransport(emulator_app))
    async with serve(app) as url:
        output = await _run(node, str(prefix), f"{url}/graphql", str(operations))

    assert output["known"] == {"customer": {"id": "1", "fullName": "Investigations Inc"}}
    # One request: a GET carrying the hash the manifest has, and no document.
    assert output["knownRequests"] == 1
    first = output["sent"][0]
    assert first["method"] == "GET"
    assert known_id in first["url"]
    assert "customer" not in httpx.URL(first["url"]).params.get("query", "")
    # Unknown: the hash (not found), then the link resends hash + query, which is refused.
    unknown = output["sent"][1:]
    assert [request["method"] for request in unknown] == ["GET", "POST"]
    assert "PERSISTED_QUERY_NOT_IN_LIST" in output["unknown"]["codes"]
